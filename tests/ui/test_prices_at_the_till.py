"""Prices the kiosk applies on its own clock (pos/prices.py), in the real kiosk window on its test
clock (never the machine's hour or zone): a fair's price rung up on its day, a price that changed
between the scan and payment named on the done screen, and the manager told at login which prices
change soon (ui/manager/price_notice.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import catalog
from testclock import vn

HONEY = "Mật ong rừng U Minh"


def test_the_sell_screen_rings_up_a_fairs_price_and_tells_the_clerk_of_a_price_change_at_payment(
        make_kiosk, kiosk_db, clock):
    """A fair's price list (pos/prices.py) pulled ahead: on its day the scan rings up the fair's price
    in the real window; a cart rung up the evening before and paid after midnight takes the lower
    fair price, and the done screen says so."""
    from pos.text import fmt_vnd

    clock.set(vn(2026, 11, 27, 23, 58))
    k = make_kiosk(kiosk_db)
    honey = kiosk_db.products[HONEY]
    with k.store() as store:  # pulled from the centre before the fair (the sync thread's own Store)
        regular = catalog.get_product(store, honey)["price"]
        fair = regular - 20_000
        catalog.apply_catalog(store, {"price_lists": [{
            "id": "fair", "name": "Hội chợ OCOP Hà Nội 2026", "start_day": "2026-11-28", "end_day": "2026-11-29",
            "status": "active", "items": [{"product_id": honey, "price": fair}]}]})
    sell = k.sell
    k.scan(kiosk_db.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    assert sell.cart.lines[0].unit_price == regular and sell.total_label.text() == fmt_vnd(regular)
    clock.set(vn(2026, 11, 28, 0, 1))
    k.press(Qt.Key.Key_F12)
    k.press(Qt.Key.Key_Return)  # cash: the amount shown before midnight
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    assert (f"Giá đã đổi: {HONEY} {fmt_vnd(regular)} → {fmt_vnd(fair)}, lấy giá thấp hơn"
            in sell.done.info.text())
    assert sell.done.result.total == fair and sell.done.result.change_due == 20_000
    k.press(Qt.Key.Key_Return)  # next sale, on the fair's day: the scan rings up the fair's price
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() != sell.PAGE_DONE)
    k.scan(kiosk_db.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    assert sell.cart.lines[0].unit_price == fair and sell.total_label.text() == fmt_vnd(fair)


def test_a_manager_is_told_at_login_which_prices_change_soon(make_kiosk, kiosk_db, clock):
    from pos.store import Store

    clock.set(vn(2026, 11, 20, 9, 0))
    honey = kiosk_db.products[HONEY]
    with Store(kiosk_db.path, clock=clock) as store:  # pulled from the centre
        catalog.apply_catalog(store, {
            "price_changes": [{"id": "pc1", "product_id": honey, "price": 260_000, "effective_day": "2026-11-25",
                               "location_code": "", "status": "pending"},
                              {"id": "pc2", "product_id": honey, "price": 270_000, "effective_day": "2027-02-01",
                               "location_code": "", "status": "pending"}],
            "price_lists": [{"id": "fair", "name": "Hội chợ OCOP Hà Nội 2026", "start_day": "2026-11-28",
                             "end_day": "2026-11-29", "from_time": "08:00", "to_time": "21:00", "status": "active",
                             "items": [{"product_id": honey, "price": 200_000}]}]})
    told = []
    k = make_kiosk(kiosk_db, login=False)
    k.ctx.message.connect(lambda level, text: told.append((level, text)))
    k.qtbot.waitUntil(lambda: k.ctx.worker.pending == 0)
    login = k.window.login
    login.activated()
    k.qtbot.waitUntil(lambda: kiosk_db.manager["code"] in login.tiles, timeout=10_000)
    login.tiles[kiosk_db.manager["code"]].click()
    login.pad.edit.setText(kiosk_db.manager_pin)
    login.pad._submit()
    k.qtbot.waitUntil(lambda: any("Giá sắp đổi" in t for _lv, t in told), timeout=10_000)
    text = next(t for _lv, t in told if "Giá sắp đổi" in t)
    assert f"25/11/2026: {HONEY} 260.000 ₫" in text
    assert "Hội chợ OCOP Hà Nội 2026 (1 sản phẩm) 28/11/2026–29/11/2026 08:00–21:00" in text
    assert "270.000" not in text  # beyond the next 14 days
