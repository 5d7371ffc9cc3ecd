"""Receipts history: find, view, refund part of a sale with a manager PIN, void with a manager PIN."""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

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
    assert hist.day.date() == QDate(2026, 11, 22)  # the kiosk clock's day in Vietnam, not the machine's date
    kiosk.qtbot.waitUntil(lambda: {r["receipt_no"] for r in hist.rows} == {r1, r2})  # today
    assert hist.table.item(0, 5).text() == "370.000 ₫"
    hist = open_history(kiosk, r1)
    kiosk.qtbot.waitUntil(lambda: hist.preview.doc is not None and hist.preview.doc["receipt_no"] == r1)
    assert hist.preview.doc["lines"][0]["name"] == SALT
    kiosk.press(Qt.Key.Key_F5)
    kiosk.idle()
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM audit_log WHERE action = 'reprint'")["n"] == 1


def open_reasons(kiosk, holder, attr: str):
    """The reason picker `holder.<attr>` once it is shown and has the keyboard."""
    from PySide6.QtWidgets import QApplication

    kiosk.qtbot.waitUntil(lambda: getattr(holder, attr, None) is not None and getattr(holder, attr).isVisible())
    dlg = getattr(holder, attr)
    kiosk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dlg and QApplication.activeWindow() is dlg)
    return dlg


def test_partial_refund_picks_a_reason_then_needs_manager_pin(kiosk):
    receipt = sell_exact_cash(kiosk, HONEY, HONEY, SALT)
    hist = open_history(kiosk, receipt)
    assert hist.buttons["refund"].isEnabled()
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    dlg = hist.refund_dialog
    honey_row = next(i for i, r in enumerate(dlg.lines) if r["name_vi"] == HONEY)
    dlg.set_qty(honey_row, 1)
    dlg.ok.click()  # Refund… -> the reason picker
    picker = open_reasons(kiosk, dlg, "reason_dialog")
    labels = [b.text() for b in picker.buttons]
    assert labels[:2] == ["1.  Sản phẩm lỗi", "2.  Khách đổi ý"] and labels[-1].endswith("Khác…")
    kiosk.answer_pin(kiosk.data.manager_pin)
    kiosk.press(Qt.Key.Key_2)  # "Khách đổi ý"
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is None)
    kiosk.idle()
    with Store(kiosk.data.path) as store:
        refund = store.one("SELECT * FROM sales WHERE kind = 'refund'")
        assert refund["total"] == 185_000 and refund["approved_by"] == kiosk.data.manager["id"]
        assert refund["reason"] == "Khách đổi ý"
        lines = store.all("SELECT name_vi, qty FROM sale_lines WHERE sale_id = ?", (refund["id"],))
    assert lines == [{"name_vi": HONEY, "qty": 1}]
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["kind"] == "refund")


def test_refund_reason_escape_or_pin_cancel_changes_nothing(kiosk):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.approval import ApprovalDialog

    receipt = sell_exact_cash(kiosk, HONEY)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    dlg = hist.refund_dialog
    dlg.submit()  # nothing chosen to come back: said, and no picker
    assert dlg.error.isVisible() and dlg.reason_dialog is None
    dlg.set_qty(0, 1)
    dlg.submit()
    picker = open_reasons(kiosk, dlg, "reason_dialog")
    kiosk.press(Qt.Key.Key_Escape)  # the picker closes; the refund dialog stays as it was
    kiosk.qtbot.waitUntil(lambda: dlg.reason_dialog is None)  # closed (and gone)
    assert dlg.isVisible() and dlg.chosen() == [{"line_id": dlg.lines[0]["line_id"], "qty": 1}]

    cancelled = []

    def cancel():
        d = QApplication.activeModalWidget()
        if isinstance(d, ApprovalDialog):
            d.reject()
            cancelled.append(d)
        else:
            QTimer.singleShot(20, cancel)

    dlg.submit()
    picker = open_reasons(kiosk, dlg, "reason_dialog")
    QTimer.singleShot(0, cancel)
    kiosk.press(Qt.Key.Key_1)  # a reason, then the PIN dialog is cancelled
    kiosk.qtbot.waitUntil(lambda: bool(cancelled) and dlg.reason_dialog is None)
    kiosk.idle()
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM sales WHERE kind = 'refund'")["n"] == 0
        assert store.one("SELECT count(*) AS n FROM stock_moves WHERE kind = 'refund'")["n"] == 0
    assert dlg.isVisible() and dlg.ok.isEnabled()
    dlg.reject()


