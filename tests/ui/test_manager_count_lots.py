"""The blind stock count counts per lot when the product is kept in lots (issue 14 item 2), driven
with keys: a 2D code counts in its lot, a plain barcode asks which lot (lot numbers only, no
quantities), each lot is corrected by its own count on approval, uncounted lots stay as they are."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import lots, stock

WAIT = 20_000  # ms; nothing here asserts a duration
SALT = "Muối hầm Bạc Liêu 500 g"


def test_count_per_lot_with_keys(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    salt, gtin14 = k.data.products[SALT], "0" + k.data.barcodes[SALT]
    with k.store() as s:
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [
            {"product_id": salt, "qty": 5, "lot_no": "ML-A", "use_by": "2027-01-31"},
            {"product_id": salt, "qty": 3, "lot_no": "ML-B", "use_by": "2027-06-30"},
            {"product_id": salt, "qty": 4, "lot_no": "ML-C", "use_by": "2027-08-31"}], k.data.manager["id"])
    k.window.show_screen("manager_count")
    screen = k.window.screens["manager_count"].inner
    k.idle()
    k.press(Qt.Key.Key_F2)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_COUNT, timeout=WAIT)
    for _ in range(2):
        k.scan(f"01{gtin14}17270131" + "10ML-A")
    k.qtbot.waitUntil(lambda: screen.counted_of(salt, "ML-A") == 2, timeout=WAIT)
    k.scan(k.data.barcodes[SALT])  # no lot on the code: which lot?
    k.qtbot.waitUntil(lambda: screen.lot_box.isVisible(), timeout=WAIT)
    assert [screen.lot_pick.itemData(i) for i in range(screen.lot_pick.count())] == ["ML-A", "ML-B", "ML-C"]
    assert "5" not in screen.lot_pick.itemText(0)  # blind: no quantities
    k.press(Qt.Key.Key_Down)  # the combo has the focus: ML-B
    k.press(Qt.Key.Key_F4)
    k.qtbot.waitUntil(lambda: screen.counted_of(salt, "ML-B") == 1, timeout=WAIT)
    assert not screen.lot_box.isVisible()
    names = [screen.count_table.item(i, 0).text() for i in range(screen.count_table.rowCount())]
    assert names == [f"{SALT} · lô ML-A", f"{SALT} · lô ML-B"]
    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_REVIEW, timeout=WAIT)
    table = screen.review_table
    shown = [[table.item(r, c).text() for c in (0, 2, 3, 4)] for r in range(table.rowCount())]
    assert shown == [[SALT, "8 hũ", "3 hũ", "-5 hũ"],          # the lots counted: 5 + 3 expected
                     ["    · lô ML-A", "5 hũ", "2 hũ", "-3 hũ"],
                     ["    · lô ML-B", "3 hũ", "1 hũ", "-2 hũ"]]
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_START, timeout=WAIT)
    k.idle()
    with k.store() as s:  # A: 5 -> 2, B: 3 -> 1, C not counted: 4
        assert {r["lot_no"]: r["on_hand"] for r in lots.lots_of(s, salt)} == {"ML-A": 2, "ML-B": 1, "ML-C": 4}
        assert stock.on_hand(s, salt) == 7 == stock.ledger_total(s, salt)
