"""Closing a settlement period: the producer's figures for a range of Vietnam days are frozen in
settlement_statements (totals in columns, the whole statement as printed in `body`), never
recomputed afterwards.

Rules (issue 15 item 2):
- A period is any range of Vietnam days that has ended (its last day is before today). A
  producer's periods follow each other without gaps: after the first, each starts the day after
  the last closed one ends. With UNIQUE(producer_id, period_start) this makes two concurrent
  closes of the same period a conflict the database settles: one commits, the other fails.
- Closing the same period again does nothing (it answers which producers were already closed).
- There is no reopening. Lines that reach the centre after a close but are dated inside a closed
  period (a late sync, a refund synced late) leave that statement untouched: the next close
  recomputes every closed period of the producer from the lines, compares with what was frozen and
  already carried forward, and puts the difference in its adjustment lines (one per earlier
  period). Commission of a recomputed period is rounded once, as in settlement.py, so carried
  differences add up to exactly what the period would have paid had the lines come in time.
- The days before a producer's first closed period are frozen too, when that period closes: what
  their lines said then is its baseline (settlement_baselines, [BEGINNING, first start - 1]), not
  carried (it was settled before periods were closed here). Lines dated in those days that arrive
  later (a kiosk offline for weeks) are carried like late lines of a closed period, in an
  adjustment line whose for_start is rates.BEGINNING ("before the first period"). A producer whose
  statements predate the baselines gets its baseline at its next close.
- due = payable + adjustment_payable is what the statement adds to what the centre owes.
"""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from pos.money import round_div

from central import models as m
from central.catalog import rates
from central.catalog.rules import N_
from central.clock import utc_now_iso, vn_today
from central.figures import promo_uses
from central.figures import settlement as st
from central.figures.reports import Filters, ReportError, producer_names
from central.figures.set_shares import settled_totals
from central.figures.settlement_stock import stock_section

S, A, B = m.settlement_statements, m.settlement_adjustments, m.settlement_baselines
SUMS = ("gross", "refunds", "net", "vat", "commission", "payable")
ROLES = ("admin", "accountant")  # who may close periods and record payouts


class CloseConflict(ReportError):
    """Another close of the same period committed first (the unique constraint refused ours)."""


def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def _day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def empty_row(prod: dict) -> dict:
    """The settlement row of a producer that sold nothing in the period."""
    return {"producer_id": prod["id"], "code": prod["code"], "name": prod["name"], "kind": prod["kind"],
            "tax_code": prod["tax_code"], "address": prod.get("address", ""), "phone": prod.get("phone", ""),
            "province": prod.get("province", ""), "commission_bp": int(prod["commission_bp"] or 0),
            "commission_rates": [], "products": [], "locations": [], **dict.fromkeys(SUMS, 0)}


def _plan(conn, ids: list[str], start: str, end: str, prods: dict) -> tuple[list[str], list[str]]:
    """(to close, already closed) among `ids`; a period that does not continue the producer's
    last closed one is refused for all (nothing is written)."""
    rows = conn.execute(sa.select(S.c.producer_id, S.c.period_start, S.c.period_end)
                        .where(S.c.producer_id.in_(ids))).all() if ids else []
    last: dict[str, str] = {}
    exact = set()
    for r in rows:
        last[r.producer_id] = max(last.get(r.producer_id, ""), r.period_end)
        if (r.period_start, r.period_end) == (start, end):
            exact.add(r.producer_id)
    todo, bad = [], []
    for pid in ids:
        if pid in exact:
            continue
        if pid in last and _day_after(last[pid]) != start:
            bad.append(f"{prods[pid]['code']} ({_day_after(last[pid])})")
        else:
            todo.append(pid)
    if bad:
        raise ReportError(N_("kỳ quyết toán phải nối tiếp kỳ đã chốt (không mở lại kỳ đã chốt; sửa sai đưa vào kỳ "
                             "sau). Nhà sản xuất và ngày bắt đầu đúng: {list}"), list=", ".join(bad[:20]))
    return todo, sorted(exact)


