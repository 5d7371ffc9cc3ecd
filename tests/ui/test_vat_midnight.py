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
