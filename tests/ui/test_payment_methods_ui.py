"""The bank transfer without QR on the kiosk's screens, by keyboard: F12, Shift+F8, the reference
typed, Enter; then the receipt list, the refund dialog and the shift report name it in Vietnamese.
Its button, key, prompt and words all come from its registry entry."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import shifts
from pos.store import Store

from test_sell_history import open_history

HONEY = "Mật ong rừng U Minh"


def test_bank_transfer_by_keyboard_then_history_refund_and_shift(kiosk):
    sell, pay = kiosk.sell, kiosk.sell.payment
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    assert pay.buttons["transfer"].text().startswith("Chuyển khoản")
    kiosk.press(Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert pay.mode == "reference" and pay.method.code == "transfer"
    assert pay.ref_field.isVisible() and not pay.qr_box.isVisible() and not pay.quick_host.isVisible()
    assert pay.ref_field.placeholderText() == "Mã giao dịch chuyển khoản (trong ứng dụng ngân hàng)"
    assert pay.confirm_button.text().startswith("Đã nhận chuyển khoản")
    assert kiosk.focus_widget() is pay.ref_field
    kiosk.press(Qt.Key.Key_Return)  # nothing typed: the clerk is asked for the reference
    assert pay.error.isVisible() and pay.error.text().startswith("Hãy nhập mã giao dịch trước")
    assert pay.parts == []
    kiosk.type_text(pay.ref_field, "ab")  # too short to be a bank's reference
    kiosk.press(Qt.Key.Key_Return)
    assert pay.error.isVisible() and "không giống mã giao dịch" in pay.error.text() and pay.parts == []
    pay.ref_field.clear()
    kiosk.type_text(pay.ref_field, "FT26112200071")
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    result = sell.done.result
    assert (result.total, result.change_due) == (185_000, 0)
    with Store(kiosk.data.path) as store:
        rows = store.all("SELECT method, amount, reference FROM payments")
    assert rows == [{"method": "transfer", "amount": 185_000, "reference": "FT26112200071"}]
    kiosk.qtbot.waitUntil(lambda: sell.done.preview.doc is not None)
    assert sell.done.preview.doc["payments"][0]["method"] == "transfer"
    kiosk.press(Qt.Key.Key_Return)  # next sale

    hist = open_history(kiosk, result.receipt_no)
    assert hist.table.item(0, 4).text() == "Chuyển khoản"
    kiosk.qtbot.waitUntil(lambda: hist.buttons["refund"].isEnabled())
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None and hist.refund_dialog.isVisible())
    dlg = hist.refund_dialog
    assert dlg.method.currentData() == "transfer"  # the money goes back the way it came
    assert dlg.method.currentText() == "Chuyển khoản"
    dlg.spins[0].setValue(1)
    assert dlg.amount_label.text() == "Hoàn lại 185.000 ₫ bằng chuyển khoản"
    dlg.reject()

    with Store(kiosk.data.path) as store:
        report = shifts.report(store, shifts.current(store)["id"])
    view = kiosk.window.screens["shift"].x_view
    rows = dict(view.rows_for(report))
    assert rows["  Thanh toán bằng Chuyển khoản"] == "185.000 ₫"
    assert rows["  Thanh toán bằng Tiền mặt"] == "0 ₫"


def test_a_method_added_to_the_registry_alone_is_on_the_payment_screen(make_kiosk, kiosk_db, monkeypatch):
    """One registry entry, and the payment screen has its button and key, asks its reference in
    its words, and sells by it; no screen module is edited."""
    from pos import payment_methods
    from pos.payment_methods import PaymentMethod, Words

    monkeypatch.setitem(payment_methods.METHODS, "voucher", payment_methods.check_entry(PaymentMethod(
        "voucher", Words("Phiếu quà tặng", "Gift voucher"), Words("Phiếu quà tặng", "Gift voucher"), "reference",
        key="Ctrl+F8", asks_reference=True, reference_required=True, reference_pattern=r"GV-\d{6}",
        reference_prompt=Words("Số phiếu quà tặng", "Voucher number"), confirm=Words("Đã thu phiếu", "Voucher taken"),
        wire="gift_voucher")))
    k = make_kiosk(kiosk_db)
    sell, pay = k.sell, k.sell.payment
    k.scan(k.data.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    k.press(Qt.Key.Key_F12)
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    assert pay.buttons["voucher"].text().startswith("Phiếu quà tặng")
    pay.amount.setText("100000")
    k.press(Qt.Key.Key_F8, Qt.KeyboardModifier.ControlModifier)
    assert pay.method.code == "voucher" and pay.ref_field.placeholderText() == "Số phiếu quà tặng"
    k.type_text(pay.ref_field, "GV-000123")
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: len(pay.parts) == 1)
    assert pay.parts_list.item(0).text() == "Phiếu quà tặng: 100.000 ₫ · GV-000123"
    k.press(Qt.Key.Key_Return)  # the rest in exact cash
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    with Store(k.data.path) as store:
        rows = store.all("SELECT method, amount, reference FROM payments ORDER BY amount")
    assert rows == [{"method": "cash", "amount": 85_000, "reference": ""},
                    {"method": "voucher", "amount": 100_000, "reference": "GV-000123"}]
