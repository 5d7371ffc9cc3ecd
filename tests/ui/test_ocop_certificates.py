"""An expired OCOP certificate on screen: the product sells without stars (cart, search results,
category tiles), and the manager is told at login and on the stock screen."""
from __future__ import annotations

import datetime as dt


from pos import catalog
from pos.store import Store

WAIT = 20_000  # ms; nothing here asserts a duration
TEA = "Trà Shan tuyết Hà Giang"
SALT = "Muối hầm Bạc Liêu 500 g"


def expire_tea(data, clock) -> None:
    """The tea's certificate ended 30 days ago, the salt's runs for 300 more days (the kiosk's clock)."""
    with Store(data.path, clock=clock) as s:
        today = dt.date.fromisoformat(s.business_day())
        catalog.upsert_product(s, {"id": data.products[TEA],
                                   "ocop_cert_expires": (today - dt.timedelta(days=30)).isoformat()})
        catalog.upsert_product(s, {"id": data.products[SALT],
                                   "ocop_cert_expires": (today + dt.timedelta(days=300)).isoformat()})


def test_the_till_shows_no_stars_for_an_expired_certificate(make_kiosk, kiosk_db, clock):
    expire_tea(kiosk_db, clock)
    k = make_kiosk(kiosk_db)
    k.scan(kiosk_db.barcodes[TEA])
    k.scan(kiosk_db.barcodes[SALT])
    k.qtbot.waitUntil(lambda: k.sell.model.rowCount() == 2, timeout=WAIT)
    cells = [k.sell.model.data(k.sell.model.index(r, 0)) for r in range(2)]
    assert cells[0].startswith(TEA) and "★" not in cells[0]
    assert cells[1].startswith(SALT) and "★★★★" in cells[1]

    k.type_text(k.sell.search, "tra shan")
    k.qtbot.waitUntil(lambda: k.sell.results.count() == 1 and k.sell.results.item(0).text().startswith(TEA),
                      timeout=WAIT)
    assert "★" not in k.sell.results.item(0).text()

    with k.store() as s:
        tea_category = catalog.get_product(s, kiosk_db.products[TEA])["category_id"]
    k.sell.open_category(tea_category, "Trà")
    k.qtbot.waitUntil(lambda: len(getattr(k.sell, "product_buttons", [])) == 1, timeout=WAIT)
    assert k.sell.product_buttons[0].text().startswith(TEA) and "★" not in k.sell.product_buttons[0].text()


def test_the_manager_is_told_which_certificates_expired(make_kiosk, kiosk_db, clock):
    expire_tea(kiosk_db, clock)
    k = make_kiosk(kiosk_db, as_manager=True)
    k.qtbot.waitUntil(lambda: TEA in k.window.status.currentMessage(), timeout=WAIT)
    assert "1" in k.window.status.currentMessage() and SALT not in k.window.status.currentMessage()
    k.window.show_screen("manager_stock")
    screen = k.window.screens["manager_stock"].inner
    k.qtbot.waitUntil(lambda: screen.cert_alert.isVisible(), timeout=WAIT)
    assert TEA in screen.cert_alert.text() and "★" not in screen.cert_alert.text()

