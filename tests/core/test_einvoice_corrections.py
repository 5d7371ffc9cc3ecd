"""Correcting a buyer typed wrong on an issued invoice (pos.einvoice.corrections.correct_buyer): a
manager approves, each invoice in force is replaced by one carrying the corrected buyer - or, once a
refund adjusted it, adjusted for the buyer only -, the audit says what changed, and every refusal
changes nothing."""
from __future__ import annotations

import json

import pytest

from pos import catalog, sales
from pos.cart import Cart
from pos.einvoice import corrections, issue, sellers
from pos.errors import InvalidState, PermissionDenied, ValidationError

from einvoice_setup import einvoice

CASH = [{"method": "cash", "tendered": 10_000_000}]
TYPO = {"tax_code": "0100233488", "company": "Công ty TNHH An Phat", "address": "5 Lê Lợi, Hà Nội"}
RIGHT = {**TYPO, "company": "Công ty TNHH An Phát"}


def _sell(store, selling, *products, buyer=None):
    cart = Cart()
    for p in products:
        cart.add(catalog.get_product(store, p), qty=1)
    return sales.complete_sale(store, cart, CASH, selling.clerk, buyer=buyer)


def _counts(store):
    return tuple(store.one(f"SELECT count(*) AS n FROM {t}")["n"] for t in ("invoices", "outbox", "audit_log"))


def test_a_mistyped_buyer_is_replaced_with_a_managers_approval_on_a_later_day(store, selling, clock):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    res = _sell(store, selling, selling.salt, selling.cake, buyer=TYPO)
    before = issue.in_force(store, res.sale_id)
    clock.advance(days=2)  # a typo found later is still corrected at the kiosk
    changes = corrections.correct_buyer(store, res.receipt_no, RIGHT, selling.clerk, selling.manager)
    assert changes.outbox == 2
    now = issue.in_force(store, res.sale_id)
    assert [i["kind"] for i in now] == ["replacement", "replacement"]
    assert [i["related_invoice_id"] for i in now] == [i["id"] for i in before]
    for new, old in zip(now, before):
        assert new["buyer_company"] == "Công ty TNHH An Phát" and new["total"] == old["total"]
        assert new["number"] == old["number"] + 1 and new["business_day"] == "2026-11-24"
    docs = sales.receipt_doc(store, res.sale_id)["invoices"]
    assert docs[0]["note"].startswith("Thay thế cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 22/11/2026")
    audit = store.one("SELECT * FROM audit_log WHERE action = 'invoice.buyer_corrected'")
    detail = json.loads(audit["detail"])
    assert detail["changed"] == ["company"] and detail["before"] == {"company": "Công ty TNHH An Phat"}
    assert audit["approved_by"] == selling.manager
    assert corrections.invoice_buyer(store, res.sale_id)["company"] == "Công ty TNHH An Phát"


def test_refusals_change_nothing(store, selling):
    sellers.apply_settings(store, einvoice())
    consumer = _sell(store, selling, selling.salt)
    typo = _sell(store, selling, selling.salt, buyer=TYPO)
    counts = _counts(store)
    with pytest.raises(PermissionDenied):
        corrections.correct_buyer(store, typo.sale_id, RIGHT, selling.clerk, selling.clerk)
    with pytest.raises(InvalidState, match="no buyer"):
        corrections.correct_buyer(store, consumer.sale_id, RIGHT, selling.clerk, selling.manager)
    with pytest.raises(ValidationError, match="unchanged"):
        corrections.correct_buyer(store, typo.sale_id, TYPO, selling.clerk, selling.manager)
    with pytest.raises(ValidationError):
        corrections.correct_buyer(store, typo.sale_id, {**RIGHT, "tax_code": "0100233489"}, selling.clerk,
                                  selling.manager)  # a wrong check digit
    assert _counts(store) == counts
    line = sales.get_sale(store, typo.sale_id)["lines"][0]
    back = sales.refund(store, typo.sale_id, [{"line_id": line["id"], "qty": 1}], selling.clerk, selling.manager,
                        "vỡ")
    counts = _counts(store)
    with pytest.raises(InvalidState, match="refund"):
        corrections.correct_buyer(store, back.sale_id, RIGHT, selling.clerk, selling.manager)
    assert _counts(store) == counts


def _sell_qty(store, selling, items, buyer=None):
    cart = Cart()
    for p, qty in items:
        cart.add(catalog.get_product(store, p), qty=qty)
    return sales.complete_sale(store, cart, CASH, selling.clerk, buyer=buyer)


def _refund(store, selling, sale_id, product_id, qty):
    line = next(ln for ln in sales.get_sale(store, sale_id)["lines"] if ln["product_id"] == product_id)
    return sales.refund(store, sale_id, [{"line_id": line["id"], "qty": qty}], selling.clerk, selling.manager, "vỡ")


