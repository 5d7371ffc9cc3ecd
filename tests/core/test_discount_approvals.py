"""A manager's approval of a discount is a promise about an amount on a base, re-checked at payment
against the final cart and the store's own threshold (pos.sales.complete_sale), on a real SQLite file."""
from __future__ import annotations

import json

import pytest

from pos import catalog, errors, held, sales
from pos.cart import Cart

SALT, SHRIMP, CAKE = "8930000000019", "8930000000026", "8930000000033"  # 45.000, 250.000, 35.000


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        cart.add(catalog.lookup(store, code).product)
    return cart


def counts(store):
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("sales", "sale_lines", "payments", "stock_moves", "outbox", "receipt_counters", "audit_log")}


def test_an_order_discount_approved_on_a_larger_sale_is_asked_again_when_the_sale_shrinks(store, selling):
    cart = ring(store, SHRIMP, SHRIMP, CAKE, CAKE)  # 570.000
    cart.set_order_discount(57_000, "khách đoàn", approved_by=selling.manager)  # 10 % of 570.000 ... approved
    with pytest.raises(errors.ApprovalRequired):
        cart.set_order_discount(114_000, "khách đoàn")  # 20 % without a manager: refused at once
    cart.set_order_discount(114_000, "khách đoàn", approved_by=selling.manager)  # 20 %, approved
    cart.set_qty(0, 1)  # one shrimp pack less: 114.000 of 320.000 is 35.6 %
    before = counts(store)
    with pytest.raises(errors.ApprovalRequired) as exc:
        sales.complete_sale(store, cart, [{"method": "cash", "tendered": 206_000}], selling.clerk)
    assert counts(store) == before  # nothing written, no receipt number used
    assert exc.value.details["line_no"] is None and exc.value.details["amount"] == 114_000
    assert exc.value.details["base"] == 320_000 and exc.value.details["approved"] == 114_000
    assert exc.value.details["approved_base"] == 570_000
    assert str(exc.value) == ("the order discount is now 114.000 ₫ on 320.000 ₫; "
                              "a manager approved 114.000 ₫ on 570.000 ₫")
    # the manager approves the discount as it is now: the sale goes through, the audit says what
    assert [u.line_no for u in cart.approve(selling.manager, 10)] == [None]
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 206_000}], selling.clerk)
    assert res.total == 206_000
    row = store.one("SELECT staff_id, approved_by, detail FROM audit_log WHERE action = 'sale.discount_approved'")
    assert row["staff_id"] == selling.clerk and row["approved_by"] == selling.manager
    assert json.loads(row["detail"]) == {"receipt_no": res.receipt_no, "line_no": None, "amount": 114_000,
                                         "base": 320_000, "approved": 114_000, "approved_base": 320_000}


def test_removing_a_line_after_approval_asks_again(store, selling):
    cart = ring(store, SHRIMP, CAKE, SALT)  # 330.000
    cart.set_order_discount(66_000, "khách đoàn", approved_by=selling.manager)  # 20 %, approved
    assert cart.unapproved(10) == []
    cart.remove(0)  # 66.000 of 80.000: 82.5 %
    before = counts(store)
    with pytest.raises(errors.ApprovalRequired):
        sales.complete_sale(store, cart, [{"method": "cash", "tendered": 14_000}], selling.clerk)
    assert counts(store) == before


def test_a_line_discount_within_the_threshold_on_ten_units_is_not_a_free_single_unit(store, selling):
    cart = Cart()
    cart.add(catalog.lookup(store, SALT).product, qty=10)  # 450.000
    cart.set_line_discount(0, 45_000, "hộp móp")  # 10 %: a clerk may
    cart.set_qty(0, 1)  # 45.000 off 45.000: the customer would pay nothing
    assert cart.totals().total == 0
    before = counts(store)
    for payments in ([], [{"method": "cash", "tendered": 1_000}]):
        with pytest.raises(errors.ApprovalRequired) as exc:
            sales.complete_sale(store, cart, payments, selling.clerk)
        assert exc.value.details["line_no"] == 1 and exc.value.details["approved"] == 0
        assert str(exc.value) == ("line 1 (Muối hầm Bạc Liêu 500g): a discount of 45.000 ₫ on 45.000 ₫ is above "
                                  "10 % and needs a manager")
    assert counts(store) == before


