"""The keyboard-wedge filter: scans are recognised anywhere, typing still types."""
from __future__ import annotations

import threading

from PySide6.QtCore import Qt

SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"


def test_slow_typing_lands_in_the_field(kiosk):
    sell = kiosk.sell
    sell.search.setFocus()
    for ch in "muoi":
        kiosk.qtbot.keyClick(sell.search, ch)
        kiosk.qtbot.wait(80)  # a person: far slower than a scanner
    kiosk.qtbot.waitUntil(lambda: sell.search.text() == "muoi")
    kiosk.qtbot.waitUntil(lambda: sell.results.count() > 0 and SALT in sell.results.item(0).text())
    assert not sell.cart.lines


def test_short_fast_burst_with_enter_is_typing_not_a_scan(kiosk):
    """A PIN or an amount typed quickly (shorter than any barcode) still reaches its field."""
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    pay = sell.payment
    assert pay.amount.hasFocus()
    kiosk.qtbot.keyClicks(pay.amount, "500000")
    kiosk.qtbot.waitUntil(lambda: pay.amount.text() == "500000")
    kiosk.qtbot.keyClick(pay.amount, Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    assert "315.000 ₫" in sell.done.change.text()


def test_scan_while_in_an_amount_field_is_not_typed_into_it(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.wait(100)
    assert sell.payment.amount.text() == ""
    assert sell.payment.error.isVisible()  # "finish or cancel the payment first"
    assert len(sell.cart.lines) == 1


def test_scan_from_history_screen_goes_to_the_sell_screen(kiosk):
    kiosk.press(Qt.Key.Key_F9)
    kiosk.window.history.search.setFocus()
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    assert kiosk.window.stack.currentWidget() is kiosk.sell
    assert kiosk.window.history.search.text() == ""


def test_serial_scanner_thread_feeds_the_same_path(kiosk):
    t = threading.Thread(target=kiosk.ctx.scan_from_device, args=(kiosk.data.barcodes[HONEY],))
    t.start()
    t.join()
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    assert kiosk.sell.cart.lines[0].name_vi == HONEY


def test_scan_while_a_dialog_is_open_is_not_typed_into_it(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F3)  # quantity prompt (a window-modal dialog)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.clear()
    sell.prompt.edit.setFocus()
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.wait(100)
    assert sell.prompt.edit.text() == ""
    assert [ln.name_vi for ln in sell.cart.lines] == [HONEY]
    kiosk.qtbot.keyClicks(sell.prompt.edit, "3")
    kiosk.qtbot.keyClick(sell.prompt.edit, Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.cart.lines[0].qty == 3)
