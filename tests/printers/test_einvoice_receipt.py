"""The printed receipt is the invoice's representation: read back from the bytes a real TCP printer
listener received (raster decoded, codes scanned) and from the text runs drawn."""
from __future__ import annotations

import time

import zxingcpp

from pos import catalog, print_jobs, sales
from pos.cart import Cart
from pos.einvoice import issue, sellers
from printers import receipt
from printers.queue import PrintQueueWorker
from escpos_parse import parse
from loopback_devices import TcpPrinter

from einvoice_setup import OPERATOR, PRODUCER, einvoice


def _wait(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.03)
    raise AssertionError("condition not reached")


def _texts(doc, width=576):
    return [" ".join(t.split()) for t, _, _ in receipt.render_with_text(doc, width)[1]]


def _sale(store, selling, buyer=None):
    cart = Cart()
    cart.add(catalog.get_product(store, selling.salt), qty=2)
    cart.add(catalog.get_product(store, selling.fish), grams=350)
    cart.add(catalog.get_product(store, selling.shrimp), qty=1)
    cart.set_line_discount(0, 5_000, "khách quen")
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": 500_000}], selling.clerk, buyer=buyer)


def test_invoice_receipt_from_the_printer_bytes(store, selling):
    store.set_settings(tax_code=OPERATOR)
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=576)
        res = _sale(store, selling)
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
    doc = sales.receipt_doc(store, res.sale_id)
    assert page.tobytes() == receipt.render(doc, 576).tobytes()  # the paper is the document drawn
    op, prod = issue.of_sale(store, res.sale_id)
    read = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(page)}
    assert ("QRCode", "https://hoadon.example.vn/tra-cuu") in read and ("Code128", res.receipt_no) in read
    texts = _texts(doc)
    for want in ("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "HÓA ĐƠN BÁN HÀNG", "(khởi tạo từ máy tính tiền)", "1C26MBL", "2C26MBL",
                 f"Mã CQT: {op['authority_code']}", f"Mã CQT: {prod['authority_code']}",
                 "Người mua: Bán cho người tiêu dùng", "MST: 1900987655", "Đơn vị nhận ủy nhiệm lập hóa đơn:",
                 f"Mã tra cứu: {op['lookup_code']}", "Cộng tiền hàng chưa thuế 5%", "Tiền thuế GTGT 5%"):
        assert any(want in t for t in texts), want
    joined = " ".join(texts)
    assert op["total_words"] in joined and "Hai trăm năm mươi nghìn đồng" in joined
    assert "BẢN SAO - IN LẠI" not in texts
    # the producer's sales invoice (template 2) shows no VAT breakdown
    after_prod = joined[joined.index("HÓA ĐƠN BÁN HÀNG"):]
    assert "Tiền thuế GTGT" not in after_prod


def test_reprint_is_a_copy_and_a_buyer_replaces_the_consumer_line(store, selling):
    sellers.apply_settings(store, einvoice())
    res = _sale(store, selling, buyer={"tax_code": "0100233488", "company": "Công ty TNHH An Phát",
                                       "address": "5 Lê Lợi, Hà Nội"})
    texts = _texts(sales.receipt_doc(store, res.sale_id, reprint=True), 384)
    assert "BẢN SAO - IN LẠI" in texts and "BẢN IN LẠI" in texts
    assert "Tên đơn vị: Công ty TNHH An Phát" in texts and "Mã số thuế: 0100233488" in texts
    assert not any("Bán cho người tiêu dùng" in t for t in texts)


def test_refund_receipt_prints_the_adjustment_referring_to_the_original(store, selling):
    sellers.apply_settings(store, einvoice())
    res = _sale(store, selling)
    line = sales.get_sale(store, res.sale_id)["lines"][0]
    ref = sales.refund(store, res.sale_id, [{"line_id": line["id"], "qty": 1}], selling.clerk, selling.manager, "vỡ")
    texts = _texts(sales.receipt_doc(store, ref.sale_id))
    assert "PHIẾU TRẢ HÀNG" in texts
    assert "Điều chỉnh giảm cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 22/11/2026" in " ".join(texts)
    assert "-42.500" in texts  # half of the 85.000 paid for two jars after the discount, negative
