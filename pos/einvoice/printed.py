"""The printed form of a sale's invoices: the part of the receipt document (docs/contracts.md)
that makes the paper receipt the invoice's representation. The words printed are the legal ones
(pos/einvoice/rules.py); the renderer (printers/invoice.py) only lays them out."""
from __future__ import annotations

from ..clock import local_time
from ..store import Store
from . import issue, rules


def qty_text(qty: int, by_weight: int) -> str:
    """How a quantity is printed: units as they are, grams as '350 g' or '1,25 kg' (also used by
    pos.receipts for the receipt's own lines)."""
    if not by_weight:
        return str(qty)
    sign, qty = ("-" if qty < 0 else ""), abs(qty)  # an adjustment gives back a negative weight
    if qty >= 1000 and qty % 10 == 0:
        return sign + f"{qty / 1000:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " kg"
    return f"{sign}{qty} g"


def lookup_link(url: str, code: str) -> str:
    """The address the QR carries: the seller's lookup page, with the code where it says {code}."""
    return url.replace("{code}", code) if "{code}" in url else url


def _note(store: Store, inv: dict) -> str:
    """What an adjustment or a replacement says about the invoice it corrects."""
    if inv["kind"] not in ("adjustment", "replacement") or not inv["related_invoice_id"]:
        return ""
    orig = store.one("SELECT template, symbol, number, issued_at FROM invoices WHERE id = ?",
                     (inv["related_invoice_id"],))
    if orig is None:
        return ""
    nature = rules.adjustment_nature(inv["kind"], inv["total"], len(inv["lines"]))
    note = rules.NOTES[nature] if nature else rules.REPLACEMENT_NOTE
    return note.format(template=orig["template"], symbol=orig["symbol"], number=orig["number"],
                                        day=local_time(orig["issued_at"], "%d/%m/%Y"))


def _buyer(inv: dict) -> list[tuple[str, str]]:
    rows = [("Họ tên người mua", inv["buyer_name"]), ("Tên đơn vị", inv["buyer_company"]),
            ("Mã số thuế", inv["buyer_tax_code"]), ("Số CCCD/Hộ chiếu", inv["buyer_id_no"]),
            ("Địa chỉ", inv["buyer_address"]), ("E-mail", inv["buyer_email"]), ("Điện thoại", inv["buyer_phone"])]
    rows = [(k, v) for k, v in rows if v]
    return rows or [("Người mua", rules.CONSUMER)]


def _rates(inv: dict) -> list[dict]:
    acc: dict[int, list[int]] = {}
    for ln in inv["lines"]:
        a = acc.setdefault(ln["vat_rate"], [0, 0])
        a[0] += ln["pre_vat"]
        a[1] += ln["vat_amount"]
    return [{"rate": r, "pre_vat": v[0], "vat": v[1]} for r, v in sorted(acc.items())]


def invoice_doc(store: Store, inv: dict) -> dict:
    """One invoice as the renderer draws it (JSON-safe: it is stored in the print job)."""
    return {
        "kind": inv["kind"], "title": rules.TEMPLATES[inv["template"]], "subtitle": rules.FROM_CASH_REGISTER,
        "template_symbol": f"{inv['template']}{inv['symbol']}", "number": inv["number"],
        "authority_code": inv["authority_code"], "issued_at": local_time(inv["issued_at"], "%d/%m/%Y %H:%M"),
        "note": _note(store, inv),
        "seller": {"name": inv["seller_name"], "tax_code": inv["seller_tax_code"], "address": inv["seller_address"]},
        "place": {"code": inv["place_code"], "name": inv["place_name"], "address": inv["place_address"]},
        "delegate": ({"name": inv["delegate_name"], "tax_code": inv["delegate_tax_code"],
                      "address": inv["delegate_address"]} if inv["delegate_tax_code"] else None),
        "buyer": _buyer(inv),
        "lines": [{"name": ln["name"], "unit": "kg" if ln["by_weight"] else ln["unit"],
                   "qty_text": qty_text(ln["qty"], ln["by_weight"]), "unit_price": ln["unit_price"],
                   "discount": ln["discount"], "amount": ln["amount"], "vat_rate": ln["vat_rate"]}
                  for ln in inv["lines"]],
        "vat_breakdown": inv["template"] == "1", "rates": _rates(inv),
        "pre_vat_total": inv["pre_vat_total"], "vat_total": inv["vat_total"],
        "discount_total": inv["discount_total"], "total": inv["total"], "total_words": inv["total_words"],
        "lookup_url": inv["lookup_url"], "lookup_code": inv["lookup_code"],
        "qr": lookup_link(inv["lookup_url"], inv["lookup_code"]) if inv["lookup_url"] else "",
    }


def invoice_docs(store: Store, sale_id: str, voided: bool) -> list[dict]:
    """The invoices a receipt prints: a sale's or refund's own in force (a replacement instead of
    the invoice it replaced), or for a voided sale only the adjustments that cancelled it (its
    originals were printed with the sale)."""
    invoices = issue.of_sale(store, sale_id)
    replaced = {i["related_invoice_id"] for i in invoices if i["kind"] == "replacement"}
    invoices = [i for i in invoices if i["id"] not in replaced]
    if voided:  # a voided supplement's increase was printed with it, like a sale's originals
        invoices = [i for i in invoices
                    if rules.adjustment_nature(i["kind"], i["total"], len(i["lines"])) == "decrease"]
    return [invoice_doc(store, i) for i in invoices]
