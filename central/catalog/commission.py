"""Changing a producer's commission rate from a Vietnam day, and putting each rate on the producer
(the rate kiosks pull) when its day begins. The history itself is central/catalog/rates.py."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.catalog import pull as catalog
from central.catalog import rates
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso, vn_today


def _parse_day(value, today: dt.date) -> str:
    """The catalog's day parser (ISO or dd/mm/yyyy); empty means today."""
    try:
        return iso_day(value, "effective_from", N_("ngày áp dụng")) or today.isoformat()
    except CatalogError:
        raise CatalogError(N_("ngày áp dụng không hợp lệ: {text} (dạng dd/mm/yyyy, ví dụ 01/12/2026)"),
                           "effective_from", text=repr(str(value).strip())) from None


def set_rate(conn, producer_id: str, commission_bp, effective_from=None, by: str = "", note: str = "",
             today: dt.date | None = None) -> dict:
    """Record a new rate from a Vietnam day (default today). A day already past is refused: the
    settlements of those days may have been signed and paid, and must not change under the
    accountant's feet; a correction of a past period is an adjustment in the next settlement.
    A rate from today is put on the producer at once (kiosks pull it); a later one is put there
    by the scheduled loop when its day begins (apply_due_rates)."""
    today = today or vn_today()
    producer = conn.execute(sa.select(m.producers).where(m.producers.c.id == producer_id)).first()
    if producer is None:
        raise CatalogError(N_("không có nhà sản xuất {id}"), "producer_id", id=producer_id)
    bp = whole(commission_bp, "commission_bp", N_("hoa hồng (phần vạn)"), 0, 10_000)
    day = _parse_day(effective_from, today)
    if day < today.isoformat():
        raise CatalogError(N_("ngày áp dụng {day} đã qua: mức hoa hồng mới chỉ áp dụng từ hôm nay ({today}) trở "
                              "đi, để các kỳ quyết toán đã lập không bị thay đổi"), "effective_from",
                           day=f"{dt.date.fromisoformat(day):%d/%m/%Y}", today=f"{today:%d/%m/%Y}")
    rates.ensure_history(conn, [producer_id])
    conn.execute(sa.insert(m.commission_rates).values(producer_id=producer_id, commission_bp=bp,
                                                      effective_from=day, note=str(note or "")[:500], created_by=by,
                                                      created_at=utc_now_iso()))
    rev = apply_due_rates(conn, today, [producer_id]) if day == today.isoformat() else 0
    return {"producer_id": producer_id, "commission_bp": bp, "effective_from": day, "applied": bool(rev)}


def apply_due_rates(conn, today: dt.date | None = None, producer_ids=None) -> int:
    """Put today's rate on producers whose pulled commission_bp differs from it (a rate whose day
    has begun); returns the catalog revision taken, 0 when nothing changed."""
    today = today or vn_today()
    day = today.isoformat()
    hist = rates.histories(conn, producer_ids)
    q = sa.select(m.producers).where(m.producers.c.id.in_(list(hist)))
    changed = []
    for r in conn.execute(q):
        bp = rates.rate_on(hist[r.id], day)
        if bp is not None and bp != r.commission_bp:
            changed.append({k: v for k, v in dict(r._mapping).items() if k not in ("rev", "updated_at")}
                           | {"commission_bp": bp})
    return catalog.upsert_producers(conn, changed, today=today) if changed else 0
