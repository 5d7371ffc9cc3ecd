"""A gift set's receipt, from a real sale on a real kiosk database to the bytes a network printer
received: one line for the box, what one box holds printed beneath it ("gồm: 2 × Muối hầm ..."),
in Vietnamese and in English."""
from __future__ import annotations

import time

import zxingcpp

from pos import catalog, print_jobs, sales, shifts, stock
from pos.cart import Cart
from printers import receipt
from printers.queue import PrintQueueWorker
from escpos_parse import parse
from loopback_devices import TcpPrinter


def wait_for(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError("condition not reached")


def _box(store, small) -> str:
    box, _ = catalog.upsert_product(store, {
        "sku": "HOPQUA-TET", "name_vi": "Hộp quà Tết Bạc Liêu", "name_en": "Bac Lieu Tet gift box",
        "producer_id": small.producer_hh, "unit": "hộp", "price": 500_000, "vat_rate": 8}, barcodes=["8930000000101"])
    catalog.apply_catalog(store, {"set_components": [{"set_id": box, "components": [
        {"product_id": small.salt, "qty": 2}, {"product_id": small.shrimp, "qty": 1}]}]})
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 10}], small.manager)
    stock.receive_delivery(store, small.producer_htx, [{"product_id": small.shrimp, "qty": 2, "lot_no": "T-1",
                                                        "use_by": "2027-01-31"},
                                                       {"product_id": small.shrimp, "qty": 3, "lot_no": "T-2",
                                                        "use_by": "2027-02-28"}], small.manager)
    shifts.open_shift(store, small.clerk, 0)
    return box


def test_the_printed_receipt_lists_what_the_box_holds(store, small):
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=576)
        _box(store, small)
        cart = Cart()
        cart.add(catalog.lookup(store, "8930000000101").product, qty=3)  # shrimp from two lots: still one line
        res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 1_500_000}], small.clerk)
        w = PrintQueueWorker(store.path, printer.settings, width=576, poll_s=0.05, backoff_s=(0.05, 0.3),
                             status_timeout_s=0.5, probe_every_s=0)
        w.start()
        try:
            wait_for(lambda: all(j["status"] == "printed" for j in print_jobs.recent(store, 5)))
        finally:
            w.stop()
        (job,) = (parse(j) for j in printer.jobs())
    finally:
        printer.stop()
    doc = sales.receipt_doc(store, res.sale_id)
    img, drawn = receipt.render_with_text(doc, 576)
    page = job.page()
    assert page.tobytes() == img.tobytes()  # the paper is exactly the document below
    assert ("Code128", res.receipt_no) in {(r.format.name, r.text) for r in zxingcpp.read_barcodes(page)}
    texts = [t for t, _, _ in drawn]
    assert texts.count("Hộp quà Tết Bạc Liêu") == 1
    box = texts.index("Hộp quà Tết Bạc Liêu")
    assert texts[box + 3:box + 5] == ["gồm: 2 × Muối hầm Bạc Liêu 500g", "1 × Tôm khô Gành Hào 200g"]
    first, second = drawn[box + 3], drawn[box + 4]
    assert second[1] > first[1] + 20  # the second component starts under the first one's quantity
    # the lines beneath are on the paper: without them the page is shorter by two small lines
    bare = receipt.render({**doc, "lines": [{**ln, "components": []} for ln in doc["lines"]]}, 576)
    assert bare.height < page.height and page.crop((0, 0, 576, bare.height // 4)) == bare.crop(
        (0, 0, 576, bare.height // 4))


def test_an_english_receipt_says_contains(store, small):
    _box(store, small)
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000101").product, qty=1)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 500_000}], small.clerk, lang="en")
    texts = [t for t, _, _ in receipt.render_with_text(sales.receipt_doc(store, res.sale_id), 384)[1]]
    assert "contains: 2 × Bac Lieu roasted salt 500g" in texts and "1 × Dried shrimp 200g" in texts


def test_with_e_invoices_the_box_contents_follow_the_invoices_untouched(store, small):
    from pos.einvoice import sellers
    from einvoice_setup import OPERATOR, einvoice

    store.set_settings(tax_code=OPERATOR)
    sellers.apply_settings(store, einvoice())
    _box(store, small)
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000101").product, qty=1)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 500_000}], small.clerk)
    doc = sales.receipt_doc(store, res.sale_id)
    assert doc["invoices"] and doc["invoices"][0]["lines"][0]["name"] == "Hộp quà Tết Bạc Liêu"
    assert "components" not in doc["invoices"][0]["lines"][0]  # the invoice is printed as issued
    texts = [t for t, _, _ in receipt.render_with_text(doc, 576)[1]]
    last_invoice_line = max(i for i, t in enumerate(texts) if "Hộp quà Tết Bạc Liêu" in t and t.startswith("1. "))
    after = texts[last_invoice_line + 1:]
    at = after.index("Hộp quà Tết Bạc Liêu")
    assert after[at + 1:at + 3] == ["gồm: 2 × Muối hầm Bạc Liêu 500g", "1 × Tôm khô Gành Hào 200g"]
