"""At Pay (F12) the sell screen asks the manager again when an approved discount no longer covers the
cart (a quantity lowered after approval), shows what changed, and keeps the sale in the cart when
the manager does not approve. A gift (100 % approved) completes with no payment."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos.store import Store
from ui.approval import ApprovalDialog

HONEY = "Mật ong rừng U Minh"  # 185.000 ₫


def db(kiosk, sql):
    with Store(kiosk.data.path) as store:
        return store.all(sql)


def pay(kiosk) -> None:
    """The Pay button (F12): a click, so the test does not depend on where focus went."""
    kiosk.qtbot.mouseClick(kiosk.sell.pay_button, Qt.MouseButton.LeftButton)


def cancel_next_approval(seen: dict) -> None:
    def step():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, ApprovalDialog):
            QTimer.singleShot(20, step)
            return
        seen["asked"] = dlg.detail.text()  # the manager reads what they are asked to approve
        dlg.reject()

    QTimer.singleShot(0, step)


def discount(kiosk, text: str, pin: str | None = None) -> None:
    sell = kiosk.sell
    kiosk.press(Qt.Key.Key_F4)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.setText(text)
    if pin:
        kiosk.answer_pin(pin)
    sell.prompt._accept()


def test_a_discount_approved_on_three_jars_is_asked_again_for_one(kiosk):
    sell = kiosk.sell
    for _ in range(3):
        kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: sell.cart.lines and sell.cart.lines[0].qty == 3, timeout=30_000)  # slow when loaded
    discount(kiosk, "111000", kiosk.data.manager_pin)  # 20 % of 555.000: approved
    assert sell.cart.lines[0].discount == 111_000 and sell.total_label.text() == "444.000 ₫"
    kiosk.qtbot.mouseClick(sell.buttons["minus"], Qt.MouseButton.LeftButton)
    kiosk.qtbot.mouseClick(sell.buttons["minus"], Qt.MouseButton.LeftButton)
    assert sell.cart.lines[0].qty == 1 and sell.total_label.text() == "74.000 ₫"  # 60 % off now

    seen: dict = {}
    cancel_next_approval(seen)
    pay(kiosk)  # the manager is asked again, and says no
    assert "111.000 ₫" in seen["asked"] and "555.000 ₫" in seen["asked"]
    assert sell.pages.currentIndex() == sell.PAGE_CART
    assert sell.alert.isVisible()
    for figure in ("111.000 ₫", "185.000 ₫", "555.000 ₫"):  # what it is now, what was approved
        assert figure in sell.alert.text()
    assert db(kiosk, "SELECT * FROM sales") == []

    kiosk.answer_pin(kiosk.data.manager_pin)
    pay(kiosk)  # asked again; approved this time: on to the payment
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    assert not sell.alert.isVisible()
    kiosk.qtbot.mouseClick(sell.payment.confirm_button, Qt.MouseButton.LeftButton)  # Enter: exact cash
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    [sale] = db(kiosk, "SELECT total, approved_by FROM sales")
    assert sale == {"total": 74_000, "approved_by": kiosk.data.manager["id"]}
    [audit] = db(kiosk, "SELECT approved_by, detail FROM audit_log WHERE action = 'sale.discount_approved'")
    assert audit["approved_by"] == kiosk.data.manager["id"]
    detail = json.loads(audit["detail"])
    assert (detail["amount"], detail["base"], detail["approved"], detail["approved_base"]) == \
        (111_000, 185_000, 111_000, 185_000)


def test_a_gift_approved_by_the_manager_completes_without_payment(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    discount(kiosk, "100%", kiosk.data.manager_pin)
    assert sell.total_label.text() == "0 ₫"
    pay(kiosk)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    kiosk.qtbot.mouseClick(sell.payment.confirm_button, Qt.MouseButton.LeftButton)  # Enter: no payment
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    assert db(kiosk, "SELECT total, paid_total FROM sales") == [{"total": 0, "paid_total": 0}]
    assert db(kiosk, "SELECT * FROM payments") == []
