"""What the printer confirms decides (issue 10, "Printer truths"): never printed without its OK,
never printed twice without the clerk, never lost; and the cash drawer as its own command.

Every printer here is a real TCP listener on 127.0.0.1 (tests/printers/loopback_devices.py).
"Not resent" is shown with a later job as a barrier: jobs print in order, so once the later job
is through, a resend of the earlier one would already have reached the printer."""
from __future__ import annotations

import time

import pytest
from PIL import ImageChops

from pos import print_jobs
from pos.store import Store
from printers import DeviceHub, receipt
from printers.queue import PrintQueueWorker
from escpos_parse import drawer_kicks, parse
from loopback_devices import TcpPrinter, free_port
from receipt_samples import sale_doc

FAST = dict(poll_s=0.05, backoff_s=(0.05, 0.3), status_timeout_s=0.5, connect_timeout_s=2.0, probe_every_s=0,
            write_timeout_s=1.0)


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
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


def status(store, job_id) -> str:
    return print_jobs.get(store, job_id)["status"]


def worker_for(store, settings, **kw):
    w = PrintQueueWorker(store.path, settings, width=576, **{**FAST, **kw})
    w.start()
    return w


def same_image(parsed, doc) -> bool:
    want = receipt.render(doc, 576)
    return ImageChops.difference(parsed.page().convert("L"), want.convert("L")).getbbox() is None


def test_printer_that_never_reads_leaves_the_receipt_unconfirmed_and_the_next_one_waits(kiosk):
    """Accepts the connection, never reads, never answers: the receipt is not 'done', not resent,
    the clerk sees it; the next receipt is not thrown into the stuck printer and prints, once,
    when the printer is back."""
    printer = TcpPrinter(mode="stuck", rcvbuf=4096)
    doc1, doc2 = sale_doc(10, "vi", "cash"), sale_doc(2, "vi", "cash")
    try:
        first = print_jobs.enqueue(kiosk, "receipt", "s1", doc1)
        w = worker_for(kiosk, printer.settings, write_timeout_s=0.5, stall_hold_s=600)
        try:
            wait_for(lambda: status(kiosk, first) == "unconfirmed")
            row = print_jobs.get(kiosk, first)
            assert row["outcome"] == "stalled" and "stopped taking data" in row["last_error"]
            assert [j["id"] for j in print_jobs.attention(kiosk)] == [first]
            second = print_jobs.enqueue(kiosk, "receipt", "s2", doc2)
            w.wake()
            wait_for(lambda: print_jobs.get(kiosk, second)["attempts"] >= 2)
            assert status(kiosk, second) == "pending" and w.state["held"]
            printer.mode = "ok"  # the printer comes back
            wait_for(lambda: status(kiosk, second) == "printed")
            assert status(kiosk, first) == "unconfirmed"
        finally:
            w.stop()
        jobs = [parse(j) for j in printer.jobs()]
        assert len(jobs) == 1 and same_image(jobs[0], doc2)  # the stuck one was reset, never resent
    finally:
        printer.stop()


def test_printer_that_takes_the_whole_job_and_hangs_up_prints_it_once(kiosk):
    printer = TcpPrinter(mode="hangup")
    doc1, doc2 = sale_doc(3, "vi", "cash"), sale_doc(1, "en", "cash")
    try:
        first = print_jobs.enqueue(kiosk, "receipt", "s1", doc1)
        second = print_jobs.enqueue(kiosk, "receipt", "s2", doc2)
        w = worker_for(kiosk, printer.settings)
        try:
            wait_for(lambda: status(kiosk, second) != "pending" and status(kiosk, second) != "printing")
        finally:
            w.stop()
        row = print_jobs.get(kiosk, first)
        assert (row["status"], row["outcome"]) == ("unconfirmed", "hung_up")
        jobs = [parse(j) for j in printer.jobs()]
        assert len(jobs) == 2  # each receipt once: no 5 copies
        assert same_image(jobs[0], doc1) and same_image(jobs[1], doc2)
        for job in jobs:
            assert job.names().count("cut") == 1 and drawer_kicks(job) == 0
    finally:
        printer.stop()


