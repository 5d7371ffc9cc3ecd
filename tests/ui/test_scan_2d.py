"""2D scanners in keyboard mode (issue 14, item 4): the keys such a scanner types, in the order a
USB HID scanner sends them (Shift pressed on its own before ':' and '?', Ctrl+] for the GS that
stands for FNC1), reach the sell screen through the application-wide filter and the real Qt event
loop, and ring up the product as its EAN-13 would. The kiosk's day is 2026-11-22."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos import catalog

SALT = "Muối hầm Bạc Liêu 500 g"
FISH = "Khô cá lóc đồng"
FISH_GTIN = "8930000000064"
SHIFTED = set('!"%&()*+:<>?_~@') | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
NO_MODS = Qt.KeyboardModifier.NoModifier


def _key_of(ch: str):
    if ch.isdigit():
        return Qt.Key(int(Qt.Key.Key_0) + int(ch))
    if ch.isalpha() and ch.isascii():
        return Qt.Key(int(Qt.Key.Key_A) + ord(ch.upper()) - ord("A"))
    return {"/": Qt.Key.Key_Slash, ":": Qt.Key.Key_Colon, ".": Qt.Key.Key_Period, "?": Qt.Key.Key_Question,
            "=": Qt.Key.Key_Equal, "&": Qt.Key.Key_Ampersand, "-": Qt.Key.Key_Minus,
            "]": Qt.Key.Key_BracketRight}.get(ch, Qt.Key.Key_unknown)


class HidScanner:
    """A USB scanner in keyboard mode: key events 3 ms apart, with window-system timestamps,
    posted to the focused widget (delivered by the event loop, through the app's filters)."""

    def __init__(self, kiosk):
        self.kiosk, self.ms = kiosk, 5_000

    def _post(self, etype, key, mods, text: str = "") -> None:
        ev = QKeyEvent(etype, key, mods, text)
        ev.setTimestamp(self.ms)
        QApplication.postEvent(QApplication.focusWidget() or self.kiosk.window, ev)

    def _stroke(self, key, mods, text: str) -> None:
        self._post(QEvent.Type.KeyPress, key, mods, text)
        self._post(QEvent.Type.KeyRelease, key, mods, text)
        self.ms += 3

    def scan(self, payload: str) -> None:
        for ch in payload:
            if ch == "\x1d":  # GS as the scanner types it: Ctrl held, ']' (its control character)
                self._post(QEvent.Type.KeyPress, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
                self._stroke(Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, "\x1d")
                self._post(QEvent.Type.KeyRelease, Qt.Key.Key_Control, NO_MODS)
            elif ch in SHIFTED:
                self._post(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier)
                self._stroke(_key_of(ch), Qt.KeyboardModifier.ShiftModifier, ch)
                self._post(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, NO_MODS)
            else:
                self._stroke(_key_of(ch), NO_MODS, ch)
        self._stroke(Qt.Key.Key_Return, NO_MODS, "\r")
        self.kiosk.qtbot.wait(100)
        self.kiosk.idle()


def test_digital_link_and_gs1_datamatrix_ring_up_like_the_ean(kiosk):
    sell, hid = kiosk.sell, HidScanner(kiosk)
    sell.search.setFocus()
    salt14 = "0" + kiosk.data.barcodes[SALT]
    hid.scan(f"https://id.example.vn/01/{salt14}/10/LOT12?17=271231")
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    hid.scan(f"]d201{salt14}10LOT12\x1d17271200")
    kiosk.qtbot.waitUntil(lambda: sell.cart.lines[0].qty == 2)
    line = sell.cart.lines[0]
    assert (line.name_vi, line.barcode) == (SALT, kiosk.data.barcodes[SALT])
    assert (line.lot, line.use_by) == ("LOT12", "2027-12-31")  # the line draws the lot the codes name
    assert sell.search.text() == ""  # nothing of either code was typed into the search field
    assert not sell.alert.isVisible()


def test_a_gs1_net_weight_is_the_weighed_lines_grams(kiosk):
    with kiosk.store() as store:
        catalog.add_barcode(store, kiosk.data.products[FISH], FISH_GTIN)
    hid = HidScanner(kiosk)
    hid.scan(f"]Q301{'0' + FISH_GTIN}3103000750\x1d10CA-07")
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    line = kiosk.sell.cart.lines[0]
    assert (line.name_vi, line.qty, line.sold_by_weight, line.gross) == (FISH, 750, True, 450_000)


def test_past_use_by_and_bad_codes_are_refused_in_vietnamese(kiosk):
    sell, hid = kiosk.sell, HidScanner(kiosk)
    salt14 = "0" + kiosk.data.barcodes[SALT]
    seen = []

    def esc():  # the manager is asked at once (tests/ui/test_sell_expired_lot.py): nobody allows it
        dlg, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if dlg is None or not dlg.isVisible() or focus is None or focus.window() is not dlg:
            QTimer.singleShot(20, esc)
            return
        seen.append(dlg.detail.text())
        QTest.keyClick(focus, Qt.Key.Key_Escape)

    QTimer.singleShot(0, esc)
    hid.scan(f"01{salt14}17261121\x1d10LOT1")
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert "Đã quá hạn sử dụng" in sell.alert.text() and "21/11/2026" in sell.alert.text()
    assert "lô LOT1 hết hạn sử dụng ngày 21/11/2026" in seen[0]
    sell.clear_alert()
    hid.scan(f"01{salt14[:-1]}8\x1d10LOT1")
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert "Không dùng được mã 2D này" in sell.alert.text() and "<GS>" in sell.alert.text()
    assert "số kiểm tra của GTIN" in sell.alert.text()
    assert not sell.cart.lines


def test_with_a_prefix_and_from_a_serial_scanner_too(kiosk):
    """A scanner programmed with a prefix (the store's scanner.prefix) sends the same 2D codes after
    it; a serial scanner's codes (GS kept by printers/serial_scanner.py) come through its thread."""
    import threading

    sell, hid = kiosk.sell, HidScanner(kiosk)
    salt14 = "0" + kiosk.data.barcodes[SALT]
    kiosk.window.scanner.configure({"scanner": {"prefix": "§"}})
    hid.scan(f"§]d201{salt14}21SN-0042\x1d17271231")
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    t = threading.Thread(target=kiosk.ctx.scan_from_device, args=(f"01{salt14}10LOT12\x1d17271231",))
    t.start()
    t.join()
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)  # a code naming a lot is that lot's own line
    assert [(ln.lot, ln.qty) for ln in sell.cart.lines] == [("", 1), ("LOT12", 1)]
    assert sell.search.text() == "" and not sell.alert.isVisible()
