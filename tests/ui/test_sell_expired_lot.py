"""An expired lot at the scan (issue 14): the sell screen asks the manager's PIN right away, with a
Vietnamese message naming the product, the lot and its use-by; Esc leaves the item out (said in
red), the PIN puts it in the cart allowed (CartLine.expired_ok_by), paying asks nothing more, and
the approval and the sale are both in the audit log. A recalled lot is refused with no dialog.
All by keys, as a clerk and a manager would. The kiosk's day is 2026-11-22."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos import catalog, lots, stock

WAIT = 20_000  # ms; generous on a shared machine: nothing here asserts a duration
SALT = "Muối hầm Bạc Liêu 500 g"


def only_expired_salt(kiosk, lot_no: str = "CU-01") -> str:
    """The salt's only stock is 3 jars of a lot past its use-by (20/11/2026)."""
    salt = kiosk.data.products[SALT]
    with kiosk.store() as s:
        manager = kiosk.data.manager["id"]
        free = lots.unlotted(s, salt)
        if free > 0:
            stock.record_move(s, salt, free, "damaged", "kiểm tra", manager, manager)
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [{"product_id": salt, "qty": 3, "lot_no": lot_no, "use_by": "2026-11-20"}],
                               manager)
    return salt


def on_dialog(kiosk, keys: str, seen: list) -> None:
    """When the manager-PIN dialog is up: note its text, then type `keys` ("" = Esc) and Enter."""
    from ui.approval import ApprovalDialog

    def answer():  # once the dialog is up and has the keys, as a keyboard would type them
        dlg, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
        if not (isinstance(dlg, ApprovalDialog) and dlg.isVisible() and dlg.pad.isEnabled()
                and focus is not None and focus.window() is dlg):
            QTimer.singleShot(20, answer)
            return
        seen.append(dlg.detail.text())
        if keys:
            QTest.keyClicks(focus, keys)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        else:
            QTest.keyClick(focus, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)


def test_the_only_stock_expired_asks_the_manager_at_the_scan(kiosk):
    salt, sell, seen = only_expired_salt(kiosk), kiosk.sell, []
    on_dialog(kiosk, "", seen)
    kiosk.scan(kiosk.data.barcodes[SALT], wait=False)
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible(), timeout=WAIT)
    assert seen == ["Muối hầm Bạc Liêu 500 g: lô CU-01 hết hạn sử dụng ngày 20/11/2026. Chỉ được bán khi "
                    "quản lý cho phép ngay bây giờ."]
    assert "Đã quá hạn sử dụng" in sell.alert.text() and "KHÔNG được thêm" in sell.alert.text()
    assert "lô CU-01" in sell.alert.text() and not sell.cart.lines
    kiosk.idle()

    on_dialog(kiosk, "9999", seen)
    kiosk.scan(kiosk.data.barcodes[SALT], wait=False)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1, timeout=WAIT)
    kiosk.idle()
    manager = kiosk.data.manager["id"]
    assert sell.cart.lines[0].expired_ok_by == manager and len(seen) == 2
    kiosk.scan(kiosk.data.barcodes[SALT])  # the same product again: already allowed, not asked again
    kiosk.qtbot.waitUntil(lambda: sell.cart.lines[0].qty == 2, timeout=WAIT)
    assert len(seen) == 2
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY, timeout=WAIT)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE, timeout=WAIT)
    assert len(seen) == 2  # paying asked nothing more
    with kiosk.store() as s:
        assert s.one("SELECT lot_no, qty FROM sale_lines") == {"lot_no": "CU-01", "qty": 2}
        approval = s.one("SELECT * FROM audit_log WHERE action = 'sell_expired_lot'")
        assert approval["approved_by"] == manager and approval["ref_id"] == salt
        assert '"lot": "CU-01"' in approval["detail"] and approval["staff_id"] == kiosk.data.clerk["id"]
        assert s.one("SELECT approved_by FROM audit_log WHERE action = 'sale.expired_lot_approved'")["approved_by"] \
            == manager


def test_a_2d_code_naming_an_expired_lot_asks_and_a_recalled_lot_is_refused_outright(kiosk):
    salt, sell, seen = only_expired_salt(kiosk), kiosk.sell, []
    salt14 = "0" + kiosk.data.barcodes[SALT]
    with kiosk.store() as s:  # the code carries no use-by: the kiosk's own record of the lot says it
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [{"product_id": salt, "qty": 2, "lot_no": "THU-HOI", "use_by": "2027-06-30"}],
                               kiosk.data.manager["id"])
        catalog.apply_catalog(s, {"lot_recalls": [{"product_id": salt, "lot_no": "THU-HOI", "reason": "sai nhãn",
                                                   "recalled_at": "2026-11-21T02:00:00Z"}]})
    on_dialog(kiosk, "9999", seen)
    kiosk.scan(f"01{salt14}10CU-01", wait=False)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1, timeout=WAIT)
    kiosk.idle()
    assert len(seen) == 1 and "lô CU-01 hết hạn sử dụng ngày 20/11/2026" in seen[0]
    assert (sell.cart.lines[0].lot, sell.cart.lines[0].expired_ok_by) == ("CU-01", kiosk.data.manager["id"])

    kiosk.scan(f"01{salt14}1727063010THU-HOI")  # (17) is of fixed length: no GS needed
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible(), timeout=WAIT)
    kiosk.qtbot.wait(200)
    assert len(seen) == 1 and QApplication.activeModalWidget() is None  # no PIN can sell a recalled lot
    assert "thu hồi" in sell.alert.text() and "sai nhãn" in sell.alert.text()
    assert len(sell.cart.lines) == 1


