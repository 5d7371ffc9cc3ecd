"""Late invoices (pos/einvoice/catchup.py, docs/einvoice.md "Sales made while e-invoicing was off"):
sales made while the office had switched e-invoicing off (or while the setup had no operator) get
their invoices, and their voids and refunds their adjustments, as soon as the kiosk issues again -
in order, gapless, dated when issued, once."""
from __future__ import annotations

import pytest

from pos import catalog, sales
from pos.errors import ValidationError
from pos.cart import Cart
from pos.einvoice import catchup, issue

from einvoice_setup import OPERATOR, PRODUCER, einvoice

CASH = [{"method": "cash", "tendered": 10_000_000}]


def _sell(store, selling, *products):
    cart = Cart()
    for p in products:
        cart.add(catalog.get_product(store, p), qty=2)
    return sales.complete_sale(store, cart, CASH, selling.clerk)


def _line(store, sale_id, product_id):
    return next(ln for ln in sales.get_sale(store, sale_id)["lines"] if ln["product_id"] == product_id)


def _numbers(store, seller):
    return [r[0] for r in store.conn.execute("SELECT number FROM invoices WHERE seller_tax_code = ? ORDER BY rowid",
                                             (seller,))]


def test_what_was_sold_while_switched_off_is_invoiced_when_switched_on(store, selling, clock):
    htx = selling.producer_htx
    catchup.apply_settings(store, einvoice(htx))
    kept = _sell(store, selling, selling.salt)            # invoiced: operator no. 1, 90.000
    to_void = _sell(store, selling, selling.salt)         # invoiced: operator no. 2
    clock.advance(days=1)
    catchup.apply_settings(store, einvoice(htx, enabled=False))
    off = _sell(store, selling, selling.salt, selling.cake)      # 90.000 (operator) + 70.000 (the producer)
    refund = sales.refund(store, kept.sale_id, [{"line_id": _line(store, kept.sale_id, selling.salt)["id"], "qty": 1}],
                          selling.clerk, selling.manager, "vỡ")  # 45.000 back
    sales.void_sale(store, to_void.sale_id, selling.clerk, selling.manager, "nhầm")
    off_back = sales.refund(store, off.sale_id, [{"line_id": _line(store, off.sale_id, selling.cake)["id"],
                                                  "qty": 1}], selling.clerk, selling.manager, "vỡ")  # 35.000
    off_voided = _sell(store, selling, selling.cake)
    sales.void_sale(store, off_voided.sale_id, selling.clerk, selling.manager, "nhầm")
    assert issue.of_sale(store, off.sale_id) == [] and issue.of_sale(store, off_voided.sale_id) == []
    assert issue.of_sale(store, off_back.sale_id) == []  # its sale has no invoice yet: nothing to adjust
    # an invoice that exists is adjusted at once, switched off or not: the refund, the void
    (adj,) = issue.of_sale(store, refund.sale_id)
    assert (adj["kind"], adj["related_invoice_id"], adj["total"], adj["number"]) == (
        "adjustment", issue.of_sale(store, kept.sale_id)[0]["id"], -45_000, 3)
    assert [(i["kind"], i["total"]) for i in issue.of_sale(store, to_void.sale_id)] == [("original", 90_000),
                                                                                        ("adjustment", -90_000)]
    clock.advance(days=1, hours=3)
    changes = catchup.apply_settings(store, einvoice(htx))
    # off: 2 originals; its refund: an adjustment; the sale sold and voided while off: its original
    # and its adjustment
    assert changes.outbox == 5 and changes.sales
    op, prod = issue.of_sale(store, off.sale_id)
    assert (op["seller_tax_code"], op["total"], prod["seller_tax_code"], prod["total"]) == (OPERATOR, 90_000,
                                                                                            PRODUCER, 70_000)
    assert (op["number"], prod["number"]) == (5, 1)
    assert op["business_day"] == "2026-11-24" and op["issued_at"] == "2026-11-24T13:00:00+07:00"
    assert [(i["kind"], i["total"]) for i in issue.of_sale(store, off_voided.sale_id)] == [("original", 70_000),
                                                                                           ("adjustment", -70_000)]
    (back,) = issue.of_sale(store, off_back.sale_id)
    assert (back["related_invoice_id"], back["total"], back["number"]) == (prod["id"], -35_000, 2)
    assert _numbers(store, OPERATOR) == [1, 2, 3, 4, 5] and _numbers(store, PRODUCER) == [1, 2, 3, 4]
    n = store.one("SELECT count(*) AS n FROM invoices")["n"]
    assert store.one("SELECT count(*) AS n FROM outbox WHERE type = 'invoice.issued'")["n"] == n == 9
    # pulled again while on, or a refund of a sale from before e-invoicing: nothing twice
    assert catchup.apply_settings(store, einvoice(htx)).outbox == 0
    assert store.one("SELECT count(*) AS n FROM invoices")["n"] == n


