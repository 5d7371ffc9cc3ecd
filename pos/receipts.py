"""Reading sales back: one sale with its lines and payments, the receipts list, and the document
the receipt printer draws (docs/contracts.md "Receipt document"). Apart from pos.sales so that
writing a sale and reading it stay each under the module size limit; pos.sales re-exports these
names, which is where callers have always found them."""
from __future__ import annotations

from . import checks, gs1, payment_methods, sale_promotions, sets, vietqr
from .clock import local_time
from .einvoice import printed as einvoice_printed
from .errors import ValidationError
from .names import product_name, unit_name
from .store import Store

def certificates_expired(store: Store, product_ids, day: str) -> set[str]:
    """Products whose OCOP certificate had expired by `day`: their lines carry no stars, whatever
    the cart showed when they were rung up (a cart can wait past midnight, or on hold for days)."""
    ids = sorted({str(i) for i in product_ids})
    if not ids:
        return set()
    rows = store.conn.execute(
        f"SELECT id FROM products WHERE id IN ({','.join('?' * len(ids))}) AND ocop_cert_expires < ?", (*ids, day))
    return {r[0] for r in rows}


def get_sale(store: Store, key: str) -> dict:
    """A sale with its lines and payments, by id or receipt number."""
    checks.ident(key, "receipt_no")
    sale = store.one("SELECT * FROM sales WHERE id = ? OR receipt_no = ?", (key, key))
    if sale is None:
        raise ValidationError("no receipt {receipt_no}", field="receipt_no", receipt_no=key)
    sale["lines"] = store.all("SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY line_no", (sale["id"],))
    sale["payments"] = store.all("SELECT * FROM payments WHERE sale_id = ? ORDER BY rowid", (sale["id"],))
    staff = store.one("SELECT name FROM staff WHERE id = ?", (sale["staff_id"],))
    sale["clerk"] = staff["name"] if staff else ""
    if sale["original_sale_id"]:
        orig = store.one("SELECT receipt_no FROM sales WHERE id = ?", (sale["original_sale_id"],))
        sale["original_receipt_no"] = orig["receipt_no"] if orig else None
    else:
        sale["original_receipt_no"] = None
    return sale


