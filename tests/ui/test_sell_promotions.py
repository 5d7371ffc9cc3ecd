"""Promotions on the sell screen, in a real offscreen Qt event loop: the kiosk's book (pulled rows on
its file) is loaded on the DB worker, every scan re-evaluates the cart, the line shows "KM: <text>
−X" and the totals the promotions, F8 takes the line's promotion off the sale, and the sale paid in
cash stores the removal and the promotion still applied (pos/sale_promotions.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import catalog
from pos.store import Store

HONEY, TEA = "Mật ong rừng U Minh", "Trà Shan tuyết Hà Giang"  # 185.000 ₫, 120.000 ₫


def with_promotions(data, clock):
    with Store(data.path, clock=clock) as store:
        catalog.apply_catalog(store, {"promotions": [
            {"id": "p-honey", "kind": "buy_get", "target": "product", "target_id": data.products[HONEY],
             "buy_qty": 2, "get_qty": 1, "percent": 100, "name_vi": "Mật ong mua 2 tặng 1",
             "name_en": "Honey: buy 2 get 1"},
            {"id": "p-tea", "kind": "percent_off", "target": "product", "target_id": data.products[TEA],
             "percent": 10, "name_vi": "Trà giảm 10%", "name_en": "Tea 10% off"}]})


def cell(sell, row: int, col: int) -> str:
    return sell.model.data(sell.model.index(row, col))


def test_the_promotion_line_on_the_sell_screen_removed_by_the_clerk(make_kiosk, kiosk_db, clock):
    with_promotions(kiosk_db, clock)
    kiosk = make_kiosk(kiosk_db)
    sell = kiosk.sell
    kiosk.qtbot.waitUntil(lambda: len(kiosk.ctx.pricing.book) == 2, timeout=10_000)
    for _ in range(3):
        kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.scan(kiosk.data.barcodes[TEA])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2 and sell.cart.lines[0].qty == 3, timeout=30_000)
    # 3 x 185.000 = 555.000 - 185.000 (the third free) + 120.000 - 12.000 = 478.000
    assert sell.total_label.text() == "478.000 ₫"
    assert "KM: Mật ong mua 2 tặng 1 −185.000 ₫" in cell(sell, 0, 0)
    assert "KM: Trà giảm 10% −12.000 ₫" in cell(sell, 1, 0)
    assert cell(sell, 0, 4) == "370.000 ₫\n-185.000 ₫"
    assert "khuyến mãi −197.000 ₫" in sell.vat_label.text()
    sell.view.select_row(1)
    kiosk.press(Qt.Key.Key_F8)  # the customer does not want the tea promotion (say, a gift receipt)
    assert sell.cart.removed_promotions == {"p-tea": kiosk.data.clerk["id"]}
    assert sell.total_label.text() == "490.000 ₫" and "KM:" not in cell(sell, 1, 0)
    assert "Đã bỏ khuyến mãi khỏi đơn này: Trà giảm 10%" in sell.notice.text()
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)  # exact cash
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE, timeout=30_000)
    with Store(kiosk.data.path, clock=clock) as store:
        sale = store.one("SELECT id, total FROM sales")
        used = store.all("SELECT promotion_id, amount, level, removed_by FROM sale_promotions WHERE sale_id = ? "
                         "ORDER BY level", (sale["id"],))
    assert sale["total"] == 490_000
    assert used == [{"promotion_id": "p-honey", "amount": 185_000, "level": "line", "removed_by": None},
                    {"promotion_id": "p-tea", "amount": 0, "level": "removed", "removed_by": kiosk.data.clerk["id"]}]
    kiosk.qtbot.waitUntil(lambda: sell.done.preview.doc is not None, timeout=10_000)
    assert sell.done.preview.doc["lines"][0]["promotions"] == [{"text": "Mật ong mua 2 tặng 1", "amount": 185_000}]


SALT = "Muối hầm Bạc Liêu 500 g"  # 45.000 ₫


def test_a_sale_that_earns_a_gift_says_so_and_the_scanned_gift_is_free(make_kiosk, kiosk_db, clock):
    with Store(kiosk_db.path, clock=clock) as store:
        catalog.apply_catalog(store, {"promotions": [
            {"id": "p-gift", "kind": "spend_gift", "min_total": 300_000, "gift_product_id": kiosk_db.products[SALT],
             "gift_qty": 1, "name_vi": "Hóa đơn từ 300.000 ₫ tặng muối", "name_en": "Spend 300,000 ₫, get salt"}]})
    kiosk = make_kiosk(kiosk_db)
    sell = kiosk.sell
    kiosk.qtbot.waitUntil(lambda: len(kiosk.ctx.pricing.book) == 1, timeout=10_000)
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: sell.cart.lines and sell.cart.lines[0].qty == 2, timeout=30_000)
    assert "Đơn này được tặng quà (Hóa đơn từ 300.000 ₫ tặng muối)" in sell.notice.text()
    kiosk.scan(kiosk.data.barcodes[SALT])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 2, timeout=30_000)
    assert sell.total_label.text() == "370.000 ₫" and cell(sell, 1, 4) == "0 ₫\n-45.000 ₫"
    assert sell.cart.gift_hints == []