def close_period(conn, start, end, producer_id: str | None = None, by: str = "", role: str = "admin",
                 today: dt.date | None = None, issuer: str = "") -> dict:
    """Close [start, end] for one producer or every producer (in the caller's transaction).
    Returns {"closed": [{id, producer_id, code, due}], "already": [producer ids]}."""
    if role not in ROLES:
        raise ReportError(N_("chỉ quản trị viên hoặc kế toán được chốt kỳ quyết toán"))
    f = Filters.make(start, end, producer=producer_id)
    today = today or vn_today()
    if f.end >= today.isoformat():
        raise ReportError(N_("kỳ chưa kết thúc: chỉ chốt được kỳ có ngày cuối trước hôm nay ({today})"),
                          today=f"{today:%d/%m/%Y}")
    prods = producer_names(conn)
    if producer_id is not None and producer_id not in prods:
        raise ReportError(N_("không có nhà sản xuất {id}"), id=producer_id)
    ids = [producer_id] if producer_id else sorted(prods)
    todo, already = _plan(conn, ids, f.start, f.end, prods)
    if not todo:
        return {"closed": [], "already": already}
    rows = {r["producer_id"]: r for r in st.settlement(conn, f)}
    stock = stock_section(conn, f.start, f.end, [producer_id] if producer_id else None)
    carried, baselines = carry_forward(conn, todo, f.start, prods)
    closed_at = utc_now_iso()
    out = _write(conn, [(rows.get(pid) or empty_row(prods[pid]), stock.get(pid, []), carried.get(pid, []))
                        for pid in todo], f, closed_at, by, issuer)
    if baselines:
        sid = {o["producer_id"]: o["id"] for o in out}
        conn.execute(sa.insert(B), [{"producer_id": pid, "statement_id": sid[pid], **b} for pid, b in baselines.items()])
    left = st.unassigned(rows.values()) if producer_id is None else {"products": 0, "net": 0}
    conn.execute(sa.insert(m.admin_actions).values(
        at=closed_at, actor=by, action="settlement.close", target=f"{f.start}..{f.end}",
        detail=json.dumps({"producer": producer_id or "*", "closed": len(out), "already": len(already),
                           "unassigned_net": left["net"]})))
    return {"closed": out, "already": already, "unassigned": left}



def _write(conn, items: list[tuple[dict, list, list]], f: Filters, closed_at: str, by: str,
           issuer: str) -> list[dict]:
    """One INSERT of every statement (and one of their adjustments): a close is all or nothing."""
    rows, out = [], []
    for row, stock, adj in items:
        a = {k: sum(x[k] for x in adj) for k in SUMS}
        due = row["payable"] + a["payable"]
        body = {"row": row, "stock": stock, "adjustments": adj, "start": f.start, "end": f.end, "issuer": issuer,
                "closed_at": closed_at, "closed_by": by, "adjustment": a, "due": due}
        rows.append({"producer_id": row["producer_id"], "period_start": f.start, "period_end": f.end,
                     "closed_at": closed_at, "closed_by": by, **{k: row[k] for k in SUMS},
                     "adjustment_net": a["net"], "adjustment_commission": a["commission"],
                     "adjustment_payable": a["payable"], "due": due,
                     "body": json.dumps(body, ensure_ascii=False, sort_keys=True)})
        out.append({"producer_id": row["producer_id"], "code": row["code"], "due": due, "adjustments": adj})
    try:
        ids = conn.execute(sa.insert(S).returning(S.c.id, sort_by_parameter_order=True), rows).scalars().all()
    except sa.exc.IntegrityError:
        raise CloseConflict(N_("kỳ {start} – {end} vừa được chốt cùng lúc ở nơi khác; tải lại trang"),
                            start=f.start, end=f.end) from None
    adj_rows = [{"statement_id": sid, "producer_id": o["producer_id"], "for_start": x["start"], "for_end": x["end"],
                 **{k: x[k] for k in SUMS}} for sid, o in zip(ids, out) for x in o.pop("adjustments")]
    if adj_rows:
        conn.execute(sa.insert(A), adj_rows)
    return [{"id": int(sid), **o} for sid, o in zip(ids, out)]


