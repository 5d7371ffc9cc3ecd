"""Receipts the printer did not confirm reach the clerk (status bar, Ctrl+P), and only the clerk's
key prints one again; the cash drawer opens with a cash sale, not with its receipt."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import print_jobs
from pos.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "printers"))
from escpos_parse import drawer_kicks, parse  # noqa: E402
from loopback_devices import TcpPrinter  # noqa: E402
from receipt_samples import sale_doc  # noqa: E402

PRINTER = {"kind": "network", "host": "127.0.0.1", "port": 9}


def unconfirmed(store, receipt_no: str, outcome: str) -> str:
    job = print_jobs.enqueue(store, "receipt", receipt_no, dict(sale_doc(1), receipt_no=receipt_no))
    print_jobs.mark_printing(store, job)
    print_jobs.mark_unconfirmed(store, job, outcome, f"test: {outcome}")
    return job


def test_clerk_sees_unconfirmed_receipts_and_decides_with_one_key(kiosk):
    with Store(kiosk.data.path) as store:
        store.set_settings(printer=PRINTER)
        ok = print_jobs.enqueue(store, "receipt", "HN01-000001", sale_doc(1))
        print_jobs.mark_printing(store, ok)
        print_jobs.mark_printed(store, ok)
        hung = unconfirmed(store, "HN01-000002", "hung_up")
        time.sleep(0.002)  # created_at orders the list (newest first)
        stalled = unconfirmed(store, "HN01-000003", "stalled")
    kiosk.ctx.refresh_settings()
    bar = kiosk.window.status
    kiosk.qtbot.waitUntil(lambda: "2 bản in chưa xác nhận (Ctrl+P)" in bar.printer_label.text(), timeout=10_000)

    kiosk.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dlg = kiosk.window.print_problems
    assert dlg is not None and QApplication.activeModalWidget() is dlg
    kiosk.qtbot.waitUntil(lambda: dlg.table.rowCount() == 2)
    cells = [[dlg.table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert cells[0][0] == "HN01-000003" and cells[0][2] == "Máy in ngừng nhận giữa chừng"
    assert cells[1][0] == "HN01-000002" and cells[1][2] == "Máy in ngắt kết nối sau khi nhận"
    with Store(kiosk.data.path) as store:  # opening the list printed nothing
        assert store.one("SELECT count(*) AS n FROM print_jobs WHERE kind = 'reprint'")["n"] == 0

    kiosk.press(Qt.Key.Key_Return)  # the newest one again
    kiosk.qtbot.waitUntil(lambda: dlg.table.rowCount() == 1)
    with Store(kiosk.data.path) as store:
        again = store.one("SELECT * FROM print_jobs WHERE kind = 'reprint'")
        assert again["ref_id"] == "HN01-000003" and again["status"] == "pending"
        assert print_jobs.get(store, stalled)["resolution"] == "reprinted"
        audit = store.one("SELECT * FROM audit_log WHERE action = 'print.reprint'")
        assert audit["ref_id"] == stalled and audit["staff_id"] == kiosk.data.clerk["id"]

    kiosk.press(Qt.Key.Key_Delete)  # the other one came out fine
    kiosk.qtbot.waitUntil(lambda: dlg.table.rowCount() == 0 and not dlg.empty.isHidden())
    with Store(kiosk.data.path) as store:
        assert print_jobs.get(store, hung)["resolution"] == "dismissed"
        assert print_jobs.attention_count(store) == 0
    kiosk.qtbot.waitUntil(lambda: "chưa xác nhận" not in bar.printer_label.text(), timeout=10_000)
    kiosk.press(Qt.Key.Key_Escape)
    kiosk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def receipts(printer) -> list:
    out = []
    for c in list(printer.connections):
        try:
            parsed = parse(bytes(c))
        except (AssertionError, IndexError, ValueError):
            continue  # still arriving
        if parsed.images:
            out.append(parsed)
    return out


def test_cash_sale_opens_the_drawer_by_itself_and_a_qr_sale_does_not(kiosk):
    from ui.app import open_devices

    printer = TcpPrinter(multi=True)
    hub = None
    try:
        with Store(kiosk.data.path) as store:
            store.set_settings(printer=printer.settings, printer_width_px=384)
        kiosk.ctx.refresh_settings()
        kiosk.qtbot.waitUntil(lambda: kiosk.ctx.settings.get("printer") == printer.settings)
        hub = kiosk.ctx.devices = open_devices(kiosk.ctx)
        sell = kiosk.sell
        honey = kiosk.data.barcodes["Mật ong rừng U Minh"]

        kiosk.scan(honey)  # a VietQR sale: no cash, no drawer
        kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
        kiosk.press(Qt.Key.Key_F12)
        kiosk.press(Qt.Key.Key_F8)
        kiosk.qtbot.waitUntil(lambda: bool(sell.payment.qr_payload))
        kiosk.press(Qt.Key.Key_Return)
        kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
        kiosk.qtbot.waitUntil(lambda: len(receipts(printer)) == 1, timeout=30_000)
        assert hub.state["drawer"].get("kicks", 0) == 0
        kiosk.press(Qt.Key.Key_Return)  # next sale

        kiosk.scan(honey)  # exact cash
        kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
        kiosk.press(Qt.Key.Key_F12)
        kiosk.press(Qt.Key.Key_Return)
        kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
        kiosk.qtbot.waitUntil(lambda: hub.state["drawer"].get("kicks") == 1, timeout=30_000)
        assert hub.state["drawer"]["drawer"] == "ok"
        kiosk.qtbot.waitUntil(lambda: len(receipts(printer)) == 2, timeout=30_000)
        assert all(drawer_kicks(r) == 0 for r in receipts(printer))  # the receipts never kick
        kicks = [parse(bytes(c)) for c in printer.connections if b"\x1bp" in bytes(c)]
        assert len(kicks) == 1 and drawer_kicks(kicks[0]) == 1 and not kicks[0].images
    finally:
        if hub is not None:
            kiosk.ctx.devices = None
            hub.stop()
        printer.stop()


def test_a_drawer_that_did_not_open_is_said_in_the_status_bar(kiosk):
    from loopback_devices import free_port

    from ui.app import open_devices

    settings = {"kind": "network", "host": "127.0.0.1", "port": free_port()}  # the printer is off
    with Store(kiosk.data.path) as store:
        store.set_settings(printer=settings)
    kiosk.ctx.refresh_settings()
    kiosk.qtbot.waitUntil(lambda: kiosk.ctx.settings.get("printer") == settings)
    hub = kiosk.ctx.devices = open_devices(kiosk.ctx)
    try:
        bar = kiosk.window.status
        messages = []
        bar.messageChanged.connect(messages.append)
        kiosk.ctx.devices_call("open_drawer")
        kiosk.qtbot.waitUntil(lambda: "Ngăn kéo không mở được" in bar.printer_label.text(), timeout=30_000)
        assert any("Ngăn kéo tiền không mở được: không kết nối được máy in" in m for m in messages)
    finally:
        kiosk.ctx.devices = None
        hub.stop()
