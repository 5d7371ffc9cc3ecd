"""Status bar: unsynced events, offline state from the real sync thread, printer, staff, shift."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from pos import outbox
from pos.store import Store


def test_status_bar_shows_unsynced_offline_printer_staff_and_shift(kiosk):
    bar = kiosk.window.status
    assert "Nguyễn Thị Lan" in bar.staff_label.text()
    kiosk.qtbot.waitUntil(lambda: "Ca số 1" in bar.shift_label.text())
    assert "Chưa có máy chủ" in bar.sync_label.text()  # no server configured
    assert "không có" in bar.printer_label.text()
    kiosk.scan(kiosk.data.barcodes["Mật ong rừng U Minh"])
    kiosk.qtbot.waitUntil(lambda: len(kiosk.sell.cart.lines) == 1)
    kiosk.press(Qt.Key.Key_F12)
    kiosk.press(Qt.Key.Key_Return)
    kiosk.qtbot.waitUntil(lambda: kiosk.sell.pages.currentIndex() == kiosk.sell.PAGE_DONE)
    with Store(kiosk.data.path) as store:
        n = outbox.unsynced_count(store)
    assert n >= 2  # shift opened + the sale
    kiosk.qtbot.waitUntil(lambda: f"{n} chưa đồng bộ" in bar.sync_label.text())


def test_unreachable_server_shows_offline(kiosk):
    from ui.app import start_sync

    kiosk.ctx.set_settings({**kiosk.ctx.settings, "server_url": "http://127.0.0.1:9"})
    worker = start_sync(kiosk.ctx)
    assert worker is not None
    try:
        bar = kiosk.window.status
        kiosk.qtbot.waitUntil(lambda: bool(bar.sync_state), timeout=20_000)
        assert bar.sync_state["online"] is False
        assert "Ngoại tuyến" in bar.sync_label.text()
    finally:
        worker.stop(timeout=10)
        kiosk.ctx.sync = None


def test_sync_times_read_as_vietnam_clock_times():
    import datetime as dt

    from ui.status import StatusBar

    now = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 in Vietnam
    assert StatusBar.when("2026-11-22T02:05:00.000+00:00", now) == "09:05"
    assert StatusBar.when("2026-11-21T17:30:00+00:00", now) == "00:30"  # already the 22nd in Vietnam
    assert StatusBar.when("2026-11-21T16:30:00+00:00", now) == "21/11 23:30"  # the evening before
    assert StatusBar.when("not a time", now) == "not a time"


def test_status_bar_shows_when_the_centre_last_took_everything(make_kiosk, kiosk_db, tmp_path):
    """A real server on loopback: after the background sync the bar says online, 0 unsynced and
    the time of the sync; with the server gone it says offline and still shows that time."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
    from syncrig import ThreadServer, register

    from sync.client import enroll

    srv = ThreadServer(f"sqlite:///{tmp_path / 'central.sqlite3'}").start()
    k = None
    try:
        with Store(kiosk_db.path) as store:
            enroll(store, srv.url, store.device_code, register(srv, store.device_code))
        k = make_kiosk(kiosk_db)
        from ui.app import start_sync

        assert start_sync(k.ctx) is not None  # what main() does once the settings are read
        bar = k.window.status
        k.qtbot.waitUntil(lambda: bar.sync_state.get("online") is True and bool(bar.sync_state.get("last_sync_at")),
                          timeout=30_000)
        k.qtbot.waitUntil(lambda: "đồng bộ lúc" in bar.sync_label.text(), timeout=10_000)
        text = bar.sync_label.text()
        synced = bar.when(bar.sync_state["last_sync_at"], k.ctx.now())
        assert "Trực tuyến" in text and synced in text
        from sync.client import reconcile

        with Store(kiosk_db.path) as store:  # the nightly check, against the real server
            days = reconcile(store)
        assert days and all(d["status"] == "match" for d in days)
        k.window.status.refresh()
        k.qtbot.waitUntil(lambda: "tất cả khớp" in bar.sync_label.toolTip(), timeout=10_000)
        assert f"so {len(days)} ngày" in bar.sync_label.toolTip() and "lệch" not in bar.sync_label.text()
        with Store(kiosk_db.path) as store:  # as reconcile records a day the centre still disagrees on
            store.set_settings(sync_last_reconcile={**store.settings()["sync_last_reconcile"],
                                                    "mismatch": ["2026-11-20"]})
        k.window.status.refresh()
        k.qtbot.waitUntil(lambda: "1 ngày lệch với trung tâm" in bar.sync_label.text(), timeout=10_000)
        assert "lệch: 2026-11-20" in bar.sync_label.toolTip()
        from central.catalog import pull as central

        with srv.engine.begin() as c:  # the centre changes the booth's receipt footer and bank account
            central.set_settings(c, "HN-BOOTH", {"receipt_footer": "Hẹn gặp lại tại gian hàng OCOP!",
                                                 "bank_account": "1903555666777"})
        k.ctx.sync.trigger()
        k.qtbot.waitUntil(lambda: k.ctx.settings.get("receipt_footer") == "Hẹn gặp lại tại gian hàng OCOP!",
                          timeout=30_000)  # in the running kiosk, no restart
        assert k.ctx.settings["bank_account"] == "1903555666777"
        srv.stop()  # the network goes: offline, and the last good sync is still shown
        k.ctx.sync.trigger()
        k.qtbot.waitUntil(lambda: "Ngoại tuyến" in bar.sync_label.text(), timeout=30_000)
        assert f"đồng bộ lúc {synced}" in bar.sync_label.text()
    finally:
        if k is not None and k.ctx.sync is not None:
            k.ctx.sync.stop(timeout=10)
            k.ctx.sync = None
        srv.stop()


