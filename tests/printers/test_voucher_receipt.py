"""A sale paid partly by voucher, printed through the real print queue to a loopback printer: the
ESC/POS bytes decoded back to the paper are exactly the receipt whose lines name the voucher (its
masked code, never the whole secret) and its amount beside the cash."""
from __future__ import annotations

import time

from pos import catalog, print_jobs, sales, voucher_codes, vouchers
from pos.cart import Cart
from printers import receipt
from printers.queue import PrintQueueWorker
from escpos_parse import parse
from loopback_devices import TcpPrinter


def wait_for(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.03)
    raise AssertionError("condition not reached")


def test_the_printed_receipt_shows_the_voucher_payment(store, selling):
    code = voucher_codes.new_code()
    with store.transaction():
        vouchers.apply_pulled(store, [{"id": "v1", "code": code, "kind": "amount", "value": 100_000, "cap": 0,
                                       "uses": 1, "allotted": 1, "expires_on": "2026-12-31", "name": ""}])
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=384)
        cart = Cart()
        hit = catalog.lookup(store, "8930000000026")  # 250.000
        cart.add(hit.product, price=hit.price, barcode="8930000000026")
        res = sales.complete_sale(store, cart, [{"method": "voucher", "amount": 100_000, "voucher_code": code},
                                                {"method": "cash", "tendered": 200_000}], selling.clerk)
        w = PrintQueueWorker(store.path, printer.settings, width=384, poll_s=0.05, backoff_s=(0.05, 0.3),
                             status_timeout_s=0.5, probe_every_s=0)
        w.start()
        try:
            wait_for(lambda: all(j["status"] == "printed" for j in print_jobs.recent(store, 5)))
        finally:
            w.stop()
        [job] = [parse(j) for j in printer.jobs()]
        doc = sales.receipt_doc(store, res.sale_id)
        img, drawn = receipt.render_with_text(doc, 384)
        assert job.page().tobytes() == img.tobytes()  # the bytes are this paper
        texts = [" ".join(t.split()) for t, _, _ in drawn]
        masked = voucher_codes.masked(code)
        assert f"Phiếu quà tặng {masked}" in texts and "100.000 ₫" in texts
        assert "Tiền mặt" in texts and "150.000 ₫" in texts
        assert not any(code in t or code.replace("-", "") in t for t in texts)  # the secret is not on paper
    finally:
        printer.stop()
