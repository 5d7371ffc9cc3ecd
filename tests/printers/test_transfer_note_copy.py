"""A transfer note printed again (issue 14: "In lại phiếu" on the transfers screen) is marked as a
copy, "BẢN SAO - IN LẠI", read back from the ESC/POS bytes a loopback TCP printer received: the
page is the note's image, the sender's copy still carries the whole transfer as its QR (a lost
note must not strand the goods), the receiver's copy only its number (its goods are booked), and
the original says nothing of a copy."""
from __future__ import annotations

import time

import zxingcpp

from pos import catalog, print_jobs, stock, transfers
from printers import return_note
from printers.queue import PrintQueueWorker
from escpos_parse import parse
from loopback_devices import TcpPrinter

COPY = "BẢN SAO - IN LẠI"
TID = "5f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b"


def printed(store, n: int) -> list:
    """Every pending job through the print queue to a loopback printer -> the parsed jobs."""
    printer = TcpPrinter()
    try:
        store.set_settings(printer=printer.settings, printer_width_px=576)
        w = PrintQueueWorker(store.path, printer.settings, width=576, poll_s=0.05, backoff_s=(0.05, 0.3),
                             status_timeout_s=0.5, probe_every_s=0)
        w.start()
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not all(j["status"] == "printed" for j in print_jobs.recent(store, n)):
                time.sleep(0.03)
        finally:
            w.stop()
        jobs = [parse(j) for j in printer.jobs()]
    finally:
        printer.stop()
    assert len(jobs) == n
    return jobs


def read_back(job, payload: dict) -> tuple[set, list[str]]:
    """The page checked against the note's own image -> (QR texts on it, texts drawn)."""
    page = job.page()
    image, drawn = return_note.render_with_text(payload, 576)
    assert page.tobytes() == image.tobytes()
    return {r.text for r in zxingcpp.read_barcodes(page) if r.format.name == "QRCode"}, [t for t, _, _ in drawn]


def test_a_sent_transfer_copy_says_so_and_keeps_its_qr(store, small):
    stock.receive_delivery(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 5, "lot_no": "A", "use_by": "2027-01-31"}], small.manager)
    tid, _ = transfers.send(store, "BL-SITE", [{"product_id": small.salt, "qty": 2, "lot_no": "A"}], small.manager)
    transfers.reprint(store, tid, small.clerk)
    original, copy = printed(store, 2)
    second, first = (j["payload"] for j in print_jobs.recent(store, 2))  # newest first
    codes, texts = read_back(original, first)
    assert codes == {transfers.note_code(store, tid)} and COPY not in texts
    codes, texts = read_back(copy, second)
    assert codes == {transfers.note_code(store, tid)}  # the copy still takes the goods in
    assert COPY in texts and "PHIẾU CHUYỂN KHO" in texts and "CK-HN01-00001" in texts
    assert "Nơi nhận: BL-SITE" in texts and "2 hũ" in texts
    audit = store.one("SELECT staff_id, ref_type, ref_id FROM audit_log WHERE action = 'transfer_note.reprint'")
    assert audit == {"staff_id": small.clerk, "ref_type": "transfer", "ref_id": tid}


def test_a_received_transfer_copy_is_a_record_with_its_number_only(store, small):
    sku = catalog.get_product(store, small.salt)["sku"]
    transfers.receive(store, f"OCOPCK1|{TID}|CK-BL01-00007|BL01|HN-BOOTH|{sku}~ML-A~2027-01-31~~5", small.manager)
    assert store.one("SELECT count(*) AS n FROM print_jobs")["n"] == 0  # taking in prints nothing
    transfers.reprint(store, TID, small.manager)
    job, = printed(store, 1)
    codes, texts = read_back(job, print_jobs.recent(store, 1)[0]["payload"])
    assert codes == {"CK-BL01-00007"}
    assert COPY in texts and "Nơi chuyển: BL01" in texts and "Lô ML-A · HSD 31/01/2027" in texts
    assert any(t.startswith("Người nhận vào kho: ") for t in texts)