def test_printer_that_resets_mid_job_is_not_resent_behind_the_clerks_back(kiosk):
    printer = TcpPrinter(mode="cut", cut_after=1000)
    try:
        first = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(10, "vi", "vietqr"))
        w = worker_for(kiosk, printer.settings)
        try:
            wait_for(lambda: status(kiosk, first) == "unconfirmed")
            assert print_jobs.get(kiosk, first)["outcome"] == "cut_off"
            printer.mode = "ok"
            second = print_jobs.enqueue(kiosk, "receipt", "s2", sale_doc(1))
            w.wake()
            wait_for(lambda: status(kiosk, second) == "printed")
        finally:
            w.stop()
        assert status(kiosk, first) == "unconfirmed"
        cut_off = [c for c in printer.connections if len(c) and len(c) <= 1000 and bytes(c).startswith(b"\x10\x04")]
        assert len(cut_off) == 1 and len(printer.jobs()) == 2  # the cut-off copy and the next receipt
    finally:
        printer.stop()


def test_printed_only_when_the_printer_says_ok_after_the_job(kiosk):
    ok, silent = TcpPrinter(), TcpPrinter(mode="silent")
    try:
        a = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(2))
        w = worker_for(kiosk, ok.settings)
        try:
            wait_for(lambda: status(kiosk, a) == "printed")
        finally:
            w.stop()
        b = print_jobs.enqueue(kiosk, "receipt", "s2", sale_doc(2))
        c = print_jobs.enqueue(kiosk, "receipt", "s3", sale_doc(1))
        w = worker_for(kiosk, silent.settings, status_timeout_s=0.2)
        try:
            wait_for(lambda: status(kiosk, c) == "unconfirmed")
        finally:
            w.stop()
        assert print_jobs.get(kiosk, b)["outcome"] == "no_answer"  # silence is not "printed"
        assert len(ok.jobs()) == 1 and len(silent.jobs()) == 2
        assert print_jobs.attention_count(kiosk) == 2
    finally:
        ok.stop()
        silent.stop()


def test_paper_out_before_the_job_is_retried_and_printed_once(kiosk):
    printer = TcpPrinter(mode="paper_out")
    try:
        job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(2))
        w = worker_for(kiosk, printer.settings)
        try:
            wait_for(lambda: print_jobs.get(kiosk, job)["attempts"] >= 2)
            assert status(kiosk, job) == "pending" and printer.jobs() == []  # nothing sent into an empty printer
            printer.mode = "ok"
            wait_for(lambda: status(kiosk, job) == "printed")
        finally:
            w.stop()
        assert len(printer.jobs()) == 1 and print_jobs.attention_count(kiosk) == 0
    finally:
        printer.stop()


def test_kiosk_stopped_mid_print_leaves_the_job_for_the_clerk(kiosk):
    printer = TcpPrinter()
    try:
        job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(1))
        print_jobs.mark_printing(kiosk, job)  # the kiosk died while sending it
        later = print_jobs.enqueue(kiosk, "receipt", "s2", sale_doc(2))
        w = worker_for(kiosk, printer.settings)
        try:
            wait_for(lambda: status(kiosk, later) == "printed")
        finally:
            w.stop()
        row = print_jobs.get(kiosk, job)
        assert (row["status"], row["outcome"]) == ("unconfirmed", "interrupted")
        assert len(printer.jobs()) == 1
    finally:
        printer.stop()


def test_a_job_refused_before_the_first_byte_is_retried(kiosk):
    """Connection refused: nothing can have printed, so the queue keeps trying by itself."""
    port = free_port()
    job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(1))
    w = worker_for(kiosk, {"kind": "network", "host": "127.0.0.1", "port": port})
    try:
        wait_for(lambda: print_jobs.get(kiosk, job)["attempts"] >= 2)
        assert status(kiosk, job) == "pending" and print_jobs.attention_count(kiosk) == 0
        printer = TcpPrinter(port=port)
        try:
            wait_for(lambda: status(kiosk, job) == "printed")
        finally:
            printer.stop()
    finally:
        w.stop()


