"""A gift set sold by scan on the real kiosk window (offscreen Qt, the real DB worker): one line in
the cart, paid in two keys, its components taken out of their lots, the receipt preview listing
what the box holds; the product card (Ctrl+I) says what is inside; the manager makes boxes ahead
and takes one apart. SET_SHOTS=<folder> keeps screenshots of the card and the manager's screen."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt

from pos import catalog, stock
from pos.store import Store
from ui.product_card import ProductCard

BOX = "8930000000101"
SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"


def _make_box(data) -> str:
    with Store(data.path) as store:
        producer = store.one("SELECT id FROM producers")["id"]
        box, _ = catalog.upsert_product(store, {
            "sku": "HOPQUA", "name_vi": "Hộp quà Tết Bạc Liêu", "name_en": "Bac Lieu Tet gift box", "price": 260_000,
            "vat_rate": 8, "unit": "hộp", "producer_id": producer}, barcodes=[BOX])
        catalog.apply_catalog(store, {"set_components": [{"set_id": box, "components": [
            {"product_id": data.products[SALT], "qty": 2}, {"product_id": data.products[HONEY], "qty": 1}]}]})
        mgr = data.manager["id"]
        stock.receive_delivery(store, producer, [{"product_id": data.products[SALT], "qty": 5},
                                                 {"product_id": data.products[HONEY], "qty": 1, "lot_no": "MO-1",
                                                  "use_by": "2027-06-30"},
                                                 {"product_id": data.products[HONEY], "qty": 4, "lot_no": "MO-2",
                                                  "use_by": "2027-09-30"}], mgr)
    return box


def test_a_gift_set_sells_by_scan_and_takes_its_components(make_kiosk, kiosk_db):
    box = _make_box(kiosk_db)
    kiosk = make_kiosk(kiosk_db)
    sell = kiosk.sell
    kiosk.scan(BOX)
    kiosk.scan(BOX)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1 and sell.cart.lines[0].qty == 2)
    assert sell.cart.lines[0].product_id == box and sell.total_label.text() == "520.000 ₫"
    kiosk.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    kiosk.qtbot.waitUntil(lambda: isinstance(getattr(sell, "card", None), ProductCard) and bool(sell.card.data))
    assert "Hộp quà gồm:</b> 2 × Muối hầm Bạc Liêu 500 g; 1 × Mật ong rừng U Minh" in sell.card.body.text()
    kiosk.qtbot.mouseClick(sell.card.lang_button, Qt.MouseButton.LeftButton)
    assert "Gift set of:</b> 2 × Bac Lieu roasted salt 500 g; 1 × U Minh forest honey" in sell.card.body.text()
    if os.environ.get("SET_SHOTS"):
        sell.card.grab().save(os.path.join(os.environ["SET_SHOTS"], "card.png"))
    sell.card.accept()
    kiosk.window.activateWindow()
    kiosk.qtbot.waitUntil(kiosk.window.isActiveWindow)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)  # exact cash
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    kiosk.qtbot.waitUntil(lambda: sell.done.preview.doc is not None)
    (line,) = sell.done.preview.doc["lines"]
    assert line["name"] == "Hộp quà Tết Bạc Liêu" and line["components"] == [
        {"qty": 2, "name": SALT}, {"qty": 1, "name": HONEY}]
    with Store(kiosk_db.path) as store:
        assert stock.on_hand(store, kiosk_db.products[SALT]) == 1 and stock.on_hand(store, box) == 0
        honey = store.all("SELECT lot_no, qty, net FROM sale_line_components WHERE product_id = ? ORDER BY n",
                          (kiosk_db.products[HONEY],))
    # 520.000 by 90.000 : 185.000 -> salt 170.181,8 ; honey 349.818,18 -> 170.182 / 349.818; honey's two lots
    # by FEFO (MO-1 first), its share halved: 174.909 each
    assert [(h["lot_no"], h["qty"], h["net"]) for h in honey] == [("MO-1", 1, 174_909), ("MO-2", 1, 174_909)]


def test_the_manager_makes_boxes_ahead_and_takes_one_apart(make_kiosk, kiosk_db):
    box = _make_box(kiosk_db)
    k = make_kiosk(kiosk_db, as_manager=True)
    k.window.show_screen("manager_sets")
    screen = k.window.screens["manager_sets"].inner
    k.qtbot.waitUntil(lambda: screen.table.rowCount() == 1)
    assert screen.table.item(0, 0).text() == "Hộp quà Tết Bạc Liêu"
    assert screen.table.item(0, 3).text() == "2"  # 5 jars of salt make 2 boxes of 2
    assert "2 × Muối hầm Bạc Liêu 500 g (5)" in screen.table.item(0, 2).text()
    assert not screen.make_btn.isEnabled()
    screen.table.selectRow(0)
    screen.qty.setValue(2)
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: "2 hộp" in screen.notice.text() or "Đã đóng" in screen.notice.text())
    k.qtbot.waitUntil(lambda: screen.table.item(0, 1).text() == "2")
    assert screen.table.item(0, 3).text() == "0"
    screen.table.selectRow(0)
    screen.qty.setValue(1)
    k.press(Qt.Key.Key_F7)
    k.qtbot.waitUntil(lambda: screen.table.item(0, 1).text() == "1")
    if os.environ.get("SET_SHOTS"):
        k.window.grab().save(os.path.join(os.environ["SET_SHOTS"], "gift_boxes.png"))
    with k.store() as s:
        assert stock.on_hand(s, box) == 1 and stock.on_hand(s, kiosk_db.products[SALT]) == 3
        assert s.one("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'set.%'")["n"] == 2
    screen.qty.setValue(5)
    k.press(Qt.Key.Key_F7)  # only one box left
    k.qtbot.waitUntil(lambda: screen.error.isVisible() and "Hộp quà Tết Bạc Liêu" in screen.error.text())


def test_a_box_that_would_need_an_expired_component_is_refused_at_the_scan(make_kiosk, kiosk_db):
    _make_box(kiosk_db)
    with Store(kiosk_db.path) as store:  # the honey left is a lot past its use-by
        producer = store.one("SELECT id FROM producers")["id"]
        honey = kiosk_db.products[HONEY]
        for lot, qty in (("MO-1", 1), ("MO-2", 4)):
            stock.record_move(store, honey, qty, "damaged", "vỡ", kiosk_db.manager["id"], kiosk_db.manager["id"],
                              lot_no=lot)
        stock.receive_delivery(store, producer, [{"product_id": honey, "qty": 2, "lot_no": "MO-0",
                                                  "use_by": "2026-11-01"}], kiosk_db.manager["id"])
    kiosk = make_kiosk(kiosk_db)
    kiosk.scan(BOX)
    kiosk.qtbot.waitUntil(kiosk.sell.alert.isVisible)
    assert "Mật ong rừng U Minh" in kiosk.sell.alert.text() and "hết hạn" in kiosk.sell.alert.text()
    assert kiosk.sell.cart.lines == []
