"""The persistent print queue: a broken printer never loses a receipt and never blocks a sale."""
from __future__ import annotations

import socket
import threading
import time
import unicodedata

import pytest
import zxingcpp
from PIL import ImageChops

from pos import print_jobs, vietqr
from pos.store import Store
from printers import DeviceHub, receipt
from printers.queue import PrintQueueWorker
from escpos_parse import drawer_kicks, parse
from loopback_devices import TcpPrinter, free_port
from receipt_samples import sale_doc

FAST = dict(poll_s=0.05, backoff_s=(0.05, 0.3), status_timeout_s=0.5, connect_timeout_s=2.0, probe_every_s=0)


def wait_for(pred, timeout=30.0):
    """Bounded wait for something another thread does (not a speed check)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError("condition not reached")


@pytest.fixture
def kiosk(tmp_path):
    path = tmp_path / "kiosk.db"
    s = Store(path)
    yield s
    s.close()


def job_status(store, job_id):
    return print_jobs.get(store, job_id)


def worker_for(store, settings, states=None, **kw):
    opts = dict(FAST)
    opts.update(kw)
    w = PrintQueueWorker(store.path, settings, width=576,
                         on_state=(states.append if states is not None else None), **opts)
    w.start()
    return w


def printed_page(data: bytes):
    return parse(data).page()


def test_print_jobs_db_side(kiosk):
    a = print_jobs.enqueue(kiosk, "receipt", "sale-1", sale_doc(1))
    b = print_jobs.enqueue(kiosk, "receipt", "sale-2", sale_doc(2))
    assert print_jobs.next_pending(kiosk)["id"] == a
    print_jobs.mark_printing(kiosk, a)
    assert print_jobs.next_pending(kiosk)["id"] == b and print_jobs.pending_count(kiosk) == 2
    print_jobs.retry_later(kiosk, a, "printer offline")
    row = job_status(kiosk, a)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 1, "printer offline")
    print_jobs.mark_printing(kiosk, a)
    print_jobs.mark_printed(kiosk, a)
    print_jobs.mark_failed(kiosk, b, "gave_up", "paper out")
    assert [j["status"] for j in print_jobs.recent(kiosk, 10)] == ["failed", "printed"]
    again = print_jobs.reprint(kiosk, b)
    row = job_status(kiosk, again)
    assert row["kind"] == "reprint" and row["payload"]["reprint"] is True and row["ref_id"] == "sale-2"
    from pos.errors import InvalidState, ValidationError
    with pytest.raises(ValidationError):
        print_jobs.enqueue(kiosk, "poster", "", {})
    with pytest.raises(ValidationError):
        print_jobs.mark_printed(kiosk, "no-such-job")
    with pytest.raises(InvalidState):  # a printed job cannot be marked again
        print_jobs.mark_printed(kiosk, a)


def test_job_survives_a_dead_printer_and_prints_when_it_returns(kiosk):
    port = free_port()
    settings = {"kind": "network", "host": "127.0.0.1", "port": port}
    doc = sale_doc(4, "vi", "vietqr")
    job = print_jobs.enqueue(kiosk, "receipt", "s1", doc)
    states: list[dict] = []
    w = worker_for(kiosk, settings, states)
    try:
        wait_for(lambda: job_status(kiosk, job)["attempts"] >= 2)
        row = job_status(kiosk, job)
        assert row["status"] in ("pending", "printing") and "not reachable" in row["last_error"]
        assert any(s["printer"] == "offline" for s in states)
        printer = TcpPrinter(port=port)  # the printer is switched back on
        try:
            wait_for(lambda: job_status(kiosk, job)["status"] == "printed")
            assert job_status(kiosk, job)["last_error"] == ""
            wait_for(lambda: w.state["printer"] == "ok")  # the state follows the DB row
            page = printed_page(printer.jobs()[0])
            qr = [r.text for r in zxingcpp.read_barcodes(page) if r.format.name == "QRCode"]
            assert vietqr.decode(qr[0]).amount == doc["total"]
        finally:
            printer.stop()
    finally:
        w.stop()


def test_paper_out_holds_the_job_until_paper_is_back(kiosk):
    printer = TcpPrinter(mode="paper_out")
    try:
        job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(2))
        states: list[dict] = []
        w = worker_for(kiosk, printer.settings, states)
        try:
            wait_for(lambda: any(s["printer"] == "paper_out" for s in states))
            wait_for(lambda: job_status(kiosk, job)["attempts"] >= 2)
            assert printer.jobs() == []  # nothing sent into an empty printer
            printer.mode = "ok"
            wait_for(lambda: job_status(kiosk, job)["status"] == "printed")
        finally:
            w.stop()
        assert len(printer.jobs()) == 1
    finally:
        printer.stop()


def test_give_up_keeps_the_job_for_reprint(kiosk):
    job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(1))
    w = worker_for(kiosk, {"kind": "network", "host": "127.0.0.1", "port": free_port()}, give_up_after_s=0)
    try:
        wait_for(lambda: job_status(kiosk, job)["status"] == "failed")
        assert job_status(kiosk, job)["last_error"].startswith("gave up")
    finally:
        w.stop()


def test_bad_document_fails_alone_and_the_queue_moves_on(kiosk):
    printer = TcpPrinter()
    try:
        bad = print_jobs.enqueue(kiosk, "receipt", "s0", {"kind": "sale", "lines": [{"name": "x"}]})
        good = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(1))
        w = worker_for(kiosk, printer.settings)
        try:
            wait_for(lambda: job_status(kiosk, good)["status"] == "printed")
            assert job_status(kiosk, bad)["status"] == "failed" and job_status(kiosk, bad)["outcome"] == "render"
            assert "cannot render" in job_status(kiosk, bad)["last_error"]
        finally:
            w.stop()
    finally:
        printer.stop()


def test_reprint_prints_the_same_receipt_marked_as_a_reprint(kiosk):
    printer = TcpPrinter()
    try:
        doc = sale_doc(2, "vi", "cash")
        first = print_jobs.enqueue(kiosk, "receipt", "s1", doc)
        again = print_jobs.reprint(kiosk, first)
        w = worker_for(kiosk, printer.settings)
        try:
            wait_for(lambda: job_status(kiosk, again)["status"] == "printed")
        finally:
            w.stop()
        original, reprinted = (parse(j) for j in printer.jobs())
        assert drawer_kicks(original) == 0 and drawer_kicks(reprinted) == 0  # the drawer is not the printer's job
        want = receipt.render(dict(doc, reprint=True), 576)
        assert ImageChops.difference(reprinted.page().convert("L"), want.convert("L")).getbbox() is None
    finally:
        printer.stop()


def test_recording_never_waits_for_a_stuck_printer(kiosk, tmp_path):
    """A printer that accepts the connection and never reads: the device thread blocks in send,
    while the sale side keeps writing (its own connection, no lock held by the queue)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    accepted = []
    threading.Thread(target=lambda: accepted.append(srv.accept()), daemon=True).start()
    settings = {"kind": "network", "host": "127.0.0.1", "port": srv.getsockname()[1]}
    first = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(80))  # ~1 MB of raster: fills the socket buffers
    w = worker_for(kiosk, settings, status_timeout_s=0.2, connect_timeout_s=60, write_timeout_s=120)
    try:
        wait_for(lambda: accepted and job_status(kiosk, first)["status"] == "printing")
        more = [print_jobs.enqueue(kiosk, "receipt", f"s{i}", sale_doc(1)) for i in range(2, 6)]
        with kiosk.transaction() as conn:  # an ordinary write transaction still goes through
            conn.execute("INSERT INTO settings(key, value) VALUES ('x_probe', '1')")
        assert print_jobs.pending_count(kiosk) == 5 and all(job_status(kiosk, j)["status"] == "pending" for j in more)
        assert job_status(kiosk, first)["status"] == "printing"  # the device thread is still stuck
    finally:
        if accepted:
            accepted[0][0].close()
        srv.close()
        w.stop()