def carry_forward(conn, producer_ids: list[str], start: str,
                  prods: dict) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """(producer id -> [{start, end, gross ... payable}], producer id -> baseline to freeze).
    For each closed period before `start`, and for the days before the first one (the baseline),
    what the lines say now minus what was frozen and what later statements already carried; a
    producer without a baseline gets one (what its days before its first period say now)."""
    frozen = [(r.producer_id, r.period_start, r.period_end, {k: int(getattr(r, k)) for k in SUMS}) for r in conn.execute(
        sa.select(S.c.producer_id, S.c.period_start, S.c.period_end, *[S.c[k] for k in SUMS])
        .where(S.c.producer_id.in_(producer_ids), S.c.period_end < start))]
    first = {}
    for pid, p_start, _e, _s in frozen:
        first[pid] = min(first.get(pid, p_start), p_start)
    for r in conn.execute(sa.select(B).where(B.c.producer_id.in_(producer_ids))):
        frozen.append((r.producer_id, rates.BEGINNING, r.upto, {k: int(getattr(r, k)) for k in SUMS}))
    need = {pid: _day_before(first.get(pid, start)) for pid in set(producer_ids) - {x[0] for x in frozen
                                                                                     if x[1] == rates.BEGINNING}}
    done = _carried(conn, producer_ids)
    days: dict[str, list[tuple[str, dict]]] = {}
    one = producer_ids[0] if len(producer_ids) == 1 else None
    before = Filters(rates.BEGINNING, _day_before(start), producer=one)
    totals = settled_totals(conn, before, ["producer_id", "business_day"])
    promo = promo_uses.carried(conn, before, by_day=True)  # the promotions, charged as settlement does
    for key in totals.keys() | promo.keys():
        sums = totals.get(key) or dict.fromkeys(("gross", "refunds", "net", "vat"), 0)
        days.setdefault(key[0], []).append((key[1], {**sums, "promo": promo.get(key, st.NO_PROMO)}))
    hist = rates.histories(conn, producer_ids)
    out: dict[str, list[dict]] = {}
    for pid, p_start, p_end, was in sorted(frozen, key=lambda x: (x[0], x[1])):
        h = hist.get(pid) or [(rates.BEGINNING, int(prods[pid]["commission_bp"] or 0))]
        now = recompute(days.get(pid, []), h, p_start, p_end)
        prev = done.get((pid, p_start), dict.fromkeys(SUMS, 0))
        delta = {k: now[k] - was[k] - prev[k] for k in SUMS}
        if any(delta.values()):
            out.setdefault(pid, []).append({"start": p_start, "end": p_end, **delta})
    base = {pid: {"upto": upto, **recompute(days.get(pid, []), hist.get(pid) or [
        (rates.BEGINNING, int(prods[pid]["commission_bp"] or 0))], rates.BEGINNING, upto)}
        for pid, upto in need.items()}
    return out, base


def _carried(conn, producer_ids: list[str]) -> dict[tuple, dict]:
    """(producer id, for_start) -> what statements carried for that earlier period so far."""
    done: dict[tuple, dict] = {}
    for r in conn.execute(sa.select(A.c.producer_id, A.c.for_start, *[sa.func.sum(A.c[k]) for k in SUMS])
                          .where(A.c.producer_id.in_(producer_ids))
                          .group_by(A.c.producer_id, A.c.for_start)):
        done[(r[0], r[1])] = {k: int(r[2 + i] or 0) for i, k in enumerate(SUMS)}
    return done


def recompute(days: list[tuple[str, dict]], history, start: str, end: str) -> dict:
    """A period's totals from per-day sums, commission rounded once and the promotions charged to
    who carries them (settlement._commission's rule: st.basis, st.payable)."""
    segs = rates.segments(history, start, end)
    tot = dict.fromkeys(("gross", "refunds", "net", "vat"), 0)
    promo = dict(st.NO_PROMO)
    exact = 0
    for day, sums in days:
        if start <= day <= end:
            for k in tot:
                tot[k] += sums[k]
            p = sums.get("promo", st.NO_PROMO)
            for k in promo:
                promo[k] += p[k]
            exact += st.basis(sums["net"], p) * next(s for s in segs if s["from"] <= day <= s["to"])["commission_bp"]
    commission = round_div(exact, 10_000)
    return {**tot, "commission": commission, "payable": st.payable(tot["net"], promo, commission)}
