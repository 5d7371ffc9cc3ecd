"""Corrections made at the kiosk to an invoice already issued: putting the buyer's details on today's
sale when the customer asks for them after paying, and (a manager approving) correcting a buyer's
details typed wrong. An issued invoice is never edited: each invoice in force is replaced, or, when
a refund already adjusted it, adjusted for the buyer's details only (pos.einvoice.issue.correct_buyer,
which states the rule), in one transaction with its events and the print job of the new invoices."""
from __future__ import annotations

from .. import checks, print_jobs, staff
from ..errors import InvalidState, ValidationError
from ..receipts import receipt_doc
from ..store import OpChanges, Store
from . import buyers, issue


def add_buyer(store: Store, sale_id: str, buyer: dict, staff_id: str) -> OpChanges:
    """Put `buyer` on the invoices of today's completed sale `sale_id` (issue.correct_buyer:
    replaced, or adjusted when a refund already adjusted them). Refused for another day's sale
    (the office corrects those with the provider), a refund, a voided sale, or a sale with no
    invoice."""
    checks.ident(sale_id, "sale_id")
    checks.ident(staff_id, "staff_id")
    buyer = buyers.check_buyer(buyer)
    if not buyer:
        raise ValidationError("give the buyer's details to put on the invoice", field="buyer")
    now, day = store.now_iso(), store.business_day()
    with store.transaction():
        sale = _sale(store, sale_id)
        if sale["kind"] != "sale" or sale["status"] != "completed":
            raise InvalidState("{receipt_no} is a refund or was voided: its invoice cannot take a buyer",
                               receipt_no=sale["receipt_no"])
        if sale["business_day"] != day:
            raise InvalidState("{receipt_no} is from another day: ask the office to correct its invoice",
                               receipt_no=sale["receipt_no"])
        if not issue.in_force(store, sale["id"]):
            raise InvalidState("{receipt_no} has no e-invoice", receipt_no=sale["receipt_no"])
        if _changed(invoice_buyer(store, sale["id"]), buyer) == []:
            raise ValidationError("the buyer's details are unchanged: correct a detail first", field="buyer")
        replaced, adjusted = issue.correct_buyer(store, sale, buyer, now, day)
        count = replaced + adjusted
        store.audit("invoice.buyer_added", staff_id, ref_type="sale", ref_id=sale["id"],
                    receipt_no=sale["receipt_no"], invoices=count, replaced=replaced, adjusted=adjusted)
        jobs = _print(store, sale["id"])
    return OpChanges(sales=True, outbox=count, print_jobs=jobs)


def invoice_buyer(store: Store, sale_id: str) -> dict:
    """The buyer the sale's invoices in force stand for ({} when sold to a consumer or not
    invoiced), after any adjustment of the buyer's details."""
    sale = store.one("SELECT kind, original_sale_id FROM sales WHERE id = ?", (sale_id,))
    if sale and sale["kind"] == "sale" and sale["original_sale_id"]:  # a supplement: its original's buyer
        sale_id = sale["original_sale_id"]
    current = issue.in_force(store, sale_id)
    if not current:
        return {}
    head = issue.buyer_in_force(store, current[0])
    return {k: head[f"buyer_{k}"] for k in buyers.FIELDS if head[f"buyer_{k}"]}


def correct_buyer(store: Store, sale_id: str, buyer: dict, staff_id: str, manager_id: str) -> OpChanges:
    """Correct a mistyped buyer (name, company, address, tax code, ID, contact) on a completed
    sale's invoices, on any day: each invoice in force is replaced by one carrying the corrected
    buyer ("Thay thế cho hóa đơn ..."), or - when a refund already adjusted it - adjusted for the
    buyer's details only ("Điều chỉnh thông tin người mua cho hóa đơn ...", issue.correct_buyer),
    approved by a manager and audited with what changed. The amounts are never touched here: a
    wrong line is the refund's or the void's adjustment."""
    checks.ident(sale_id, "sale_id")
    checks.ident(staff_id, "staff_id")
    checks.ident(manager_id, "manager_id")
    buyer = buyers.check_buyer(buyer)
    if not buyer:
        raise ValidationError("give the buyer's details to put on the invoice", field="buyer")
    staff.require_manager(store, manager_id)
    now, day = store.now_iso(), store.business_day()
    with store.transaction():
        sale = _sale(store, sale_id)
        if sale["kind"] != "sale" or sale["status"] != "completed":
            raise InvalidState("{receipt_no} is a refund or was voided: its invoice cannot take a buyer",
                               receipt_no=sale["receipt_no"])
        before = invoice_buyer(store, sale["id"])
        if not before:
            raise InvalidState("{receipt_no} has no buyer on its invoice to correct", receipt_no=sale["receipt_no"])
        changed = _changed(before, buyer)
        if not changed:
            raise ValidationError("the buyer's details are unchanged: correct a detail first", field="buyer")
        replaced, adjusted = issue.correct_buyer(store, sale, buyer, now, day)
        count = replaced + adjusted
        store.audit("invoice.buyer_corrected", staff_id, approved_by=manager_id, ref_type="sale", ref_id=sale["id"],
                    receipt_no=sale["receipt_no"], invoices=count, replaced=replaced, adjusted=adjusted,
                    changed=changed,
                    before={k: before.get(k, "") for k in changed})
        jobs = _print(store, sale["id"])
    return OpChanges(sales=True, outbox=count, print_jobs=jobs)


def _sale(store: Store, sale_id: str) -> dict:
    """The sale whose invoices take the buyer: a supplement's (pos.supplements) is its original's,
    whose correction reaches the supplement's increase too (issue.correct_buyer)."""
    sale = store.one("SELECT * FROM sales WHERE id = ? OR receipt_no = ?", (sale_id, sale_id))
    if sale is None:
        raise ValidationError("no receipt {receipt_no}", field="receipt_no", receipt_no=sale_id)
    if sale["kind"] == "sale" and sale["original_sale_id"]:
        return store.one("SELECT * FROM sales WHERE id = ?", (sale["original_sale_id"],))
    return sale


def _changed(before: dict, buyer: dict) -> list[str]:
    """The buyer's fields that differ between `before` (invoice_buyer) and the checked `buyer`."""
    after = {k: v for k, v in buyers.invoice_fields(buyer).items() if v}
    return sorted(k for k in buyers.FIELDS if before.get(k) != after.get(f"buyer_{k}"))


def _print(store: Store, sale_id: str) -> int:
    """The receipt again with the new invoices, and each standing supplement's with its own: not a
    copy, but without the payment code (the sale is paid; a payable code on paper could be paid
    twice)."""
    printer = store.setting("printer") or {}
    if not isinstance(printer, dict) or printer.get("kind", "none") == "none":
        return 0
    ids = list(dict.fromkeys([sale_id, *(inc["sale_id"] for inc in issue.increases(store, sale_id))]))
    for sid in ids:
        doc = receipt_doc(store, sid)
        doc["qr"] = doc.get("trace_qr")
        print_jobs.enqueue(store, "receipt", sid, doc)
    return len(ids)