def search_and_pick(kiosk, text: str) -> None:
    """F2, the name typed, Enter on the first result: as a clerk without a scanner."""
    sell = kiosk.sell
    kiosk.press(Qt.Key.Key_F2)
    kiosk.type_text(sell.search, text)
    browser = sell.browser  # the results of this very text: its search has run (no typing pause pending)
    kiosk.qtbot.waitUntil(lambda: not browser._search_timer.isActive() and browser.browse.currentWidget() is sell.results
                          and sell.results.currentItem() is not None
                          and (sell.results.currentItem().data(Qt.ItemDataRole.UserRole) or {}).get("name_vi") == SALT,
                          timeout=WAIT)
    QTest.keyClick(sell.search, Qt.Key.Key_Return)


def test_a_search_result_asks_the_manager_at_once_as_a_scan_does(kiosk):
    """Picked from the search results, not scanned: the same question at once, the same words, the
    same audit; Esc leaves it out before any payment."""
    salt, sell, seen = only_expired_salt(kiosk), kiosk.sell, []
    on_dialog(kiosk, "", seen)
    search_and_pick(kiosk, "muoi ham bac lieu")
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible(), timeout=WAIT)
    assert seen == ["Muối hầm Bạc Liêu 500 g: lô CU-01 hết hạn sử dụng ngày 20/11/2026. Chỉ được bán khi "
                    "quản lý cho phép ngay bây giờ."]
    assert "KHÔNG được thêm" in sell.alert.text() and not sell.cart.lines
    kiosk.idle()

    on_dialog(kiosk, "9999", seen)
    search_and_pick(kiosk, "muoi ham bac lieu")
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1, timeout=WAIT)
    kiosk.idle()
    manager = kiosk.data.manager["id"]
    assert len(seen) == 2 and sell.cart.lines[0].expired_ok_by == manager
    with kiosk.store() as s:
        approval = s.one("SELECT * FROM audit_log WHERE action = 'sell_expired_lot'")
        assert approval["approved_by"] == manager and approval["ref_type"] == "product" and approval["ref_id"] == salt
        assert '"lot": "CU-01"' in approval["detail"] and '"use_by": "2026-11-20"' in approval["detail"]
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY, timeout=WAIT)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE, timeout=WAIT)
    assert len(seen) == 2  # allowed at the pick: paying asked nothing more
    with kiosk.store() as s:
        assert s.one("SELECT lot_no, qty FROM sale_lines") == {"lot_no": "CU-01", "qty": 1}


def tap_salt_tile(kiosk) -> None:
    """The salt's category tile, then the salt's tile, tapped."""
    sell, browser = kiosk.sell, kiosk.sell.browser
    with kiosk.store() as s:
        category = s.one("SELECT c.name_vi FROM products p JOIN categories c ON c.id = p.category_id "
                         "WHERE p.id = ?", (kiosk.data.products[SALT],))["name_vi"]
    browser.browse.setCurrentIndex(0)

    def tiles():
        grid = browser.cat_grid
        return [grid.itemAt(i).widget() for i in range(grid.count()) if grid.itemAt(i).widget() is not None]

    kiosk.qtbot.waitUntil(lambda: any(b.text() == category for b in tiles()), timeout=WAIT)
    QTest.mouseClick(next(b for b in tiles() if b.text() == category), Qt.MouseButton.LeftButton)
    kiosk.qtbot.waitUntil(lambda: any(t.product["name_vi"] == SALT for t in sell.product_buttons), timeout=WAIT)
    QTest.mouseClick(next(t for t in sell.product_buttons if t.product["name_vi"] == SALT), Qt.MouseButton.LeftButton)


def test_a_tapped_tile_asks_at_once_and_a_recalled_lot_is_refused_with_no_dialog(kiosk):
    salt, sell, seen = only_expired_salt(kiosk), kiosk.sell, []
    on_dialog(kiosk, "9999", seen)
    tap_salt_tile(kiosk)
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1, timeout=WAIT)
    kiosk.idle()
    assert len(seen) == 1 and "lô CU-01 hết hạn sử dụng ngày 20/11/2026" in seen[0]
    assert sell.cart.lines[0].expired_ok_by == kiosk.data.manager["id"]
    with kiosk.store() as s:
        assert s.one("SELECT ref_id FROM audit_log WHERE action = 'sell_expired_lot'")["ref_id"] == salt
        # the rest of the salt is a recalled lot: the expired jars are all in the cart once 3 are taken
        stock.record_move(s, salt, 3, "damaged", "vỡ", kiosk.data.manager["id"], kiosk.data.manager["id"],
                          lot_no="CU-01")
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [{"product_id": salt, "qty": 2, "lot_no": "THU-HOI", "use_by": "2027-06-30"}],
                               kiosk.data.manager["id"])
        catalog.apply_catalog(s, {"lot_recalls": [{"product_id": salt, "lot_no": "THU-HOI", "reason": "sai nhãn",
                                                   "recalled_at": "2026-11-21T02:00:00Z"}]})
    sell.clear_alert()
    tap_salt_tile(kiosk)
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible(), timeout=WAIT)
    kiosk.qtbot.wait(200)
    assert len(seen) == 1 and QApplication.activeModalWidget() is None  # no PIN can sell a recalled lot
    assert "thu hồi" in sell.alert.text() and "sai nhãn" in sell.alert.text()
    assert len(sell.cart.lines) == 1 and sell.cart.lines[0].qty == 1
