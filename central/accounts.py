"""Administrative operations on the central database, shared by the HTTP admin routes and the
`main.py server ...` commands."""
from __future__ import annotations

import re

import sqlalchemy as sa

from pos.settings import DEVICE_CODE

from central import models as m
from central import security
from central.clock import utc_iso_in, utc_now_iso

_LOC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
DEVICE_KINDS = ("kiosk", "fair", "tablet")
LOCATION_KINDS = ("tourist_site", "supermarket", "hanoi_booth", "fair")


class AdminError(ValueError):
    pass


def ensure_location(conn, code: str, name: str = "", kind: str = "tourist_site") -> None:
    if not _LOC.match(code):
        raise AdminError("location code: 1-32 letters, digits, _ or -")
    if kind not in LOCATION_KINDS:
        raise AdminError(f"location kind must be one of {LOCATION_KINDS}")
    exists = conn.execute(sa.select(m.locations.c.code).where(m.locations.c.code == code)).first()
    if exists:
        if name:
            conn.execute(sa.update(m.locations).where(m.locations.c.code == code).values(name=name, kind=kind))
        return
    conn.execute(sa.insert(m.locations).values(code=code, name=name or code, kind=kind, created_at=utc_now_iso()))


def create_device(conn, code: str, location_code: str, kind: str = "kiosk", name: str = "",
                  location_name: str = "", location_kind: str = "tourist_site", code_hours: int = 72) -> str:
    """Register a kiosk (or issue it a new enrollment code) and return the one-time code."""
    if not DEVICE_CODE.match(code):
        raise AdminError("device code: 2-12 capital letters or digits, e.g. HN01")
    if kind not in DEVICE_KINDS:
        raise AdminError(f"device kind must be one of {DEVICE_KINDS}")
    ensure_location(conn, location_code, location_name, location_kind)
    enroll = security.new_enrollment_code()
    expires = utc_iso_in(code_hours, timespec="seconds")
    values = {"location_code": location_code, "kind": kind, "name": name or code,
              "enroll_hash": security.enrollment_hash(code, enroll), "enroll_expires_at": expires}
    existing = conn.execute(sa.select(m.devices.c.code).where(m.devices.c.code == code)).first()
    if existing:
        conn.execute(sa.update(m.devices).where(m.devices.c.code == code).values(**values))
    else:
        conn.execute(sa.insert(m.devices).values(code=code, created_at=utc_now_iso(), **values))
    return enroll


def revoke_device(conn, code: str) -> bool:
    res = conn.execute(sa.update(m.devices).where(m.devices.c.code == code)
                       .values(revoked_at=utc_now_iso(), token_hash=None, enroll_hash=None))
    return res.rowcount == 1


# accountant: reads every page like a viewer, and closes settlement periods and records payouts
STAFF_ROLES = ("admin", "manager", "accountant", "viewer")
# producer: a producer's own login to the portal (/portal), bound to that one producer; it never
# reaches an office page or the office API (central/office/auth.py, central/api/deps.py refuse it)
PRODUCER = "producer"
ROLES = STAFF_ROLES + (PRODUCER,)


def create_user(conn, username: str, password: str, role: str = "viewer", full_name: str = "",
                producer_id: str | None = None) -> int:
    """A user of the office, or with role `producer` and `producer_id` a producer's portal login
    (the producer must exist; a staff role takes no producer)."""
    if role not in ROLES:
        raise AdminError("role must be admin, manager, accountant, viewer or producer")
    if not re.match(r"^[A-Za-z0-9_.@-]{3,64}$", username):
        raise AdminError("username: 3-64 letters, digits or _ . @ -")
    if len(password) < 8:
        raise AdminError("password: at least 8 characters")
    if (role == PRODUCER) != bool(producer_id):
        raise AdminError("a producer login needs its producer; an office role takes none")
    if producer_id and conn.execute(sa.select(m.producers.c.id).where(m.producers.c.id == producer_id)).first() is None:
        raise AdminError("unknown producer")
    res = conn.execute(sa.insert(m.users).values(
        username=username, full_name=full_name, password_hash=security.hash_password(password), role=role,
        active=1, created_at=utc_now_iso(), producer_id=producer_id or None).returning(m.users.c.id))
    return res.scalar_one()


def producer_logins(conn) -> list[dict]:
    """Every producer login with its producer's code and name (the office's list)."""
    u, p = m.users, m.producers
    q = (sa.select(u.c.id, u.c.username, u.c.full_name, u.c.active, u.c.created_at, u.c.producer_id,
                   p.c.code, p.c.name).select_from(u.join(p, p.c.id == u.c.producer_id))
         .where(u.c.role == PRODUCER).order_by(p.c.code, u.c.username))
    return [dict(r._mapping) for r in conn.execute(q)]


def set_active(conn, user_id: int, active: bool, role: str | None = None) -> bool:
    """Turn a login off or on (optionally only when it has `role`); its sessions stop working at once."""
    q = sa.update(m.users).where(m.users.c.id == int(user_id)).values(active=1 if active else 0)
    if role is not None:
        q = q.where(m.users.c.role == role)
    return conn.execute(q).rowcount == 1


def list_devices(conn) -> list[dict]:
    cols = [m.devices.c[n] for n in ("code", "location_code", "kind", "name", "created_at", "enrolled_at",
                                     "revoked_at", "last_seen_at", "contiguous_seq", "max_seq")]
    return [dict(r._mapping) for r in conn.execute(sa.select(*cols).order_by(m.devices.c.code))]