def test_a_poll_left_unanswered_does_not_freeze_the_bar(kiosk):
    """If a poll's reply were ever lost, the bar asks again after STALE_POLL_S instead of
    staying on the old figures all day."""
    import time

    bar = kiosk.window.status
    kiosk.idle()
    bar._busy, bar._busy_since = True, time.monotonic()  # a poll in flight...
    before = kiosk.ctx.worker.pending
    bar.refresh()
    assert kiosk.ctx.worker.pending == before  # ...a fresh one is not doubled up
    bar._busy_since -= bar.STALE_POLL_S + 1  # ...but one unanswered for too long is asked again
    bar.refresh()
    kiosk.qtbot.waitUntil(lambda: not bar._busy, timeout=10_000)
    assert "chưa đồng bộ" in bar.sync_label.text()


def test_sync_indicator_names_an_untrusted_certificate_and_refused_plain_http(kiosk, tmp_path):
    """Problems retrying cannot fix are named in the bar, in Vietnamese: a server whose certificate
    this kiosk does not trust (a real TLS server on loopback, CA unknown to the kiosk), and plain
    http to another machine without the allowance (refused before any packet is sent)."""
    import sys
    from pathlib import Path

    import trustme

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
    from syncrig import ThreadServer

    from ui.app import start_sync

    issued = trustme.CA().issue_cert("127.0.0.1")
    issued.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    issued.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    srv = ThreadServer(f"sqlite:///{tmp_path / 'central.sqlite3'}", ssl_certfile=str(tmp_path / "cert.pem"),
                       ssl_keyfile=str(tmp_path / "key.pem")).start()
    bar = kiosk.window.status
    try:
        for url, says in ((srv.url, "chứng chỉ máy chủ không đáng tin"),
                          ("http://192.0.2.50:8080", "đã chặn kết nối http không mã hoá")):
            with Store(kiosk.data.path) as store:  # as enrollment leaves them, for the sync thread's own Store
                store.set_settings(server_url=url, sync_token="dk_test")
            kiosk.ctx.set_settings({**kiosk.ctx.settings, "server_url": url})
            bar.sync_state = {}
            worker = start_sync(kiosk.ctx)
            assert worker is not None
            try:
                kiosk.qtbot.waitUntil(lambda: says in bar.sync_label.text(), timeout=30_000)
                assert "Ngoại tuyến" in bar.sync_label.text() and "#b3261e" in bar.sync_label.styleSheet()
            finally:
                worker.stop(timeout=10)
                kiosk.ctx.sync = None
    finally:
        srv.stop()


