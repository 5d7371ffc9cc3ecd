"""Manager screens driven in the real kiosk window, as a manager does: receive a delivery by
scanning, count stock blind and approve, watch stock warnings, create staff who then log in,
edit local products, and be told exactly which settings are wrong (with nothing saved)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import catalog, stock
from pos import staff as staff_mod
from pos.store import Store
from ui.manager.stock_model import DONE

WAIT = 20_000  # ms; generous on a shared machine: nothing here asserts a duration


@pytest.fixture
def mgr(make_kiosk, kiosk_db):
    """The kiosk with the manager logged in."""
    return make_kiosk(kiosk_db, as_manager=True)


def open_screen(k, key):
    k.window.show_screen(key)
    gate = k.window.screens[key]
    assert gate.currentIndex() == 1, "a logged-in manager goes straight in"
    k.idle()
    return gate.inner


def db(k) -> Store:
    return k.store()  # on the kiosk's clock


def test_receive_delivery_by_scanning_changes_on_hand(mgr):
    k = mgr
    screen = open_screen(k, "manager_receive")
    salt = k.data.products["Muối hầm Bạc Liêu 500 g"]
    honey = k.data.products["Mật ong rừng U Minh"]

    # two scans of the salt (keyboard-wedge bursts) and the honey found by its Vietnamese name
    k.scan(k.data.barcodes["Muối hầm Bạc Liêu 500 g"])
    k.scan(k.data.barcodes["Muối hầm Bạc Liêu 500 g"])
    k.qtbot.waitUntil(lambda: screen.qty_of(salt) == 2, timeout=WAIT)
    assert screen.producer.currentText().startswith("HTX Muối Bạc Liêu")  # followed the first scan
    k.type_text(screen.finder.edit, "mật ong")
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: screen.qty_of(honey) == 1, timeout=WAIT)
    spin = next(line["spin"] for line in screen.lines if line["product"]["id"] == honey)
    spin.setValue(12)
    k.type_text(screen.note_no, "PN-0042")

    # an unknown barcode is said clearly and changes nothing
    k.scan("8930000009999")
    k.qtbot.waitUntil(lambda: screen.finder.error.isVisible(), timeout=WAIT)
    assert "8930000009999" in screen.finder.error.text()
    assert len(screen.lines) == 2

    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: not screen.lines, timeout=WAIT)
    k.idle()
    with db(k) as s:
        assert stock.on_hand(s, salt) == 2 and stock.on_hand(s, honey) == 12
        delivery = s.one("SELECT * FROM deliveries")
        assert delivery["note_no"] == "PN-0042" and delivery["staff_id"] == k.data.manager["id"]

    # the stock screen shows the new on-hand
    stock_screen = open_screen(k, "manager_stock")
    k.qtbot.waitUntil(lambda: (stock_screen.row_for(honey) or {}).get("on_hand") == 12, timeout=WAIT)
    row = next(i for i, r in enumerate(stock_screen.shown) if r["product_id"] == honey)
    assert stock_screen.model.text(row, 3) == "12 chai"
    # its ledger: one receipt of 12, booked by the manager
    stock_screen.table.selectRow(row)
    k.qtbot.waitUntil(lambda: stock_screen.ledger.isVisible() and stock_screen.ledger.rowCount() == 1, timeout=WAIT)
    assert [stock_screen.ledger.item(0, c).text() for c in (1, 2, 3, 4)] == [
        "Nhập hàng", "+12 chai", "12 chai", "Trần Văn Hùng"]

    # two bottles broke: written off (the manager is the approver), reason required
    stock_screen.move_kind.setCurrentIndex(stock_screen.move_kind.findData("damaged"))
    stock_screen.move_qty.setValue(2)
    k.press(Qt.Key.Key_F7)
    assert stock_screen.move_error.isVisible()
    k.type_text(stock_screen.move_reason, "Vỡ chai khi xếp kệ")
    k.press(Qt.Key.Key_F7)
    k.qtbot.waitUntil(lambda: (stock_screen.row_for(honey) or {}).get("on_hand") == 10, timeout=WAIT)
    k.qtbot.waitUntil(lambda: stock_screen.ledger.rowCount() == 2, timeout=WAIT)
    assert stock_screen.ledger.item(0, 1).text() == "Hư hỏng" and stock_screen.ledger.item(0, 2).text() == "-2 chai"
    assert stock_screen.selected_row()["product_id"] == honey
    with db(k) as s:
        assert stock.on_hand(s, honey) == 10
        assert s.one("SELECT approved_by FROM audit_log WHERE action = 'stock.damaged'")["approved_by"] == \
            k.data.manager["id"]


def test_receive_refuses_without_lines_or_producer(mgr):
    k = mgr
    screen = open_screen(k, "manager_receive")
    k.press(Qt.Key.Key_F8)
    assert screen.error.isVisible()
    with db(k) as s:
        assert s.one("SELECT count(*) AS n FROM deliveries")["n"] == 0


def test_stock_count_is_blind_then_reviewed_and_approved(mgr):
    k = mgr
    salt = k.data.products["Muối hầm Bạc Liêu 500 g"]
    honey = k.data.products["Mật ong rừng U Minh"]
    with db(k) as s:
        producer = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, producer, [{"product_id": salt, "qty": 10}, {"product_id": honey, "qty": 5}],
                               k.data.manager["id"])
    screen = open_screen(k, "manager_count")
    assert screen.pages.currentIndex() == screen.PAGE_START
    k.press(Qt.Key.Key_F2)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_COUNT, timeout=WAIT)

    for _ in range(3):
        k.scan(k.data.barcodes["Muối hầm Bạc Liêu 500 g"])
    k.scan(k.data.barcodes["Mật ong rừng U Minh"])
    k.qtbot.waitUntil(lambda: screen.counted_of(salt) == 3 and screen.counted_of(honey) == 1, timeout=WAIT)

    # weighed goods without a label: found by name (no tones), listed at 0 g, the grams typed in
    fish = k.data.products["Khô cá lóc đồng"]
    k.type_text(screen.finder.edit, "kho ca loc")
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: screen.counted_of(fish) == 0, timeout=WAIT)
    fish_spin = QApplication.focusWidget()
    assert fish_spin.property("product_id") == fish
    fish_spin.setValue(1250)
    fish_spin.editingFinished.emit()
    k.qtbot.waitUntil(lambda: screen.counted_of(fish) == 1250, timeout=WAIT)

    # blind: nothing on the counting page tells the expected 10 / 5
    headers = [screen.count_table.horizontalHeaderItem(c).text() for c in range(screen.count_table.columnCount())]
    assert headers == ["Sản phẩm", "Mã hàng", "Đã đếm", "Đơn vị"] or headers == ["Product", "SKU", "Counted", "Unit"]
    shown = [screen.count_table.item(r, c).text() for r in range(screen.count_table.rowCount())
             for c in (0, 1, 3)]
    assert not any(t in ("10", "5") for t in shown)
    assert not screen.review_table.isVisible()

    # the honey recounted by hand: 7
    row = next(r for r in range(screen.count_table.rowCount())
               if screen.count_table.item(r, 0).data(Qt.ItemDataRole.UserRole) == honey)
    spin = screen.count_table.cellWidget(row, 2)
    spin.setValue(7)
    spin.editingFinished.emit()
    k.qtbot.waitUntil(lambda: screen.counted_of(honey) == 7, timeout=WAIT)
    with db(k) as s:  # counting changed no stock yet
        assert stock.on_hand(s, salt) == 10 and stock.on_hand(s, honey) == 5

    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_REVIEW, timeout=WAIT)
    assert screen.variance_of(salt) == -7 and screen.variance_of(honey) == 2 and screen.variance_of(fish) == 1250
    fish_row = next(r for r in range(screen.review_table.rowCount())
                    if screen.review_table.item(r, 0).data(Qt.ItemDataRole.UserRole) == fish)
    assert screen.review_table.item(fish_row, 4).text() == "+1.250 g"
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_START, timeout=WAIT)
    k.idle()
    assert screen.last_result.rowCount() == 3
    with db(k) as s:
        assert stock.on_hand(s, salt) == 3 and stock.on_hand(s, honey) == 7
        adj = {m["product_id"]: m["qty"] for m in s.all("SELECT * FROM stock_moves WHERE kind = 'count_adjust'")}
        assert adj == {salt: -7, honey: 2, fish: 1250}
        assert s.one("SELECT status, approved_by FROM stock_counts") == {
            "status": "approved", "approved_by": k.data.manager["id"]}


def test_stock_warnings_low_and_certificate_expiry(mgr):
    k = mgr
    today = k.ctx.business_date()  # the kiosk's business day (its clock), not the machine's date
    assert today == dt.date(2026, 11, 22)
    with db(k) as s:
        cake = catalog.get_product(s, k.data.products["Bánh pía sầu riêng Sóc Trăng"])
        tea = catalog.get_product(s, k.data.products["Trà Shan tuyết Hà Giang"])
        catalog.upsert_product(s, {**cake, "ocop_cert_expires": (today + dt.timedelta(days=30)).isoformat(),
                                   "ocop_cert_issued": None})
        catalog.upsert_product(s, {**tea, "ocop_cert_expires": (today - dt.timedelta(days=3)).isoformat(),
                                   "ocop_cert_issued": None, "low_stock": 5})
    screen = open_screen(k, "manager_stock")
    k.qtbot.waitUntil(lambda: screen.row_for(tea["id"]) is not None
                      and screen.row_for(tea["id"])["cert_expired"], timeout=WAIT)
    assert screen.row_for(cake["id"])["cert_expiring"]
    assert screen.warning_of(screen.row_for(cake["id"])) == "Chứng nhận hết hạn sau 30 ngày; Sắp hết hàng"
    assert screen.warning_of(screen.row_for(tea["id"])) == "Chứng nhận đã hết hạn 3 ngày; Sắp hết hàng"
    screen.low_only.click()
    k.qtbot.waitUntil(lambda: screen.model.warnings_only and screen.model.phase == DONE and not screen.model.loading,
                      timeout=WAIT)
    names = [screen.model.text(r, 0) for r in range(screen.model.rowCount())]
    assert "Trà Shan tuyết Hà Giang" in names and "Bánh pía sầu riêng Sóc Trăng" in names
    assert "1" in screen.summary.text()
    screen.low_only.click()
    screen.filter.setText("tra shan")  # no tones typed: still found
    k.qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT)
    assert screen.model.text(0, 0) == "Trà Shan tuyết Hà Giang"


def test_create_staff_with_pin_then_log_in_with_it(mgr):
    k = mgr
    screen = open_screen(k, "manager_staff")
    k.type_text(screen.code, "mai")
    k.type_text(screen.name, "Lê Thị Mai")
    screen.role.setCurrentIndex(screen.role.findData("clerk"))
    screen.pin.setText("2468")
    screen.pin2.setText("2469")
    k.press(Qt.Key.Key_F8)
    assert "PIN" in screen.new_error.text()  # the two PINs differ: refused before the store
    screen.pin2.setText("2468")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: any(r["code"] == "mai" for r in screen.rows), timeout=WAIT)
    mai = next(r for r in screen.rows if r["code"] == "mai")
    assert mai["name"] == "Lê Thị Mai" and mai["role"] == "clerk"
    with db(k) as s:
        assert staff_mod.login(s, mai["id"], "2468")["name"] == "Lê Thị Mai"

    # a duplicate code is refused with the store's reason
    k.type_text(screen.code, "mai")
    k.type_text(screen.name, "Người khác")
    screen.pin.setText("1357")
    screen.pin2.setText("1357")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: "mai" in screen.new_error.text(), timeout=WAIT)

    # lock the kiosk and log in as Mai through the login screen
    from tests.ui.conftest import _login

    k.window.lock()
    k.qtbot.waitUntil(lambda: k.ctx.staff is None, timeout=WAIT)
    _login(k.qtbot, k.window, k.ctx, {"id": mai["id"], "code": "mai"}, "2468")
    assert k.ctx.staff["name"] == "Lê Thị Mai" and not k.ctx.is_manager
    assert not k.window.nav_buttons["manager_staff"].isVisible()


def test_reset_pin_and_deactivate(mgr):
    k = mgr
    screen = open_screen(k, "manager_staff")
    clerk = k.data.clerk
    row = next(i for i, r in enumerate(screen.rows) if r["id"] == clerk["id"])
    screen.table.selectRow(row)
    screen.reset_pin.setText("8642")
    screen.reset_pin2.setText("8642")
    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: "Nguyễn Thị Lan" in screen.notice.text(), timeout=WAIT)
    with db(k) as s:
        assert staff_mod.login(s, clerk["id"], "8642")["id"] == clerk["id"]
    row = next(i for i, r in enumerate(screen.rows) if r["id"] == clerk["id"])
    screen.table.selectRow(row)
    k.press(Qt.Key.Key_F7)  # a first press only asks again
    k.idle()
    with db(k) as s:
        assert s.one("SELECT active FROM staff WHERE id = ?", (clerk["id"],))["active"] == 1
    k.press(Qt.Key.Key_F7)
    k.qtbot.waitUntil(lambda: next(r for r in screen.rows if r["id"] == clerk["id"])["active"] == 0, timeout=WAIT)
    with db(k) as s:
        with pytest.raises(Exception) as exc:
            staff_mod.login(s, clerk["id"], "8642")
        assert exc.value.code == "permission_denied"


def test_settings_errors_are_shown_per_field_and_nothing_saved(mgr):
    k = mgr
    screen = open_screen(k, "manager_settings")
    k.qtbot.waitUntil(lambda: screen.fields["device_code"].text() == "HN01", timeout=WAIT)
    with db(k) as s:
        before = s.settings()
    f = screen.fields
    f["device_code"].setText("hn 01!")
    f["location_name"].clear()
    k.type_text(f["location_name"], "Gian hàng Hồ Gươm")
    f["printer.kind"].setCurrentIndex(f["printer.kind"].findData("network"))
    f["printer.host"].setText("192.168.1.50:abc")
    f["bank_bin"].setCurrentIndex(f["bank_bin"].findData("970415"))
    f["bank_account"].setText("")
    f["scanner.kind"].setCurrentIndex(f["scanner.kind"].findData("serial"))
    f["scanner.port"].setText("ttyACM0")
    f["server_url"].setText("ftp://central")
    k.press(Qt.Key.Key_F8)
    k.idle()
    for key in ("device_code", "printer.host", "bank_account", "scanner.port", "server_url"):
        assert screen.errors[key].isVisible() and screen.errors[key].text(), key
    assert not screen.errors["location_name"].isVisible()
    with db(k) as s:
        assert s.settings() == before

    # corrected: saved, and the kiosk's context follows
    f["device_code"].setText("HN02")
    f["printer.host"].setText("192.168.1.50:9100")
    f["bank_account"].setText("0011001234567")
    f["scanner.port"].setText("/dev/ttyACM0")
    f["server_url"].setText("https://ocop.example.vn")
    f["printer_width_px"].setCurrentIndex(f["printer_width_px"].findData(384))
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: k.ctx.settings.get("device_code") == "HN02", timeout=WAIT)
    assert not any(e.isVisible() for e in screen.errors.values())
    with db(k) as s:
        saved = s.settings()
    assert saved["printer"] == {"kind": "network", "host": "192.168.1.50", "port": 9100}
    assert saved["printer_width_px"] == 384 and saved["bank_bin"] == "970415"
    assert saved["scanner"] == {"kind": "serial", "port": "/dev/ttyACM0", "baudrate": 9600}
    assert saved["location_name"] == "Gian hàng Hồ Gươm" and saved["server_url"] == "https://ocop.example.vn"


def test_local_product_with_instore_barcode_sells(mgr):
    k = mgr
    screen = open_screen(k, "manager_catalog")
    k.press(Qt.Key.Key_F2)
    k.type_text(screen.sku, "L-NEM-01")
    k.type_text(screen.name_vi, "Nem chua Thanh Hóa")
    k.type_text(screen.name_en, "Thanh Hoa fermented pork roll")
    screen.price.setText("")
    k.press(Qt.Key.Key_F8)  # no price, no producer: refused per field
    assert screen.errors["price"].isVisible() and screen.errors["producer_id"].isVisible()
    k.type_text(screen.price, "55000")
    assert screen.price.text() == "55.000"
    screen.producer.setCurrentIndex(1)
    screen.vat.setCurrentIndex(screen.vat.findData(10))
    screen.unit.setCurrentText("gói")
    k.press(Qt.Key.Key_F6)  # issue an in-store code: saves the new product first
    k.qtbot.waitUntil(lambda: screen.barcode_list.count() == 1, timeout=WAIT)
    code = screen.barcode_list.item(0).text()
    assert code.startswith("20") and len(code) == 13
    with db(k) as s:
        p = catalog.lookup(s, code).product
        assert p["name_vi"] == "Nem chua Thanh Hóa" and p["local"] == 1 and p["price"] == 55_000
        assert p["vat_rate"] == 10 and p["unit"] == "gói"
    # its labels are offered at once (tests/ui/test_manager_labels.py prints them); Esc closes
    k.qtbot.waitUntil(lambda: screen.label_dialog is not None and bool(screen.label_dialog.entries), timeout=WAIT)
    assert screen.label_dialog.entries[0]["code"] == code
    k.press(Qt.Key.Key_Escape)
    k.qtbot.waitUntil(lambda: screen.label_dialog is None, timeout=WAIT)

    # the clerk can sell it by scanning the new code
    k.window.show_screen("sell")
    k.scan(code)
    k.qtbot.waitUntil(lambda: len(k.sell.cart.lines) == 1, timeout=WAIT)
    assert k.sell.cart.lines[0].name_vi == "Nem chua Thanh Hóa"


def test_screens_do_not_touch_the_database_until_shown(qtbot, kiosk_db):
    """Building the shift and manager screens queues no DB work: the kiosk's start-up and its
    first scan never wait behind a report or a stock list nobody is looking at."""
    from ui import manager
    from ui.context import AppContext
    from ui.shift import ShiftScreen
    from ui.worker import DbWorker

    worker = DbWorker(kiosk_db.path)
    try:
        with qtbot.waitSignal(worker.opened, timeout=WAIT):
            pass
        ctx = AppContext(worker)
        built = [ShiftScreen(ctx)] + [w for _, _, w in manager.screens(ctx)]
        assert worker.pending == 0
        ctx.sales_changed.emit()
        ctx.stock_changed.emit({"x"})
        ctx.catalog_changed.emit()
        assert worker.pending == 0
        built[0].show()  # the shift screen shown: now it loads
        assert worker.pending >= 1
        qtbot.waitUntil(lambda: worker.pending == 0, timeout=WAIT)
        assert built[0].shift is None or built[0].shift["status"] == "open"
        for w in built:
            w.deleteLater()
    finally:
        worker.stop()


def test_settings_say_whether_this_kiosk_issues_e_invoices(mgr):
    from pos.einvoice import sellers

    from einvoice_setup import einvoice

    k = mgr
    screen = open_screen(k, "manager_settings")
    k.qtbot.waitUntil(lambda: screen.einvoice_label.text() != "", timeout=WAIT)
    assert screen.einvoice_label.text() == "Không lập: chưa nhận được cài đặt từ văn phòng"
    with db(k) as s:
        sellers.apply_settings(s, einvoice())
    screen.load()
    k.qtbot.waitUntil(lambda: screen.einvoice_label.text() == "Lập cùng mỗi lần bán tại máy này (1 người bán)",
                      timeout=WAIT)
