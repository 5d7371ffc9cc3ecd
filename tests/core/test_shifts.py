from __future__ import annotations

import pytest

from pos import errors, sales, shifts
from pos.cart import Cart
from pos import catalog


def test_shift_cycle_with_variance(store, selling):
    shift = shifts.current(store)
    assert shift["number"] == 1 and shift["opening_float"] == 1_000_000
    with pytest.raises(errors.InvalidState):
        shifts.open_shift(store, selling.clerk, 0)
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000026").product)
    sales.complete_sale(store, cart, [{"method": "cash", "tendered": 300_000}], selling.clerk)
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000019").product, qty=2)
    sales.complete_sale(store, cart, [{"method": "card", "amount": 90_000, "reference": "T1"}], selling.clerk)
    shifts.cash_move(store, "in", 200_000, "đổi tiền lẻ", selling.manager)
    shifts.cash_move(store, "out", 500_000, "nộp ngân hàng", selling.manager)
    with pytest.raises(errors.InvalidAmount):
        shifts.cash_move(store, "out", 10_000_000, "quá nhiều", selling.manager)
    with pytest.raises(errors.ValidationError):
        shifts.cash_move(store, "in", 1000, "", selling.manager)
    x = shifts.report(store, shift["id"])
    assert x["sales_count"] == 2 and x["sales_total"] == 340_000
    assert x["by_method"] == {"cash": 250_000, "vietqr": 0, "card": 90_000}
    assert x["expected_cash"] == 1_000_000 + 250_000 + 200_000 - 500_000
    with pytest.raises(errors.InvalidAmount):
        shifts.close_shift(store, selling.manager, {300_000: 1})
    z = shifts.close_shift(store, selling.manager, {500_000: 1, 200_000: 2, 50_000: 1})  # 950.000 counted
    assert z["status"] == "closed" and z["counted_cash"] == 950_000 and z["variance"] == 0
    assert shifts.current(store) is None
    shifts.open_shift(store, selling.clerk, 500_000)
    z2 = shifts.close_shift(store, selling.manager, 480_000, manager_id=selling.manager)  # 20.000 short
    assert z2["variance"] == -20_000 and z2["number"] == 2
    doc = shifts.report_doc(store, z2["shift_id"], "z_report")
    assert doc["shift"]["variance"] == -20_000 and doc["kind"] == "z_report"


def test_close_without_shift(store, small):
    with pytest.raises(errors.NoOpenShift):
        shifts.close_shift(store, small.manager, 0)
    with pytest.raises(errors.InvalidAmount):
        shifts.open_shift(store, small.clerk, -1)
