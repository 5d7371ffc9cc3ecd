"""Every screen fits a 1024×768 and a 1366×768 screen with nothing cut off: the window is never
larger than its screen (once a manager logged in it grew to 1734 px and never shrank), and the
widgets a clerk must reach (the total, the pay and confirm buttons, the PIN pad) are wholly inside
it, in Vietnamese and in English. Text cut off inside a widget is ui.fit_check's business."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from ui.fit_check import cut_texts

SIZES = [(1024, 768), (1366, 768)]


class Fit:
    """Checks one screen after another; problems are collected, so one run names them all."""

    def __init__(self, k, size):
        self.k, self.area, self.problems = k, QRect(0, 0, *size), []

    def __call__(self, name: str, *key_widgets) -> None:
        k, win = self.k, self.k.window
        k.qtbot.wait(30)
        QApplication.processEvents()
        if not self.area.contains(win.frameGeometry()):
            self.problems.append(f"{name}: window {win.frameGeometry().getRect()} outside {self.area.getRect()}")
        inside = win.rect()
        for w in key_widgets:
            where = QRect(w.mapTo(win, w.rect().topLeft()), w.size())
            shown = w.isVisible() and w.visibleRegion().boundingRect() == w.rect()
            if not shown or not inside.contains(where):
                self.problems.append(f"{name}: {w.objectName() or type(w).__name__} {where.getRect()} "
                                     f"not wholly shown in {inside.getRect()}")
        page = win.stack.currentWidget()
        if isinstance(page, QScrollArea) and page.widget().width() > page.viewport().width():
            self.problems.append(f"{name}: {page.widget().width()} px wide in {page.viewport().width()} px")
        modal = QApplication.activeModalWidget()
        if modal is not None and not self.area.contains(modal.frameGeometry()):
            self.problems.append(f"{name}: dialog {modal.frameGeometry().getRect()} off the screen")
        for root in [win] + ([modal] if modal is not None else []):
            self.problems.extend(f"{name}: {cut}" for cut in cut_texts(root))


@pytest.mark.parametrize("size", SIZES, ids=["1024x768", "1366x768"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_screen_fits_the_screen(make_kiosk, kiosk_db, lang, size):
    k = make_kiosk(kiosk_db, lang=lang, login=False)
    win = k.window
    win.fit_to(QRect(0, 0, *size))
    fit = Fit(k, size)
    k.qtbot.waitUntil(lambda: bool(win.login.tiles))
    win.login.code_edit.setText(kiosk_db.clerk["code"])
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: win.login.pad.isEnabled())
    fit("login", win.login.pad.buttons["OK"], win.login.pad.edit)
    win.login.pad.edit.setText(kiosk_db.clerk_pin)
    win.login.pad._submit()
    k.qtbot.waitUntil(lambda: k.ctx.staff is not None)
    k.idle()
    sell = k.sell
    for name in ("Mật ong rừng U Minh", "Muối hầm Bạc Liêu 500 g", "Nước mắm Phú Quốc 40 độ đạm"):
        k.scan(kiosk_db.barcodes[name])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 3)
    fit("sell", sell.total_label, sell.pay_button, *sell.buttons.values())
    k.press(Qt.Key.Key_F12)
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    fit("payment", sell.payment.confirm_button, sell.payment.amount)
    k.press(Qt.Key.Key_Escape)
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_CART)
    win.show_screen("history")
    fit("receipts")
    win.show_screen("shift")
    shift = win.screens["shift"]
    k.qtbot.waitUntil(lambda: shift.pages.currentIndex() == shift.PAGE_MAIN)
    fit("shift", shift.close_btn, shift.x_btn)
    win.lock()
    k.qtbot.waitUntil(lambda: k.ctx.staff is None and bool(win.login.tiles))
    fit("lock screen", win.login.code_edit)
    # a manager: the top bar has the manager screens too, and the window must not grow
    win.login.code_edit.setText(kiosk_db.manager["code"])
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: win.login.pad.isEnabled())
    win.login.pad.edit.setText(kiosk_db.manager_pin)
    win.login.pad._submit()
    k.qtbot.waitUntil(lambda: k.ctx.is_manager)
    k.idle()
    fit("manager sell", sell.total_label, sell.pay_button, *(win.nav_buttons[key] for key in win.manager_keys))
    for key in win.manager_keys:
        win.show_screen(key)
        k.idle()
        fit(key)
    win.show_screen("sell")
    fit("manager back on sell", sell.total_label, sell.pay_button)
    assert fit.problems == [], "\n".join(fit.problems)
