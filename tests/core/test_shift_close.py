"""Closing a shift with a large cash variance needs a manager (pos.shifts.close_shift, setting
cash_variance_approval_vnd); the audit log keeps who approved and the variance. 500 ₫ notes count."""
from __future__ import annotations

import json

import pytest

from pos import errors, shifts
from pos.store import DEFAULT_SETTINGS

TABLES = ("shifts", "audit_log", "outbox", "cash_moves")


def counts(store):
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def close_audit(store) -> dict:
    row = store.one("SELECT staff_id, approved_by, detail FROM audit_log WHERE action = 'close_shift'")
    return {**row, "detail": json.loads(row["detail"])}


def test_a_variance_above_the_setting_needs_a_manager(store, selling):
    assert DEFAULT_SETTINGS["cash_variance_approval_vnd"] == 10_000
    before = counts(store)
    with pytest.raises(errors.ApprovalRequired) as exc:  # 1.000.000 expected, 20.000 short
        shifts.close_shift(store, selling.clerk, {500_000: 1, 200_000: 2, 50_000: 1, 20_000: 1, 10_000: 1})
    assert exc.value.details == {"counted": 980_000, "expected": 1_000_000, "variance": -20_000, "limit": 10_000}
    assert str(exc.value) == ("the counted cash 980.000 ₫ differs from the expected 1.000.000 ₫ by -20.000 ₫, "
                              "more than 10.000 ₫: a manager must approve closing the shift")
    with pytest.raises(errors.PermissionDenied):  # a clerk is no approver
        shifts.close_shift(store, selling.clerk, 980_000, manager_id=selling.clerk)
    with pytest.raises(errors.ApprovalRequired):  # 20.000 over is as large as 20.000 short
        shifts.close_shift(store, selling.clerk, 1_020_000)
    assert counts(store) == before and shifts.current(store) is not None
    z = shifts.close_shift(store, selling.clerk, 980_000, manager_id=selling.manager)
    assert z["variance"] == -20_000 and z["status"] == "closed"
    assert close_audit(store) == {"staff_id": selling.clerk, "approved_by": selling.manager, "detail": {
        "expected": 1_000_000, "counted": 980_000, "variance": -20_000, "variance_limit": 10_000}}


def test_a_small_variance_closes_without_a_manager_and_the_limit_is_a_setting(store, selling):
    shifts.cash_move(store, "in", 500, "tiền lẻ", selling.clerk)  # 1.000.500 expected
    # exactly the limit either way needs nobody; here 10.000 short, counted with a 500 ₫ note
    z = shifts.close_shift(store, selling.clerk, {500_000: 1, 200_000: 2, 50_000: 1, 20_000: 2, 500: 1})
    assert (z["counted_cash"], z["variance"]) == (990_500, -10_000)
    assert z["counted_detail"] == {"500000": 1, "200000": 2, "50000": 1, "20000": 2, "500": 1}
    assert close_audit(store)["approved_by"] is None
    # a store that wants every variance seen by a manager sets 0
    store.set_settings(cash_variance_approval_vnd=0)
    shifts.open_shift(store, selling.clerk, 100_000)
    with pytest.raises(errors.ApprovalRequired):
        shifts.close_shift(store, selling.clerk, {500: 199})  # 99.500: 500 ₫ short
    shifts.close_shift(store, selling.clerk, {"50000": 2})  # JSON keys are text: exact, closes


@pytest.mark.parametrize("value", [-1, 1.5, "10000", True, None, 10**30])
def test_the_variance_setting_is_validated(store, value):
    with pytest.raises(errors.ValidationError):
        store.set_settings(cash_variance_approval_vnd=value)
    assert store.setting("cash_variance_approval_vnd") == 10_000


def test_the_500_dong_note_counts_and_others_are_refused():
    assert shifts.DENOMINATIONS == (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500)
    assert shifts.count_cash({500: 3, 1_000: 1}) == (2_500, {"500": 3, "1000": 1})
    for bad in ({200: 1}, {300_000: 1}, {"abc": 1}, {500.0: 1}, {True: 1}, {500: -1}, {500: 1.0}):
        with pytest.raises(errors.InvalidAmount):
            shifts.count_cash(bad)