def test_the_threshold_is_the_stores_setting_not_the_screens(store, selling):
    cart = ring(store, SHRIMP)
    cart.set_line_discount(0, 75_000, "hàng trưng bày", threshold_pct=50)  # a screen that read 50 %
    before = counts(store)
    with pytest.raises(errors.ApprovalRequired):
        sales.complete_sale(store, cart, [{"method": "cash", "tendered": 175_000}], selling.clerk)
    assert counts(store) == before
    store.set_settings(discount_approval_pct=30)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 175_000}], selling.clerk)
    assert res.total == 175_000
    assert store.one("SELECT count(*) AS n FROM audit_log WHERE action = 'sale.discount_approved'")["n"] == 0


def test_an_approval_covers_no_more_money_and_no_bigger_share(store, selling):
    cart = ring(store, SHRIMP)
    cart.add(catalog.lookup(store, SHRIMP).product)  # 2 x 250.000
    cart.set_line_discount(0, 100_000, "hàng trưng bày", approved_by=selling.manager)  # 20 % approved
    line = cart.lines[0]
    assert (line.discount_approved_by, line.discount_approved_amount, line.discount_approved_base) == \
        (selling.manager, 100_000, 500_000)
    cart.set_line_discount(0, 80_000, "hàng trưng bày")  # less money, smaller share: the approval covers it
    assert cart.lines[0].discount_approved_by == selling.manager and cart.unapproved(10) == []
    before = cart.to_dict()
    with pytest.raises(errors.ApprovalRequired):
        cart.set_line_discount(0, 100_001, "hàng trưng bày")  # a đồng more than approved
    assert cart.to_dict() == before
    cart.set_qty(0, 3)  # a larger line: the same 80.000 is a smaller share, still covered
    assert cart.unapproved(10) == []
    cart.set_qty(0, 1)  # 80.000 of 250.000 = 32 % > 20 % approved
    [item] = cart.unapproved(10)
    assert (item.line_no, item.amount, item.base, item.approved, item.approved_base) == (1, 80_000, 250_000, 100_000,
                                                                                         500_000)
    # a discount back within the threshold needs nobody
    cart.set_line_discount(0, 25_000, "hàng trưng bày")
    assert cart.unapproved(10) == [] and cart.lines[0].discount_approved_by == selling.manager


def test_the_approval_record_travels_with_the_cart_and_old_carts_ask_again(store, selling):
    cart = ring(store, SHRIMP, CAKE)
    cart.set_line_discount(0, 50_000, "hàng trưng bày", approved_by=selling.manager)
    cart.set_order_discount(60_000, "khách đoàn", approved_by=selling.manager)
    data = cart.to_dict()
    assert data["lines"][0]["discount_approved_amount"] == 50_000
    assert data["lines"][0]["discount_approved_base"] == 250_000
    assert (data["order_discount_approved_amount"], data["order_discount_approved_base"]) == (60_000, 235_000)
    again = Cart.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data and again.unapproved(10) == []
    # held and resumed (the held_sales table stores to_dict())
    hid, _ = held.hold(store, cart, selling.clerk, "bàn 2")
    resumed, _ = held.resume(store, hid)
    assert resumed.to_dict() == data
    # a cart saved before approvals recorded their amount: the approval covers nothing any more
    old = json.loads(json.dumps(data))
    for key in ("order_discount_approved_amount", "order_discount_approved_base"):
        del old[key]
    for line in old["lines"]:
        del line["discount_approved_amount"], line["discount_approved_base"]
    legacy = Cart.from_dict(old)
    assert legacy.totals().total == again.totals().total
    assert [u.line_no for u in legacy.unapproved(10)] == [1, None]
    before = counts(store)
    with pytest.raises(errors.ApprovalRequired):
        sales.complete_sale(store, legacy, [{"method": "cash", "tendered": 125_000}], selling.clerk)
    assert counts(store) == before


def test_a_clerk_cannot_approve_at_payment_either(store, selling):
    cart = ring(store, SHRIMP)
    cart.set_line_discount(0, 100_000, "x", threshold_pct=100)
    cart.approve(selling.clerk, 10)  # pure: the cart does not know who is a manager ...
    before = counts(store)
    with pytest.raises(errors.PermissionDenied):  # ... the sale does
        sales.complete_sale(store, cart, [{"method": "cash", "tendered": 150_000}], selling.clerk)
    assert counts(store) == before
