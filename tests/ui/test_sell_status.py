"""Status bar: unsynced events, offline state from the real sync thread, printer, staff, shift."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import outbox
from pos.store import Store


def test_status_bar_shows_unsynced_offline_printer_staff_and_shift(kiosk):
    bar = kiosk.window.status
    assert "Nguyễn Thị Lan" in bar.staff_label.text()
    kiosk.qtbot.waitUntil(lambda: "Ca số 1" in bar.shift_label.text())
    assert "Chưa có máy chủ" in bar.sync_label.text()  # no server configured
    assert "không có" in bar.printer_label.text()
    kiosk.scan(kiosk.data.barcodes["Mật ong rừng U Minh"])
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: kiosk.sell.pages.currentIndex() == kiosk.sell.PAGE_DONE)
    with Store(kiosk.data.path) as store:
        n = outbox.unsynced_count(store)
    assert n >= 2  # shift opened + the sale
    kiosk.qtbot.waitUntil(lambda: f"{n} chưa đồng bộ" in bar.sync_label.text())


def test_unreachable_server_shows_offline(kiosk):
    from ui.app import start_sync

    kiosk.ctx.set_settings({**kiosk.ctx.settings, "server_url": "http://127.0.0.1:9"})
    worker = start_sync(kiosk.ctx)
    assert worker is not None
    try:
        bar = kiosk.window.status
        kiosk.qtbot.waitUntil(lambda: bool(bar.sync_state), timeout=20_000)
        assert bar.sync_state["online"] is False
        assert "Ngoại tuyến" in bar.sync_label.text()
    finally:
        worker.stop(timeout=10)
        kiosk.ctx.sync = None
