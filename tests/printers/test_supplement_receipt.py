"""The supplement's receipt (pos/supplements.py) read back from the bytes a real TCP printer
listener received: the original receipt named, the increasing adjustment invoice with its
"Điều chỉnh tăng cho hóa đơn ..." line, positive amounts, its number and lookup QR; and the
receipts of a raised unit's refund and of a supplement's void, each with its decrease."""
from __future__ import annotations

import time

import zxingcpp

from pos import catalog, print_jobs, sales, supplements
from pos.cart import Cart
from pos.einvoice import issue, sellers
from printers import receipt
from printers.queue import PrintQueueWorker
from escpos_parse import parse
from loopback_devices import TcpPrinter

from einvoice_setup import einvoice


def _wait(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.03)
    raise AssertionError("condition not reached")


def test_the_supplement_receipt_from_the_printer_bytes(store, selling):
    sellers.apply_settings(store, einvoice())
    cart = Cart()
    cart.add(catalog.get_product(store, selling.salt), qty=2)
    cart.add(catalog.get_product(store, selling.shrimp), qty=1)
    sale = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 400_000}], selling.clerk)
    shrimp = next(ln for ln in sales.get_sale(store, sale.sale_id)["lines"] if ln["product_id"] == selling.shrimp)
    more = Cart()
    more.add(catalog.get_product(store, selling.cake), qty=1)
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=576)
        supp = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "tính thiếu giá",
                                      [{"method": "cash", "tendered": 100_000}], cart=more,
                                      raises=[{"line_id": shrimp["id"], "unit_price": 262_000}])
        w = PrintQueueWorker(store.path, printer.settings, width=576, poll_s=0.05, backoff_s=(0.05, 0.3),
                             status_timeout_s=0.5, probe_every_s=0)
        w.start()
        try:
            _wait(lambda: all(j["status"] == "printed" for j in print_jobs.recent(store, 5)))
        finally:
            w.stop()
        (job,) = (parse(j) for j in printer.jobs())
    finally:
        printer.stop()
    page = job.page()
    doc = sales.receipt_doc(store, supp.sale_id)
    assert page.tobytes() == receipt.render(doc, 576).tobytes()  # the paper is the document drawn
    (adj,) = issue.of_sale(store, supp.sale_id)
    read = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(page)}
    assert ("QRCode", "https://hoadon.example.vn/tra-cuu") in read and ("Code128", supp.receipt_no) in read
    texts = [" ".join(t.split()) for t, _, _ in receipt.render_with_text(doc, 576)[1]]
    joined = " ".join(texts)
    assert "Điều chỉnh tăng cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 22/11/2026" in joined
    assert texts[texts.index("HĐ gốc") + 1] == sale.receipt_no  # the receipt it supplements
    assert texts[texts.index("Số") + 1] == "2" == str(adj["number"]) and f"Mã CQT: {adj['authority_code']}" in texts
    assert "Tôm khô Gành Hào 200g (điều chỉnh tăng đơn giá)" in joined
    assert adj["total_words"] in joined and adj["total_words"] == "Bốn mươi bảy nghìn đồng"  # 12.000 + 35.000
    assert "12.000" in texts and "35.000" in joined and "-12.000" not in texts
    assert "tính thiếu giá" in joined


def _printed(store, printer, count):
    w = PrintQueueWorker(store.path, printer.settings, width=576, poll_s=0.05, backoff_s=(0.05, 0.3),
                         status_timeout_s=0.5, probe_every_s=0)
    w.start()
    try:
        _wait(lambda: len(printer.jobs()) >= count)
    finally:
        w.stop()
    return [parse(j) for j in printer.jobs()]


def test_a_raised_unit_s_refund_and_a_supplement_s_void_from_the_printer_bytes(store, selling):
    """The refund of a raised unit gives back its first price and its raise (pos/refundable.py) on
    a decrease of the sale's invoice; the void of a supplement prints its decrease only."""
    sellers.apply_settings(store, einvoice())
    cart = Cart()
    cart.add(catalog.get_product(store, selling.shrimp), qty=1)
    sale = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 300_000}], selling.clerk)
    (shrimp,) = sales.get_sale(store, sale.sale_id)["lines"]
    supp = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "tính thiếu giá",
                                  [{"method": "cash", "tendered": 12_000}],
                                  raises=[{"line_id": shrimp["id"], "unit_price": 262_000}])
    more = Cart()
    more.add(catalog.get_product(store, selling.cake), qty=1)
    other = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "quên bánh",
                                   [{"method": "cash", "tendered": 35_000}], cart=more)
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=576)
        back = sales.refund(store, sale.sale_id, [{"line_id": shrimp["id"], "qty": 1}], selling.clerk,
                            selling.manager, "khách trả")
        sales.void_sale(store, other.sale_id, selling.clerk, selling.manager, "nhầm")
        refund_page, void_page = (j.page() for j in _printed(store, printer, 2))
    finally:
        printer.stop()
    assert back.total == 262_000 and supp.total == 12_000
    doc = sales.receipt_doc(store, back.sale_id)
    assert refund_page.tobytes() == receipt.render(doc, 576).tobytes()
    joined = " ".join(" ".join(t.split()) for t, _, _ in receipt.render_with_text(doc, 576)[1])
    (dec,) = issue.of_sale(store, back.sale_id)
    assert "Điều chỉnh giảm cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 22/11/2026" in joined
    assert dec["number"] == 4 and f"Mã CQT: {dec['authority_code']}" in joined
    assert dec["total"] == -262_000 and "262.000" in joined  # 250.000 first paid + the 12.000 raise
    assert dec["total_words"] == "Hai trăm sáu mươi hai nghìn đồng" and dec["total_words"] in joined
    vdoc = sales.receipt_doc(store, other.sale_id)
    assert void_page.tobytes() == receipt.render(vdoc, 576).tobytes()
    vtext = " ".join(" ".join(t.split()) for t, _, _ in receipt.render_with_text(vdoc, 576)[1])
    assert "Điều chỉnh giảm cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1" in vtext
    assert "Điều chỉnh tăng" not in vtext  # the increase was printed with the supplement