def test_the_operator_entry_restored_issues_what_was_sold_without_it(store, selling, clock):
    catchup.apply_settings(store, einvoice())
    _sell(store, selling, selling.salt)
    no_op = einvoice()
    no_op["sellers"][0]["is_operator"] = False
    no_op["sellers"][0]["producer_ids"] = [selling.producer_htx]
    catchup.apply_settings(store, no_op)
    clock.advance(hours=1)
    missed = _sell(store, selling, selling.salt)
    assert issue.of_sale(store, missed.sale_id) == []
    assert catchup.apply_settings(store, einvoice()).outbox == 1
    assert [i["number"] for i in issue.of_sale(store, missed.sale_id)] == [2]


def test_sales_before_the_first_e_invoicing_day_stay_without(store, selling, clock):
    """Before e-invoicing started here nothing is owed (the centre's check does not expect it):
    switching off and on later does not reach back past the first day."""
    before = _sell(store, selling, selling.salt)
    clock.advance(days=1)
    catchup.apply_settings(store, einvoice())
    catchup.apply_settings(store, einvoice(enabled=False))
    back = sales.refund(store, before.sale_id, [{"line_id": _line(store, before.sale_id, selling.salt)["id"],
                                                  "qty": 1}], selling.clerk, selling.manager, "vỡ")
    assert catchup.apply_settings(store, einvoice()).outbox == 0
    assert issue.of_sale(store, before.sale_id) == [] and issue.of_sale(store, back.sale_id) == []


def test_a_setup_that_took_days_to_arrive_invoices_the_sales_since_the_day_it_was_owed(store, selling, clock):
    """The centre says e-invoicing is owed from 23/11 ("since"); the kiosk gets the setup on 25/11:
    the sale of 23/11, its refund of 24/11 and the sale of 25/11 get their late invoices, not the
    22/11 sale; a "since" that is not a date refuses the setup whole."""
    before = _sell(store, selling, selling.salt)                      # 22/11: before it was owed
    clock.advance(days=1)
    first = _sell(store, selling, selling.salt)                        # 23/11
    clock.advance(days=1)
    back = sales.refund(store, first.sale_id, [{"line_id": _line(store, first.sale_id, selling.salt)["id"],
                                                 "qty": 1}], selling.clerk, selling.manager, "vỡ")
    clock.advance(days=1)
    today = _sell(store, selling, selling.salt)
    owed = einvoice()
    owed["since"] = "2026-11-23"
    with pytest.raises(ValidationError):
        catchup.apply_settings(store, {**owed, "since": "23/11/2026"})
    assert catchup.apply_settings(store, owed).outbox == 3
    assert issue.of_sale(store, before.sale_id) == []
    assert [i["number"] for s in (first, back, today) for i in issue.of_sale(store, s.sale_id)] == [1, 2, 3]
    assert {i["business_day"] for s in (first, back, today) for i in issue.of_sale(store, s.sale_id)} == {
        "2026-11-25"}
    assert store.one("SELECT started_day FROM einvoice_config")["started_day"] == "2026-11-23"
