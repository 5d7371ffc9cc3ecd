"""Voucher figures for the office (/office/vouchers/report, CSV): uses per location and day, the
outstanding liability, and the vouchers used more often than they allow ("Voucher dùng trùng").

Liability, per kind, in đồng for amount vouchers (a percentage voucher's worth depends on the
sale, so it is counted in uses and in what it has paid so far): issued = face value x uses,
redeemed = what the uses paid, expired = the unspent uses of vouchers past their last day (or
withdrawn), outstanding = the unspent uses of live vouchers x face value. A use counts when it
is reserved or redeemed and not restored by a refund."""
from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa

from central import models as m
from central.clock import vn_today
from central.figures.cells import SafeWriter

v_, r_ = m.vouchers, m.voucher_redemptions
_LIVE = sa.and_(r_.c.status.in_(("reserved", "redeemed")), r_.c.restored_by == "")

USES_HEADER = ("business_day", "location_code", "device_code", "uses", "amount", "double_uses")


def uses_by_location_day(conn, start: str, end: str) -> list[dict]:
    """Redeemed uses (not restored) per Vietnam day, location and kiosk, with what they paid."""
    q = (sa.select(r_.c.business_day, r_.c.location_code, r_.c.device_code, sa.func.count().label("uses"),
                   sa.func.coalesce(sa.func.sum(r_.c.amount), 0).label("amount"),
                   sa.func.coalesce(sa.func.sum(r_.c.double_use), 0).label("double_uses"))
         .where(r_.c.status == "redeemed", r_.c.restored_by == "", r_.c.business_day >= start,
                r_.c.business_day <= end)
         .group_by(r_.c.business_day, r_.c.location_code, r_.c.device_code)
         .order_by(r_.c.business_day, r_.c.location_code, r_.c.device_code))
    return [{k: (int(v) if k in ("uses", "amount", "double_uses") else v) for k, v in r._mapping.items()}
            for r in conn.execute(q)]


def _spent_per_voucher():
    return (sa.select(r_.c.voucher_id, sa.func.count().label("spent"),
                      sa.func.coalesce(sa.func.sum(r_.c.amount), 0).label("paid"))
            .where(_LIVE).group_by(r_.c.voucher_id).subquery())


def liability(conn, today: dt.date | None = None) -> list[dict]:
    """One row per kind of voucher: vouchers, uses issued, spent, expired and outstanding, and the
    money (see the module's note)."""
    day = (today or vn_today()).isoformat()
    sp = _spent_per_voucher()
    rows = conn.execute(sa.select(v_.c.kind, v_.c.value, v_.c.uses, v_.c.status, v_.c.expires_on,
                                  sa.func.coalesce(sp.c.spent, 0).label("spent"),
                                  sa.func.coalesce(sp.c.paid, 0).label("paid"))
                        .select_from(v_.outerjoin(sp, sp.c.voucher_id == v_.c.id)))
    out = {k: {"kind": k, "vouchers": 0, "uses_issued": 0, "uses_spent": 0, "uses_expired": 0, "uses_outstanding": 0,
               "issued": 0, "redeemed": 0, "expired": 0, "outstanding": 0} for k in ("amount", "percent")}
    for r in rows:
        o = out[r.kind]
        left = max(0, r.uses - int(r.spent))
        dead = r.status != "active" or r.expires_on < day
        face = r.value if r.kind == "amount" else 0
        o["vouchers"] += 1
        o["uses_issued"] += r.uses
        o["uses_spent"] += int(r.spent)
        o["issued"] += face * r.uses
        o["redeemed"] += int(r.paid)
        key = "expired" if dead else "outstanding"
        o["uses_" + key] += left
        o[key] += face * left
    return list(out.values())


LIABILITY_HEADER = ("kind", "vouchers", "uses_issued", "uses_spent", "uses_expired", "uses_outstanding", "issued",
                    "redeemed", "expired", "outstanding")


def double_uses(conn) -> list[dict]:
    """Vouchers with more uses recorded (not restored) than they allow, each with its uses: where,
    when, on which receipt, and which were recorded after the uses were spent."""
    sp = _spent_per_voucher()
    found = conn.execute(sa.select(v_.c.id, v_.c.code, v_.c.name, v_.c.batch_no, v_.c.kind, v_.c.value, v_.c.uses,
                                   sp.c.spent).join(sp, sp.c.voucher_id == v_.c.id)
                         .where(sp.c.spent > v_.c.uses).order_by(v_.c.code)).all()
    out = []
    for v in found:
        uses = conn.execute(sa.select(r_.c.id, r_.c.device_code, r_.c.location_code, r_.c.business_day, r_.c.at,
                                      r_.c.amount, r_.c.online, r_.c.double_use, r_.c.sale_id,
                                      m.sales.c.receipt_no)
                            .select_from(r_.outerjoin(m.sales, m.sales.c.id == r_.c.sale_id))
                            .where(r_.c.voucher_id == v.id, _LIVE).order_by(r_.c.at, r_.c.id)).all()
        out.append({**dict(v._mapping), "spent": int(v.spent), "redemptions": [dict(u._mapping) for u in uses]})
    return out


def double_use_counts(conn) -> dict[str, int]:
    """device -> uses it recorded after the voucher's uses were spent (sync health)."""
    return {d: int(n) for d, n in conn.execute(
        sa.select(r_.c.device_code, sa.func.count()).where(r_.c.double_use == 1, _LIVE).group_by(r_.c.device_code))}


def csv_text(header: tuple, rows: list[dict]) -> str:
    buf = io.StringIO()
    w = SafeWriter(buf)
    w.writerow(header)
    w.writerows([[r[k] for k in header] for r in rows])
    return buf.getvalue()
