"""Commission-rate history: which rate a producer's sales carry on each Vietnam business day.

Why a history and not producers.commission_bp alone: that column is the rate kiosks pull (what is
in force today); settlement needs the rate of the day each sale was made, so changing a rate must
not rewrite what was owed for months already settled. A rate takes effect from a Vietnam day
(today or later: never a day already past, see set_rate). Rows are only appended; on one day the
row written last wins, so the table is also the audit of who changed what when.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.events.ingest import utc_now_iso
from central.figures.reports import vn_today

BEGINNING = "0001-01-01"  # "from the beginning of time": the rate before any change was recorded

metadata = sa.MetaData()
commission_rates = sa.Table(
    "commission_rates", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("producer_id", sa.String(36), nullable=False),
    sa.Column("commission_bp", sa.Integer, nullable=False),
    sa.Column("effective_from", sa.String(10), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.Text, nullable=False, server_default=""),
)


class RateError(ValueError):
    """A rate change refused; the message is Vietnamese, `field` names the bad input."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def histories(conn, producer_ids=None) -> dict[str, list[tuple[str, int]]]:
    """producer id -> [(effective_from, bp)] in force order (one entry per day: the last written)."""
    cr = commission_rates
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
    cr = commission_rates
    return [dict(r._mapping) for r in conn.execute(
        sa.select(cr).where(cr.c.producer_id == producer_id).order_by(cr.c.effective_from.desc(), cr.c.id.desc()))]


def _parse_day(value, today: dt.date) -> str:
    """The catalog's day parser (ISO or dd/mm/yyyy); empty means today."""
    from central.catalog.edit import CatalogError, _day

    try:
        return _day(value, "effective_from", "ngày áp dụng") or today.isoformat()
    except CatalogError:
        raise RateError(f"ngày áp dụng không hợp lệ: {str(value).strip()!r} (dạng dd/mm/yyyy, ví dụ 01/12/2026)",
                        "effective_from") from None


def set_rate(conn, producer_id: str, commission_bp, effective_from=None, by: str = "", note: str = "",
             today: dt.date | None = None) -> dict:
    """Record a new rate from a Vietnam day (default today). A day already past is refused: the
    settlements of those days may have been signed and paid, and must not change under the
    accountant's feet; a correction of a past period is an adjustment in the next settlement.
    A rate from today is put on the producer at once (kiosks pull it); a later one is put there
    by the scheduled loop when its day begins (apply_due_rates)."""
    from central.catalog.edit import _int, CatalogError

    today = today or vn_today()
    producer = conn.execute(sa.select(m.producers).where(m.producers.c.id == producer_id)).first()
    if producer is None:
        raise RateError(f"không có nhà sản xuất {producer_id}", "producer_id")
    try:
        bp = _int(commission_bp, "commission_bp", "hoa hồng (phần vạn)", 0, 10_000)
    except CatalogError as exc:
        raise RateError(str(exc), "commission_bp") from None
    day = _parse_day(effective_from, today)
    if day < today.isoformat():
        raise RateError(f"ngày áp dụng {dt.date.fromisoformat(day):%d/%m/%Y} đã qua: mức hoa hồng mới chỉ áp dụng "
                        f"từ hôm nay ({today:%d/%m/%Y}) trở đi, để các kỳ quyết toán đã lập không bị thay đổi",
                        "effective_from")
    ensure_history(conn, [producer_id])
    conn.execute(sa.insert(commission_rates).values(producer_id=producer_id, commission_bp=bp, effective_from=day,
                                                    note=str(note or "")[:500], created_by=by,
                                                    created_at=utc_now_iso()))
    rev = apply_due_rates(conn, today, [producer_id]) if day == today.isoformat() else 0
    return {"producer_id": producer_id, "commission_bp": bp, "effective_from": day, "applied": bool(rev)}


def apply_due_rates(conn, today: dt.date | None = None, producer_ids=None) -> int:
    """Put today's rate on producers whose pulled commission_bp differs from it (a rate whose day
    has begun); returns the catalog revision taken, 0 when nothing changed."""
    from central.catalog import pull as catalog

    today = today or vn_today()
    day = today.isoformat()
    hist = histories(conn, producer_ids)
    q = sa.select(m.producers).where(m.producers.c.id.in_(list(hist)))
    changed = []
    for r in conn.execute(q):
        bp = rate_on(hist[r.id], day)
        if bp is not None and bp != r.commission_bp:
            changed.append({k: v for k, v in dict(r._mapping).items() if k not in ("rev", "updated_at")}
                           | {"commission_bp": bp})
    return catalog.upsert_producers(conn, changed, today=today) if changed else 0


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
        conn.execute(sa.insert(commission_rates), rows)


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
        conn.execute(sa.insert(commission_rates), new)
