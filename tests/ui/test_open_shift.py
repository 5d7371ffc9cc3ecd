"""No shift open: the clerk is offered to open one right after login (the float, Enter), and again
at payment if they chose "later"; never told twice at payment."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos import shifts
from pos.errors import NoOpenShift
from pos.store import Store
from tests.ui.conftest import build_db
from ui.errors import error_text
from ui.shift import OpenShiftDialog

HONEY = "Mật ong rừng U Minh"


@pytest.fixture(scope="session")
def _no_shift_template(tmp_path_factory):
    return build_db(str(tmp_path_factory.mktemp("noshift") / "kiosk.db"), open_shift=False)


@pytest.fixture
def no_shift_db(tmp_path, _no_shift_template):
    import copy
    import shutil

    shutil.copyfile(_no_shift_template.path, tmp_path / "kiosk.db")
    data = copy.deepcopy(_no_shift_template)
    data.path = str(tmp_path / "kiosk.db")
    return data


def offered(k) -> OpenShiftDialog:
    k.qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OpenShiftDialog))
    return QApplication.activeModalWidget()


def type_amount(k, dlg: OpenShiftDialog, text: str) -> None:
    for ch in text:  # a person typing (not a scanner's burst)
        k.qtbot.keyClick(dlg.float_edit, ch)
        k.qtbot.wait(5)
    k.qtbot.wait(80)  # the scanner filter hands typed keys on after its gap


def test_after_login_the_clerk_opens_the_shift_with_the_float_and_enter(make_kiosk, no_shift_db):
    k = make_kiosk(no_shift_db)
    dlg = offered(k)
    assert k.focus_widget() is dlg.float_edit
    type_amount(k, dlg, "500000")
    assert dlg.float_edit.text() == "500.000"
    k.qtbot.keyClick(dlg.float_edit, Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: k.ctx.shift is not None and QApplication.activeModalWidget() is None)
    assert k.ctx.shift["opening_float"] == 500_000 and k.ctx.shift["opened_by"] == k.data.clerk["id"]
    with Store(no_shift_db.path) as store:
        assert shifts.current(store)["opening_float"] == 500_000
    assert k.window.status.shift_label.text() == "Ca số 1 đang mở"


def test_a_bad_float_is_refused_in_the_dialog_and_nothing_opens(make_kiosk, no_shift_db):
    k = make_kiosk(no_shift_db)
    dlg = offered(k)
    k.qtbot.keyClick(dlg.float_edit, Qt.Key.Key_Return)  # nothing typed
    assert dlg.isVisible() and dlg.error.isVisible() and "tiền đầu ca" in dlg.error.text()
    k.idle()
    assert k.ctx.shift is None


def test_later_then_pay_offers_the_same_dialog_and_the_sale_goes_through(make_kiosk, no_shift_db):
    k = make_kiosk(no_shift_db)
    dlg = offered(k)
    k.qtbot.keyClick(dlg.float_edit, Qt.Key.Key_Escape)  # later
    k.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert k.ctx.shift is None
    k.sell.view.setFocus()
    k.scan(k.data.barcodes[HONEY])
    k.qtbot.waitUntil(lambda: len(k.sell.cart.lines) == 1)
    k.press(Qt.Key.Key_F12)
    dlg = offered(k)  # the offer, not an error after the payment is taken
    assert k.sell.pages.currentIndex() == k.sell.PAGE_CART
    type_amount(k, dlg, "0")
    k.qtbot.keyClick(dlg.float_edit, Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: k.sell.pages.currentIndex() == k.sell.PAGE_PAY)  # on to the payment
    assert k.ctx.shift["opening_float"] == 0
    k.sell.payment.confirm()  # Enter: exact cash
    k.qtbot.waitUntil(lambda: k.sell.pages.currentIndex() == k.sell.PAGE_DONE)
    with Store(no_shift_db.path) as store:
        sale = store.one("SELECT shift_id, total FROM sales")
        assert sale == {"shift_id": shifts.current(store)["id"], "total": 185_000}


def test_a_shift_closed_behind_the_screen_is_offered_at_payment_and_the_payment_kept(kiosk):
    kiosk.scan(kiosk.data.barcodes[HONEY])
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.qtbot.waitUntil(lambda: kiosk.sell.pages.currentIndex() == kiosk.sell.PAGE_PAY)
    with Store(kiosk.data.path) as store:  # closed from another till's screen meanwhile
        shifts.close_shift(store, kiosk.data.manager["id"], 1_000_000)
    kiosk.sell.payment.pay_cash(200_000)
    dlg = offered(kiosk)
    assert not kiosk.sell.payment.error.isVisible()  # no error text: the offer instead
    type_amount(kiosk, dlg, "300000")
    kiosk.qtbot.keyClick(dlg.float_edit, Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: kiosk.sell.pages.currentIndex() == kiosk.sell.PAGE_DONE)
    assert kiosk.sell.done.result.change_due == 15_000  # the 200.000 handed over was kept
    with Store(kiosk.data.path) as store:
        assert store.one("SELECT count(*) AS n FROM sales WHERE shift_id = ?",
                         (shifts.current(store)["id"],))["n"] == 1


@pytest.mark.parametrize("lang, phrase", [("vi", "hãy mở ca"), ("en", "open a shift")])
def test_no_open_shift_is_said_once(qapp, lang, phrase):
    from ui import i18n

    i18n.install(qapp, lang)
    try:
        text = error_text(NoOpenShift("open a shift before selling"))
    finally:
        i18n.install(qapp, "vi")
    assert text.lower().count(phrase) == 1, text
