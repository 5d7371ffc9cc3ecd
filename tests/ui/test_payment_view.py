"""What the money is for: the payment screen lists the cart beside the payment, and the refund
dialog shows what goes back (by method) before anyone confirms."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos import sales
from pos.store import Store

from test_sell_history import open_history, sell_exact_cash

SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"
TEA = "Trà Shan tuyết Hà Giang"


def ring(kiosk, *names):
    for n in names:
        kiosk.scan(kiosk.data.barcodes[n])
    kiosk.qtbot.waitUntil(lambda: sum(ln.qty for ln in kiosk.sell.cart.lines) == len(names))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_payment_screen_lists_what_is_paid_for(make_kiosk, kiosk_db, lang):
    k = make_kiosk(kiosk_db, lang=lang)
    ring(k, SALT, SALT, HONEY, TEA)
    sell = k.sell
    sell.view.select_row(2)
    sell.cart.set_line_discount(2, 10_000, "Khách quen")
    sell.cart.set_order_discount(5_000, "Làm tròn")
    sell._cart_changed(2)
    k.press(Qt.Key.Key_F12)
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    summary = sell.payment.summary
    assert summary.isVisible() and summary.table.isVisible()
    if lang == "vi":
        assert summary.rows == [
            ("Muối hầm Bạc Liêu 500 g", "2 hũ", "90.000 ₫"),
            ("Mật ong rừng U Minh", "1 chai", "185.000 ₫"),
            ("Trà Shan tuyết Hà Giang", "1 gói", "120.000 ₫"),
            ("    Giảm giá: Khách quen", "", "-10.000 ₫"),
        ]
        assert summary.title.text() == "Thanh toán cho 4 món"
        assert summary.discount_name.text() == "Giảm giá đơn (Làm tròn)"
    else:
        assert summary.rows == [
            ("Bac Lieu roasted salt 500 g", "2 jars", "90.000 ₫"),
            ("U Minh forest honey", "1 bottle", "185.000 ₫"),
            ("Ha Giang Shan tuyet tea", "1 pack", "120.000 ₫"),
            ("    Discount: Khách quen", "", "-10.000 ₫"),
        ]
        assert summary.title.text() == "Paying for 4 items"
    t = sell.cart.totals()
    assert summary.discount_value.text() == "-5.000 ₫" and summary.discount_value.isVisible()
    assert summary.total_value.text() == "380.000 ₫" == sell.payment.due_label.text().split(": ")[1]
    assert summary.vat_value.text() == f"{t.vat_total:,} ₫".replace(",", ".")
    # and it stays in sight while paying by QR
    sell.payment.start_qr()
    k.qtbot.waitUntil(lambda: bool(sell.payment.qr_payload))
    assert summary.isVisible() and sell.payment.qr_box.isVisible()


def test_the_refund_dialog_shows_what_goes_back_and_how(kiosk):
    receipt = sell_exact_cash(kiosk, SALT, SALT, SALT, HONEY)
    hist = open_history(kiosk, receipt)
    kiosk.qtbot.waitUntil(lambda: hist.buttons["refund"].isEnabled())
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None and hist.refund_dialog.isVisible())
    dlg = hist.refund_dialog
    assert dlg.method.currentData() == "cash"  # paid in cash: given back in cash
    assert dlg.amount_label.text() == "Hoàn lại 0 ₫ bằng tiền mặt"
    dlg.spins[0].setValue(2)  # two of the three jars
    assert dlg.amount_label.text() == "Hoàn lại 90.000 ₫ bằng tiền mặt"
    assert dlg.table.item(0, 4).text() == "90.000 ₫" and dlg.table.item(1, 4).text() == "0 ₫"
    dlg.spins[1].setValue(1)
    assert dlg.amount() == 275_000 and dlg.amount_label.text() == "Hoàn lại 275.000 ₫ bằng tiền mặt"
    dlg.method.setCurrentIndex(dlg.method.findData("vietqr"))
    assert dlg.amount_label.text() == "Hoàn lại 275.000 ₫ bằng chuyển khoản"
    # the figure shown is the figure booked
    with Store(kiosk.data.path) as store:
        sale = sales.get_sale(store, receipt)
        result = sales.refund(store, sale["id"], dlg.chosen(), kiosk.data.clerk["id"], kiosk.data.manager["id"],
                              "hỏng", method="vietqr")
    assert result.total == 275_000
