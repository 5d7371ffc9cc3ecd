"""A clerk's sale from scan to receipt: search, categories, weighed goods, discounts, payment."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import sales
from pos.store import Store


SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"
FISH = "Khô cá lóc đồng"


def db_sales(kiosk):
    with Store(kiosk.data.path) as store:
        return store.all("SELECT * FROM sales ORDER BY created_at"), store.all("SELECT * FROM payments")


def test_scan_into_search_box_never_lands_as_text(kiosk):
    sell = kiosk.sell
    sell.search.setFocus()
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    assert sell.search.text() == ""
    assert sell.cart.lines[0].name_vi == HONEY


def test_unknown_and_invalid_barcodes_alert_and_keep_the_cart(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.scan("8930000000064")  # valid check digit, not in the catalog
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert "8930000000064" in sell.alert.text()
    assert len(sell.cart.lines) == 1
    kiosk.press(Qt.Key.Key_Escape)
    assert not sell.alert.isVisible()
    kiosk.scan("8930000000018")  # wrong check digit
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert "8930000000018" in sell.alert.text()
    assert len(sell.cart.lines) == 1 and sell.cart.lines[0].qty == 1


def test_search_in_vietnamese_with_and_without_tones(kiosk):
    sell = kiosk.sell
    kiosk.press(Qt.Key.Key_F2)
    assert QApplication.focusWidget() is sell.search
    kiosk.type_text(sell.search, "mật ong")
    kiosk.qtbot.waitUntil(lambda: sell.results.count() > 0 and sell.browse.currentWidget() is sell.results)
    assert HONEY in sell.results.item(0).text()
    sell.search.clear()
    kiosk.type_text(sell.search, "banh pia")
    kiosk.qtbot.waitUntil(lambda: sell.results.count() > 0 and "Bánh pía" in sell.results.item(0).text())
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    assert sell.cart.lines[0].name_vi.startswith("Bánh pía sầu riêng")
    assert sell.search.text() == ""


def test_category_grid_and_weighed_goods_by_grams(kiosk):
    sell = kiosk.sell
    kiosk.qtbot.waitUntil(lambda: sell.cat_grid.count() == 5)
    buttons = [sell.cat_grid.itemAt(i).widget() for i in range(sell.cat_grid.count())]
    next(b for b in buttons if b.text() == "Đồ khô").click()
    kiosk.qtbot.waitUntil(lambda: sell.browse.currentWidget() is sell.prod_host and bool(sell.product_buttons))
    sell.product_buttons[0].click()
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    kiosk.qtbot.keyClicks(sell.prompt.edit, "250")
    kiosk.qtbot.keyClick(sell.prompt.edit, Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    line = sell.cart.lines[0]
    assert line.name_vi == FISH and line.sold_by_weight and line.qty == 250
    assert sell.total_label.text() == "150.000 ₫"  # 600.000 ₫/kg x 250 g
    assert "250 g" == sell.model.index(0, 1).data()


def test_quantity_keys_and_remove(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)
    sell.view.select_row(0)
    sell.buttons["plus"].click()
    sell.buttons["plus"].click()
    assert sell.cart.lines[0].qty == 3
    sell.buttons["minus"].click()
    assert sell.cart.lines[0].qty == 2
    assert sell.total_label.text() == "275.000 ₫"
    sell.view.select_row(1)
    kiosk.press(Qt.Key.Key_Delete)
    assert [ln.name_vi for ln in sell.cart.lines] == [SALT]
    assert "VAT" in sell.vat_label.text() or "GTGT" in sell.vat_label.text()


def test_discount_above_threshold_needs_manager_pin(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    # 5 %: within the clerk's limit (10 %)
    kiosk.press(Qt.Key.Key_F4)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None)
    sell.prompt.edit.setText("5%")
    sell.prompt.reason.setCurrentIndex(0)
    sell.prompt._accept()
    assert sell.cart.lines[0].discount == 9_250
    assert sell.total_label.text() == "175.750 ₫"
    # 30 %: a manager must type a PIN
    kiosk.press(Qt.Key.Key_F4)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.setText("55500")
    kiosk.answer_pin(kiosk.data.manager_pin)
    sell.prompt._accept()
    assert sell.cart.lines[0].discount == 55_500
    assert sell.cart.lines[0].discount_approved_by == kiosk.data.manager["id"]
    assert sell.total_label.text() == "129.500 ₫"


def test_discount_refused_with_wrong_pin_changes_nothing(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F5)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.setText("50%")
    from ui.approval import ApprovalDialog
    from PySide6.QtCore import QTimer

    seen = {}

    def wrong_then_cancel():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, ApprovalDialog):
            QTimer.singleShot(20, wrong_then_cancel)
            return
        if "tried" not in seen:
            seen["tried"] = True
            dlg.pad.edit.setText("1111")  # the clerk's PIN is not a manager's
            dlg.pad._submit()
            QTimer.singleShot(20, wrong_then_cancel)
        elif dlg.error.isVisible():
            seen["error"] = dlg.error.text()
            dlg.reject()
        else:
            QTimer.singleShot(20, wrong_then_cancel)

    QTimer.singleShot(0, wrong_then_cancel)
    sell.prompt._accept()
    assert seen["error"]
    assert sell.cart.order_discount == 0
    assert sell.prompt.error.isVisible()
    sell.prompt.reject()


def test_exact_cash_sale_takes_two_actions(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)
    kiosk.press(Qt.Key.Key_F12)       # action 1: pay
    kiosk.press(Qt.Key.Key_Return)    # action 2: exact cash
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    rows, pays = db_sales(kiosk)
    assert len(rows) == 1 and rows[0]["total"] == 230_000 and rows[0]["change_due"] == 0
    assert [(p["method"], p["amount"], p["tendered"]) for p in pays] == [("cash", 230_000, 230_000)]
    assert rows[0]["receipt_no"] in sell.done.title.text()
    kiosk.qtbot.waitUntil(lambda: sell.done.preview.doc is not None)
    assert sell.done.preview.doc["receipt_no"] == rows[0]["receipt_no"]
    assert sell.done.preview.label.pixmap() is not None and not sell.done.preview.label.pixmap().isNull()
    kiosk.press(Qt.Key.Key_Return)    # next sale: one key
    assert sell.pages.currentIndex() == sell.PAGE_CART and not sell.cart.lines


def test_cash_quick_tender_shows_change(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    labels = [b.text().split("\n")[0] for b in sell.payment.quick_buttons]
    assert labels[0].endswith("185.000 ₫")
    assert labels[1:5] == ["190.000 ₫", "200.000 ₫", "500.000 ₫", "1.000.000 ₫"]
    kiosk.press(Qt.Key.Key_F4)  # 200.000
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    assert "15.000 ₫" in sell.done.change.text()
    rows, pays = db_sales(kiosk)
    assert pays[0]["tendered"] == 200_000 and pays[0]["change_given"] == 15_000


def test_next_scan_after_sale_starts_a_new_sale(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1 and sell.cart.lines[0].name_vi == HONEY)
    assert sell.pages.currentIndex() == sell.PAGE_CART


def test_vietqr_sale_takes_three_actions(kiosk):
    import zxingcpp
    from pos import vietqr

    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)   # 1
    kiosk.press(Qt.Key.Key_F8)    # 2
    kiosk.qtbot.waitUntil(lambda: bool(sell.payment.qr_payload))
    # the QR on screen decodes to a VietQR for this amount and account
    img = sell.payment.qr_image.pixmap().toImage()
    path = kiosk.data.path + ".qr.png"
    img.save(path)
    from PIL import Image

    decoded = zxingcpp.read_barcodes(Image.open(path))
    assert decoded and decoded[0].text == sell.payment.qr_payload
    d = vietqr.decode(decoded[0].text)
    assert d.amount == 185_000 and d.account == "0011001234567"
    assert "185.000 ₫" in sell.payment.qr_caption.text()
    kiosk.press(Qt.Key.Key_Return)  # 3: the clerk saw the money arrive
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    rows, pays = db_sales(kiosk)
    assert [(p["method"], p["amount"]) for p in pays] == [("vietqr", 185_000)]
    assert pays[0]["qr_payload"] == decoded[0].text


def test_split_card_and_cash(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)
    kiosk.press(Qt.Key.Key_F12)
    pay = sell.payment
    pay.amount.setText("100000")
    kiosk.press(Qt.Key.Key_F12)  # card for 100.000
    assert pay.card_ref.isVisible()
    pay.card_ref.setText("TID778/000123")
    kiosk.press(Qt.Key.Key_Return)
    assert pay.remaining == 130_000
    assert "130.000 ₫" in pay.remaining_label.text()
    pay.amount.setText("150000")
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    rows, pays = db_sales(kiosk)
    got = sorted((p["method"], p["amount"], p["tendered"], p["reference"]) for p in pays)
    assert got == [("card", 100_000, 100_000, "TID778/000123"), ("cash", 130_000, 150_000, "")]
    assert "20.000 ₫" in sell.done.change.text()


def test_hold_and_take_back(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F6)
    assert not sell.cart.lines
    kiosk.idle()
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F7)
    kiosk.qtbot.waitUntil(lambda: sell.held_dialog is not None)
    assert sell.held_dialog.list.count() == 1
    sell.held_dialog._take()
    kiosk.idle()
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1 and sell.cart.lines[0].name_vi == HONEY)
    # the salt sale that was on screen was parked, not lost
    with Store(kiosk.data.path) as store:
        from pos import held

        rows = held.list_held(store)
    assert len(rows) == 1 and rows[0]["total"] == 45_000

