"""The customer screen (ui/customer_screen.py) on the real kiosk, offscreen: it follows the sale the
clerk rings up by keyboard (the cart and its discounts, the VietQR code large, paid and change,
thanks with the traceability code, then the welcome again), it is off unless a monitor is chosen,
and it fits 800×600 to 1920×1080. The same in a real second X window: test_customer_screen_x11.py."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt

from pos import gs1
from pos.store import Store

HONEY = "Mật ong rừng U Minh"
SALT = "Muối hầm Bạc Liêu 500 g"
BASE = "https://truyxuat.ocop-baclieu.vn"


def decoded(window, tmp_path) -> list[str]:
    """The QR codes in a picture of the customer window as it is painted now."""
    path = tmp_path / "customer.png"
    window.grab().save(str(path))
    return [r.text for r in zxingcpp.read_barcodes(Image.open(path)) if r.format.name == "QRCode"]


@pytest.fixture
def shop(make_kiosk, kiosk_db):
    with Store(kiosk_db.path) as store:
        store.set_settings(customer_screen="kiosk", location_name="Gian hàng OCOP Hồ Gươm",
                           store_name="OCOP Bạc Liêu", public_url=BASE)
    kiosk = make_kiosk(kiosk_db)
    customer = kiosk.ctx.customer
    kiosk.qtbot.waitUntil(lambda: customer.shown)
    kiosk.qtbot.addWidget(customer.window)
    return kiosk


def painted(kiosk):
    """The customer window after its next render and paint: its texts."""
    window = kiosk.ctx.customer.window
    kiosk.qtbot.waitUntil(lambda: not kiosk.ctx.customer._pending)
    window.grab()  # paints now
    return window


def test_the_customer_screen_follows_a_vietqr_sale(shop, tmp_path):
    kiosk, customer = shop, shop.ctx.customer
    sell = kiosk.sell
    window = painted(kiosk)
    assert window.page == "idle"
    assert {"Xin chào quý khách", "Welcome", "Gian hàng OCOP Hồ Gươm"} <= set(window.drawn)
    assert not kiosk.window.isActiveWindow() or window is not kiosk.window  # never the clerk's keys

    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2)
    sell.cart.set_line_discount(1, 9_000, "Khuyến mãi hội chợ")  # a discount the cart carries
    sell._cart_changed(1)
    window = painted(kiosk)
    assert window.page == "cart"
    assert {HONEY, SALT, "2 hũ", "185.000 ₫", "90.000 ₫", "Khuyến mãi hội chợ", "−9.000 ₫",
            "266.000 ₫"} <= set(window.drawn)  # 185.000 + 2 × 45.000 − 9.000
    assert "Tổng cộng" in window.drawn and "Total" in window.drawn

    kiosk.press(Qt.Key.Key_F12)
    window = painted(kiosk)
    assert window.page == "cart" and "Cần thanh toán" in window.drawn and "To pay" in window.drawn
    kiosk.press(Qt.Key.Key_F8)
    kiosk.qtbot.waitUntil(lambda: bool(sell.payment.qr_payload))
    window = painted(kiosk)
    assert window.page == "qr" and window.qr_payload == sell.payment.qr_payload
    assert decoded(window, tmp_path) == [sell.payment.qr_payload]  # the payment screen's very code
    assert "266.000 ₫" in window.drawn and "TT XUC TIEN TM BAC LIEU" in window.drawn  # who is paid

    kiosk.press(Qt.Key.Key_Return)  # the money arrived
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    kiosk.qtbot.waitUntil(lambda: window.trace is not None)
    window = painted(kiosk)
    assert window.page == "thanks" and {"Cảm ơn quý khách!", "Thank you!"} <= set(window.drawn)
    honey14 = gs1.gtin14(kiosk.data.barcodes[HONEY])
    assert decoded(window, tmp_path) == [gs1.lot_link(BASE, honey14)] == [window.trace["payload"]]
    assert customer.thanks_timer.isActive() and customer.thanks_timer.interval() >= 5000

    kiosk.press(Qt.Key.Key_Return)  # the clerk's next sale: the thank-you stays its time
    window = painted(kiosk)
    assert window.page == "thanks"
    customer.thanks_over()  # what the timer calls
    window = painted(kiosk)
    assert window.page == "idle" and decoded(window, tmp_path) == []


def test_cash_shows_what_was_given_and_the_change_and_a_new_line_ends_the_thanks(shop, tmp_path):
    kiosk, customer = shop, shop.ctx.customer
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.press(Qt.Key.Key_F12)
    sell.payment.amount.setText("200000")
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    window = painted(kiosk)
    assert window.page == "thanks" and window.sale == {"total": 185_000, "paid": 200_000, "change": 15_000}
    assert {"Khách đưa / Cash given", "200.000 ₫", "Tiền thừa / Change", "15.000 ₫"} <= set(window.drawn)
    shots = Path(os.environ.get("CUSTOMER_SCREEN_SHOTS") or tmp_path)
    kiosk.qtbot.waitUntil(lambda: window.trace is not None)
    window.grab().save(str(shots / f"customer_thanks_cash_{window.width()}x{window.height()}.png"))
    kiosk.press(Qt.Key.Key_Return)
    kiosk.scan(kiosk.data.barcodes[SALT])  # the next customer's first line
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    window = painted(kiosk)
    assert window.page == "cart" and SALT in window.drawn and not customer.thanks_timer.isActive()


def test_off_unless_a_connected_monitor_is_chosen(make_kiosk, kiosk_db):
    kiosk = make_kiosk(kiosk_db)
    customer = kiosk.ctx.customer
    assert customer.window is None and not customer.shown  # the default: no customer screen
    kiosk.scan(kiosk.data.barcodes[HONEY])
    assert customer.window is None
    kiosk.ctx.set_settings({**kiosk.ctx.settings, "customer_screen": "HDMI-9"})  # not plugged in
    assert customer.window is None
    kiosk.ctx.set_settings({**kiosk.ctx.settings, "customer_screen": "kiosk"})
    assert customer.shown
    kiosk.qtbot.addWidget(customer.window)
    window = painted(kiosk)
    assert window.page == "cart" and HONEY in window.drawn  # the sale already open shows at once
    kiosk.ctx.set_settings({**kiosk.ctx.settings, "customer_screen": ""})
    assert not customer.shown


@pytest.mark.parametrize("size", [(800, 600), (1024, 768), (1366, 768), (1920, 1080)])
def test_a_long_cart_fits_every_size(shop, size, tmp_path):
    shots = Path(os.environ.get("CUSTOMER_SCREEN_SHOTS") or tmp_path)
    kiosk = shop
    sell = kiosk.sell
    names = (HONEY, SALT, "Bánh pía sầu riêng Sóc Trăng", "Trà Shan tuyết Hà Giang", "Nước mắm Phú Quốc 40 độ đạm")
    for i, name in enumerate(names * 3):
        sell.cart.add(sell_product(kiosk, name), qty=3, lot=f"L{i}")  # 15 lines (one per lot), three each
    sell.cart.set_line_discount(0, 55_500, "Mua 2 tặng 1")
    sell._cart_changed()
    window = kiosk.ctx.customer.window
    window.resize(*size)
    window = painted(kiosk)
    window.grab().save(str(shots / f"customer_long_cart_{size[0]}x{size[1]}.png"))
    assert window.page == "cart"
    total = sell.cart.totals().total
    assert total == 3 * (185_000 * 3 + 45_000 * 3 + 65_000 * 3 + 120_000 * 3 + 95_000 * 3) - 55_500
    from pos.money import fmt_vnd

    assert fmt_vnd(total) in window.drawn and fmt_vnd(total) not in window.cut
    assert "Nước mắm Phú Quốc 40 độ đạm" in window.drawn  # the newest line is in sight
    assert [t for t in window.cut if "₫" in t] == []  # no amount is ever cut
    assert any(t.startswith("… và ") for t in window.drawn)  # the older lines are counted
    window.show_qr("00020101021238570010A000000727", total, None, "TT XUC TIEN TM BAC LIEU")
    window.grab().save(str(shots / f"customer_long_qr_{size[0]}x{size[1]}.png"))
    assert fmt_vnd(total) in window.drawn and [t for t in window.cut if "₫" in t] == []  # the amount to pay, whole
    window.show_thanks(total, total + 1_000_000, 1_000_000)
    window.grab()
    assert fmt_vnd(total) in window.drawn and [t for t in window.cut if "₫" in t] == []


def sell_product(kiosk, name_vi: str) -> dict:
    from pos import catalog

    with kiosk.store() as store:
        return catalog.get_product(store, kiosk.data.products[name_vi])


def test_the_settings_screen_lists_the_monitors_and_refuses_the_kiosks_own(make_kiosk, kiosk_db):
    with Store(kiosk_db.path) as store:
        store.set_settings(customer_screen="HDMI-2")  # chosen once, unplugged since
    kiosk = make_kiosk(kiosk_db, as_manager=True)
    kiosk.window.show_screen("manager_settings")
    screen = kiosk.window.screens["manager_settings"].inner
    combo = screen.fields["customer_screen"]
    kiosk.qtbot.waitUntil(lambda: combo.currentData() == "HDMI-2")
    items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    assert items[0][1] == "" and items[-1][1] == "HDMI-2" and "HDMI-2" in items[-1][0]
    own = [text for text, key in items if key == "kiosk"]  # the offscreen test screen, the kiosk's own
    assert len(own) == 1 and "1366×768" in own[0]
    assert kiosk.ctx.customer.window is None  # not connected: nothing shown
    combo.setCurrentIndex(combo.findData("kiosk"))
    kiosk.press(Qt.Key.Key_F8)
    kiosk.idle()
    assert screen.errors["customer_screen"].isVisible()  # it would cover the sell screen
    with kiosk.store() as store:
        assert store.settings()["customer_screen"] == "HDMI-2"
    combo.setCurrentIndex(0)
    kiosk.press(Qt.Key.Key_F8)
    kiosk.qtbot.waitUntil(lambda: kiosk.ctx.settings.get("customer_screen") == "")
    with kiosk.store() as store:
        assert store.settings()["customer_screen"] == ""


def test_a_language_switch_keeps_the_customer_screen_on_the_sale(shop):
    kiosk, customer = shop, shop.ctx.customer
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    kiosk.window.lang_button.click()  # the sell screen is rebuilt in English, the sale carried over
    assert kiosk.ctx.lang == "en" and customer.sell is kiosk.sell
    window = painted(kiosk)
    assert window.page == "cart" and "U Minh forest honey" in window.drawn and "1 bottle" in window.drawn
    assert "Tổng cộng" in window.drawn and "Total" in window.drawn  # its own words stay in both languages
    kiosk.scan(kiosk.data.barcodes[SALT])  # the new sell screen's changes reach it
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 2)
    window = painted(kiosk)
    assert "Bac Lieu roasted salt 500 g" in window.drawn and "230.000 ₫" in window.drawn


def test_the_window_leaves_and_comes_back_as_the_chosen_monitor_goes_and_comes(shop):
    kiosk, customer = shop, shop.ctx.customer
    customer.key = "HDMI-1"  # as if the chosen monitor were gone
    customer._screens_changed(None)
    kiosk.qtbot.waitUntil(lambda: not customer.shown)
    customer.key = "kiosk"  # plugged in again
    customer._screens_changed(None)
    kiosk.qtbot.waitUntil(lambda: customer.shown)
