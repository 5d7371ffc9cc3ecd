"""OCOP stars only while the certificate is valid on the Vietnam business day of the sale; the
receipt's QR codes (traceability from any line, no payable VietQR on a reprint or a void)."""
from __future__ import annotations

import datetime as dt

from pos import catalog, sales
from pos.cart import Cart

SALT, SHRIMP = "8930000000019", "8930000000026"
TRACE = "https://truyxuat.ocop.vn/p/TOM-200"


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        cart.add(catalog.lookup(store, code).product, barcode=code)
    return cart


def pay_cash(store, cart, clerk):
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": cart.totals().total}], clerk)


def test_an_expired_certificate_sells_without_stars(store, selling):
    # the store clock reads 22/11/2026 10:00 in Vietnam; the shrimp's certificate ended yesterday
    catalog.upsert_product(store, {"id": selling.shrimp, "ocop_cert_expires": "2026-11-21"})
    shrimp = catalog.lookup(store, SHRIMP).product
    assert (shrimp["ocop_stars"], shrimp["ocop_cert_expired"]) == (None, True)
    salt = catalog.lookup(store, SALT).product
    assert (salt["ocop_stars"], salt["ocop_cert_expired"]) == (4, False)
    assert {p["id"]: p["ocop_stars"] for p in catalog.search(store, "gành hào")}[selling.shrimp] is None
    tiles = {p["id"]: p["ocop_stars"] for p in catalog.products_in_category(store, selling.category)}
    assert (tiles[selling.shrimp], tiles[selling.salt]) == (None, 4)
    # the catalog itself keeps the rating: the manager edits it, a renewed certificate restores it
    assert catalog.get_product(store, selling.shrimp)["ocop_stars"] == 4

    cart = ring(store, SALT, SHRIMP)
    assert [line.ocop_stars for line in cart.lines] == [4, None]
    res = pay_cash(store, cart, selling.clerk)
    assert [ln["ocop_stars"] for ln in sales.get_sale(store, res.sale_id)["lines"]] == [4, None]
    assert [ln["ocop_stars"] for ln in sales.receipt_doc(store, res.sale_id)["lines"]] == [4, None]


def test_the_certificate_is_judged_on_the_vietnam_business_day(store, selling, clock):
    catalog.upsert_product(store, {"id": selling.shrimp, "ocop_cert_expires": "2026-11-22"})
    clock.t = dt.datetime(2026, 11, 22, 16, 30, tzinfo=dt.timezone.utc)  # 23:30 in Vietnam: last day
    assert catalog.lookup(store, SHRIMP).product["ocop_stars"] == 4
    cart = ring(store, SHRIMP)  # rung up before midnight, with its stars on screen
    assert cart.lines[0].ocop_stars == 4
    clock.t = dt.datetime(2026, 11, 22, 17, 30, tzinfo=dt.timezone.utc)  # 00:30 on the 23rd; UTC still the 22nd
    assert catalog.lookup(store, SHRIMP).product["ocop_stars"] is None
    res = pay_cash(store, cart, selling.clerk)  # paid after midnight: the sale stores what was valid then
    assert sales.get_sale(store, res.sale_id)["lines"][0]["ocop_stars"] is None
    assert sales.receipt_doc(store, res.sale_id)["lines"][0]["ocop_stars"] is None


def test_a_receipt_keeps_the_stars_valid_on_its_sale_day(store, selling, clock):
    catalog.upsert_product(store, {"id": selling.shrimp, "ocop_cert_expires": "2026-11-30"})
    res = pay_cash(store, ring(store, SHRIMP), selling.clerk)
    clock.advance(days=20)  # reprinted after the certificate ended: it was valid when sold
    assert sales.receipt_doc(store, res.sale_id, reprint=True)["lines"][0]["ocop_stars"] == 4
    # the centre corrects the expiry to a date before the sale: the receipt no longer claims the stars
    catalog.upsert_product(store, {"id": selling.shrimp, "ocop_cert_expires": "2026-11-01"})
    assert sales.receipt_doc(store, res.sale_id, reprint=True)["lines"][0]["ocop_stars"] is None


def test_the_trace_code_comes_from_any_line_that_has_one(store, selling):
    catalog.upsert_product(store, {"id": selling.shrimp, "trace_url": TRACE})
    res = pay_cash(store, ring(store, SALT, SHRIMP), selling.clerk)  # the first line has no trace URL
    doc = sales.receipt_doc(store, res.sale_id)
    assert doc["qr"] == {"kind": "trace", "payload": TRACE, "caption": "Tôm khô Gành Hào 200g"}
    assert doc["trace_qr"] == doc["qr"] and doc["paid_by_qr"] is False
    assert sales.receipt_doc(store, pay_cash(store, ring(store, SALT), selling.clerk).sale_id)["qr"] is None


def test_no_payable_vietqr_on_a_reprint_or_a_void(store, selling):
    catalog.upsert_product(store, {"id": selling.shrimp, "trace_url": TRACE})
    cart = ring(store, SALT, SHRIMP)
    res = sales.complete_sale(store, cart, [{"method": "vietqr", "amount": cart.totals().total}], selling.clerk)
    first = sales.receipt_doc(store, res.sale_id)
    assert first["qr"]["kind"] == "vietqr" and first["trace_qr"]["payload"] == TRACE and first["paid_by_qr"]
    again = sales.receipt_doc(store, res.sale_id, reprint=True)
    assert again["qr"] == first["trace_qr"] and again["paid_by_qr"] and again["reprint"]
    sales.void_sale(store, res.sale_id, selling.clerk, selling.manager, "khách đổi ý")
    void = sales.receipt_doc(store, res.sale_id)
    assert void["kind"] == "void" and void["qr"]["kind"] == "trace" and not void["paid_by_qr"]


def test_the_manager_list_of_withdrawn_stars(store, selling):
    from pos import stock

    catalog.upsert_product(store, {"id": selling.shrimp, "ocop_cert_expires": "2026-11-21"})
    catalog.upsert_product(store, {"id": selling.cake, "ocop_cert_expires": "2026-11-22"})  # valid today still
    catalog.upsert_product(store, {"id": selling.fish, "ocop_stars": None, "ocop_cert_expires": "2026-01-01"})
    assert stock.stars_withdrawn(store) == {"count": 1, "names": ["Tôm khô Gành Hào 200g"]}
