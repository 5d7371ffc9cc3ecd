"""Sales on the DB thread: complete, find, refund, void, reprint, the VietQR code to pay."""
from __future__ import annotations

import io

from pos import sales
from pos.einvoice import corrections, issue
from pos.cart import Cart
from pos.store import OpChanges


def complete(store, cart_dict: dict, payments: list[dict], staff_id: str, lang: str,
             buyer: dict | None = None) -> sales.SaleResult:
    return sales.complete_sale(store, Cart.from_dict(cart_dict), payments, staff_id, lang=lang, buyer=buyer)


def vietqr(store, amount: int) -> tuple[str, bytes]:
    """VietQR payload for `amount` and its PNG, made on the DB thread (no UI work)."""
    import qrcode

    payload = sales.vietqr_payload(store, amount)
    img = qrcode.make(payload, box_size=8, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return payload, buf.getvalue()


def find(store, text: str, day):
    return sales.find_sales(store, text=text, day=day, limit=200)


def get(store, key: str) -> dict:
    """A sale with the lines a refund may still take back (`refundable`), the buyer on its invoice,
    and whether a supplement (pos.supplements) can be made on it (`can_supplement`)."""
    sale = sales.get_sale(store, key)
    sale["refundable"] = sales.refundable_lines(store, sale["id"]) if sale["kind"] == "sale" else []
    sale["invoice_buyer"] = corrections.invoice_buyer(store, sale["id"]) if sale["kind"] == "sale" else {}
    sale["can_supplement"] = (sale["kind"] == "sale" and sale["status"] == "completed" and not sale["original_sale_id"]
                              and bool(issue.in_force(store, sale["id"])))  # pos.supplements checks it again
    return sale


def reprint(store, sale_id: str, staff_id: str) -> OpChanges:
    return sales.reprint(store, sale_id, staff_id)


def void(store, sale_id: str, staff_id: str, manager_id: str, reason: str) -> OpChanges:
    return sales.void_sale(store, sale_id, staff_id, manager_id, reason)


def refund(store, sale_id: str, lines, staff_id: str, manager_id: str, reason: str, method: str, lang: str):
    return sales.refund(store, sale_id, lines, staff_id, manager_id, reason, method=method, lang=lang)
