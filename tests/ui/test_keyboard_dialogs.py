"""The kiosk under a real keyboard: in every dialog the clerk or manager meets, Enter confirms and
Esc cancels; a manager's PIN + Enter approves; after a dialog closes the keys come back to the
till without a click (F-keys work, scans land). Keys are sent as key events to whatever has the
focus, as a keyboard would."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.approval import ApprovalDialog
from ui.held import HeldDialog
from ui.prompts import NumberPrompt

HONEY = "Mật ong rừng U Minh"  # 185.000 ₫
SALT = "Muối hầm Bạc Liêu 500 g"


def keys(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def key(k) -> None:
    QTest.keyClick(QApplication.focusWidget(), k)


def wait_keys_in(qtbot, cls):
    """The open dialog of `cls`, once it has the keys (the window system gives them a moment later)."""
    def ready():
        dlg, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        return isinstance(dlg, cls) and focus is not None and focus.window() is dlg

    qtbot.waitUntil(ready)
    return QApplication.activeModalWidget()


def when_modal(cls, then) -> None:
    """Once a dialog of `cls` is the open modal one (a nested event loop runs it), do `then(dlg)`."""
    def step():
        dlg = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if isinstance(dlg, cls) and dlg.isVisible() and focus is not None and focus.window() is dlg:
            then(dlg)
        else:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


def order_discount_with_keys(kiosk, text: str) -> None:
    sell = kiosk.sell
    kiosk.press(Qt.Key.Key_F5)
    wait_keys_in(kiosk.qtbot, NumberPrompt)
    assert QApplication.focusWidget() is sell.prompt.edit
    sell.prompt.edit.clear()
    keys(text)


def test_manager_pin_then_enter_approves_the_discount(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    order_discount_with_keys(kiosk, "50%")
    seen = {}

    def type_pin(dlg):
        seen["focus"] = QApplication.focusWidget().objectName()
        keys(kiosk.data.manager_pin)
        key(Qt.Key.Key_Return)

    when_modal(ApprovalDialog, type_pin)
    key(Qt.Key.Key_Return)  # the prompt's Enter: above the clerk's limit, so the manager's PIN
    kiosk.qtbot.waitUntil(lambda: sell.cart.order_discount == 92_500)
    assert seen["focus"] == "pin"
    kiosk.qtbot.waitUntil(lambda: sell.prompt is None)
    assert sell.total_label.text() == "92.500 ₫"
    assert "Trần Văn Hùng" in sell.notice.text()


def test_esc_cancels_the_approval_then_the_prompt(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    order_discount_with_keys(kiosk, "50%")
    when_modal(ApprovalDialog, lambda dlg: (keys("99"), key(Qt.Key.Key_Escape)))
    key(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.error.isVisible())
    assert sell.cart.order_discount == 0
    assert QApplication.activeModalWidget() is sell.prompt
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.prompt.edit)  # keys back in the prompt
    key(Qt.Key.Key_Escape)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is None)
    assert sell.cart.order_discount == 0


def test_a_wrong_pin_then_enter_stays_open_for_the_right_one(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    order_discount_with_keys(kiosk, "30%")

    def wrong_then_right(dlg):
        keys("1234")
        key(Qt.Key.Key_Return)

        def again():
            if not dlg.error.isVisible() or not dlg.pad.isEnabled():
                QTimer.singleShot(20, again)
                return
            keys(kiosk.data.manager_pin)
            key(Qt.Key.Key_Return)

        again()

    when_modal(ApprovalDialog, wrong_then_right)
    key(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.cart.order_discount == 55_500)


def test_after_a_dialog_closes_f_keys_and_scans_work_without_a_click(kiosk):
    sell, win = kiosk.sell, kiosk.window
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F3)  # the quantity prompt
    wait_keys_in(kiosk.qtbot, NumberPrompt)
    keys("2")
    key(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is None and sell.cart.lines[0].qty == 2)
    kiosk.qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    assert QApplication.focusWidget() is sell.view  # where the till takes keys and scans
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)
    kiosk.press(Qt.Key.Key_F7)  # held sales (none): an information, then Esc
    kiosk.qtbot.wait(50)
    modal = QApplication.activeModalWidget()
    if modal is not None:
        key(Qt.Key.Key_Escape)
        kiosk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    kiosk.qtbot.waitUntil(lambda: QApplication.activeWindow() is win and QApplication.focusWidget() is sell.view)
    key(Qt.Key.Key_F9)
    kiosk.qtbot.waitUntil(lambda: win.current_key() == "history")


def test_enter_and_esc_in_the_clerks_other_dialogs(kiosk):
    sell, win = kiosk.sell, kiosk.window
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    key(Qt.Key.Key_F6)  # hold the sale
    kiosk.qtbot.waitUntil(lambda: not sell.cart.lines)
    kiosk.idle()
    key(Qt.Key.Key_F7)  # the held sales: Enter takes the first back
    wait_keys_in(kiosk.qtbot, HeldDialog)
    key(Qt.Key.Key_Escape)
    kiosk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert not sell.cart.lines
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.view)
    key(Qt.Key.Key_F7)
    wait_keys_in(kiosk.qtbot, HeldDialog)
    key(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    # closing the kiosk with a sale open: Enter keeps it for the next start, Esc goes on selling
    win.close()
    box = wait_keys_in(kiosk.qtbot, QMessageBox)
    assert box.defaultButton().text() == "Giữ đơn và đóng" or box.defaultButton() is box.buttons()[0]
    key(Qt.Key.Key_Escape)
    kiosk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert win.isVisible() and len(sell.cart.lines) == 1
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.view)
