"""The open sale is kept in the database while the clerk works (ui.open_cart.CartKeeper ->
pos.open_cart): every change saved, back after a restart with its payment parts, Esc on the payment
screen keeps them, removing one asks and is recorded, closing the window asks first."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos import catalog, held, open_cart
from pos.cart import Cart
from pos.store import Store

SALT = "Muối hầm Bạc Liêu 500 g"
HONEY = "Mật ong rừng U Minh"
CAKE = "Bánh pía sầu riêng Sóc Trăng"


def saved(kiosk):
    """The open cart in the database once everything on screen was written."""
    kiosk.qtbot.waitUntil(lambda: kiosk.window.cart_keeper.idle and kiosk.ctx.worker.pending == 0, timeout=10_000)
    with Store(kiosk.data.path) as store:
        return open_cart.load(store)


def scan(kiosk, *names):
    for name in names:
        n = sum(ln.qty for ln in kiosk.sell.cart.lines)
        kiosk.scan(kiosk.data.barcodes[name])
        kiosk.qtbot.waitUntil(lambda: sum(ln.qty for ln in kiosk.sell.cart.lines) == n + 1)


def take_card(kiosk, amount: int, ref: str):
    """F12 to pay, the amount, F12 card, the terminal's reference, Enter: a card part taken."""
    sell = kiosk.sell
    if sell.pages.currentIndex() != sell.PAGE_PAY:
        focus_cart(kiosk)
        kiosk.press(Qt.Key.Key_F12)
    n = len(sell.payment.parts)
    sell.payment.amount.setText(str(amount))
    kiosk.press(Qt.Key.Key_F12)
    sell.payment.card_ref.setText(ref)
    kiosk.press(Qt.Key.Key_Return)
    assert len(sell.payment.parts) == n + 1


def click_later(kiosk, get_box, text: str):
    """Click the button `text` of a message box as soon as it is shown (exec() or open())."""
    def answer():
        box = get_box()
        if box is None or not box.isVisible():
            QTimer.singleShot(20, answer)
            return
        [button] = [b for b in box.buttons() if b.text() == text]
        button.click()

    QTimer.singleShot(0, answer)


def focus_cart(kiosk):
    """Keys to the cart again: where focus goes after a dialog closes is another part of issue 10."""
    kiosk.window.activateWindow()
    kiosk.sell.view.setFocus()
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is kiosk.sell.view)


def discount(kiosk, key, text: str):
    sell = kiosk.sell
    focus_cart(kiosk)
    kiosk.press(key)
    kiosk.qtbot.waitUntil(lambda: sell.prompt is not None and sell.prompt.isVisible())
    sell.prompt.edit.setText(text)
    sell.prompt.reason.setCurrentIndex(0)
    sell.prompt._accept()


def test_every_change_of_the_cart_is_saved_as_it_happens(kiosk):
    sell = kiosk.sell
    scan(kiosk, SALT, HONEY)
    assert saved(kiosk).cart.to_dict() == sell.cart.to_dict()
    kiosk.press(Qt.Key.Key_Plus)  # quantity of the selected line (honey)
    assert [ln.qty for ln in saved(kiosk).cart.lines] == [1, 2]
    discount(kiosk, Qt.Key.Key_F4, "5%")
    assert saved(kiosk).cart.lines[1].discount == 18_500
    discount(kiosk, Qt.Key.Key_F5, "10000")
    assert saved(kiosk).cart.order_discount == 10_000
    sell.view.select_row(0)
    focus_cart(kiosk)
    kiosk.press(Qt.Key.Key_Delete)
    back = saved(kiosk)
    assert [ln.name_vi for ln in back.cart.lines] == [HONEY]
    assert back.cart.to_dict() == sell.cart.to_dict()
    assert (back.staff_name, back.cart_id) == ("Nguyễn Thị Lan", sell.cart_id)
    kiosk.press(Qt.Key.Key_Delete)  # the last line: no open sale left
    assert not sell.cart.lines and saved(kiosk) is None


def test_a_scan_burst_lands_every_scan_and_the_last_one_is_saved(kiosk):
    sell = kiosk.sell
    codes = [kiosk.data.barcodes[n] for n in (SALT, HONEY, CAKE, SALT, HONEY, SALT, CAKE, SALT)]
    for code in codes:
        kiosk.scan(code, wait=False)  # no waiting between scans: a fast clerk with a scanner
    kiosk.qtbot.waitUntil(lambda: sum(ln.qty for ln in sell.cart.lines) == len(codes), timeout=10_000)
    assert [(ln.name_vi, ln.qty) for ln in sell.cart.lines] == [(SALT, 4), (HONEY, 2), (CAKE, 2)]
    assert saved(kiosk).cart.to_dict() == sell.cart.to_dict()


