"""Staff, PIN login and manager approval.

PINs are short, so they are stored only as scrypt hashes with a random salt per person: a copied
database file does not hand out PINs for the price of a table lookup. Repeated wrong PINs lock the
person out for a while (settings max_pin_failures / lockout_minutes), counted on the kiosk clock
(store.now()), so a test can move time instead of sleeping.

Every manager-gated action leaves an audit_log row naming who approved it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import os
import re
import sqlite3

from . import checks
from .errors import PermissionDenied, StaffLocked, ValidationError, WrongPin
from .store import OpChanges, Store, new_id

ROLES = ("clerk", "manager", "admin")
MANAGER_ROLES = ("manager", "admin")
_PIN = re.compile(r"^[0-9]{4,8}$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,20}$")
SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_LEN, SALT_LEN = 2**14, 8, 1, 32, 16

_PUBLIC = "id, code, name, role, active"


def hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=HASH_LEN)


def _check_pin_format(pin) -> str:
    if not isinstance(pin, str) or not _PIN.match(pin):
        raise ValidationError("PIN must be 4 to 8 digits", field="pin")
    return pin


def _pin_matches(row: dict, pin: str) -> bool:
    if not isinstance(pin, str) or not _PIN.match(pin):
        return False
    return hmac.compare_digest(hash_pin(pin, bytes(row["pin_salt"])), bytes(row["pin_hash"]))


def _public(row: dict) -> dict:
    return {k: row[k] for k in ("id", "code", "name", "role", "active")}


def _row(store: Store, staff_id: str) -> dict:
    row = store.one("SELECT * FROM staff WHERE id = ?", (staff_id,))
    if row is None:
        raise PermissionDenied("unknown staff member {staff_id!r}", staff_id=staff_id)
    return row


def _parse(ts: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(ts) if ts else None


def get_staff(store: Store, staff_id: str) -> dict:
    return _public(_row(store, staff_id))


def find_code(store: Store, code: str) -> dict | None:
    row = store.one(f"SELECT {_PUBLIC} FROM staff WHERE code = ?", (code,))
    return row


def by_code(store: Store, code) -> dict:
    """The active staff member whose code was typed or scanned at login (NV01, nv01, " NV01 ").

    Case does not matter (a badge scanner or a clerk may send either); an exact match wins when
    codes differing only in case came from the centre. A locked person is refused here already,
    with the same message and lock as a wrong PIN gives, so nobody types a PIN for nothing."""
    code = code.strip() if isinstance(code, str) else code
    if not isinstance(code, str) or not _CODE.match(code):
        raise ValidationError("staff code: 1-20 letters, digits, '.', '_' or '-'", field="code")
    rows = store.all("SELECT * FROM staff WHERE code = ? COLLATE NOCASE AND active = 1", (code,))
    exact = [r for r in rows if r["code"] == code]
    if exact:
        rows = exact
    if len(rows) != 1:
        raise PermissionDenied("no active staff member has the code {code}", code=code)
    _check_lock(store, rows[0])
    return _public(rows[0])


def login_by_code(store: Store, code, pin: str) -> dict:
    """login() for the person with this staff code: the same PIN check and lockout."""
    return login(store, by_code(store, code)["id"], pin)


def list_staff(store: Store, include_inactive: bool = False) -> list[dict]:
    where = "" if include_inactive else "WHERE active = 1"
    return store.all(
        f"SELECT {_PUBLIC}, failed_attempts, locked_until FROM staff {where} ORDER BY role = 'clerk', name"
    )


def create_staff(store: Store, code: str, name: str, role: str, pin: str) -> tuple[str, OpChanges]:
    code = (code or "").strip()
    name = (name or "").strip()
    if not _CODE.match(code):
        raise ValidationError("staff code: 1-20 letters, digits, '.', '_' or '-'", field="code")
    if not name:
        raise ValidationError("staff name is required", field="name")
    if role not in ROLES:
        raise ValidationError("role must be one of {roles}", field="role", roles=", ".join(ROLES))
    _check_pin_format(pin)
    if store.one("SELECT 1 AS x FROM staff WHERE code = ? COLLATE NOCASE", (code,)):  # typed either way at login
        raise ValidationError("staff code {code!r} is already used", field="code", code=code)
    salt = os.urandom(SALT_LEN)
    digest = hash_pin(pin, salt)  # slow part outside the write lock
    staff_id = new_id()
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO staff(id, code, name, role, pin_salt, pin_hash, updated_at) VALUES (?,?,?,?,?,?,?)",
            (staff_id, code, name, role, salt, digest, store.now_iso()),
        )
        store.audit("staff.create", None, ref_type="staff", ref_id=staff_id, code=code, role=role)
    return staff_id, OpChanges(staff=True)


def require_manager(store: Store, staff_id: str | None) -> dict:
    """The active manager/admin `staff_id`, or PermissionDenied."""
    if not staff_id:
        raise PermissionDenied("a manager must approve this")
    checks.ident(staff_id, "manager_id")
    row = _row(store, staff_id)
    if not row["active"] or row["role"] not in MANAGER_ROLES:
        raise PermissionDenied("{name} is not an active manager", staff_id=staff_id, name=row["name"])
    return _public(row)


def _check_lock(store: Store, row: dict) -> None:
    until = _parse(row["locked_until"])
    if until is not None and until > store.now():
        seconds = math.ceil((until - store.now()).total_seconds())
        raise StaffLocked(
            "{name} is locked after too many wrong PINs; try again in {minutes} min",
            staff_id=row["id"], locked_until=row["locked_until"], seconds_left=seconds, name=row["name"],
            minutes=max(1, -(-seconds // 60)),
        )


def login(store: Store, staff_id: str, pin: str) -> dict:
    """Check a PIN. Wrong PINs count towards a lockout; a right one resets the count."""
    row = _row(store, staff_id)
    if not row["active"]:
        raise PermissionDenied("{name} is no longer active", staff_id=staff_id, name=row["name"])
    _check_lock(store, row)
    settings = store.settings()
    max_failures = int(settings["max_pin_failures"])
    if _pin_matches(row, pin):
        if row["failed_attempts"] or row["locked_until"]:
            with store.transaction() as conn:
                conn.execute("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?", (staff_id,))
        return _public(row)
    failures = row["failed_attempts"] + 1
    if failures >= max_failures:
        until = store.now() + dt.timedelta(minutes=int(settings["lockout_minutes"]))
        until_iso = until.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
        with store.transaction() as conn:
            conn.execute("UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE id = ?", (until_iso, staff_id))
            store.audit("staff.locked", staff_id, ref_type="staff", ref_id=staff_id, failures=failures)
        raise StaffLocked(
            "too many wrong PINs: {name} is locked for {minutes} min",
            staff_id=staff_id, locked_until=until_iso, seconds_left=int(settings["lockout_minutes"]) * 60,
            name=row["name"], minutes=int(settings["lockout_minutes"]),
        )
    with store.transaction() as conn:
        conn.execute("UPDATE staff SET failed_attempts = ? WHERE id = ?", (failures, staff_id))
    left = max_failures - failures
    raise WrongPin("wrong PIN, {attempts_left} attempt(s) left", staff_id=staff_id, attempts_left=left)


def _approval_lock(store: Store) -> int:
    """Refuse approvals while too many wrong manager PINs were tried recently.

    approve() tries the PIN against every manager, so without this a 4-digit PIN could be
    guessed through the approval dialog. Failures since the last good approval within the
    lockout window count (kept in audit_log as 'approval.failed')."""
    settings = store.settings()
    window = dt.timedelta(minutes=int(settings["lockout_minutes"]))
    since = (store.now() - window).astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
    last_ok = store.one(
        "SELECT max(id) AS id FROM audit_log WHERE approved_by IS NOT NULL AND json_extract(detail, '$.approval') = 1"
    )["id"] or 0
    row = store.one(
        "SELECT count(*) AS n, max(at) AS last FROM audit_log WHERE action = 'approval.failed' AND at >= ? AND id > ?",
        (since, last_ok),
    )
    if row["n"] >= int(settings["max_pin_failures"]):
        until = dt.datetime.fromisoformat(row["last"]) + window
        seconds = math.ceil((until - store.now()).total_seconds())
        raise StaffLocked(
            "too many wrong manager PINs: approvals are locked for {minutes} min",
            locked_until=until.isoformat(timespec="milliseconds"), seconds_left=seconds,
            minutes=max(1, -(-seconds // 60)))
    return int(settings["max_pin_failures"]) - row["n"]


def approve(store: Store, pin: str, action: str, ref_type: str = "", ref_id: str = "",
            staff_id: str | None = None, **detail) -> dict:
    """The active, unlocked manager/admin whose PIN this is; records the approval in the audit log.

    `staff_id` is the person asking (the clerk at the till), kept in the audit row. Wrong PINs
    are recorded too and, after max_pin_failures of them, approvals lock for lockout_minutes."""
    if not action:
        raise ValidationError("approval needs an action name", field="action")
    _approval_lock(store)
    if isinstance(pin, str) and _PIN.match(pin):
        now = store.now()
        for row in store.all(
            "SELECT * FROM staff WHERE active = 1 AND role IN ('manager','admin') ORDER BY role DESC, code"
        ):
            until = _parse(row["locked_until"])
            if until is not None and until > now:
                continue
            if _pin_matches(row, pin):
                with store.transaction():
                    store.audit(action, staff_id, approved_by=row["id"], ref_type=ref_type, ref_id=ref_id,
                                approval=True, **detail)
                return _public(row)
    with store.transaction():
        store.audit("approval.failed", staff_id, ref_type=ref_type, ref_id=ref_id, action_asked=action)
    left = _approval_lock(store)  # this failure may be the one that locks
    raise WrongPin("no manager has that PIN, {attempts_left} attempt(s) left", attempts_left=left)


def set_pin(store: Store, staff_id: str, new_pin: str, by_staff_id: str) -> OpChanges:
    """Change a PIN: your own, or anyone's if you are a manager (an admin's only by an admin)."""
    _check_pin_format(new_pin)
    target = _row(store, staff_id)
    by = _row(store, by_staff_id)
    if not by["active"]:
        raise PermissionDenied("{name} is no longer active", name=by["name"])
    if by_staff_id != staff_id:
        if by["role"] not in MANAGER_ROLES:
            raise PermissionDenied("only a manager can change another person's PIN")
        if target["role"] == "admin" and by["role"] != "admin":
            raise PermissionDenied("only an admin can change an admin's PIN")
    salt = os.urandom(SALT_LEN)
    digest = hash_pin(new_pin, salt)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE staff SET pin_salt = ?, pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? "
            "WHERE id = ?",
            (salt, digest, store.now_iso(), staff_id),
        )
        store.audit("staff.set_pin", by_staff_id,
                    approved_by=by_staff_id if by_staff_id != staff_id else None,
                    ref_type="staff", ref_id=staff_id)
    return OpChanges(staff=True)


def deactivate(store: Store, staff_id: str, by: str) -> OpChanges:
    manager = require_manager(store, by)
    target = _row(store, staff_id)
    if staff_id == by:
        raise PermissionDenied("you cannot deactivate yourself")
    if target["role"] == "admin" and manager["role"] != "admin":
        raise PermissionDenied("only an admin can deactivate an admin")
    with store.transaction() as conn:
        conn.execute("UPDATE staff SET active = 0, updated_at = ? WHERE id = ?", (store.now_iso(), staff_id))
        store.audit("staff.deactivate", by, approved_by=by, ref_type="staff", ref_id=staff_id)
    return OpChanges(staff=True)


def apply_staff(store: Store, rows: list[dict]) -> OpChanges:
    """Upsert staff pulled from the central server (salt and hash as hex).

    Local lockout state (failed_attempts, locked_until) is kept: the centre does not know it."""
    clean = []
    for r in rows:
        try:
            salt = bytes.fromhex(r["pin_salt"])
            digest = bytes.fromhex(r["pin_hash"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("staff {code!r}: pin_salt/pin_hash must be hex", field="pin_hash",
                                          code=r.get("code")) from exc
        if not r.get("id") or not _CODE.match(str(r.get("code", ""))) or not str(r.get("name", "")).strip():
            raise ValidationError("staff row needs id, code and name: {code!r}", field="code", code=r.get("code"))
        if r.get("role") not in ROLES:
            raise ValidationError("staff {code!r}: role must be one of {roles}", field="role", code=r["code"],
                                      roles=", ".join(ROLES))
        if len(salt) < 8 or len(digest) != HASH_LEN:
            raise ValidationError("staff {code!r}: bad PIN hash", field="pin_hash", code=r["code"])
        clean.append((r["id"], r["code"], r["name"].strip(), r["role"], salt, digest,
                      1 if r.get("active", 1) else 0, store.now_iso()))
    try:
        _upsert_staff(store, clean)
    except sqlite3.IntegrityError as exc:
        raise ValidationError("staff rows clash with local staff: {error}", field="code", error=str(exc)) from exc
    return OpChanges(staff=bool(clean))


def _upsert_staff(store: Store, clean: list[tuple]) -> None:
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO staff(id, code, name, role, pin_salt, pin_hash, active, updated_at) VALUES (?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name, role = excluded.role, "
            "pin_salt = excluded.pin_salt, pin_hash = excluded.pin_hash, active = excluded.active, "
            "updated_at = excluded.updated_at",
            clean,
        )


def export_row(store: Store, staff_id: str) -> dict:
    """A staff row in the wire form apply_staff takes (hex salt/hash), for the central server."""
    row = _row(store, staff_id)
    return {"id": row["id"], "code": row["code"], "name": row["name"], "role": row["role"],
            "pin_salt": bytes(row["pin_salt"]).hex(), "pin_hash": bytes(row["pin_hash"]).hex(),
            "active": row["active"]}
