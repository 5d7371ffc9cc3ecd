"""From a real sale on a real kiosk database to what the customer scans off the paper."""
from __future__ import annotations

import time

import zxingcpp

from pos import catalog, print_jobs, sales, shifts, vietqr
from pos.cart import Cart
from printers import receipt
from printers.queue import PrintQueueWorker
from escpos_parse import drawer_kicks, parse
from loopback_devices import TcpPrinter


def wait_for(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError("condition not reached")


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        hit = catalog.lookup(store, code)
        cart.add(hit.product, grams=hit.grams, price=hit.price, barcode=code)
    return cart


def found(img):
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)}


def test_sale_receipt_doc_renders_and_scans(store, selling):
    cart = ring(store, "8930000000019", "8930000000026", "8930000000033")
    res = sales.complete_sale(store, cart, [{"method": "vietqr", "amount": cart.totals().total}], selling.clerk)
    doc = sales.receipt_doc(store, res.sale_id)
    img, drawn = receipt.render_with_text(doc, 576)
    codes = found(img)
    qr = next(t for f, t in codes if f == "QRCode")
    d = vietqr.decode(qr)
    assert (d.bin_code, d.account, d.amount) == ("970436", "1017595600", res.total)
    assert ("Code128", res.receipt_no) in codes
    texts = [t for t, _, _ in drawn]
    assert "Muối hầm Bạc Liêu 500g ★★★★" in texts and "Nguyễn Thị Lan" in texts
    # an English sale prints English labels and English product names
    cart = ring(store, "8930000000019")
    res_en = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 50_000}], selling.clerk, lang="en")
    en = [t for t, _, _ in receipt.render_with_text(sales.receipt_doc(store, res_en.sale_id), 384)[1]]
    assert "SALES RECEIPT" in en and "Change" in en and any("Bac Lieu roasted salt 500g" in t for t in en)


def test_sale_prints_through_the_queue_and_z_report(store, selling):
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=384)
        cart = ring(store, "8930000000019", "8930000000019")
        res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 100_000}], selling.clerk)
        jobs = print_jobs.recent(store, 5)
        assert len(jobs) == 1 and jobs[0]["ref_id"] == res.sale_id  # written with the sale
        shift = shifts.current(store)
        print_jobs.enqueue(store, "x_report", shift["id"], shifts.report_doc(store, shift["id"], "x_report"))
        w = PrintQueueWorker(store.path, printer.settings, width=384, poll_s=0.05, backoff_s=(0.05, 0.3),
                             status_timeout_s=0.5, probe_every_s=0)
        w.start()
        try:
            wait_for(lambda: all(j["status"] == "printed" for j in print_jobs.recent(store, 5)))
        finally:
            w.stop()
        sale_job, report_job = (parse(j) for j in printer.jobs())
        assert drawer_kicks(sale_job) == 0 and drawer_kicks(report_job) == 0  # the drawer opens at the sale
        assert ("Code128", res.receipt_no) in found(sale_job.page())
        want = receipt.render(sales.receipt_doc(store, res.sale_id), 384)
        assert sale_job.page().tobytes() == want.tobytes()
        assert report_job.page().width == 384
    finally:
        printer.stop()


def test_weighed_goods_print_grams_at_price_per_kg(store, selling):
    from pos import barcodes as bc

    cart = ring(store, bc.make_embedded("21", 1, 350))
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 200_000}], selling.clerk)
    texts = [t for t, _, _ in receipt.render_with_text(sales.receipt_doc(store, res.sale_id), 384)[1]]
    assert "350 g × 420.000/kg VAT 5%" in [" ".join(t.split()) for t in texts] and "147.000" in texts


def test_demo_store_sale_to_scanned_receipt(tmp_path):
    """The shipped demo data, as a kiosk starts with it: a bank-transfer sale, its receipt document
    from pos.sales, rendered at 80 mm, then read back by a scanner."""
    from pos import demo
    from pos.store import Store

    with Store(tmp_path / "demo.db") as st:
        demo.seed_demo(st)
        clerk = st.one("SELECT id FROM staff WHERE role IN ('clerk','manager','admin') ORDER BY code LIMIT 1")["id"]
        if shifts.current(st) is None:
            shifts.open_shift(st, clerk, 500_000)
        if not st.setting("bank_bin"):
            st.set_settings(bank_bin="970436", bank_account="1017595600")
        codes = [r["code"] for r in st.all(
            "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
            "WHERE p.sold_by_weight = 0 AND length(b.code) = 13 ORDER BY b.code LIMIT 3")]
        assert len(codes) == 3
        cart = ring(st, *codes)
        res = sales.complete_sale(st, cart, [{"method": "vietqr", "amount": cart.totals().total}], clerk)
        doc = sales.receipt_doc(st, res.sale_id)
        img = receipt.render(doc, 576)
    codes_read = found(img)
    payload = next(t for f, t in codes_read if f == "QRCode")
    assert vietqr.decode(payload).amount == res.total
    assert ("Code128", res.receipt_no) in codes_read


def test_labels_from_catalog_products(store, small, tmp_path):
    from pos import labels as pos_labels
    from printers import labels

    day = store.business_day()
    salt = pos_labels.product_spec(catalog.get_product(store, small.salt), "barcode", day)
    assert (salt["name"], salt["price"], salt["code"], salt["ocop_stars"]) == \
        ("Muối hầm Bạc Liêu 500g", 45_000, "8930000000019", 4)
    fish = pos_labels.product_spec(catalog.get_product(store, small.fish), "shelf", day)
    assert fish["unit"] == "kg" and fish["code"] == "KHOCA"  # a 7-digit PLU key is no printable GTIN: SKU instead
    code = catalog.issue_instore_barcode(store, small.cake)
    cake = pos_labels.product_spec(catalog.get_product(store, small.cake), "barcode", day, code=code)
    pages = labels.sheet_pages([salt, fish, cake])
    read = set().union(*(found(page) for page in pages))
    assert {("EAN13", "8930000000019"), ("Code128", "KHOCA"), ("EAN13", code)} <= read
    # the scanned code brings back the same product
    assert catalog.lookup(store, code).product["id"] == small.cake