def test_the_keeper_writes_a_burst_once_and_never_loses_the_last_change(kiosk):
    from ui.open_cart import CartKeeper

    with Store(kiosk.data.path) as store:
        product = catalog.lookup(store, kiosk.data.barcodes[SALT]).product
    state = {"qty": 0}

    def source():
        cart = Cart()
        cart.add(product, qty=state["qty"])
        return {"cart_id": "burst", "cart": cart.to_dict(), "parts": [], "staff_id": None}

    keeper = CartKeeper(kiosk.ctx.worker, kiosk.window)  # stops with the DB worker at teardown
    keeper.source = source
    for qty in range(1, 51):  # 50 changes in one go (one turn of the event loop)
        state["qty"] = qty
        keeper.changed()
    kiosk.qtbot.waitUntil(lambda: keeper.idle)
    assert keeper.submitted == 1
    state["qty"] = 60
    keeper.changed()
    keeper.flush()  # a save in flight now...
    assert keeper.in_flight == 1
    for qty in range(61, 91):  # ...and 30 changes while it is
        state["qty"] = qty
        keeper.changed()
    kiosk.qtbot.waitUntil(lambda: keeper.idle)
    assert keeper.submitted == 3  # the one in flight, then ONE with the latest state
    with Store(kiosk.data.path) as store:
        assert open_cart.load(store).cart.lines[0].qty == 90


def test_restart_brings_back_the_sale_with_its_payment_and_it_can_be_finished(make_kiosk, kiosk_db):
    first = make_kiosk(kiosk_db)
    scan(first, SALT, HONEY)
    discount(first, Qt.Key.Key_F4, "5%")
    take_card(first, 100_000, "TID778/000123")
    first.press(Qt.Key.Key_Escape)
    before = first.sell.cart.to_dict()
    assert saved(first).parts == [{"method": "card", "amount": 100_000, "reference": "TID778/000123",
                                   "qr_payload": ""}]
    first.window.scanner.uninstall()  # the first kiosk is gone (its process ended)
    first.ctx.worker.stop()  # its cart saver stops with it

    k = make_kiosk(kiosk_db)
    sell = k.sell
    k.qtbot.waitUntil(lambda: bool(sell.cart.lines))
    assert sell.cart.to_dict() == before
    assert [(p["method"], p["amount"], p["reference"]) for p in sell.parts] == [("card", 100_000, "TID778/000123")]
    assert sell.parts_bar.isVisible() and "100.000 ₫ thẻ (TID778/000123)" in sell.parts_label.text()
    assert sell.notice.isVisible() and "Đã khôi phục đơn đang mở: 2 dòng" in sell.notice.text()
    k.press(Qt.Key.Key_F12)
    pay = sell.payment
    assert [p["reference"] for p in pay.parts] == ["TID778/000123"]
    assert pay.remaining == sell.cart.totals().total - 100_000
    k.press(Qt.Key.Key_Return)  # the rest in exact cash
    k.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    with Store(k.data.path) as store:
        pays = store.all("SELECT method, amount, reference FROM payments ORDER BY method")
        assert [(p["method"], p["amount"], p["reference"]) for p in pays] == [
            ("card", 100_000, "TID778/000123"), ("cash", sell.done.result.total - 100_000, "")]
    assert saved(k) is None


def test_esc_on_the_payment_screen_keeps_the_payments_taken(kiosk):
    sell = kiosk.sell
    scan(kiosk, HONEY, SALT)
    take_card(kiosk, 100_000, "TID1")
    kiosk.press(Qt.Key.Key_Escape)
    assert sell.pages.currentIndex() == sell.PAGE_CART
    assert [p["reference"] for p in sell.parts] == ["TID1"]
    assert "Đã thu: 100.000 ₫ thẻ (TID1) — còn phải thu 130.000 ₫" == sell.parts_label.text()
    kiosk.press(Qt.Key.Key_F12)  # paying again: the card part is there, 130.000 left
    assert [p["reference"] for p in sell.payment.parts] == ["TID1"] and sell.payment.remaining == 130_000
    assert sell.payment.parts_list.count() == 1
    assert [p["reference"] for p in saved(kiosk).parts] == ["TID1"]


