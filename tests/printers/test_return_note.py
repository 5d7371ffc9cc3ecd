"""The return note ("Phiếu trả hàng cho nhà sản xuất") from a real return on a real kiosk database,
printed through the print queue to a loopback TCP printer, and read back from the ESC/POS bytes:
the page the printer draws is the note's image, its QR code gives back the note's number, and
the text on it names the producer, each lot with its use-by and quantity, and both signatures."""
from __future__ import annotations

import time

import pytest
import zxingcpp

from pos import print_jobs, producer_returns as pr, stock
from printers import return_note
from printers.queue import PrintQueueWorker
from escpos_parse import drawer_kicks, parse
from loopback_devices import TcpPrinter


def wait_for(pred, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.03)
    raise AssertionError("condition not reached")


@pytest.fixture
def returned(store, small):
    stock.receive_delivery(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 5, "lot_no": "ML-0711", "use_by": "2027-01-31"},
        {"product_id": small.fish, "qty": 2_500, "lot_no": "CA-02"}], small.manager)
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 2}], small.manager)
    rid, _ = pr.return_to_producer(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 3, "lot_no": "ML-0711"},
        {"product_id": small.fish, "qty": 1_250, "lot_no": "CA-02"},
        {"product_id": small.salt, "qty": 2}], small.manager, "Cận hạn sử dụng")
    return rid


@pytest.mark.parametrize("width", [384, 576])
def test_the_note_reads_back_from_the_printer_bytes(store, small, returned, width):
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=width)
        w = PrintQueueWorker(store.path, printer.settings, width=width, poll_s=0.05, backoff_s=(0.05, 0.3),
                             status_timeout_s=0.5, probe_every_s=0)
        w.start()
        try:
            wait_for(lambda: print_jobs.recent(store, 5)[0]["status"] == "printed")
        finally:
            w.stop()
        job, = (parse(j) for j in printer.jobs())
    finally:
        printer.stop()
    assert drawer_kicks(job) == 0  # a note opens no drawer
    page = job.page()
    doc = pr.note_doc(store, returned)
    image, drawn = return_note.render_with_text(doc, width)
    assert page.width == width and page.tobytes() == image.tobytes()  # the paper is the note
    codes = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(page)}
    assert ("QRCode", "TH-HN01-00001") in codes
    texts = [t for t, _, _ in drawn]
    joined = " ".join(texts)
    assert "PHIẾU TRẢ HÀNG CHO NHÀ SẢN XUẤT" in joined
    assert "TH-HN01-00001" in texts
    assert "Nhà sản xuất: Hộ kinh doanh Muối Đông Hải" in joined
    assert "Lý do: Cận hạn sử dụng" in joined
    assert "Người lập phiếu: Trần Văn Hùng" in joined
    assert "Lô ML-0711 · HSD 31/01/2027" in texts and "3 hũ" in texts
    assert "Lô CA-02" in texts and "1.250 g" in texts
    assert "không theo lô" in texts and "2 hũ" in texts
    # the two signature columns (a heading may wrap within its own half of the paper)
    left = " ".join(t for t, x0, x1 in drawn if t.isupper() and x1 <= width / 2)
    right = " ".join(t for t, x0, x1 in drawn if t.isupper() and x0 >= width / 2)
    assert "ĐẠI DIỆN ĐIỂM BÁN" in left and "ĐẠI DIỆN NHÀ SẢN XUẤT" in right
    assert texts.count("(Ký, ghi rõ họ tên)") == 2
    assert all(0 <= x0 and x1 <= width for _, x0, x1 in drawn)  # nothing past the paper's edge


def test_a_reprint_says_so(store, small, returned):
    pr.reprint(store, returned, small.manager)
    job = print_jobs.recent(store, 5)[0]
    texts = [t for t, _, _ in return_note.render_with_text(job["payload"], 576)[1]]
    assert "BẢN IN LẠI" in texts


def test_bad_width_is_refused(store, returned):
    with pytest.raises(ValueError):
        return_note.render(pr.note_doc(store, returned), 500)