LONG = ("Không gửi được hóa đơn điện tử cho hóa đơn HN01-000123: máy chủ của nhà cung cấp không trả lời sau 30 "
        "giây; hóa đơn sẽ được gửi lại tự động khi có mạng, không cần làm gì thêm")


def test_a_long_message_at_1024_px_takes_the_bar_is_elided_and_is_read_whole_on_a_tap(kiosk):
    """At 1024×768 the permanent labels left a message ~30 px ("Khôn"). Now the labels that say all
    is well step aside while it is up, the rest is elided with "…", the tooltip and a tap give the
    whole text; a short message leaves the sync and printer labels in place."""
    from PySide6.QtTest import QTest

    from ui.fit_check import cut_texts

    win, bar = kiosk.window, kiosk.window.status
    win.fit_to(QRect(0, 0, 1024, 768))
    kiosk.qtbot.waitUntil(lambda: 1000 < win.width() <= 1024 and bar.width() == win.width())
    label = bar.message_label
    kiosk.ctx.message.emit("warn", LONG)
    # the bar's width, not what the permanent labels left (~30 px)
    kiosk.qtbot.waitUntil(lambda: label.width() > 600 and label.text().endswith("…"))
    assert not any(w.isVisible() for w in (bar.staff_label, bar.shift_label, bar.printer_label, bar.sync_label))
    assert bar.currentMessage() == LONG and LONG in label.toolTip()
    assert LONG.startswith(label.text()[:-1]) and len(label.text()) > 60
    assert not [c for c in cut_texts(bar) if "MessageLabel" in c]
    QTest.mouseClick(label, Qt.MouseButton.LeftButton)
    kiosk.qtbot.waitUntil(lambda: label.popup.isVisible())
    assert label.popup.text() == LONG and label.popup.height() >= 2 * label.height()  # wrapped, whole
    QTest.mouseClick(label, Qt.MouseButton.LeftButton)
    kiosk.qtbot.waitUntil(lambda: not label.popup.isVisible())

    kiosk.ctx.message.emit("warn", "Chỉ quản lý mới mở được màn hình này")
    kiosk.qtbot.waitUntil(lambda: bar.sync_label.isVisible() and bar.printer_label.isVisible())
    assert label.text() == "Chỉ quản lý mới mở được màn hình này"
    bar.show_message("info", "")  # what the message's timer does after 8 s
    assert bar.currentMessage() == "" and label.text() == ""
    kiosk.qtbot.waitUntil(lambda: bar.shift_label.isVisible() and bar.sync_label.isVisible())
    # the labels come back as far as the window's width lets them: the bar never runs past it
    kiosk.qtbot.waitUntil(lambda: bar.width() == win.width())


def test_a_label_asking_for_attention_stays_beside_a_long_message(kiosk):
    bar = kiosk.window.status
    kiosk.window.fit_to(QRect(0, 0, 1024, 768))
    kiosk.qtbot.waitUntil(lambda: 1000 < kiosk.window.width() <= 1024 and bar.width() == kiosk.window.width())
    kiosk.ctx.shift = None
    kiosk.ctx.shift_changed.emit(None)  # no open shift: the shift label turns red
    kiosk.qtbot.waitUntil(lambda: bar.shift_label.property("urgent") is True)
    kiosk.ctx.message.emit("error", LONG)
    kiosk.qtbot.waitUntil(lambda: not bar.staff_label.isVisible() and not bar.printer_label.isVisible())
    assert bar.shift_label.isVisible() and "Chưa mở ca" in bar.shift_label.text()
