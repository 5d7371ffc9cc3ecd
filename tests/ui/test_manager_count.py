"""A stock count taken while the kiosk keeps selling, reviewed and approved on the manager's screen."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import catalog, sales, stock
from pos.cart import Cart

WAIT = 20_000  # ms; nothing here asserts a duration


def test_review_counts_against_the_moment_of_counting(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    salt = k.data.products["Muối hầm Bạc Liêu 500 g"]
    with k.store() as s:
        producer = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, producer, [{"product_id": salt, "qty": 10}], k.data.manager["id"])
    k.window.show_screen("manager_count")
    screen = k.window.screens["manager_count"].inner
    k.idle()
    k.press(Qt.Key.Key_F2)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_COUNT, timeout=WAIT)
    for _ in range(3):
        k.scan(k.data.barcodes["Muối hầm Bạc Liêu 500 g"])
    k.qtbot.waitUntil(lambda: screen.counted_of(salt) == 3, timeout=WAIT)

    # the till sells 2 jars after the shelf was counted (the jars left the shelf after the counting)
    with k.store() as s:
        cart = Cart()
        cart.add(catalog.get_product(s, salt), qty=2)
        sales.complete_sale(s, cart, [{"method": "cash", "tendered": 90_000}], k.data.clerk["id"])

    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_REVIEW, timeout=WAIT)
    row = [screen.review_table.item(0, c).text() for c in range(screen.review_table.columnCount())]
    assert row[2:] == ["10 hũ", "3 hũ", "-7 hũ", "-2 hũ", "1 hũ"]
    assert screen.variance_of(salt) == -7
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_START, timeout=WAIT)
    k.idle()
    with k.store() as s:  # 3 on the shelf, 2 of them sold since: 1 left, no phantom jars
        assert stock.on_hand(s, salt) == 1
        assert [m["qty"] for m in s.all("SELECT qty FROM stock_moves WHERE kind = 'count_adjust'")] == [-7]
