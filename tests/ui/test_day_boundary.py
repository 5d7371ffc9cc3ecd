"""The screens count days as the shop does: Vietnam's date, from the kiosk's one clock.

A kiosk whose operating system runs on UTC showed an empty receipts list every night until 07:00
(its "today" was the machine's date, the sales were filed under Vietnam's). Here the kiosk runs on
the test clock, set to the minutes around midnight in Vietnam; `make test` runs this file again
with the MACHINE's clock faked at 23:30 and 16:59 UTC (scripts/dayboundary.sh), where the last
tests check that the kiosk on the machine's own clock agrees, and that the faking really happened.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
import time

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTimer

from pos import catalog
from pos.clock import business_date, utc_now
from test_sell_history import sell_exact_cash
from testclock import vn

pytestmark = pytest.mark.dayboundary

SALT = "Muối hầm Bạc Liêu 500 g"
TEA = "Trà Shan tuyết Hà Giang"
WAIT = 20_000  # ms; the machine is shared: nothing here asserts a duration


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def receipts_shown(kiosk) -> set[str]:
    return {r["receipt_no"] for r in kiosk.window.history.rows}


def test_receipts_today_at_half_past_midnight_in_vietnam(kiosk):
    """00:30 in Vietnam is 17:30 UTC of the day before: today's receipts are the 23rd's."""
    kiosk.clock.set(vn(2026, 11, 23, 0, 30))
    receipt = sell_exact_cash(kiosk, SALT)
    kiosk.press(Qt.Key.Key_F9)
    hist = kiosk.window.history
    kiosk.qtbot.waitUntil(lambda: receipts_shown(kiosk) == {receipt}, timeout=WAIT)
    assert hist.day.date() == QDate(2026, 11, 23)
    assert hist.table.item(0, 1).text() == "23/11 00:30"


def test_receipts_list_turns_to_the_new_day_at_midnight_unless_the_clerk_picked_a_day(kiosk):
    kiosk.clock.set(vn(2026, 11, 22, 23, 50))
    before = sell_exact_cash(kiosk, SALT)
    kiosk.press(Qt.Key.Key_F9)
    hist = kiosk.window.history
    kiosk.qtbot.waitUntil(lambda: receipts_shown(kiosk) == {before}, timeout=WAIT)
    kiosk.press(Qt.Key.Key_F1)

    kiosk.clock.set(vn(2026, 11, 23, 0, 10))  # the screen was built yesterday: today is now the 23rd
    after = sell_exact_cash(kiosk, SALT)
    kiosk.press(Qt.Key.Key_F9)
    kiosk.qtbot.waitUntil(lambda: receipts_shown(kiosk) == {after}, timeout=WAIT)
    assert hist.day.date() == QDate(2026, 11, 23)

    hist.day.setDate(QDate(2026, 11, 22))  # the clerk looks at yesterday
    kiosk.qtbot.waitUntil(lambda: receipts_shown(kiosk) == {before}, timeout=WAIT)
    kiosk.press(Qt.Key.Key_F1)
    kiosk.clock.set(vn(2026, 11, 23, 0, 20))
    kiosk.press(Qt.Key.Key_F9)
    kiosk.idle()
    assert hist.day.date() == QDate(2026, 11, 22) and receipts_shown(kiosk) == {before}  # the pick stays


def test_certificate_expiry_on_the_stock_screen_turns_at_midnight_in_vietnam(make_kiosk, kiosk_db, clock):
    clock.set(vn(2026, 11, 22, 23, 59))  # 16:59 UTC
    k = make_kiosk(kiosk_db, as_manager=True)
    with k.store() as s:
        tea = catalog.get_product(s, k.data.products[TEA])
        catalog.upsert_product(s, {**tea, "ocop_cert_issued": None, "ocop_cert_expires": "2026-11-22"})
    k.window.show_screen("manager_stock")
    screen = k.window.screens["manager_stock"].inner
    k.qtbot.waitUntil(lambda: (screen.row_for(tea["id"]) or {}).get("cert_expiring") == 1, timeout=WAIT)
    assert screen.warning_of(screen.row_for(tea["id"])).startswith("Chứng nhận hết hạn sau 0 ngày")
    k.qtbot.waitUntil(lambda: "0 chứng nhận đã hết hạn" in screen.summary.text(), timeout=WAIT)

    k.window.show_screen("sell")
    clock.set(vn(2026, 11, 23, 0, 1))  # 17:01 UTC, still the 22nd in UTC: expired in Vietnam
    k.window.show_screen("manager_stock")
    k.qtbot.waitUntil(lambda: (screen.row_for(tea["id"]) or {}).get("cert_expired") == 1, timeout=WAIT)
    assert screen.warning_of(screen.row_for(tea["id"])).startswith("Chứng nhận đã hết hạn 1 ngày")
    k.qtbot.waitUntil(lambda: "1 chứng nhận đã hết hạn" in screen.summary.text(), timeout=WAIT)


def test_status_bar_says_synced_today_by_the_kiosk_clock(make_kiosk, kiosk_db, clock):
    """'synced 23:30' while it is still that Vietnam day; '22/11 23:30' once the day has turned."""
    clock.set(vn(2026, 11, 22, 23, 45))
    k = make_kiosk(kiosk_db)
    with k.store() as s:  # a server is set up (not reachable: the bar shows the last good sync)
        s.set_settings(server_url="http://127.0.0.1:9", sync_last_sync_at="2026-11-22T16:30:00.000+00:00")
    k.ctx.refresh_settings()
    bar = k.window.status
    bar.refresh()
    k.qtbot.waitUntil(lambda: "đồng bộ lúc 23:30" in bar.sync_label.text(), timeout=WAIT)
    clock.set(vn(2026, 11, 23, 0, 15))
    bar.refresh()
    k.qtbot.waitUntil(lambda: "đồng bộ lúc 22/11 23:30" in bar.sync_label.text(), timeout=WAIT)


def test_lock_screen_says_since_when_the_shift_is_open_by_the_kiosk_clock(make_kiosk, kiosk_db, clock):
    """The shift opened at 10:00 on the 22nd (Vietnam): '10:00' that day, '22/11 10:00' after midnight."""
    clock.set(vn(2026, 11, 22, 23, 59))
    k = make_kiosk(kiosk_db, login=False)
    login = k.window.login
    k.qtbot.waitUntil(lambda: "Ca số 1 mở từ 10:00 bởi" in login.shift_label.text(), timeout=WAIT)
    clock.set(vn(2026, 11, 23, 0, 1))
    login.activated()
    k.qtbot.waitUntil(lambda: "Ca số 1 mở từ 22/11 10:00 bởi" in login.shift_label.text(), timeout=WAIT)


# -- the machine's own clock (what a shop runs on); `make test` fakes it at 23:30 and 16:59 UTC -------

def faked_instant() -> dt.datetime | None:
    """The instant scripts/dayboundary.sh set the machine's clock to, if this is such a run."""
    value = os.environ.get("OCOP_FAKED_UTC")
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def test_a_shop_kiosk_on_the_machine_clock_lists_todays_receipts(make_kiosk, kiosk_db):
    """The kiosk as a shop runs it (the wall clock): today's receipts are those of Vietnam's today.

    Midnight in Vietnam may pass during the test (the 16:59 UTC run starts a minute before it): then
    the sale and the list may rightly be on two days, and the test is done again, on one day."""
    k = make_kiosk(kiosk_db, clock=utc_now)
    for _attempt in range(2):
        day = business_date(utc_now())
        receipt = sell_exact_cash(k, SALT)
        k.press(Qt.Key.Key_F9)
        k.idle()
        k.qtbot.waitUntil(lambda: receipt in receipts_shown(k) or business_date(utc_now()) != day, timeout=WAIT)
        shown = k.window.history.day.date()
        if business_date(utc_now()) == day:
            break
        k.press(Qt.Key.Key_F1)
    assert receipt in receipts_shown(k) and shown == qdate(day)
    faked = faked_instant()
    if faked is not None:  # the day the faked machine clock means in Vietnam (tomorrow, at 23:30 UTC)
        assert day in (business_date(faked), business_date(faked + dt.timedelta(minutes=15)))


