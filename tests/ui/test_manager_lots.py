"""The manager's receive screen asks each line's lot and use-by (issue 14, lots): a 2D code from
the package fills them, a second lot of the same product takes its own line, a use-by that is not
a date is refused on screen with nothing booked, and the booked lots are what pos.lots keeps."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import lots, stock

WAIT = 20_000  # ms; generous on a shared machine: nothing here asserts a duration
SALT = "Muối hầm Bạc Liêu 500 g"


def test_receive_asks_lot_and_use_by_per_line(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    k.window.show_screen("manager_receive")
    screen = k.window.screens["manager_receive"].inner
    k.idle()
    salt, gtin14 = k.data.products[SALT], "0" + k.data.barcodes[SALT]
    k.scan(f"01{gtin14}17271231" + "10LOT-A")
    k.scan(f"01{gtin14}17271231" + "10LOT-A")
    k.scan(k.data.barcodes[SALT])  # the plain EAN adds to the product's line
    k.qtbot.waitUntil(lambda: screen.lines and screen.lines[0]["spin"].value() == 3, timeout=WAIT)
    first = screen.lines[0]
    assert (first["lot"].text(), first["use_by"].text()) == ("LOT-A", "31/12/2027")
    k.scan(f"01{gtin14}10LOT-B")
    k.qtbot.waitUntil(lambda: len(screen.lines) == 2, timeout=WAIT)
    second = screen.lines[1]
    assert (second["lot"].text(), second["use_by"].text(), second["spin"].value()) == ("LOT-B", "", 1)
    second["spin"].setValue(5)
    k.type_text(second["use_by"], "31/13/2027")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: screen.error.isVisible(), timeout=WAIT)
    assert "31/13/2027" in screen.error.text() and "không phải ngày hợp lệ" in screen.error.text()
    assert len(screen.lines) == 2
    with k.store() as s:
        assert stock.on_hand(s, salt) == 0 and lots.lots_of(s, salt) == []
    second["use_by"].setText("15/01/2028")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: not screen.lines, timeout=WAIT)
    k.idle()
    with k.store() as s:
        got = [(r["lot_no"], r["use_by"], r["on_hand"]) for r in lots.lots_of(s, salt)]
        assert got == [("LOT-A", "2027-12-31", 3), ("LOT-B", "2028-01-15", 5)]
        assert stock.on_hand(s, salt) == 8


def test_stock_screen_lists_lots_near_or_past_their_use_by(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    salt = k.data.products[SALT]
    with k.store() as s:
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [
            {"product_id": salt, "qty": 4, "lot_no": "SAP-HET", "use_by": "2026-11-30"},
            {"product_id": salt, "qty": 2, "lot_no": "DA-HET", "use_by": "2026-11-20"},
            {"product_id": salt, "qty": 9, "lot_no": "CON-LAU", "use_by": "2027-06-30"}], k.data.manager["id"])
    k.window.show_screen("manager_stock")
    screen = k.window.screens["manager_stock"].inner
    k.qtbot.waitUntil(lambda: screen.lot_alert.isVisible(), timeout=WAIT)
    lines = screen.lot_alert.text().splitlines()
    assert lines[0].startswith("Lô cần bán trước hoặc đưa khỏi kệ")
    assert "lô DA-HET: đã hết hạn 20/11/2026, còn 2 hũ" in lines[1]
    assert "lô SAP-HET: hạn dùng 30/11/2026 (còn 8 ngày), còn 4 hũ" in lines[2]
    assert len(lines) == 3  # CON-LAU is months away


def test_an_expired_lot_at_payment_is_sold_only_with_a_manager_pin(kiosk):
    """The salt was picked while fresh stock held it; before paying that stock was written off, so
    only an expired lot holds it (a pick or a scan naming an expired lot asks at once:
    tests/ui/test_sell_expired_lot.py): paying is refused until a manager types the PIN; the sale
    then draws that lot, and the approval and the sale's audit name it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pos import catalog
    from ui.approval import ApprovalDialog

    salt = kiosk.data.products[SALT]
    manager = kiosk.data.manager["id"]
    with kiosk.store() as s:
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        free = lots.unlotted(s, salt)
        if free > 0:
            stock.record_move(s, salt, free, "damaged", "kiểm tra", manager, manager)
        stock.receive_delivery(s, maker, [{"product_id": salt, "qty": 3, "lot_no": "CU-01", "use_by": "2026-11-20"},
                                          {"product_id": salt, "qty": 1, "lot_no": "MOI-01", "use_by": "2027-05-01"}],
                               manager)
        tile = catalog.lookup(s, kiosk.data.barcodes[SALT], refuse_expired=False).product
    sell = kiosk.sell
    sell.choose_product(tile)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1, timeout=WAIT)
    kiosk.idle()
    assert sell.cart.lines[0].expired_ok_by is None
    with kiosk.store() as s:
        stock.record_move(s, salt, 1, "damaged", "vỡ", manager, manager, lot_no="MOI-01")
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY, timeout=WAIT)
    seen: dict = {}

    def answer():  # the dialog runs its own loop: look at it and type the PIN from a timer
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, ApprovalDialog) and dlg.pad.isEnabled():
            seen["detail"] = dlg.detail.text()
            with kiosk.store() as s:
                seen["sales"] = s.one("SELECT count(*) AS n FROM sales")["n"]
            dlg.pad.edit.setText("9999")
            dlg.pad._submit()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE, timeout=WAIT)
    assert "lô CU-01" in seen["detail"] and "20/11/2026" in seen["detail"]
    assert seen["sales"] == 0  # refused first: nothing was written before the PIN
    with kiosk.store() as s:
        line = s.one("SELECT lot_no, qty FROM sale_lines")
        assert line == {"lot_no": "CU-01", "qty": 1}
        assert s.one("SELECT approved_by FROM audit_log WHERE action = 'sale.expired_lot_approved'")["approved_by"] \
            == manager
        assert s.one("SELECT count(*) AS n FROM audit_log WHERE action = 'sell_expired_lot'")["n"] == 1


def test_stock_screen_lists_recalled_lots_still_on_hand(make_kiosk, kiosk_db):
    from pos import catalog

    k = make_kiosk(kiosk_db, as_manager=True)
    salt = k.data.products[SALT]
    with k.store() as s:
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [
            {"product_id": salt, "qty": 4, "lot_no": "THU-HOI", "use_by": "2027-06-30"},
            {"product_id": salt, "qty": 9, "lot_no": "TOT", "use_by": "2027-06-30"}], k.data.manager["id"])
        catalog.apply_catalog(s, {"lot_recalls": [{"product_id": salt, "lot_no": "THU-HOI", "reason": "sai nhãn",
                                                   "recalled_at": "2026-11-21T02:00:00Z"}]})
    k.window.show_screen("manager_stock")
    screen = k.window.screens["manager_stock"].inner
    k.qtbot.waitUntil(lambda: screen.recall_alert.isVisible(), timeout=WAIT)
    lines = screen.recall_alert.text().splitlines()
    assert lines[0].startswith("Lô bị thu hồi còn trong kho")
    assert lines[1:] == [f"{SALT}, lô THU-HOI: còn 4 hũ (thu hồi: sai nhãn)"]
