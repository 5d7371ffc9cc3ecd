"""Staff on the DB thread: log in, manager approvals, the staff list a manager keeps."""
from __future__ import annotations

from pos import staff


def by_code(store, code):
    return staff.by_code(store, code)


def login(store, staff_id: str, pin: str) -> dict:
    return staff.login(store, staff_id, pin)


def active(store) -> list[dict]:
    """Who may log in (the login screen's tiles)."""
    return staff.list_staff(store)


def everyone(store) -> list[dict]:
    """The manager's staff list, the inactive included."""
    return staff.list_staff(store, include_inactive=True)


def approve(store, pin: str, action: str, audit: dict | None = None) -> dict:
    """A manager's PIN for `action`; `audit` (ref_type, ref_id, staff_id, plain values) goes into
    the approval's audit row."""
    return staff.approve(store, pin, action, **(audit or {}))


def create(store, code: str, name: str, role: str, pin: str) -> list[dict]:
    staff.create_staff(store, code, name, role, pin)
    return everyone(store)


def set_pin(store, staff_id: str, pin: str, by: str) -> list[dict]:
    staff.set_pin(store, staff_id, pin, by)
    return everyone(store)


def deactivate(store, staff_id: str, by: str) -> list[dict]:
    staff.deactivate(store, staff_id, by)
    return everyone(store)