def find_sales(store: Store, text: str = "", day: str | None = None, limit: int = 100) -> list[dict]:
    """Receipts for the history screen: by (part of) the number and/or a business day, newest first."""
    checks.text(text, "text", 200)
    if day is not None:
        checks.text(day, "day", 10)
    checks.whole(limit, "limit", 1, 10_000)
    where, params = [], []
    if text.strip():
        where.append("receipt_no LIKE ?")
        params.append(f"%{text.strip().upper()}%")
    if day:
        where.append("business_day = ?")
        params.append(day)
    sql = ("SELECT s.id, s.receipt_no, s.kind, s.status, s.created_at, s.business_day, s.total, s.staff_id, "
           "s.original_sale_id, "
           "st.name AS clerk, (SELECT group_concat(DISTINCT method) FROM payments WHERE sale_id = s.id) AS methods "
           "FROM sales s LEFT JOIN staff st ON st.id = s.staff_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY s.created_at DESC, s.receipt_no DESC LIMIT ?"
    params.append(limit)
    return store.all(sql, params)


def _trace_qr(store: Store, lines: list[dict]) -> dict | None:
    """The traceability code: the GS1 Digital Link of the first line (in receipt order) that names
    a lot of a product with a GTIN, on the centre's public pages (setting public_url, pulled); else
    the first product's own trace URL; else the first product with a GTIN, without its lot."""
    ids = sorted({line["product_id"] for line in lines})
    if not ids:
        return None
    marks = ",".join("?" * len(ids))
    urls = dict(store.conn.execute(f"SELECT id, trace_url FROM products WHERE id IN ({marks}) AND trace_url <> ''", ids))
    base = str(store.settings().get("public_url") or "")
    gtins: dict[str, str] = {}
    if base:
        for pid, code in store.conn.execute(f"SELECT product_id, code FROM barcodes WHERE product_id IN ({marks}) "
                                            "ORDER BY product_id, length(code) DESC, code", ids):
            if pid not in gtins and gs1.gtin14(code):
                gtins[pid] = code
    for line in lines:
        link = gs1.lot_link(base, gtins.get(line["product_id"], ""), line.get("lot_no")) if line.get("lot_no") else None
        if link:
            return {"kind": "trace", "payload": link, "caption": line["name_vi"]}
    line = next((line for line in lines if urls.get(line["product_id"])), None)
    if line is not None:
        return {"kind": "trace", "payload": urls[line["product_id"]], "caption": line["name_vi"]}
    line = next((line for line in lines if line["product_id"] in gtins), None)
    if line is None:
        return None
    return {"kind": "trace", "payload": gs1.lot_link(base, gtins[line["product_id"]]), "caption": line["name_vi"]}


def trace_code(store: Store, sale_id: str) -> dict | None:
    """The code the customer screen shows after the sale: the receipt's traceability code (the
    Digital Link of the first lot sold, ...: `_trace_qr`), else the centre's public address (the
    OCOP products' pages), else None."""
    checks.ident(sale_id, "sale_id")
    lines = store.all("SELECT product_id, name_vi, lot_no FROM sale_lines WHERE sale_id = ? ORDER BY line_no",
                      (sale_id,))
    found = _trace_qr(store, lines)
    if found is None and store.settings().get("public_url"):
        found = {"kind": "trace", "payload": str(store.settings()["public_url"]), "caption": ""}
    return found


def _vat_by_rate(lines: list[dict]) -> list[dict]:
    vat: dict[int, list[int]] = {}
    for line in lines:
        acc = vat.setdefault(line["vat_rate"], [0, 0])
        acc[0] += line["net"]
        acc[1] += line["vat_amount"]
    return [{"rate": r, "base": v[0], "amount": v[1]} for r, v in sorted(vat.items())]


def _contents(rows: list[dict], lang: str) -> list[dict]:
    """What one box of a gift set line holds, printed beneath it: [{"qty" per box, "name"}], each
    component once (its rows per lot are one line on paper)."""
    out: dict[str, dict] = {}
    for r in rows:
        out.setdefault(r["product_id"], {"qty": r["per_set"], "name": product_name(r, lang)})
    return list(out.values())


def _paid_qr(sale: dict, s: dict) -> dict | None:
    """The VietQR code the customer paid with, for the receipt printed with the sale only: a
    reprint or a void receipt with a payable code could be paid a second time."""
    pay = next((p for p in sale["payments"] if payment_methods.lookup(p["method"]).qr_code and p["qr_payload"]), None)
    if pay is None:
        return None
    bank = f" - {vietqr.BANKS.get(str(s.get('bank_bin')), '')}" if s.get("bank_bin") else ""
    return {"kind": "vietqr", "payload": pay["qr_payload"], "caption": "VietQR" + bank}


def receipt_doc(store: Store, sale_id: str, reprint: bool = False) -> dict:
    """The document the receipt renderer draws (see docs/contracts.md)."""
    sale = get_sale(store, sale_id)
    s = store.settings()
    vat = _vat_by_rate(sale["lines"])
    kind = "refund" if sale["kind"] == "refund" else ("void" if sale["status"] == "voided" else "sale")
    trace = _trace_qr(store, sale["lines"])
    qr = _paid_qr(sale, s) if kind == "sale" and not reprint else None
    expired = certificates_expired(store, (line["product_id"] for line in sale["lines"]), sale["business_day"])
    in_sets = sets.line_components(store, (line["id"] for line in sale["lines"]))
    promos, order_promos = sale_promotions.for_receipt(store, sale["id"], sale["lang"])
    return {
        "kind": kind,
        "lang": sale["lang"],
        "reprint": reprint,
        "store": {
            "name": s.get("store_name", ""), "header": s.get("receipt_header", ""), "address": s.get("address", ""),
            "tax_code": s.get("tax_code", ""), "phone": s.get("phone", ""),
            "location_name": s.get("location_name", ""), "device_code": sale["device_code"],
            "footer": s.get("receipt_footer", ""),
        },
        "receipt_no": sale["receipt_no"],
        "created_at": sale["created_at"],
        "local_time": local_time(sale["created_at"]),
        "clerk": sale["clerk"],
        "lines": [{
            "name": product_name(line, sale["lang"]),
            "sku": line["sku"], "qty": line["qty"], "qty_text": einvoice_printed.qty_text(line["qty"], line["sold_by_weight"]),
            "unit": "kg" if line["sold_by_weight"] else unit_name(line["unit"], sale["lang"], line["qty"]),
            "unit_price": line["unit_price"],
            "gross": line["gross"], "discount": line["line_discount"] + line["order_discount_share"] - line["promo_discount"],
            "promotions": promos.get(line["id"], []),  # "KM: <text> −X đ" (pos/sale_promotions.py)
            "net": line["net"], "vat_rate": line["vat_rate"],
            "ocop_stars": None if line["product_id"] in expired else line["ocop_stars"],
            "components": _contents(in_sets.get(line["id"], []), sale["lang"]),
        } for line in sale["lines"]],
        "subtotal": sale["subtotal"],
        "line_discount_total": sale["line_discount_total"] - sum(ln["promo_discount"] for ln in sale["lines"]),
        "order_promotions": order_promos,
        "order_discount": sale["order_discount"],
        "order_discount_reason": sale["order_discount_reason"],
        "total": sale["total"],
        "vat": vat,
        "vat_total": sale["vat_total"],
        "payments": [{"method": p["method"], "amount": p["amount"], "tendered": p["tendered"],
                      "change": p["change_given"], "reference": p["reference"]} for p in sale["payments"]],
        "change_due": sale["change_due"],
        "qr": qr or trace,
        "trace_qr": trace,
        "paid_by_qr": any(payment_methods.lookup(p["method"]).qr_code for p in sale["payments"]) and kind == "sale",
        "barcode": sale["receipt_no"],
        "original_receipt_no": sale["original_receipt_no"],
        "reason": sale["reason"] or (sale.get("void_reason") or ""),
        "invoices": einvoice_printed.invoice_docs(store, sale["id"], voided=kind == "void"),
    }