# -- the cash drawer ---------------------------------------------------------------------------
def hub_for(store, printer, **drawer):
    return DeviceHub(store.path, {"printer": printer.settings}, drawer_options={
        "deadline_s": 30.0, "status_timeout_s": 2.0, **drawer}, **{**FAST, "write_timeout_s": 120.0}).start()


def kick_connections(printer) -> list[bytes]:
    """Connections that carried a drawer kick and no receipt (a job still arriving does not parse)."""
    out = []
    for c in list(printer.connections):
        try:
            parsed = parse(bytes(c))
        except (AssertionError, IndexError, ValueError):
            continue
        if drawer_kicks(parsed) and not parsed.images:
            out.append(bytes(c))
    return out


def test_drawer_opens_at_once_while_a_receipt_is_stuck(kiosk):
    """A printer that serves two connections: the kick goes on its own connection while the
    queue thread is still stuck sending a receipt."""
    printer = TcpPrinter(multi=True, pause_after=2000, rcvbuf=4096)
    try:
        hub = hub_for(kiosk, printer)
        try:
            doc = sale_doc(10, "vi", "cash")
            job = print_jobs.enqueue(kiosk, "receipt", "s1", doc)
            hub.job_queued()
            wait_for(lambda: status(kiosk, job) == "printing" and printer.connections
                     and len(printer.connections[-1]) >= 2000)
            hub.open_drawer()
            wait_for(lambda: kick_connections(printer))
            assert status(kiosk, job) == "printing"  # the receipt is still stuck
            wait_for(lambda: hub.state["drawer"].get("kicks") == 1)
            assert hub.state["drawer"]["drawer"] == "ok"
            printer.resume.set()
            wait_for(lambda: status(kiosk, job) == "printed")
        finally:
            hub.stop()
        receipt_job = parse(printer.jobs()[0])
        assert drawer_kicks(receipt_job) == 0 and same_image(receipt_job, doc)
        assert len(kick_connections(printer)) == 1 and parse(kick_connections(printer)[0]).names()[-1] == "ESC p"
    finally:
        printer.stop()


def test_drawer_kick_slips_into_the_job_on_a_one_connection_printer(kiosk):
    """A printer that takes one connection at a time: the kick goes into the receipt's own
    connection at the next break between raster bands, as soon as the printer takes bytes."""
    printer = TcpPrinter(multi=False, pause_after=2000, rcvbuf=4096)
    try:
        hub = hub_for(kiosk, printer)
        try:
            doc = sale_doc(10, "vi", "cash")
            job = print_jobs.enqueue(kiosk, "receipt", "s1", doc)
            hub.job_queued()
            wait_for(lambda: status(kiosk, job) == "printing" and printer.connections
                     and len(printer.connections[-1]) >= 2000)
            hub.open_drawer()
            wait_for(lambda: hub.queue.kick_waiting)  # its second connection went unanswered
            printer.resume.set()
            wait_for(lambda: hub.state["drawer"].get("kicks") == 1)
            assert hub.state["drawer"]["drawer"] == "ok"
            wait_for(lambda: status(kiosk, job) == "printed")
        finally:
            hub.stop()
        names = parse(printer.jobs()[0]).names()
        assert names.count("ESC p") == 1 and names.index("ESC p") < names.index("cut")
        assert same_image(parse(printer.jobs()[0]), doc)  # the kick fell between bands, not into the image
        assert kick_connections(printer) == []
    finally:
        printer.stop()


