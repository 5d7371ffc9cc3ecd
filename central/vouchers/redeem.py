"""Vouchers towards the kiosks: what a kiosk's pull carries (the vouchers changed since its
cursor), the online reservation of one use, and the statements a sale event's voucher uses become
at ingest.

The online reservation never gives a spent use: under the voucher row's lock it counts every use
not restored (reserved or redeemed, at any kiosk) and every other kiosk's allotment not yet spent
(it may be spending it offline right now), and refuses when nothing is left. The asking kiosk's
own allotment is available to it (the kiosk counts an online use against its allotment too). The same
redemption id asked again gets the same answer (a kiosk that lost the reply asks again).

An offline use arrives with its sale event. It is recorded whatever the count says (the money was
taken at the counter), and when the voucher's uses were already spent it is marked `double_use`
and flagged on the event (kind `voucher_reuse`): the office sees it on "Voucher dùng trùng" and
in sync health."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from pos import voucher_codes

from central import models as m
from central.clock import utc_now_iso, vn_today

LIVE = ("reserved", "redeemed")
FLAG_KIND = "voucher_reuse"
TERMS = ("id", "code", "kind", "value", "cap", "uses", "expires_on", "name")


class Refused(Exception):
    """The centre will not reserve this use: `status` is the HTTP answer, `reason` a short code."""

    def __init__(self, status: int, reason: str, detail: str):
        super().__init__(detail)
        self.status, self.reason = status, reason


def _at_location(location_code: str):
    v = m.vouchers
    return sa.or_(v.c.locations == "", v.c.locations.contains(f",{location_code},"))


def changes_for(conn, rows: list[dict], device_code: str, location_code: str, today: dt.date | None = None,
                first: bool = False) -> list[dict]:
    """The pull's `voucher_changes`: the vouchers among `rows` (changed after the kiosk's cursor, up
    to the page's revision: central/catalog/pull.py) whole, with the uses allotted to this kiosk,
    where valid at its location today; elsewhere `{"id", "code", "status": "ended"}`, so the kiosk
    stops offering it. A first pull (cursor 0) leaves those out: there is nothing to forget."""
    if not rows:
        return []
    a = m.voucher_allotments
    ids = [r["id"] for r in rows]
    allotted: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        allotted.update(conn.execute(sa.select(a.c.voucher_id, a.c.uses).where(
            a.c.device_code == device_code, a.c.voucher_id.in_(ids[i:i + 500]))).all())
    day = (today or vn_today()).isoformat()
    out = []
    for r in sorted(rows, key=lambda r: (r["rev"], r["code"])):
        here = not r["locations"] or f",{location_code}," in r["locations"]
        if r["status"] == "active" and r["expires_on"] >= day and here:
            out.append({**{k: r[k] for k in TERMS}, "allotted": int(allotted.get(r["id"], 0))})
        elif not first:
            out.append({"id": r["id"], "code": r["code"], "status": "ended"})
    return out


def committed(conn, voucher_id: str, asking: str = "") -> int:
    """Uses the voucher can no longer give online: per kiosk the larger of what it spent (or has
    reserved) and what it was allotted (it may spend that offline any time); for the kiosk
    `asking` only what it spent (it is online, asking: its own allotment is what it asks from)."""
    r, a = m.voucher_redemptions, m.voucher_allotments
    used = dict(conn.execute(sa.select(r.c.device_code, sa.func.count()).where(
        r.c.voucher_id == voucher_id, r.c.status.in_(LIVE), r.c.restored_by == "").group_by(r.c.device_code)).all())
    allotted = dict(conn.execute(sa.select(a.c.device_code, a.c.uses).where(a.c.voucher_id == voucher_id)).all())
    return sum(used.get(d, 0) if d == asking else max(used.get(d, 0), allotted.get(d, 0))
               for d in set(used) | set(allotted))


def _reply(v, rid: str, status: str) -> dict:
    return {"redemption_id": rid, "status": status, **{k: v._mapping[k] for k in TERMS}}


def reserve(conn, device_code: str, location_code: str, code: str, rid: str, today: dt.date | None = None) -> dict:
    """Reserve one use for the kiosk (inside the caller's transaction) or raise Refused."""
    canon = voucher_codes.canonical(code)
    if not canon:
        raise Refused(422, "malformed", "not a voucher code (its check character is wrong)")
    r = m.voucher_redemptions
    old = conn.execute(sa.select(r).where(r.c.id == rid)).first()
    v = conn.execute(sa.select(m.vouchers).where(m.vouchers.c.code == canon).with_for_update()).first()
    if v is None:
        raise Refused(404, "unknown", "no such voucher")
    if old is not None:  # asked again: the same answer, or a refusal if the id is another use's
        if old.device_code != device_code or old.voucher_id != v.id or old.status == "released":
            raise Refused(409, "redemption_id", "this redemption id is already used")
        return _reply(v, rid, old.status)
    day = (today or vn_today()).isoformat()
    if v.status != "active":
        raise Refused(409, "voided", "the voucher was withdrawn")
    if v.expires_on < day:
        raise Refused(409, "expired", f"the voucher expired on {v.expires_on}")
    if v.locations and f",{location_code}," not in v.locations:
        raise Refused(409, "location", "the voucher is not valid at this location")
    if committed(conn, v.id, device_code) >= v.uses:
        raise Refused(409, "spent", "the voucher's uses are spent or allotted to other kiosks")
    now = utc_now_iso()
    conn.execute(sa.insert(r).values(
        id=rid, voucher_code=canon, voucher_id=v.id, device_code=device_code, location_code=location_code,
        status="reserved", online=1, reserved_at=now, recorded_at=now, business_day=day))
    return _reply(v, rid, "reserved")


def release(conn, device_code: str, rid: str) -> bool:
    """The kiosk took the voucher off before paying: its reservation is given back."""
    r = m.voucher_redemptions
    done = conn.execute(sa.update(r).where(r.c.id == rid, r.c.device_code == device_code, r.c.status == "reserved")
                        .values(status="released", recorded_at=utc_now_iso()))
    return done.rowcount == 1
