"""Shifts on the DB thread: open, cash in and out, X and Z reports.

These return the shift and its report, and not pos's changes: the shift screen publishes the
shift itself (AppContext.set_shift), as the status bar and the sell screen need it at once."""
from __future__ import annotations

from pos import print_jobs, shifts


def current_shift(store) -> dict | None:
    return shifts.current(store)


def current_with_opener(store) -> dict | None:
    """The open shift with the name of who opened it (None: no shift is open)."""
    return shifts.current_with_opener(store)


def current(store):
    """(the open shift or None, its report or None)."""
    shift = shifts.current(store)
    report = shifts.report(store, shift["id"]) if shift else None
    return shift, report


def open_shift(store, staff_id, opening_float: int):
    shifts.open_shift(store, staff_id, opening_float)
    return current(store)


def open_unless_open(store, staff_id, opening_float: int) -> dict:
    """Open a shift, or hand back the one already open (a screen that thought there was none is
    simply told the truth, not refused)."""
    shift = shifts.current(store)
    if shift is not None:
        return shift
    return shifts.open_shift(store, staff_id, opening_float)[0]


def cash_move(store, direction: str, amount: int, reason: str, staff_id):
    shifts.cash_move(store, direction, amount, reason, staff_id)
    return current(store)


def _enqueue_report(store, shift_id: str, kind: str) -> None:
    print_jobs.enqueue(store, kind, shift_id, shifts.report_doc(store, shift_id, kind))


def x_report(store, shift_id: str, print_it: bool) -> dict:
    report = shifts.report(store, shift_id)
    if print_it:
        _enqueue_report(store, shift_id, "x_report")
    return report


def print_again(store, shift_id: str, kind: str) -> None:
    _enqueue_report(store, shift_id, kind)


def close(store, staff_id, counted, print_it: bool, manager_id=None) -> dict:
    report = shifts.close_shift(store, staff_id, counted, manager_id=manager_id)
    if print_it:
        _enqueue_report(store, report["shift_id"], "z_report")
    return report
