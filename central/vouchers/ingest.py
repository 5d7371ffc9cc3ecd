"""The statements a kiosk event's voucher uses become (central/events/ingest.py runs them in the
event's transaction, in event order): each use upserted by its redemption id (an online
reservation becomes redeemed), the voucher row locked first so two kiosks' pushes count one
after the other, the use marked `double_use` when the voucher's uses were spent before it, and
then the event flagged (`voucher_reuse`); restored uses (refunds, voids) are marked restored."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m
from central.clock import utc_now_iso
from central.vouchers.redeem import FLAG_KIND, LIVE

_r, _v = m.voucher_redemptions, m.vouchers

_FLAG = sa.text(
    "INSERT INTO event_flags (event_id, device_code, location_code, seq, business_day, kind, record_id, detail, "
    "flagged_at) SELECT e.event_id, e.device_code, :location_code, e.seq, e.business_day, :kind, :code, :detail, :now "
    "FROM events e WHERE e.event_id = :event_id AND EXISTS (SELECT 1 FROM voucher_redemptions r "
    "WHERE r.id = :rid AND r.double_use = 1) ON CONFLICT DO NOTHING")


def _upsert(upsert, row, where, now: str):
    voucher_id = sa.func.coalesce(sa.select(_v.c.id).where(_v.c.code == row.voucher_code).scalar_subquery(), "")
    values = {"id": row.id, "voucher_code": row.voucher_code, "sale_id": row.sale_id, "payment_id": row.payment_id,
              "amount": row.amount, "online": row.online, "at": row.at, "business_day": row.business_day,
              "voucher_id": voucher_id, "device_code": where.device_code, "location_code": where.location_code,
              "status": "redeemed", "recorded_at": now}
    return upsert(_r, ("id",), values)


def statements(upsert, redemptions, restores, where, event_id: str) -> tuple:
    """The statements for one event's voucher rows (empty when it has none); `upsert` is the
    ingest's Upsert statement kind (passed in: this module is imported by the ingest)."""
    if not redemptions and not restores:
        return ()
    now = utc_now_iso()
    out = []
    for row in redemptions:
        out.append(sa.select(_v.c.id).where(_v.c.code == row.voucher_code).with_for_update())
        before = (sa.select(sa.func.count()).select_from(_r).where(
            _r.c.voucher_code == row.voucher_code, _r.c.status.in_(LIVE), _r.c.restored_by == "",
            _r.c.id != row.id).scalar_subquery())
        uses = sa.select(_v.c.uses).where(_v.c.code == row.voucher_code).scalar_subquery()
        out.append(_upsert(upsert, row, where, now))
        out.append(sa.update(_r).where(_r.c.id == row.id, before >= sa.func.coalesce(uses, 0)).values(double_use=1))
        out.append(_FLAG.bindparams(location_code=where.location_code, kind=FLAG_KIND, code=row.voucher_code,
                                    detail=f"voucher {row.voucher_code} used again after its uses were spent",
                                    now=now, event_id=event_id, rid=row.id))
    for row in restores:
        out.append(sa.update(_r).where(_r.c.id == row.id, _r.c.restored_by == "")
                   .values(restored_by=row.restored_by or event_id, restored_at=now))
    return tuple(out)
