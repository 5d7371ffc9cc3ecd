"""The shift screen driven as a clerk and a manager do: open with a float, cash in/out, X report,
close by counting notes with a variance (Z report), a clerk's variance needing a manager PIN."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos import catalog, sales, staff as staff_mod
from pos.cart import Cart
from pos.store import Store
from ui.approval import ApprovalDialog
from ui.context import AppContext
from ui.shift import ShiftScreen
from ui.worker import DbWorker

WAIT = 20_000  # ms: generous, the machine is shared; nothing here asserts a duration


@pytest.fixture
def ctx(qtbot, db_path, clock, store, small):
    from ui import i18n

    i18n.install(QApplication.instance(), "en")  # the labels below are the English source texts
    worker = DbWorker(db_path, store_factory=lambda p: Store(p, clock=clock))
    with qtbot.waitSignal(worker.opened, timeout=WAIT):
        pass
    c = AppContext(worker, settings=store.settings())
    c.set_staff(staff_mod.get_staff(store, small.manager))
    yield c
    worker.stop()


def idle(qtbot, ctx):
    qtbot.waitUntil(lambda: ctx.worker.pending == 0, timeout=WAIT)


@pytest.fixture
def screen(qtbot, ctx):
    w = ShiftScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 760)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    idle(qtbot, ctx)
    return w


def press(qtbot, screen, key):
    """An F-key as the clerk presses it (the button's shortcut, through Qt's shortcut map)."""
    qtbot.keyClick(QApplication.focusWidget() or screen, key)


def test_open_cash_moves_and_close_with_variance(qtbot, ctx, screen, store, small):
    assert screen.pages.currentIndex() == screen.PAGE_OPEN
    screen.float_edit.setFocus()
    qtbot.keyClicks(screen.float_edit, "1000000")
    assert screen.float_edit.text() == "1.000.000"  # grouped as typed
    press(qtbot, screen, Qt.Key_F2)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_MAIN, timeout=WAIT)
    assert ctx.shift is not None and ctx.shift["opening_float"] == 1_000_000
    assert screen.x_view.value_of("Expected cash in drawer") == "1.000.000 ₫"

    # cash in with a Vietnamese reason, from the keyboard
    screen.move_amount.setText("200.000")
    screen.move_reason.setText("Đổi tiền lẻ ngân hàng")
    press(qtbot, screen, Qt.Key_F5)
    qtbot.waitUntil(lambda: screen.x_view.value_of("Cash in") == "200.000 ₫", timeout=WAIT)
    assert screen.move_amount.text() == "" and screen.move_reason.text() == ""

    # cash out by touch
    screen.move_amount.setText("50000")
    screen.move_reason.setText("Trả tiền hộ sản xuất")
    qtbot.mouseClick(screen.cash_out_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.x_view.value_of("Cash out") == "50.000 ₫", timeout=WAIT)

    # a cash sale rung up meanwhile (another screen) shows up in the X report
    cart = Cart()
    cart.add(catalog.get_product(store, small.salt), qty=1)
    sales.complete_sale(store, cart, [{"method": "cash", "tendered": 50_000}], small.clerk)
    ctx.sales_changed.emit()
    qtbot.waitUntil(lambda: screen.x_view.value_of("Expected cash in drawer") == "1.195.000 ₫", timeout=WAIT)

    # close: count the notes, one 5.000 short
    press(qtbot, screen, Qt.Key_F8)
    assert screen.pages.currentIndex() == screen.PAGE_CLOSE
    idle(qtbot, ctx)
    # counting from the keypad: a number, Enter, the next note
    assert QApplication.focusWidget() is screen.counts[500_000]
    qtbot.keyClicks(QApplication.focusWidget(), "2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert QApplication.focusWidget() is screen.counts[200_000]
    for denom, n in {100_000: 1, 50_000: 1, 20_000: 2}.items():
        screen.counts[denom].setValue(n)
    assert screen.subtotals[500_000].text() == "1.000.000 ₫"
    assert screen.expected_lbl.text() == "1.195.000 ₫"
    assert screen.counted_lbl.text() == "1.190.000 ₫"
    assert screen.variance_lbl.text() == "-5.000 ₫"
    assert screen.variance_note.text() == ""  # within the 10.000 ₫ a clerk may close with
    seen: list[str] = []
    _answer_variance(qtbot, screen, Qt.Key_Return, seen)  # the variance is shown: Enter confirms it
    press(qtbot, screen, Qt.Key_F8)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_Z, timeout=WAIT)
    assert seen == ["Cash variance -5.000 ₫ (counted 1.190.000 ₫, expected 1.195.000 ₫). "
                    "Confirm closing the shift?"]
    assert screen.z_view.value_of("Variance") == "-5.000 ₫"
    assert screen.z_view.value_of("Counted cash") == "1.190.000 ₫"
    assert ctx.shift is None

    row = store.one("SELECT * FROM shifts WHERE id = ?", (screen.z_report["shift_id"],))
    assert row["status"] == "closed" and row["closed_by"] == small.manager
    assert row["expected_cash"] == 1_195_000 and row["counted_cash"] == 1_190_000
    assert json.loads(row["counted_detail"]) == {"500000": 2, "100000": 1, "50000": 1, "20000": 2}
    moves = store.all("SELECT direction, amount, reason FROM cash_moves ORDER BY at")
    assert {(m["direction"], m["amount"], m["reason"]) for m in moves} == {
        ("in", 200_000, "Đổi tiền lẻ ngân hàng"), ("out", 50_000, "Trả tiền hộ sản xuất")}
    # no printer configured: nothing queued
    assert store.one("SELECT count(*) AS n FROM print_jobs")["n"] == 0

    qtbot.mouseClick(screen.z_done_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_OPEN, timeout=WAIT)


def test_bad_cash_moves_are_refused_and_change_nothing(qtbot, ctx, screen, store, small):
    screen.float_edit.setText("300.000")
    qtbot.mouseClick(screen.open_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_MAIN, timeout=WAIT)

    screen.move_amount.setText("100000")
    qtbot.mouseClick(screen.cash_in_btn, Qt.LeftButton)  # no reason
    assert screen.move_error.isVisible() and screen.move_error.text()

    screen.move_amount.setText("")
    screen.move_reason.setText("Nộp ngân hàng")
    qtbot.mouseClick(screen.cash_out_btn, Qt.LeftButton)  # no amount
    assert screen.move_error.isVisible()

    screen.move_amount.setText("500.000")  # more than the 300.000 ₫ drawer holds
    qtbot.mouseClick(screen.cash_out_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Invalid amount" in screen.move_error.text(), timeout=WAIT)
    idle(qtbot, ctx)
    assert store.one("SELECT count(*) AS n FROM cash_moves")["n"] == 0
    assert screen.x_view.value_of("Expected cash in drawer") == "300.000 ₫"
    assert screen.move_amount.text() == "500.000"  # the clerk's input stays for correction


def _answer_variance(qtbot, screen, key, seen: list[str]):
    """Answer the variance confirmation with a key (Enter confirms, Esc goes back to counting)."""

    def step():
        box = screen.variance_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, step)
            return
        seen.append(box.text())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, step)


def _answer_approval(qtbot, pins: list[str], seen: list[str]):
    """Type PINs into the manager approval dialog once it is up (it runs its own event loop)."""

    def step():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, ApprovalDialog) or not dlg.pad.isEnabled():
            QTimer.singleShot(20, step)
            return
        if dlg.error.isVisible():
            seen.append(dlg.error.text())
        if not pins:
            return
        dlg.pad.edit.setText(pins.pop(0))
        dlg.pad.edit.returnPressed.emit()
        if pins:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)


def test_clerk_cash_out_and_variance_need_manager_pin_and_reports_are_queued_for_printer(
        qtbot, ctx, screen, store, small, tmp_path):
    ctx.set_staff(staff_mod.get_staff(store, small.clerk))
    ctx.set_settings({**ctx.settings, "printer": {"kind": "file", "path": str(tmp_path / "printer.bin")}})
    screen.float_edit.setText("100.000")
    qtbot.mouseClick(screen.open_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_MAIN, timeout=WAIT)

    # a clerk's cash out needs a manager's PIN
    screen.move_amount.setText("20.000")
    screen.move_reason.setText("Trả tiền điện")
    seen: list[str] = []
    _answer_approval(qtbot, ["9999"], seen)
    qtbot.mouseClick(screen.cash_out_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.x_view.value_of("Cash out") == "20.000 ₫", timeout=WAIT)
    assert store.one("SELECT approved_by FROM audit_log WHERE action = 'cash_out' AND approved_by IS NOT NULL")[
        "approved_by"] == small.manager
    idle(qtbot, ctx)

    qtbot.mouseClick(screen.x_btn, Qt.LeftButton)  # X report mid-shift goes to the printer queue
    qtbot.waitUntil(lambda: store.one("SELECT count(*) AS n FROM print_jobs WHERE kind='x_report'")["n"] == 1,
                    timeout=WAIT)
    idle(qtbot, ctx)

    qtbot.mouseClick(screen.close_btn, Qt.LeftButton)
    assert screen.pages.currentIndex() == screen.PAGE_CLOSE
    idle(qtbot, ctx)
    screen.counts[50_000].setValue(1)  # 90.000 ₫ for the 80.000 ₫ expected: 10.000 ₫ over
    screen.counts[20_000].setValue(2)
    assert screen.variance_lbl.text() == "+10.000 ₫" and screen.variance_note.text() == ""
    screen.counts[20_000].setValue(0)
    screen.counts[500].setValue(20)  # 500 ₫ notes count too
    screen.counts[100_000].setValue(1)  # 160.000 ₫: 80.000 ₫ over, more than the 10.000 ₫ allowed
    assert screen.subtotals[500].text() == "10.000 ₫"
    assert screen.variance_lbl.text() == "+80.000 ₫" and "10.000 ₫" in screen.variance_note.text()

    # Esc on the variance: back to counting, no manager asked, nothing closes
    seen_box: list[str] = []
    _answer_variance(qtbot, screen, Qt.Key_Escape, seen_box)
    qtbot.mouseClick(screen.confirm_close_btn, Qt.LeftButton)
    assert seen_box and "+80.000 ₫" in seen_box[0]
    assert screen.pages.currentIndex() == screen.PAGE_CLOSE
    assert store.one("SELECT status FROM shifts")["status"] == "open"

    # confirmed, then the clerk cancels the approval: nothing closes
    _answer_variance(qtbot, screen, Qt.Key_Return, seen_box)

    def cancel():
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, ApprovalDialog):
            dlg.reject()
        else:
            QTimer.singleShot(20, cancel)

    QTimer.singleShot(0, cancel)
    qtbot.mouseClick(screen.confirm_close_btn, Qt.LeftButton)
    assert screen.close_error.isVisible()
    assert store.one("SELECT status FROM shifts")["status"] == "open"

    # a wrong PIN, then the manager's
    seen = []
    _answer_variance(qtbot, screen, Qt.Key_Return, seen_box)
    _answer_approval(qtbot, ["1111", "9999"], seen)
    qtbot.mouseClick(screen.confirm_close_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.PAGE_Z, timeout=WAIT)
    assert seen and "Wrong PIN" in seen[0]
    assert screen.z_view.value_of("Variance") == "+80.000 ₫"
    row = store.one("SELECT * FROM shifts")
    assert row["status"] == "closed" and row["counted_cash"] == 160_000 and row["closed_by"] == small.clerk
    assert json.loads(row["counted_detail"]) == {"100000": 1, "50000": 1, "500": 20}
    assert store.one("SELECT approved_by FROM audit_log WHERE action = 'close_shift_variance'")["approved_by"] \
        == small.manager
    close = store.one("SELECT staff_id, approved_by, detail FROM audit_log WHERE action = 'close_shift'")
    assert (close["staff_id"], close["approved_by"]) == (small.clerk, small.manager)
    assert json.loads(close["detail"])["variance"] == 80_000
    job = store.one("SELECT * FROM print_jobs WHERE kind = 'z_report'")
    doc = json.loads(job["payload"])
    assert doc["shift"]["variance"] == 80_000 and doc["shift"]["counted_cash"] == 160_000
    # the slip tore: print it again
    assert screen.z_print_btn.isVisible()
    qtbot.mouseClick(screen.z_print_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: store.one("SELECT count(*) AS n FROM print_jobs WHERE kind = 'z_report'")["n"] == 2,
                    timeout=WAIT)
