"""Fixtures for the kiosk screen tests (shared by the sell, shift and manager tests).

`kiosk` is the real main window on a real temporary SQLite file: a small Vietnamese catalog
(known barcodes), a clerk (PIN 1111) logged in, a manager (PIN 9999), and an open shift.
Everything goes through the real DB worker thread and the real Qt event loop (offscreen).
The kiosk runs on the test's `clock` (tests/testclock.py, 2026-11-22 10:00 in Vietnam until the
test moves it), never on the machine's clock: `kiosk.clock.set(vn(2026, 11, 23, 0, 30))`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from pos import barcodes, catalog, shifts, staff
from pos.store import Store
from testclock import Clock

CLERK_PIN = "1111"
MANAGER_PIN = "9999"

# name_vi, name_en, price, vat, stars, by_weight, unit, barcode (None: no barcode), category
PRODUCTS = [
    ("Muối hầm Bạc Liêu 500 g", "Bac Lieu roasted salt 500 g", 45_000, 8, 4, 0, "hũ", "8930000000019", "salt"),
    ("Mật ong rừng U Minh", "U Minh forest honey", 185_000, 8, 5, 0, "chai", "8930000000026", "honey"),
    ("Bánh pía sầu riêng Sóc Trăng", "Soc Trang durian cake", 65_000, 8, 3, 0, "hộp", "8930000000033", "cake"),
    ("Trà Shan tuyết Hà Giang", "Ha Giang Shan tuyet tea", 120_000, 5, 4, 0, "gói", "8930000000040", "tea"),
    ("Khô cá lóc đồng", "Dried snakehead fish", 600_000, 8, 4, 1, "kg", None, "dried"),
    ("Nước mắm Phú Quốc 40 độ đạm", "Phu Quoc fish sauce", 95_000, 10, 5, 0, "chai", "8930000000057", "salt"),
]
CATEGORIES = {"salt": ("Muối & nước mắm", "Salt & fish sauce"), "honey": ("Mật ong", "Honey"),
              "cake": ("Bánh kẹo", "Cakes"), "tea": ("Trà", "Tea"), "dried": ("Đồ khô", "Dried food")}


@dataclass
class KioskData:
    path: str
    clerk: dict
    manager: dict
    products: dict = field(default_factory=dict)  # name_vi -> product id
    barcodes: dict = field(default_factory=dict)  # name_vi -> barcode
    clerk_pin: str = CLERK_PIN
    manager_pin: str = MANAGER_PIN


def build_db(path: str, settings: dict | None = None, open_shift: bool = True, clock=None) -> KioskData:
    """The kiosk database, written at `clock`'s time (default: the suite's start, 10:00 in Vietnam)."""
    with Store(path, clock=clock or Clock()) as store:
        store.set_settings(device_code="HN01", bank_bin="970436", bank_account="0011001234567",
                           bank_account_name="TT XUC TIEN TM BAC LIEU", idle_lock_minutes=0,
                           **(settings or {}))
        pid, _ = catalog.upsert_producer(store, {"code": "HTX-BL", "name": "HTX Muối Bạc Liêu",
                                                 "kind": "cooperative", "province": "Bạc Liêu"})
        cats = {}
        for i, (key, (vi, en)) in enumerate(CATEGORIES.items()):
            cats[key], _ = catalog.upsert_category(store, {"name_vi": vi, "name_en": en, "sort": i})
        clerk_id, _ = staff.create_staff(store, "lan", "Nguyễn Thị Lan", "clerk", CLERK_PIN)
        mgr_id, _ = staff.create_staff(store, "hung", "Trần Văn Hùng", "manager", MANAGER_PIN)
        data = KioskData(path, staff.get_staff(store, clerk_id), staff.get_staff(store, mgr_id))
        for n, (vi, en, price, vat, stars, weight, unit, code, cat) in enumerate(PRODUCTS, start=1):
            if code is not None:
                assert barcodes.is_valid_gtin(code), code
            prod_id, _ = catalog.upsert_product(store, {
                "sku": f"SKU{n:03d}", "name_vi": vi, "name_en": en, "price": price, "vat_rate": vat,
                "ocop_stars": stars, "sold_by_weight": weight, "unit": unit, "producer_id": pid,
                "category_id": cats[cat]}, barcodes=[code] if code else None)
            data.products[vi] = prod_id
            data.barcodes[vi] = code
        if open_shift:
            shifts.open_shift(store, clerk_id, 1_000_000)
    return data


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory) -> KioskData:
    # PIN hashing (scrypt) is slow on purpose: build once, copy per test
    return build_db(str(tmp_path_factory.mktemp("template") / "kiosk.db"))


@pytest.fixture
def kiosk_db(tmp_path, _template_db) -> KioskData:
    """A fresh copy of the demo kiosk database (clerk, manager, catalog, open shift)."""
    import copy
    import shutil

    path = tmp_path / "kiosk.db"
    shutil.copyfile(_template_db.path, path)
    data = copy.deepcopy(_template_db)
    data.path = str(path)
    return data


class Kiosk:
    """A driven kiosk: the window, its context and helpers that act like a clerk."""

    def __init__(self, qtbot, ctx, window, data: KioskData):
        self.qtbot = qtbot
        self.ctx = ctx
        self.window = window
        self.data = data

    @property
    def clock(self):
        """The kiosk's one clock (the test's `clock` unless make_kiosk was given another)."""
        return self.ctx.clock

    def store(self) -> Store:
        """A second Store on the kiosk's file and clock, as the sync thread opens one."""
        return Store(self.data.path, clock=self.ctx.clock)

    @property
    def sell(self):
        return self.window.sell

    def idle(self, timeout: int = 10_000) -> None:
        """Wait until the DB worker (and the open cart's saver) answered everything queued so far."""
        keeper = getattr(self.window, "cart_keeper", None)
        self.qtbot.waitUntil(lambda: self.ctx.worker.pending == 0 and (keeper is None or keeper.idle),
                             timeout=timeout)

    def focus_widget(self):
        return QApplication.focusWidget() or self.window

    def scan(self, code: str, wait: bool = True) -> None:
        """A keyboard-wedge scanner: the code as fast key presses then Enter, into the focus."""
        target = self.focus_widget()
        self.qtbot.keyClicks(target, code)
        self.qtbot.keyClick(self.focus_widget(), Qt.Key.Key_Return)
        if wait:
            self.idle()

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus_widget(), key, modifier)

    def type_text(self, widget, text: str) -> None:
        """Type any text (Vietnamese included) as key events carrying the text."""
        widget.setFocus()
        for ch in text:
            for etype in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(etype, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        self.qtbot.wait(60)  # the scanner filter replays held-back ASCII after its gap

    def answer_pin(self, pin: str) -> None:
        """Arrange for the next manager-PIN dialog to be answered with `pin`."""
        from ui.approval import ApprovalDialog

        def answer():
            dlg = QApplication.activeModalWidget()
            if isinstance(dlg, ApprovalDialog) and dlg.pad.isEnabled():
                dlg.pad.edit.setText(pin)
                dlg.pad._submit()
            else:
                QTimer.singleShot(20, answer)

        QTimer.singleShot(0, answer)


def _login(qtbot, window, ctx, staff_row: dict, pin: str) -> None:
    window.login.activated()
    qtbot.waitUntil(lambda: staff_row["code"] in window.login.tiles, timeout=10_000)
    window.login.tiles[staff_row["code"]].click()
    window.login.pad.edit.setText(pin)
    window.login.pad._submit()
    qtbot.waitUntil(lambda: ctx.staff is not None and ctx.staff["id"] == staff_row["id"], timeout=10_000)


@pytest.fixture
def make_kiosk(qtbot, clock):
    """Factory: make_kiosk(data, lang='vi', login=True, clock=the test's clock) -> Kiosk (closed at
    teardown). `clock=utc_now` runs a kiosk on the machine's clock, as in a shop."""
    from ui.app import create_kiosk

    made = []

    def make(data: KioskData, lang: str = "vi", login: bool = True, as_manager: bool = False,
             all_screens: bool = True, clock=clock) -> Kiosk:
        ctx, window = create_kiosk(data.path, lang=lang, clock=clock)
        if all_screens:
            window._build_rest()  # the app builds these lazily; tests want every screen now
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        k = Kiosk(qtbot, ctx, window, data)
        made.append(k)
        if login:
            who = data.manager if as_manager else data.clerk
            _login(qtbot, window, ctx, who, MANAGER_PIN if as_manager else CLERK_PIN)
            qtbot.waitUntil(lambda: ctx.shift is not None or ctx.worker.pending == 0, timeout=10_000)
            k.idle()
        return k

    yield make
    for k in made:
        k.window.scanner.uninstall()
        k.window.status.timer.stop()
        k.window.close_keeping_sale()  # as on SIGTERM: an open sale is kept, nothing is asked
        k.ctx.worker.stop()


@pytest.fixture
def kiosk(make_kiosk, kiosk_db) -> Kiosk:
    """The main window on a temp DB, a clerk logged in, a shift open, the sell screen shown."""
    return make_kiosk(kiosk_db)