def test_removing_a_payment_asks_and_is_recorded(kiosk):
    sell = kiosk.sell
    scan(kiosk, HONEY)
    take_card(kiosk, 50_000, "TID2")
    kiosk.press(Qt.Key.Key_Escape)
    click_later(kiosk, lambda: sell.confirm_box, "Giữ lại")
    sell.remove_part_button.click()
    assert [p["reference"] for p in sell.parts] == ["TID2"]
    kiosk.qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.view)  # back where scans land
    kiosk.press(Qt.Key.Key_F12)
    assert sell.pages.currentIndex() == sell.PAGE_PAY and sell.payment.remove_button.isVisible()
    click_later(kiosk, lambda: sell.confirm_box, "Bỏ khoản này")
    sell.payment.remove_button.click()
    assert sell.parts == [] and sell.payment.parts == [] and not sell.payment.remove_button.isVisible()
    assert sell.payment.remaining == 185_000
    assert saved(kiosk).parts == []
    with Store(kiosk.data.path) as store:
        rows = store.all("SELECT staff_id, detail FROM audit_log WHERE action = 'payment.removed'")
    assert len(rows) == 1 and rows[0]["staff_id"] == kiosk.data.clerk["id"] and '"TID2"' in rows[0]["detail"]


def test_a_failed_completion_keeps_the_payments(kiosk):
    sell = kiosk.sell
    scan(kiosk, HONEY, SALT)
    take_card(kiosk, 200_000, "TID3")  # 230.000 to pay, 200.000 on the card
    kiosk.press(Qt.Key.Key_Escape)
    sell.view.select_row(1)
    kiosk.press(Qt.Key.Key_Delete)  # the salt goes back: 185.000 left, less than the card
    assert "thừa 15.000 ₫" in sell.parts_label.text()
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: sell.payment.error.isVisible())
    assert sell.pages.currentIndex() == sell.PAGE_PAY
    assert [p["reference"] for p in sell.payment.parts] == ["TID3"] == [p["reference"] for p in sell.parts]
    assert [p["reference"] for p in saved(kiosk).parts] == ["TID3"]


def test_a_sale_with_payments_taken_is_not_held(kiosk):
    sell = kiosk.sell
    scan(kiosk, HONEY)
    take_card(kiosk, 50_000, "TID4")
    kiosk.press(Qt.Key.Key_Escape)
    kiosk.press(Qt.Key.Key_F6)
    assert sell.alert.isVisible() and "TID4" in sell.alert.text()
    assert len(sell.cart.lines) == 1 and sell.parts
    with Store(kiosk.data.path) as store:
        assert held.list_held(store) == []


def test_hold_and_resume_move_the_open_sale_with_them(kiosk):
    sell = kiosk.sell
    scan(kiosk, HONEY)
    kiosk.press(Qt.Key.Key_F6)
    assert saved(kiosk) is None  # held, not open
    scan(kiosk, SALT)
    assert [ln.name_vi for ln in saved(kiosk).cart.lines] == [SALT]
    kiosk.press(Qt.Key.Key_F7)
    kiosk.qtbot.waitUntil(lambda: sell.held_dialog is not None)
    sell.held_dialog._take()
    kiosk.qtbot.waitUntil(lambda: [ln.name_vi for ln in sell.cart.lines] == [HONEY])
    assert [ln.name_vi for ln in saved(kiosk).cart.lines] == [HONEY]  # the salt sale was held meanwhile
    with Store(kiosk.data.path) as store:
        assert [r["lines"] for r in held.list_held(store)] == [1]


def test_a_language_switch_keeps_the_payments(kiosk):
    take = kiosk.sell
    scan(kiosk, HONEY)
    take_card(kiosk, 50_000, "TID5")
    kiosk.press(Qt.Key.Key_Escape)
    cart_id = take.cart_id
    kiosk.window.toggle_language()
    sell = kiosk.window.sell
    assert sell is not take and sell.cart_id == cart_id
    assert [p["reference"] for p in sell.parts] == ["TID5"]
    assert sell.parts_label.text().startswith("Paid already: 50.000 ₫ card (TID5)")
    scan(kiosk, SALT)
    assert len(saved(kiosk).cart.lines) == 2


def test_closing_with_a_sale_open_asks_and_keep_saves_it(kiosk):
    scan(kiosk, HONEY, SALT)
    w = kiosk.window
    assert w.close() is False  # a real QCloseEvent, ignored: the question is shown instead
    assert w.isVisible() and w.close_box is not None and w.close_box.isVisible()
    assert "Đang có một đơn mở: 2 dòng, 230.000 ₫." in w.close_box.text()
    assert sorted(b.text() for b in w.close_box.buttons()) == ["Bỏ đơn…", "Giữ đơn và đóng", "Tiếp tục bán"]
    assert w.close_box.defaultButton().text() == "Giữ đơn và đóng"
    [keep] = [b for b in w.close_box.buttons() if b.text() == "Giữ đơn và đóng"]
    keep.click()
    kiosk.qtbot.waitUntil(lambda: not w.isVisible())
    assert [ln.name_vi for ln in saved(kiosk).cart.lines] == [HONEY, SALT]


