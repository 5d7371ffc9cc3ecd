"""Scans told from typing (ui/scanner.py): by the pace of the keys, by the prefix / suffix the
scanner was programmed to send, and never in a PIN or card-reference field. Keys carry the
window system's timestamps, as X11 gives them, so the pace is the keyboard's, not the test's."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from pos import barcodes, catalog
from pos.store import Store
from ui.scanner import WedgeScanner


class Keyboard:
    """Key presses with timestamps (ms), into whatever has the focus."""

    def __init__(self, qtbot):
        self.qtbot, self.ms = qtbot, 1_000

    def type(self, text: str, every_ms: int, enter: bool = True) -> None:
        for ch in text:
            self._key(_key_of(ch), ch)
            self.ms += every_ms
        if enter:
            self._key(Qt.Key.Key_Return, "\r")
        self.qtbot.wait(150)  # held keys are replayed after the gap

    def _key(self, key, text: str) -> None:
        for etype in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            ev = QKeyEvent(etype, key, Qt.KeyboardModifier.NoModifier, text)
            ev.setTimestamp(self.ms)
            QApplication.sendEvent(QApplication.focusWidget(), ev)


def _key_of(ch: str):
    if ch.isdigit():
        return Qt.Key(int(Qt.Key.Key_0) + int(ch))
    if ch.isalpha() and ch.isascii():
        return Qt.Key(int(Qt.Key.Key_A) + ord(ch.upper()) - ord("A"))
    return Qt.Key.Key_unknown


@pytest.fixture
def desk(qtbot):
    """Two fields and a scanner filter: what was scanned, what each field received."""
    w = QWidget()
    lay = QVBoxLayout(w)
    first, second = QLineEdit(), QLineEdit()
    first.setObjectName("first")
    second.setObjectName("second")
    entered: list[str] = []
    first.returnPressed.connect(lambda: entered.append(first.text()))
    lay.addWidget(first)
    lay.addWidget(second)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    first.setFocus()
    qtbot.waitUntil(lambda: first.hasFocus())
    scanner = WedgeScanner()
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    scanner.install()
    yield scanner, scans, first, second, entered, Keyboard(qtbot)
    scanner.uninstall()


def test_a_scanner_burst_is_a_scan_and_types_nothing(desk):
    scanner, scans, first, _second, entered, kb = desk
    kb.type("8936041010017", every_ms=4)
    assert scans == ["8936041010017"] and first.text() == "" and entered == []


def test_a_seven_digit_scale_code_is_a_scan(desk):
    scanner, scans, first, *_rest, kb = desk
    kb.type("2100011", every_ms=6)
    assert scans == ["2100011"] and first.text() == ""


def test_fast_typing_of_a_card_reference_is_typing(desk):
    """A person typing 10 digits quickly (40 ms a key, 25 keys a second) is still typing."""
    scanner, scans, first, _second, entered, kb = desk
    kb.type("4711081599", every_ms=40)
    assert scans == [] and first.text() == "4711081599" and entered == ["4711081599"]


def test_a_typed_only_field_takes_even_a_burst_as_typing(desk):
    scanner, scans, first, _second, entered, kb = desk
    first.setProperty("typed_only", True)  # a PIN, a card reference
    kb.type("12345678", every_ms=3)
    assert scans == [] and first.text() == "12345678" and entered == ["12345678"]


def test_with_a_prefix_only_prefixed_codes_are_scans_at_any_pace(desk):
    scanner, scans, first, _second, entered, kb = desk
    scanner.configure({"scanner": {"kind": "keyboard", "prefix": "§", "suffix": "#"}})
    kb.type("8936041010017", every_ms=3)  # as fast as a scanner, but without the prefix: typed
    assert scans == [] and first.text() == "8936041010017"
    first.clear()
    kb.type("§2100011#", every_ms=80)  # a slow wireless scanner, prefix and suffix: a scan
    assert scans == ["2100011"] and first.text() == ""
    kb.type("§ab", every_ms=20, enter=False)  # the prefix typed by hand, then nothing: typed
    kb.qtbot.wait(600)
    assert first.text() == "§ab" and scans == ["2100011"]


def test_a_suffix_must_end_a_scan(desk):
    scanner, scans, first, *_rest, kb = desk
    scanner.configure({"scanner": {"kind": "keyboard", "suffix": "#"}})
    kb.type("8936041010017", every_ms=3)
    assert scans == [] and first.text() == "8936041010017"
    first.clear()
    kb.type("8936041010017#", every_ms=3)
    assert scans == ["8936041010017"] and first.text() == ""


def test_a_key_typed_just_before_a_click_goes_where_the_click_put_the_focus(desk):
    scanner, scans, first, second, _entered, kb = desk
    kb._key(Qt.Key.Key_5, "5")  # held back a moment: it could be the start of a scan
    kb.qtbot.mouseClick(second, Qt.MouseButton.LeftButton)
    kb.qtbot.waitUntil(lambda: second.text() == "5")
    assert first.text() == ""


def test_a_bare_plu_key_finds_its_weighed_product(tmp_path):
    from pos import demo

    with Store(tmp_path / "k.db") as store:
        demo.seed_demo(store)
        hit = catalog.lookup(store, "2100011")  # the demo's dried gourami, sold by the kilo
        assert hit.product["sku"] == "KHO-CA-SAC" and hit.grams is None and hit.product["sold_by_weight"]
        label = catalog.lookup(store, barcodes.make_embedded("21", 11, 350))
        assert label.product["sku"] == "KHO-CA-SAC" and label.grams == 350


def test_scanning_a_plu_key_at_the_till_asks_for_the_weight(kiosk):
    from ui.prompts import NumberPrompt

    fish = kiosk.data.products["Khô cá lóc đồng"]  # sold by the kilo, no barcode of its own
    with kiosk.store() as store:
        with store.transaction():
            store.conn.execute("INSERT INTO barcodes(code, product_id, kind) VALUES ('2100042', ?, 'instore')", (fish,))
    kiosk.scan("2100042")
    kiosk.qtbot.waitUntil(lambda: isinstance(kiosk.sell.prompt, NumberPrompt) and kiosk.sell.prompt.isVisible())
    kiosk.sell.prompt.edit.setText("250")
    kiosk.sell.prompt._accept()
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    assert kiosk.sell.cart.lines[0].qty == 250 and kiosk.sell.cart.totals().total == 150_000


def test_the_manager_sets_the_scanner_prefix_and_the_till_uses_it(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    k.window.show_screen("manager_settings")
    screen = k.window.screens["manager_settings"].inner
    k.idle()
    k.qtbot.waitUntil(lambda: screen.fields["device_code"].text() == "HN01")
    f = screen.fields
    f["scanner.prefix"].setText("A1")  # a letter: it would start codes too
    f["scanner.max_gap_ms"].setText("5")
    k.press(Qt.Key.Key_F8)
    k.idle()
    assert screen.errors["scanner.prefix"].isVisible() and screen.errors["scanner.max_gap_ms"].isVisible()
    assert k.window.scanner.prefix == ""
    f["scanner.prefix"].setText("§")
    f["scanner.suffix"].setText("#")
    f["scanner.max_gap_ms"].setText("40")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: (k.ctx.settings.get("scanner") or {}).get("prefix") == "§")
    assert k.ctx.settings["scanner"] == {"kind": "keyboard", "prefix": "§", "suffix": "#", "max_gap_ms": 40}
    assert (k.window.scanner.prefix, k.window.scanner.suffix, k.window.scanner.gap_ms) == ("§", "#", 40)
