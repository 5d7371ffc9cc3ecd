"""No text cut off on the clerk's screens, in Vietnamese and English, at 1024×768 and 1366×768:
long names with '&' wrap on their tiles, nine-digit amounts show whole, every label, button and
column header has room (ui.fit_check). And names and units read in English on an English screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from pos import catalog, stock
from pos.store import Store
from ui.cart_view import CartDelegate
from ui.fit_check import cut_texts

LONG_CAT = ("Mắm & hải sản chế biến", "Fermented & processed seafood")
LONG_NAME = ("Mắm cá linh kho tộ đặc biệt Châu Đốc loại 500 g", "Special Chau Doc braised mud carp paste 500 g")


@pytest.fixture
def long_db(kiosk_db):
    """The test catalog with a long category (with '&') and a long, expensive product in it."""
    with Store(kiosk_db.path) as store:
        cat, _ = catalog.upsert_category(store, {"name_vi": LONG_CAT[0], "name_en": LONG_CAT[1], "sort": 0})
        producer = store.one("SELECT id FROM producers")["id"]
        pid, _ = catalog.upsert_product(store, {
            "sku": "MAM-LINH", "name_vi": LONG_NAME[0], "name_en": LONG_NAME[1], "price": 950_000, "vat_rate": 10,
            "ocop_stars": 5, "unit": "hũ", "producer_id": producer, "category_id": cat}, barcodes=["8930000000064"])
        kiosk_db.products[LONG_NAME[0]] = pid
        kiosk_db.barcodes[LONG_NAME[0]] = "8930000000064"
    return kiosk_db


class Looker:
    def __init__(self, k, size):
        self.k, self.size, self.cuts = k, size, []

    def __call__(self, name: str) -> None:
        k, (width, height) = self.k, self.size
        k.qtbot.wait(20)
        QApplication.processEvents()
        win = k.window
        if win.width() > width or win.height() > height:
            self.cuts.append(f"{name}: window {win.width()}x{win.height()}")
        top = QApplication.activeModalWidget()
        for root in [win] + ([top] if top is not None else []):
            self.cuts.extend(f"{name}: {cut}" for cut in cut_texts(root))


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_text_is_cut_off_on_the_clerk_screens(make_kiosk, long_db, lang, size):
    k = make_kiosk(long_db, lang=lang)
    win, sell = k.window, k.sell
    win.setGeometry(0, 0, *size)
    look = Looker(k, size)
    k.qtbot.waitUntil(lambda: sell.cat_grid.count() == 6)
    look("categories")
    k.type_text(sell.search, "MAM-LINH")  # a long name: cut at its end, never before its price
    k.qtbot.waitUntil(lambda: sell.browse.currentWidget() is sell.results and sell.results.count() == 1)
    look("search")
    sell.search.clear()
    sell.browse.setCurrentIndex(0)
    tiles = [sell.cat_grid.itemAt(i).widget() for i in range(sell.cat_grid.count())]
    tile = next(t for t in tiles if t.text() == LONG_CAT[lang == "en"])
    assert tile.label.text() == LONG_CAT[lang == "en"]  # '&' shown, not eaten as a mnemonic
    tile.click()
    k.qtbot.waitUntil(lambda: sell.browse.currentWidget() is sell.prod_host and bool(sell.product_buttons))
    look("category")
    sell.view.setFocus()
    for name in (LONG_NAME[0], "Mật ong rừng U Minh", "Muối hầm Bạc Liêu 500 g"):
        k.scan(long_db.barcodes[name])
    k.qtbot.waitUntil(lambda: len(sell.cart.lines) == 3)
    sell.cart.set_qty(0, 999)  # 949.050.000 ₫ on one line
    sell.cart.set_line_discount(1, 10_000, "Khách quen")
    sell._cart_changed(0)
    look("cart")
    delegate, view = sell.view.delegate, sell.view
    for row in range(len(sell.cart.lines)):  # what the cart draws: amounts whole (in a smaller font if need be)
        for col in (2, 4):
            text = sell.model.index(row, col).data().split("\n")[0]
            font = sell.model._bold if col == 4 else view.font()
            drawn = delegate._line(text, font, col == 4, view.columnWidth(col) - 2 * delegate.MARGIN, fit=True)
            assert drawn[0].text() == text and drawn[1] <= view.columnWidth(col) - 2 * delegate.MARGIN
    k.press(Qt.Key.Key_F12)
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    look("pay cash")
    sell.payment.start_qr()
    k.qtbot.waitUntil(lambda: bool(sell.payment.qr_payload))
    look("pay VietQR")
    sell.payment.confirm()
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    k.qtbot.waitUntil(lambda: sell.done.preview.doc is not None)
    look("sale done")
    k.press(Qt.Key.Key_Return)
    k.press(Qt.Key.Key_F9)
    hist = win.history
    hist.all_days.setChecked(True)
    k.qtbot.waitUntil(lambda: len(hist.rows) == 1)
    hist.table.selectRow(0)
    k.qtbot.waitUntil(lambda: hist.preview.doc is not None and hist.buttons["refund"].isEnabled())
    look("receipts")
    hist.refund()
    k.qtbot.waitUntil(lambda: hist.refund_dialog is not None and hist.refund_dialog.isVisible())
    hist.refund_dialog.set_qty(0, 2)
    look("refund dialog")
    hist.refund_dialog.reject()
    win.show_screen("shift")
    shift = win.screens["shift"]
    k.qtbot.waitUntil(lambda: shift.pages.currentIndex() == shift.PAGE_MAIN and shift.report is not None)
    look("shift")
    win.lock()
    k.qtbot.waitUntil(lambda: win.login.shift_info is not None and bool(win.login.tiles))
    look("lock screen")
    assert look.cuts == []


def test_an_amount_is_drawn_smaller_never_cut(qapp):
    font = QFont(QApplication.font())
    font.setBold(True)
    font.setPointSize(13)
    delegate = CartDelegate(model=None)
    static, width, _height, used = delegate._line("149.985.000 ₫", font, True, 100, fit=True)
    assert static.text() == "149.985.000 ₫" and width <= 100 and used.pointSizeF() < 13
    name, width, _h, _f = delegate._line("Muối hầm Bạc Liêu loại đặc biệt 500 g", font, True, 100)
    assert name.text().endswith("…") and width <= 100  # a name is cut at its end (its tooltip has it all)


def test_stock_screens_speak_english_names_and_units(make_kiosk, long_db):
    with Store(long_db.path) as store:
        manager = long_db.manager["id"]
        producer = store.one("SELECT id FROM producers")["id"]
        stock.receive_delivery(store, producer, [{"product_id": long_db.products[LONG_NAME[0]], "qty": 12}],
                               manager, note_no="PN-7")
    k = make_kiosk(long_db, lang="en", as_manager=True)
    k.window.show_screen("manager_stock")
    screen = k.window.screens["manager_stock"].inner
    k.qtbot.waitUntil(lambda: screen.row_for(long_db.products[LONG_NAME[0]]) is not None)
    row = screen.model.row_of(long_db.products[LONG_NAME[0]])
    assert screen.model.text(row, 0) == LONG_NAME[1]
    assert screen.model.text(row, 3) == "12 jars"
    honey = screen.model.row_of(long_db.products["Mật ong rừng U Minh"])
    assert screen.model.text(honey, 0) == "U Minh forest honey" and screen.model.text(honey, 3) == "0 bottles"
    screen.table.selectRow(row)
    k.qtbot.waitUntil(lambda: screen.ledger.isVisible() and screen.ledger.rowCount() == 1)
    texts = [screen.ledger.item(0, c).text() for c in range(screen.ledger.columnCount())]
    assert texts[1:4] == ["Received", "+12 jars", "12 jars"] and texts[5] == "delivery note PN-7"
    assert LONG_NAME[1] in screen.ledger_title.text()
