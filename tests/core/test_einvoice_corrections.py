"""Correcting a buyer typed wrong on an issued invoice (pos.einvoice.corrections.correct_buyer): a
manager approves, each invoice in force is replaced by one carrying the corrected buyer, the audit
says what changed, and every refusal changes nothing."""
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
    sales.refund(store, typo.sale_id, [{"line_id": line["id"], "qty": 1}], selling.clerk, selling.manager, "vỡ")
    counts = _counts(store)
    with pytest.raises(InvalidState, match="refunds"):
        corrections.correct_buyer(store, typo.sale_id, RIGHT, selling.clerk, selling.manager)
    assert _counts(store) == counts
