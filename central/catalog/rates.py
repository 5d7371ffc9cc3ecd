"""Commission-rate history: which rate a producer's sales carry on each Vietnam business day
(reading it, and keeping it in step with producer rows however they are written; a new rate is
set by central/catalog/commission.py).

Why a history and not producers.commission_bp alone: that column is the rate kiosks pull (what is
in force today); settlement needs the rate of the day each sale was made, so changing a rate must
not rewrite what was owed for months already settled. A rate takes effect from a Vietnam day
(today or later: never a day already past, see commission.set_rate). Rows are only appended; on one day the
row written last wins, so the table is also the audit of who changed what when.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.clock import utc_now_iso, vn_today

BEGINNING = "0001-01-01"  # "from the beginning of time": the rate before any change was recorded


def histories(conn, producer_ids=None) -> dict[str, list[tuple[str, int]]]:
    """producer id -> [(effective_from, bp)] in force order (one entry per day: the last written)."""
    cr = m.commission_rates
    q = sa.select(cr.c.producer_id, cr.c.effective_from, cr.c.commission_bp).order_by(
        cr.c.producer_id, cr.c.effective_from, cr.c.id)
    if producer_ids is not None:
        ids = list(producer_ids)
        if not ids:
            return {}
        q = q.where(cr.c.producer_id.in_(ids))
    out: dict[str, dict[str, int]] = {}
    for r in conn.execute(q):
        out.setdefault(r.producer_id, {})[r.effective_from] = int(r.commission_bp)  # later id wins
    return {pid: sorted(days.items()) for pid, days in out.items()}


def rate_on(history: list[tuple[str, int]], day: str) -> int | None:
    rate = None
    for start, bp in history:
        if start > day:
            break
        rate = bp
    return rate


def segments(history: list[tuple[str, int]], start: str, end: str) -> list[dict]:
    """The rates in force over [start, end]: [{from, to, commission_bp}], consecutive days with the
    same rate merged. Days before the first recorded rate carry that first rate."""
    head = rate_on(history, start)
    if head is None:
        head = history[0][1] if history else 0
    out = [{"from": start, "to": end, "commission_bp": head}]
    for d, bp in history:
        if start < d <= end and bp != out[-1]["commission_bp"]:
            out[-1]["to"] = (dt.date.fromisoformat(d) - dt.timedelta(days=1)).isoformat()
            out.append({"from": d, "to": end, "commission_bp": bp})
    return out


def list_rates(conn, producer_id: str) -> list[dict]:
    cr = m.commission_rates
    return [dict(r._mapping) for r in conn.execute(
        sa.select(cr).where(cr.c.producer_id == producer_id).order_by(cr.c.effective_from.desc(), cr.c.id.desc()))]


def ensure_history(conn, producer_ids) -> None:
    """Producers that exist but have no history (put in by SQL after migration 0004) get their
    current rate from the beginning, before anything changes it: otherwise a new rate would
    also become the rate of their past."""
    ids = [i for i in producer_ids if i]
    if not ids:
        return
    have = set(histories(conn, ids))
    missing = [i for i in ids if i not in have]
    if not missing:
        return
    now = utc_now_iso()
    rows = [{"producer_id": r.id, "commission_bp": int(r.commission_bp), "effective_from": BEGINNING,
             "note": "rate before history was kept", "created_by": "", "created_at": now}
            for r in conn.execute(sa.select(m.producers.c.id, m.producers.c.commission_bp)
                                  .where(m.producers.c.id.in_(missing)))
            if type(r.commission_bp) is int]
    if rows:
        conn.execute(sa.insert(m.commission_rates), rows)


def record_written(conn, rows: list[dict], by: str = "", today: dt.date | None = None) -> None:
    """Keep the history in step with producer rows written any way (office form, import, the raw
    admin API): a producer without history gets its rate from the beginning of time; a rate that
    differs from the one in force today is recorded from today."""
    day = (today or vn_today()).isoformat()
    rows = [r for r in rows if r.get("id") and type(r.get("commission_bp")) is int]
    if not rows:
        return
    hist = histories(conn, {r["id"] for r in rows})
    now = utc_now_iso()
    new = []
    for r in rows:
        h = hist.get(r["id"])
        if not h:
            new.append({"producer_id": r["id"], "commission_bp": r["commission_bp"], "effective_from": BEGINNING,
                        "note": "", "created_by": by, "created_at": now})
        elif rate_on(h, day) != r["commission_bp"]:
            new.append({"producer_id": r["id"], "commission_bp": r["commission_bp"], "effective_from": day,
                        "note": "", "created_by": by, "created_at": now})
    if new:
        conn.execute(sa.insert(m.commission_rates), new)
