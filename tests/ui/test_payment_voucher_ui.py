"""A voucher on the payment screen, in a real offscreen Qt event loop driven by the keyboard: the
voucher's QR scanned as a scanner burst while paying pays its part, Enter pays the rest in cash; a
mistyped code is refused at once by its check character; a voucher not allotted to this kiosk on a
kiosk without a central office is refused with the reason; the sale's rows name the voucher."""
from __future__ import annotations

from PySide6.QtCore import Qt

from pos import voucher_codes, vouchers
from pos.store import Store

HONEY = "Mật ong rừng U Minh"  # 185.000 ₫


def give_vouchers(kiosk, *rows):
    with Store(kiosk.data.path, clock=kiosk.clock) as store:
        with store.transaction():
            vouchers.apply_pulled(store, list(rows))


def voucher(code, allotted=1, value=100_000):
    return {"id": "v-" + code[-4:], "code": code, "kind": "amount", "value": value, "cap": 0, "uses": 1,
            "allotted": allotted, "expires_on": "2026-12-31", "name": "Hội chợ"}


def to_payment(kiosk):
    sell = kiosk.sell
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_PAY)
    return sell.payment


def test_a_scanned_voucher_pays_its_part_and_enter_pays_the_rest(kiosk):
    code, other = voucher_codes.new_code(), voucher_codes.new_code()
    give_vouchers(kiosk, voucher(code), voucher(other, allotted=0))
    pay = to_payment(kiosk)
    assert pay.buttons["voucher"].text().startswith("Phiếu quà tặng")
    # Shift+F12: the voucher mode, a code typed with one wrong character is refused at once
    kiosk.press(Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    assert pay.mode == "voucher" and pay.voucher_box.isVisible() and kiosk.focus_widget() is pay.voucher_field
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    kiosk.type_text(pay.voucher_field, typo)
    kiosk.press(Qt.Key.Key_Return)
    assert pay.error.isVisible() and "không phải mã phiếu" in pay.error.text() and pay.parts == []
    # not allotted here, and this kiosk has no central office to ask: refused with the reason
    pay.voucher_field.clear()
    kiosk.type_text(pay.voucher_field, other)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.idle()
    kiosk.qtbot.waitUntil(lambda: "không được phân cho ki-ốt này" in pay.error.text())
    assert pay.parts == []
    kiosk.press(Qt.Key.Key_Escape)  # back to cash
    assert pay.mode == "cash"
    # the voucher's QR, scanned as a burst into whatever has the focus
    kiosk.scan(code)
    kiosk.qtbot.waitUntil(lambda: len(pay.parts) == 1)
    assert pay.parts[0]["amount"] == 100_000 and pay.parts[0]["reference"] == voucher_codes.masked(code)
    assert pay.remaining == 85_000 and pay.mode == "cash"
    kiosk.press(Qt.Key.Key_Return)  # exact cash for the rest
    sell = kiosk.sell
    kiosk.qtbot.waitUntil(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
    assert (sell.done.result.total, sell.done.result.change_due) == (185_000, 0)
    with Store(kiosk.data.path) as store:
        rows = store.all("SELECT method, amount, reference FROM payments ORDER BY method")
        used = store.all("SELECT voucher_code, amount, online FROM voucher_redemptions")
    assert rows == [{"method": "cash", "amount": 85_000, "reference": ""},
                    {"method": "voucher", "amount": 100_000, "reference": voucher_codes.masked(code)}]
    assert used == [{"voucher_code": code, "amount": 100_000, "online": 0}]
    kiosk.qtbot.waitUntil(lambda: sell.done.preview.doc is not None)
    assert [p["method"] for p in sell.done.preview.doc["payments"]] == ["voucher", "cash"]
    receipt_no = sell.done.result.receipt_no
    kiosk.press(Qt.Key.Key_Return)  # next sale

    # the refund dialog says what is paid out and that the voucher's part comes back as its use
    from test_sell_history import open_history

    hist = open_history(kiosk, receipt_no)
    kiosk.qtbot.waitUntil(lambda: hist.buttons["refund"].isEnabled())
    kiosk.press(Qt.Key.Key_F6)
    kiosk.qtbot.waitUntil(lambda: hist.refund_dialog is not None and hist.refund_dialog.isVisible())
    dlg = hist.refund_dialog
    assert dlg.method.currentData() == "cash"  # a voucher is no way to pay money back
    dlg.spins[0].setValue(1)
    assert dlg.amount_label.text().splitlines() == [
        "Hoàn lại 85.000 ₫ bằng tiền mặt",
        "100.000 ₫ đã trả bằng phiếu quà tặng: không hoàn tiền, lượt dùng phiếu được trả lại"]
    dlg.reject()


def test_the_refund_dialog_says_a_use_comes_back_only_when_covered_whole(kiosk):
    """Two honeys (370.000) paid by a 300.000 voucher and 70.000 cash: refunding one pays out the
    cash and reaches 115.000 into the voucher, not its whole value (the use stays spent); both cover
    it (pos.vouchers.refund_split, the rule the dialog shows before the clerk confirms)."""
    from pos import catalog, sales
    from pos.cart import Cart
    from ui.history import RefundDialog
    from ui.ops import sales as sale_ops

    code = voucher_codes.new_code()
    give_vouchers(kiosk, voucher(code, value=300_000))
    with kiosk.store() as store:
        cart = Cart()
        cart.add(catalog.lookup(store, kiosk.data.barcodes[HONEY]).product, qty=2)
        done = sales.complete_sale(store, cart, [{"method": "voucher", "amount": 300_000, "voucher_code": code},
                                                 {"method": "cash", "tendered": 70_000}], kiosk.data.clerk["id"])
        sale = sale_ops.get(store, done.sale_id)
    dlg = RefundDialog(kiosk.ctx, sale)
    kiosk.qtbot.addWidget(dlg)
    dlg.spins[0].setValue(1)
    assert dlg.amount_label.text().splitlines() == [
        "Hoàn lại 70.000 ₫ bằng tiền mặt",
        "115.000 ₫ đã trả bằng phiếu quà tặng: không hoàn tiền; lượt dùng phiếu chỉ được trả lại khi các lần "
        "hoàn trả đủ toàn bộ giá trị phiếu"]
    dlg.spins[0].setValue(2)
    assert dlg.amount_label.text().splitlines()[1] == (
        "300.000 ₫ đã trả bằng phiếu quà tặng: không hoàn tiền, lượt dùng phiếu được trả lại")


def test_online_the_payment_screen_reserves_at_the_centre_and_shows_its_refusal(make_kiosk, kiosk_db, tmp_path):
    """A real server on loopback: a voucher this kiosk has never pulled is reserved at the centre
    on its own thread (the screen stays live) and pays; one whose only use another kiosk holds is
    refused with the centre's reason."""
    import sys
    import uuid
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
    from syncrig import ThreadServer, register

    from central.vouchers import issue, redeem
    from sync.client import enroll

    srv = ThreadServer(f"sqlite:///{tmp_path / 'central.sqlite3'}").start()
    try:
        with Store(kiosk_db.path) as store:
            enroll(store, srv.url, store.device_code, register(srv, store.device_code))
        with srv.engine.begin() as conn:
            good, taken = issue.issue(conn, {"count": 2, "kind": "percent", "value": 20, "cap": 30_000, "uses": 1,
                                             "expires_on": "2027-12-31"}, "office")
            redeem.reserve(conn, "DN01", "HN-BOOTH", taken["code"], str(uuid.uuid4()))
        k = make_kiosk(kiosk_db)
        pay = to_payment(k)
        k.scan(taken["code"])
        k.qtbot.waitUntil(lambda: "từ chối phiếu" in pay.error.text(), timeout=20_000)
        assert "hết lượt" in pay.error.text() and pay.parts == []
        k.press(Qt.Key.Key_Escape)
        k.scan(good["code"])
        k.qtbot.waitUntil(lambda: len(pay.parts) == 1, timeout=20_000)
        assert pay.parts[0]["amount"] == 30_000  # 20 % of 185.000 is 37.000, capped at 30.000
        assert pay.parts[0]["redemption_id"]
        k.press(Qt.Key.Key_Return)
        k.qtbot.waitUntil(lambda: k.sell.pages.currentIndex() == k.sell.PAGE_DONE)
        with Store(kiosk_db.path) as store:
            used = store.all("SELECT voucher_code, amount, online, status FROM voucher_redemptions")
        assert used == [{"voucher_code": good["code"], "amount": 30_000, "online": 1, "status": "redeemed"}]
        with srv.engine.connect() as conn:
            assert redeem.committed(conn, good["id"]) == 1  # reserved at the centre for this kiosk
    finally:
        srv.stop()