def test_a_refunded_sale_gets_its_buyer_corrected_by_an_adjustment_of_the_buyer_only(store, selling, clock):
    """Circular 78/2021 Art. 7 (docs/einvoice.md): an invoice already adjusted is corrected again by
    adjustment. Salt 2 x 45.000 (0 %) + cake 3 x 35.000 (10 %) = 195.000, VAT 9.545 (105.000 x
    10/110 = 9.545,45); one cake back = 35.000 (VAT 3.182); then the buyer corrected; then a salt back
    = 45.000: what stays in force adds up to 195.000 - 35.000 - 45.000 = 115.000."""
    sellers.apply_settings(store, einvoice())
    res = _sell_qty(store, selling, [(selling.salt, 2), (selling.cake, 3)], buyer=TYPO)
    (orig,) = issue.of_sale(store, res.sale_id)
    assert (orig["total"], orig["vat_total"], orig["pre_vat_total"]) == (195_000, 9_545, 185_455)
    first = _refund(store, selling, res.sale_id, selling.cake, 1)
    (adj1,) = issue.of_sale(store, first.sale_id)
    assert (adj1["total"], adj1["vat_total"]) == (-35_000, -3_182)
    clock.advance(days=1)
    changes = corrections.correct_buyer(store, res.receipt_no, RIGHT, selling.clerk, selling.manager)
    assert changes.outbox == 1
    orig_now, info = issue.of_sale(store, res.sale_id)
    assert [i["id"] for i in issue.in_force(store, res.sale_id)] == [orig_now["id"]] == [orig["id"]]  # not replaced
    assert (info["kind"], info["related_invoice_id"], info["number"], info["business_day"]) == (
        "adjustment", orig["id"], 3, "2026-11-23")
    assert (info["total"], info["pre_vat_total"], info["vat_total"], info["lines"]) == (0, 0, 0, [])
    assert info["buyer_company"] == "Công ty TNHH An Phát" and info["buyer_tax_code"] == TYPO["tax_code"]
    assert corrections.invoice_buyer(store, res.sale_id)["company"] == "Công ty TNHH An Phát"
    docs = sales.receipt_doc(store, res.sale_id)["invoices"]
    assert docs[1]["note"] == ("Điều chỉnh thông tin người mua cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 "
                               "ngày 22/11/2026")
    assert docs[0]["note"] == "" and docs[1]["total_words"] == "Không đồng"
    audit = json.loads(store.one("SELECT detail FROM audit_log WHERE action = 'invoice.buyer_corrected'")["detail"])
    assert (audit["replaced"], audit["adjusted"], audit["changed"]) == (0, 1, ["company"])
    second = _refund(store, selling, res.sale_id, selling.salt, 1)
    (adj2,) = issue.of_sale(store, second.sale_id)
    assert (adj2["total"], adj2["related_invoice_id"], adj2["buyer_company"]) == (-45_000, orig["id"],
                                                                                  "Công ty TNHH An Phát")
    in_force = store.one("SELECT sum(total) AS t FROM invoices WHERE id = ? OR related_invoice_id = ?",
                         (orig["id"], orig["id"]))["t"]
    assert in_force == 115_000 == res.total - first.total - second.total
    # corrected again: another adjustment of the buyer, from what the last one said
    corrections.correct_buyer(store, res.sale_id, {**RIGHT, "address": "7 Lê Lợi, Hà Nội"}, selling.clerk,
                              selling.manager)
    assert json.loads(store.one("SELECT detail FROM audit_log WHERE action = 'invoice.buyer_corrected' "
                                "ORDER BY rowid DESC LIMIT 1")["detail"])["changed"] == ["address"]


def test_two_sellers_one_refunded_one_replaced_one_adjusted(store, selling):
    """The refund touched only the producer's invoice: the operator's is replaced (never adjusted),
    the producer's gets an adjustment of the buyer; each chain still adds up to its part."""
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    res = _sell_qty(store, selling, [(selling.salt, 1), (selling.cake, 2)], buyer=TYPO)  # 45.000 + 70.000
    op, prod = issue.of_sale(store, res.sale_id)
    _refund(store, selling, res.sale_id, selling.cake, 1)  # 35.000 back, on the producer's invoice
    corrections.add_buyer(store, res.sale_id, RIGHT, selling.clerk)
    now = issue.of_sale(store, res.sale_id)
    kinds = {(i["kind"], i["related_invoice_id"], i["total"], len(i["lines"])) for i in now[2:]}
    assert kinds == {("replacement", op["id"], 45_000, 1), ("adjustment", prod["id"], 0, 0)}
    assert sum(i["total"] for i in issue.in_force(store, res.sale_id)) == 115_000
    assert all(i["buyer_company"] == "Công ty TNHH An Phát" for i in now[2:])
