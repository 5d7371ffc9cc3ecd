"""Receipts history: find, view, refund part of a sale with a manager PIN, void with a manager PIN."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos.store import Store

SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"


def sell_exact_cash(kiosk, *names):
    sell = kiosk.sell
    for n in names:
        kiosk.scan(kiosk.data.barcodes[n])
    kiosk.qtbot.waitUntil(lambda: sum(ln.qty for ln in sell.cart.lines) == len(names))
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    receipt = sell.done.result.receipt_no
    kiosk.press(Qt.Key.Key_Return)
    return receipt


def open_history(kiosk, receipt_no):
    kiosk.press(Qt.Key.Key_F9)
    hist = kiosk.window.history
    assert kiosk.window.stack.currentWidget() is hist
    hist.search.setText(receipt_no)
    kiosk.qtbot.waitUntil(lambda: len(hist.rows) == 1 and hist.rows[0]["receipt_no"] == receipt_no)
    hist.table.selectRow(0)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["receipt_no"] == receipt_no)
    return hist


def test_find_by_number_and_by_day_view_and_reprint(kiosk):
    r1 = sell_exact_cash(kiosk, SALT)
    r2 = sell_exact_cash(kiosk, HONEY, HONEY)
    kiosk.press(Qt.Key.Key_F9)
    hist = kiosk.window.history
    kiosk.qtbot.waitUntil(lambda: {r["receipt_no"] for r in hist.rows} == {r1, r2})  # today
    assert hist.table.item(0, 5).text() == "370.000 ₫"
    hist = open_history(kiosk, r1)
    kiosk.qtbot.waitUntil(lambda: hist.preview.doc is not None and hist.preview.doc["receipt_no"] == r1)
    assert hist.preview.doc["lines"][0]["name"] == SALT
    kiosk.press(Qt.Key.Key_F5)
    kiosk.idle()
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM audit_log WHERE action = 'reprint'")["n"] == 1


def test_partial_refund_needs_manager_pin(kiosk):
    receipt = sell_exact_cash(kiosk, HONEY, HONEY, SALT)
    hist = open_history(kiosk, receipt)
    assert hist.buttons["refund"].isEnabled()
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    dlg = hist.refund_dialog
    honey_row = next(i for i, r in enumerate(dlg.lines) if r["name_vi"] == HONEY)
    dlg.set_qty(honey_row, 1)
    kiosk.answer_pin(kiosk.data.manager_pin)
    dlg.submit()
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is None)
    kiosk.idle()
    with Store(kiosk.data.path) as store:
        refund = store.one("SELECT * FROM sales WHERE kind = 'refund'")
        assert refund["total"] == 185_000 and refund["approved_by"] == kiosk.data.manager["id"]
        lines = store.all("SELECT name_vi, qty FROM sale_lines WHERE sale_id = ?", (refund["id"],))
    assert lines == [{"name_vi": HONEY, "qty": 1}]
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["kind"] == "refund")


def test_refund_cancelled_at_pin_changes_nothing(kiosk):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.approval import ApprovalDialog

    receipt = sell_exact_cash(kiosk, HONEY)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    dlg = hist.refund_dialog
    dlg.set_qty(0, 1)

    def cancel():
        d = QApplication.activeModalWidget()
        if isinstance(d, ApprovalDialog):
            d.reject()
        else:
            QTimer.singleShot(20, cancel)

    QTimer.singleShot(0, cancel)
    dlg.submit()
    kiosk.idle()
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM sales WHERE kind = 'refund'")["n"] == 0
    dlg.reject()


def test_void_needs_manager_pin(kiosk):
    receipt = sell_exact_cash(kiosk, SALT)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F7)
    dlg = hist.void_dialog
    kiosk.qtbot.waitUntil(lambda: dlg.isVisible())
    kiosk.answer_pin(kiosk.data.manager_pin)
    dlg.setTextValue("Nhập nhầm")
    dlg.accept()
    kiosk.idle()
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["status"] == "voided")
    with Store(kiosk.data.path) as store:
        sale = store.one("SELECT * FROM sales WHERE receipt_no = ?", (receipt,))
        on_hand = store.one("SELECT qty FROM stock_on_hand WHERE product_id = ?",
                            (kiosk.data.products[SALT],))
    assert sale["status"] == "voided" and sale["voided_by"] == kiosk.data.manager["id"]
    assert sale["void_reason"] == "Nhập nhầm"
    assert on_hand["qty"] == 0  # the sale's -1 was given back
    assert not hist.buttons["void"].isEnabled() and not hist.buttons["refund"].isEnabled()


def test_scanning_a_receipt_barcode_opens_it_in_history(kiosk):
    receipt = sell_exact_cash(kiosk, SALT)
    kiosk.press(Qt.Key.Key_F9)
    hist = kiosk.window.history
    kiosk.scan(receipt)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["receipt_no"] == receipt)
    assert kiosk.window.stack.currentWidget() is hist