def test_drawer_that_cannot_open_now_never_opens_later(kiosk):
    """Printer off at the sale: the failure is reported, and when the printer comes back the
    receipt prints without any kick: no drawer popping open minutes later."""
    port = free_port()
    hub = DeviceHub(kiosk.path, {"printer": {"kind": "network", "host": "127.0.0.1", "port": port}},
                    drawer_options={"deadline_s": 5.0, "connect_timeout_s": 0.5}, **FAST).start()
    printer = None
    try:
        job = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(2, "vi", "cash"))
        hub.open_drawer()
        wait_for(lambda: hub.state["drawer"].get("kicks") == 1)
        assert hub.state["drawer"]["drawer"] == "failed" and hub.state["drawer"]["failures"] == 1
        printer = TcpPrinter(port=port)
        wait_for(lambda: status(kiosk, job) == "printed")
        hub.stop()
        assert all(drawer_kicks(parse(bytes(c))) == 0 for c in printer.connections)
    finally:
        hub.stop()
        if printer:
            printer.stop()


def test_drawer_on_a_printer_out_of_paper_gets_the_real_time_pulse_only(kiosk):
    """ESC p would wait in an offline printer's buffer and kick when paper is back: the real-time
    pulse (DLE DC4) is done now or never."""
    printer = TcpPrinter(mode="paper_out")
    try:
        hub = hub_for(kiosk, printer)
        try:
            hub.open_drawer()
            wait_for(lambda: hub.state["drawer"].get("kicks") == 1)
            assert hub.state["drawer"]["drawer"] == "uncertain"
        finally:
            hub.stop()
        sent = [parse(bytes(c)) for c in printer.connections]
        assert [e for p in sent for e in p.events if e[0] in ("ESC p", "pulse")] == [("pulse", (0, 2))]
    finally:
        printer.stop()


# -- a serial printer (pty pair) ---------------------------------------------------------------
def serial_printer(pty, answer: bool, stop_after: int | None = None):
    """The far end of a pty: reads what the kiosk sends and answers DLE EOT with "OK", or, with
    stop_after, stops reading after that many bytes (a printer that stalls mid-job)."""
    import os
    import select
    import threading

    got = bytearray()
    halt = threading.Event()

    def run():
        while not halt.is_set():
            if stop_after is not None and len(got) >= stop_after:
                halt.wait(0.05)
                continue
            r, _, _ = select.select([pty.master], [], [], 0.05)
            if not r:
                continue
            try:
                chunk = os.read(pty.master, 4096)
            except OSError:
                return
            got.extend(chunk)
            if answer and len(got) >= 3 and got[-3] == 0x10 and got[-2] == 0x04:
                os.write(pty.master, b"\x12")

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return got, halt


def test_serial_printer_confirms_or_stalls(kiosk):
    from loopback_devices import Pty

    pty = Pty()
    got, halt = serial_printer(pty, answer=True)
    try:
        settings = {"kind": "serial", "port": pty.path, "baudrate": 115200}
        ok = print_jobs.enqueue(kiosk, "receipt", "s1", sale_doc(2))
        w = worker_for(kiosk, settings)
        try:
            wait_for(lambda: status(kiosk, ok) == "printed")
        finally:
            w.stop()
    finally:
        halt.set()
        pty.close()
    job = parse(bytes(got))
    assert same_image(job, sale_doc(2)) and drawer_kicks(job) == 0 and job.names().count("cut") == 1

    pty = Pty()
    got, halt = serial_printer(pty, answer=True, stop_after=3000)  # answers the first question, then jams
    try:
        settings = {"kind": "serial", "port": pty.path, "baudrate": 115200}
        stuck = print_jobs.enqueue(kiosk, "receipt", "s2", sale_doc(10))
        w = worker_for(kiosk, settings, write_timeout_s=0.5)
        try:
            wait_for(lambda: status(kiosk, stuck) == "unconfirmed")  # within the write timeout, not forever
        finally:
            w.stop()
        assert print_jobs.get(kiosk, stuck)["outcome"] == "stalled"
    finally:
        halt.set()
        pty.close()
