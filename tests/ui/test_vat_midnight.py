"""A cart rung up at 23:59 and paid at 00:01 on the day a VAT rate changes: the sale takes the new
day's rate (pos/vat_schedule.py) and the clerk is told so on the screen after payment, in the real
kiosk window on its test clock (never the machine's hour or zone)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import catalog, sales
from testclock import vn

HONEY = "Mật ong rừng U Minh"


def test_the_clerk_sees_the_new_days_rate_after_midnight(make_kiosk, kiosk_db, clock):
    clock.set(vn(2026, 12, 31, 23, 58))
    k = make_kiosk(kiosk_db)
    honey = kiosk_db.products[HONEY]
    with k.store() as store:  # pulled from the centre before the day (the sync thread's own Store)
        rate = catalog.get_product(store, honey)["vat_rate"]
        new = 10 if rate != 10 else 8
        catalog.apply_catalog(store, {"vat_changes": [{"id": "v1", "product_id": honey, "vat_rate": new,
                                                       "effective_day": "2027-01-01", "status": "scheduled"}]})
    clock.set(vn(2026, 12, 31, 23, 59))
    sell = k.sell
    k.scan(kiosk_db.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    assert sell.cart.lines[0].vat_rate == rate
    clock.set(vn(2027, 1, 1, 0, 1))
    k.press(Qt.Key.Key_F12)
    k.press(Qt.Key.Key_Return)  # exact cash
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    assert f"Thuế suất GTGT của ngày mới: {HONEY} {rate} % → {new} %" in sell.done.info.text()
    with k.store() as store:
        sale = sales.get_sale(store, sell.done.result.sale_id)
    assert sale["business_day"] == "2027-01-01" and sale["lines"][0]["vat_rate"] == new


def test_a_manager_is_told_at_login_what_changes_soon(make_kiosk, kiosk_db, clock):
    from pos.store import Store

    clock.set(vn(2026, 12, 20, 9, 0))
    honey = kiosk_db.products[HONEY]
    with Store(kiosk_db.path, clock=clock) as store:  # pulled from the centre
        cat = catalog.get_product(store, honey)["category_id"]
        catalog.apply_catalog(store, {"vat_changes": [
            {"id": "v1", "category_id": cat, "vat_rate": 10, "effective_day": "2027-01-01", "status": "scheduled"},
            {"id": "v2", "product_id": honey, "vat_rate": 5, "effective_day": "2027-01-01", "status": "scheduled"},
            {"id": "v3", "product_id": honey, "vat_rate": 10, "effective_day": "2027-06-01", "status": "scheduled"}]})
        group = next(c["name_vi"] for c in catalog.categories(store) if c["id"] == cat)
    told = []
    k = make_kiosk(kiosk_db, login=False)
    k.ctx.message.connect(lambda level, text: told.append((level, text)))
    k.qtbot.waitUntil(lambda: k.ctx.worker.pending == 0)
    login = k.window.login  # the manager logs in on the login screen, tile and PIN
    login.activated()
    k.qtbot.waitUntil(lambda: kiosk_db.manager["code"] in login.tiles, timeout=10_000)
    login.tiles[kiosk_db.manager["code"]].click()
    login.pad.edit.setText(kiosk_db.manager_pin)
    login.pad._submit()
    k.qtbot.waitUntil(lambda: any("Thuế suất GTGT sắp đổi" in t for _lv, t in told), timeout=10_000)
    text = next(t for _lv, t in told if "Thuế suất GTGT sắp đổi" in t)
    assert f"01/01/2027: {group} 10 %, {HONEY} 5 %" in text or f"01/01/2027: {HONEY} 5 %, {group} 10 %" in text
    assert "2027-06-01" not in text and "01/06/2027" not in text  # beyond the next 14 days