def test_the_machine_clock_is_faked_as_the_run_says(qtbot):
    """Only in scripts/dayboundary.sh's runs: the machine's clock (Python's and Qt's) really reads
    the faked time, and Qt's timers and the DB thread still work (monotonic clocks left alone)."""
    faked = faked_instant()
    if faked is None:
        pytest.skip("not a faked-clock run (scripts/dayboundary.sh sets OCOP_FAKED_UTC)")
    now = dt.datetime.now(dt.timezone.utc)
    print(f"machine clock: {now.isoformat()} (TZ={os.environ.get('TZ', '')}), faked from {faked.isoformat()}")
    assert faked <= now < faked + dt.timedelta(minutes=15), now
    qt_now = QDateTime.currentDateTimeUtc().toSecsSinceEpoch()
    assert faked.timestamp() <= qt_now < (faked + dt.timedelta(minutes=15)).timestamp()
    fired = []
    QTimer.singleShot(50, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=5_000)
    start = time.monotonic()
    time.sleep(0.05)  # (tests/conftest.py: libfaketime breaks Python's own sleep; the suite's works)
    done = threading.Event()
    threading.Thread(target=lambda: (time.sleep(0.05), done.set()), daemon=True).start()
    assert done.wait(10) and time.monotonic() - start >= 0.1

    from ui.worker import DbWorker

    worker = DbWorker(":memory:")
    try:
        got = []
        worker.submit(lambda store: store.business_day(), on_done=got.append)
        qtbot.waitUntil(lambda: bool(got), timeout=10_000)
        assert got[0] in (business_date(now).isoformat(), business_date(utc_now()).isoformat())
    finally:
        worker.stop()