def test_void_picks_a_reason_then_needs_manager_pin(kiosk):
    receipt = sell_exact_cash(kiosk, SALT)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F7)
    picker = open_reasons(kiosk, hist, "void_dialog")
    assert [b.text() for b in picker.buttons] == [
        "1.  Nhập nhầm", "2.  Khách hủy", "3.  Thanh toán không thành công", "4.  Sai giá hoặc số lượng",
        "5.  Khác…"]
    assert QApplication.focusWidget() is picker.buttons[0]
    kiosk.press(Qt.Key.Key_Down)  # arrows move between the buttons, Enter presses
    kiosk.press(Qt.Key.Key_Right)
    assert QApplication.focusWidget() is picker.buttons[3]
    kiosk.answer_pin(kiosk.data.manager_pin)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.idle()
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["status"] == "voided")
    with Store(kiosk.data.path) as store:
        sale = store.one("SELECT * FROM sales WHERE receipt_no = ?", (receipt,))
        on_hand = store.one("SELECT qty FROM stock_on_hand WHERE product_id = ?",
                            (kiosk.data.products[SALT],))
    assert sale["status"] == "voided" and sale["voided_by"] == kiosk.data.manager["id"]
    assert sale["void_reason"] == "Sai giá hoặc số lượng"
    assert on_hand["qty"] == 0  # the sale's -1 was given back
    assert not hist.buttons["void"].isEnabled() and not hist.buttons["refund"].isEnabled()
    assert "Sai giá hoặc số lượng" in hist.detail.text()


def test_void_with_another_reason_typed_in_vietnamese(kiosk):
    receipt = sell_exact_cash(kiosk, SALT)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F7)
    picker = open_reasons(kiosk, hist, "void_dialog")
    assert not picker.other.isVisible()
    kiosk.press(Qt.Key.Key_5)  # Khác… (a digit reaches it after the scanner's gap)
    kiosk.qtbot.waitUntil(lambda: picker.other.isVisible() and QApplication.focusWidget() is picker.other)
    kiosk.press(Qt.Key.Key_Return)  # empty: said, nothing happens
    assert picker.error.isVisible() and picker.isVisible()
    kiosk.type_text(picker.other, "Khách đổi sang mua hộp quà")
    kiosk.answer_pin(kiosk.data.manager_pin)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["status"] == "voided")
    with Store(kiosk.data.path) as store:
        sale = store.one("SELECT * FROM sales WHERE receipt_no = ?", (receipt,))
    assert sale["void_reason"] == "Khách đổi sang mua hộp quà"


def test_void_escape_changes_nothing(kiosk):
    receipt = sell_exact_cash(kiosk, SALT)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F7)
    picker = open_reasons(kiosk, hist, "void_dialog")
    kiosk.press(Qt.Key.Key_5)
    kiosk.qtbot.waitUntil(lambda: picker.other.isVisible())
    kiosk.type_text(picker.other, "nhầm")
    kiosk.press(Qt.Key.Key_Escape)  # even with a reason half written
    kiosk.qtbot.waitUntil(lambda: hist.void_dialog is None)  # closed (and gone)
    kiosk.idle()
    assert QApplication.activeModalWidget() is None  # no PIN was asked
    with Store(kiosk.data.path) as store:
        sale = store.one("SELECT * FROM sales WHERE receipt_no = ?", (receipt,))
        assert store.one("SELECT count(*) AS n FROM stock_moves WHERE kind = 'void'")["n"] == 0
    assert sale["status"] == "completed" and sale["void_reason"] is None
    assert hist.buttons["void"].isEnabled()


def test_void_reasons_in_english(make_kiosk, kiosk_db):
    kiosk = make_kiosk(kiosk_db, lang="en")
    receipt = sell_exact_cash(kiosk, SALT)
    hist = open_history(kiosk, receipt)
    kiosk.press(Qt.Key.Key_F7)
    picker = open_reasons(kiosk, hist, "void_dialog")
    assert [b.text() for b in picker.buttons] == [
        "1.  Entered by mistake", "2.  Customer cancelled", "3.  Payment failed", "4.  Wrong price or quantity",
        "5.  Other…"]
    kiosk.answer_pin(kiosk.data.manager_pin)
    kiosk.press(Qt.Key.Key_2)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["status"] == "voided")
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT void_reason FROM sales WHERE receipt_no = ?", (receipt,))["void_reason"] == \
            "Customer cancelled"


def test_scanning_a_receipt_barcode_opens_it_in_history(kiosk):
    receipt = sell_exact_cash(kiosk, SALT)
    kiosk.press(Qt.Key.Key_F9)
    hist = kiosk.window.history
    kiosk.scan(receipt)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["receipt_no"] == receipt)
    assert kiosk.window.stack.currentWidget() is hist