def test_hub_without_devices_is_harmless(tmp_path):
    Store(tmp_path / "k.db").close()
    hub = DeviceHub(tmp_path / "k.db", {"printer": {"kind": "none"}}).start()
    hub.show_item("Muối", 45000)
    hub.show_total(45000)
    hub.open_drawer()
    hub.job_queued()
    assert hub.state["printer"] == {"printer": "none"}
    hub.stop()


def test_hub_prints_and_opens_the_drawer(kiosk):
    printer = TcpPrinter()
    try:
        seen = []
        hub = DeviceHub(kiosk.path, {"printer": printer.settings, "printer_width_px": 384},
                        on_state=seen.append, **FAST).start()
        try:
            job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(1, "en", "cash"))
            hub.job_queued()
            wait_for(lambda: job_status(kiosk, job)["status"] == "printed")
            hub.open_drawer()
            wait_for(lambda: hub.state["drawer"].get("kicks") == 1)
            assert hub.state["drawer"]["drawer"] == "ok"
            wait_for(lambda: any(drawer_kicks(parse(bytes(c))) == 1 and not parse(bytes(c)).images
                                 for c in printer.connections))
            assert parse(printer.jobs()[0]).page().width == 384
            assert seen and seen[-1]["printer"]["printer"] in ("ok", "unknown")
        finally:
            hub.stop()
    finally:
        printer.stop()


def test_text_mode_printer_gets_code_page_text_and_reports_stay_raster(kiosk):
    printer = TcpPrinter()
    try:
        settings = dict(printer.settings, text_mode=True, profile="TM-T20II")
        from receipt_samples import z_report_doc

        sale = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(2, "vi", "vietqr"))
        report = print_jobs.enqueue(kiosk, "z_report", "shift", z_report_doc())
        w = worker_for(kiosk, settings)
        try:
            wait_for(lambda: job_status(kiosk, report)["status"] == "printed")
            assert job_status(kiosk, sale)["status"] == "printed"
        finally:
            w.stop()
        text_job, report_job = (parse(j) for j in printer.jobs())
        assert ("ESC t", bytes((52,))) in text_job.events and not text_job.images
        assert "Muối hầm Bạc Liêu" in unicodedata.normalize("NFC", bytes(text_job.text).decode("cp1258"))
        assert report_job.images and report_job.page().width == 576
    finally:
        printer.stop()