def test_closing_then_going_on_selling_changes_nothing(kiosk):
    scan(kiosk, HONEY)
    w = kiosk.window
    assert w.close() is False
    [stay] = [b for b in w.close_box.buttons() if b.text() == "Tiếp tục bán"]
    stay.click()
    kiosk.qtbot.waitUntil(lambda: w.close_box is None)
    assert w.isVisible() and [ln.name_vi for ln in kiosk.sell.cart.lines] == [HONEY]
    scan(kiosk, SALT)  # still selling
    assert len(saved(kiosk).cart.lines) == 2
    focus_cart(kiosk)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: kiosk.sell.pages.currentIndex() == kiosk.sell.PAGE_DONE)
    assert w.close() is True and w.close_box is None  # no sale open: no question


def test_discarding_the_open_sale_asks_twice_and_is_recorded(kiosk):
    scan(kiosk, HONEY)
    take_card(kiosk, 50_000, "TID6")
    kiosk.press(Qt.Key.Key_Escape)
    w = kiosk.window

    def choose(text):
        [b] = [b for b in w.close_box.buttons() if b.text() == text]
        b.click()

    assert w.close() is False
    choose("Bỏ đơn…")
    kiosk.qtbot.waitUntil(lambda: w.close_box is not None and w.close_box.isVisible())
    assert "phải trả lại cho khách" in w.close_box.text() and "TID6" in w.close_box.text()
    assert w.close_box.defaultButton().text() == "Không bỏ"
    choose("Không bỏ")  # changed her mind: nothing happens
    kiosk.qtbot.waitUntil(lambda: w.close_box is None)
    assert w.isVisible() and kiosk.sell.parts and saved(kiosk) is not None
    assert w.close() is False
    choose("Bỏ đơn…")
    kiosk.qtbot.waitUntil(lambda: w.close_box is not None and w.close_box.isVisible())
    choose("Bỏ đơn và đóng")
    kiosk.qtbot.waitUntil(lambda: not w.isVisible())
    assert saved(kiosk) is None
    with Store(kiosk.data.path) as store:
        rows = store.all("SELECT detail FROM audit_log WHERE action = 'cart.discarded'")
    assert len(rows) == 1 and '"TID6"' in rows[0]["detail"] and '"total": 185000' in rows[0]["detail"]


def test_stopping_the_db_worker_runs_the_jobs_queued_before(qapp, tmp_path):
    """What was queued before a shutdown is written (QThread.quit() alone dropped the queue)."""
    from ui.worker import DbWorker

    worker = DbWorker(tmp_path / "k.db")
    for i in range(30):
        worker.submit(lambda store, i: store.set_settings(store_name=f"shop {i}"), i)
    worker.stop()
    with Store(tmp_path / "k.db") as store:
        assert store.setting("store_name") == "shop 29"
    assert QApplication.instance() is qapp and QMessageBox is not None


def test_a_save_that_fails_shows_an_alert_and_the_next_change_saves_it_all(kiosk):
    sell = kiosk.sell

    def on_worker(sql):  # on the connection the open cart is saved with
        kiosk.window.cart_keeper.submit(lambda store: store.conn.execute(sql))
        kiosk.idle()

    # the disk refuses the write (an SQLite trigger stands in for a full disk)
    on_worker("CREATE TEMP TRIGGER full_disk BEFORE INSERT ON main.open_cart "
              "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    scan(kiosk, HONEY)
    kiosk.qtbot.waitUntil(lambda: sell.alert.isVisible())
    assert "Không lưu được đơn đang mở" in sell.alert.text() and "disk is full" in sell.alert.text()
    assert saved(kiosk) is None and kiosk.window.cart_keeper.unsaved
    on_worker("DROP TRIGGER full_disk")
    scan(kiosk, SALT)
    assert [ln.name_vi for ln in saved(kiosk).cart.lines] == [HONEY, SALT]
    assert not kiosk.window.cart_keeper.unsaved


def test_a_sale_waits_for_its_cart_to_be_written_so_the_sold_cart_never_comes_back(kiosk):
    """The cart's save runs on the saver thread, the sale on the DB worker. With the saver held
    up, a sale that did not wait would commit first, and the cart's save landing after it would
    open the sold cart again (it would be back on screen after a restart, to be sold twice)."""
    import threading

    sell = kiosk.sell
    keeper = kiosk.window.cart_keeper
    gate = threading.Event()
    keeper.submit(lambda store: gate.wait(30))  # the saver is held up (a slow disk)...
    kiosk.scan(kiosk.data.barcodes[HONEY], wait=False)  # ...before this cart's first save
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    focus_cart(kiosk)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)  # exact cash
    kiosk.ctx.worker.submit(lambda store: gate.set())  # runs after whatever the sale queued there
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE, timeout=10_000)
    assert saved(kiosk) is None
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM sales")["n"] == 1
