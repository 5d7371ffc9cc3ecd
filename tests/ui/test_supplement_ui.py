"""The supplement from the receipts screen, in the real window with the keyboard: F4 on today's
invoiced sale, the right unit price typed on its line, goods not rung up scanned in, Enter, the
reason by its digit, the manager's PIN; the supplement and its increasing adjustment are written
and the screen shows the new receipt; the supplement's goods refund, a raised jar refunds at its
first price and its raise. A sale without an e-invoice offers no supplement."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import sales
from pos.einvoice import issue, sellers

from einvoice_setup import einvoice
from test_sell_history import open_history, sell_exact_cash

SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"


def test_a_supplement_with_the_keyboard_charges_the_difference_and_adjusts_the_invoice(kiosk):
    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice())
    receipt = sell_exact_cash(kiosk, SALT, SALT)  # 2 x 45.000
    hist = open_history(kiosk, receipt)
    kiosk.qtbot.waitUntil(lambda: hist.buttons["supplement"].isEnabled())
    kiosk.press(Qt.Key.Key_F4)
    kiosk.qtbot.waitUntil(lambda: hist.supplement_dialog is not None and hist.supplement_dialog.isVisible())
    dlg = hist.supplement_dialog
    assert dlg.windowTitle() == f"Bổ sung cho {receipt}" and len(dlg.rows) == 1
    price = dlg.rows[0]["price"]
    price.setFocus()
    kiosk.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    kiosk.qtbot.keyClicks(price, "48000")  # the jar's right price: 3.000 more on each of the two
    kiosk.qtbot.waitUntil(lambda: price.value() == 48_000)  # the scanner filter replays typed keys after its gap
    assert dlg.amount_label.text() == "Khách trả thêm 6.000 ₫"
    dlg.code.setFocus()
    kiosk.scan(kiosk.data.barcodes[HONEY])  # a bottle handed over, not rung up
    kiosk.qtbot.waitUntil(lambda: len(dlg.rows) == 2)
    assert QApplication.focusWidget() in (dlg.rows[1]["more"], dlg.rows[1]["more"].lineEdit()), QApplication.focusWidget()
    assert dlg.isVisible() and dlg.reason_dialog is None  # Enter in the code box did not go on
    assert dlg.table.item(1, 0).text() == f"{HONEY} (thêm)" and dlg.table.item(1, 4).text() == "185.000 ₫"
    assert dlg.amount_label.text() == "Khách trả thêm 191.000 ₫"
    assert dlg.method.currentData() == "cash"
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: dlg.reason_dialog is not None and dlg.reason_dialog.isVisible())
    kiosk.answer_pin(kiosk.data.manager_pin)
    kiosk.qtbot.keyClick(dlg.reason_dialog, Qt.Key.Key_1)  # "Tính thiếu đơn giá"
    kiosk.qtbot.waitUntil(lambda: hist.supplement_dialog is None, timeout=15_000)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["receipt_no"] != receipt)
    supp = hist.sale
    assert supp["total"] == 191_000 and supp["original_receipt_no"] == receipt
    assert f"Bổ sung cho {receipt}" in hist.detail.text()
    with kiosk.store() as st:
        orig_id = st.one("SELECT id FROM sales WHERE receipt_no = ?", (receipt,))["id"]
        (adj,) = issue.of_sale(st, supp["id"])
        (orig,) = issue.of_sale(st, orig_id)
        assert (adj["kind"], adj["related_invoice_id"], adj["total"], adj["number"]) == (
            "adjustment", orig["id"], 191_000, orig["number"] + 1)
        audit = st.one("SELECT * FROM audit_log WHERE action = 'supplement' AND ref_id = ?", (supp["id"],))
        assert audit["approved_by"] == kiosk.data.manager["id"] and "Tính thiếu đơn giá" in audit["detail"]
        pays = sales.get_sale(st, supp["id"])["payments"]
        assert [(p["method"], p["amount"], p["change_given"]) for p in pays] == [("cash", 191_000, 0)]
    # the supplement offers no supplement of its own; its honey refunds and it voids (pos/refundable.py)
    assert not hist.buttons["supplement"].isEnabled()
    assert hist.buttons["refund"].isEnabled() and hist.buttons["void"].isEnabled()
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    assert [r["name_vi"] for r in hist.refund_dialog.lines] == [HONEY]  # the raise comes back with the jar
    hist.refund_dialog.reject()
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is None)
    # a raised jar gives back its price and its raise: 45.000 + 3.000, the last jar as much
    hist.open_receipt(receipt)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["receipt_no"] == receipt)
    hist.buttons["refund"].click()
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None)
    dlg = hist.refund_dialog
    dlg.set_qty(0, 1)
    assert dlg.amount() == 48_000 and dlg.table.item(0, 4).text() == "48.000 ₫"
    dlg.set_qty(0, 2)
    assert dlg.amount() == 96_000
    dlg.reject()
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is None)
    # a sale without e-invoice offers no supplement
    with kiosk.store() as st:
        sellers.apply_settings(st, einvoice(enabled=False))
    kiosk.press(Qt.Key.Key_F1)
    plain = sell_exact_cash(kiosk, SALT)
    kiosk.press(Qt.Key.Key_F9)
    hist.open_receipt(plain)
    kiosk.qtbot.waitUntil(lambda: hist.sale is not None and hist.sale["receipt_no"] == plain)
    assert not hist.buttons["supplement"].isEnabled()
    kiosk.press(Qt.Key.Key_F4)
    assert hist.supplement_dialog is None
