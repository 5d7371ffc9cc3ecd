"""The fair screen (ui/manager/fair.py) in a real event loop, driven by keys: the stick's folder
typed, the centre's files listed, one chosen with the arrows and taken in; another kiosk's file and
a changed one refused in Vietnamese with nothing changed; the same file again changes nothing; the
sales written to the stick (signed, whole), and the centre's acknowledgement read back marks them
sent. The centre's files are made with the centre's signing code (sync/bundle.sign) and its key."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from pos import outbox
from sync.bundle import ACK_FORMAT, CENTRE_FORMAT, new_keypair, open_bundle, sign, verify

WAIT = 20_000  # ms; nothing here asserts a duration
FOOTER = "Hẹn gặp lại ở Hội chợ OCOP Hà Nội"


def centre_file(priv: str, device: str, start: int, end: int, ack: int = 0) -> bytes:
    page = {"cursor": str(end), "more": False, "settings": {"receipt_footer": FOOTER}, "rejected": []}
    return sign(priv, CENTRE_FORMAT, {"device_code": device, "location_code": "HN-BOOTH", "made_at": "",
                                      "from_cursor": start, "to_cursor": end, "ack": ack, "pages": [page]})


def open_fair(k):
    """Settings (Alt+8), then F6: the fair dialog, its folder field focused."""
    k.window.show_screen("manager_settings")
    k.idle()
    k.press(Qt.Key.Key_F6)
    settings = k.window.screens["manager_settings"].inner
    k.qtbot.waitUntil(lambda: getattr(settings, "fair_dialog", None) is not None
                      and settings.fair_dialog.isVisible(), timeout=WAIT)
    return settings.fair_dialog.screen


def choose(k, screen, name: str) -> None:
    """Arrow keys down the list to the file called `name`."""
    names = [screen.files.item(i).text().split(" · ")[0] for i in range(screen.files.count())]
    screen.files.setFocus()
    k.press(Qt.Key.Key_Home)
    for _ in range(names.index(name)):
        k.press(Qt.Key.Key_Down)
    assert screen.files.currentItem().text().startswith(name)


def test_take_in_the_centres_bundle_write_sales_and_read_the_acknowledgement(make_kiosk, kiosk_db, tmp_path):
    centre_priv, centre_pub = new_keypair()
    kiosk_priv, kiosk_pub = new_keypair()
    k = make_kiosk(kiosk_db, as_manager=True)
    with k.store() as s:
        s.set_settings(sync_centre_key=centre_pub, sync_signing_key=kiosk_priv, sync_cursor="3")
        unsent = outbox.unsynced_count(s)
    assert unsent > 0  # the shift opened here is an event not yet sent
    stick = tmp_path / "media" / "hung" / "USB"
    stick.mkdir(parents=True)
    good = centre_file(centre_priv, "HN01", 3, 9)
    (stick / "HN01.ocopcentre").write_bytes(good)
    (stick / "HN02.ocopcentre").write_bytes(centre_file(centre_priv, "HN02", 3, 9))
    outer = json.loads(good)
    (stick / "doi-gia.ocopcentre").write_bytes(json.dumps({**outer, "body": outer["body"].replace("9", "8")}).encode())
    screen = open_fair(k)
    k.qtbot.waitUntil(lambda: f"Sự kiện bán hàng còn phải mang về trung tâm: {unsent}." in screen.state.text(),
                      timeout=WAIT)
    screen.folder.clear()
    k.type_text(screen.folder, str(tmp_path / "media"))
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: screen.files.count() == 3, timeout=WAIT)

    def settings():
        with k.store() as s:
            return s.settings()

    before = settings()
    for name, words in (("HN02.ocopcentre", "dành cho máy khác (HN02)"), ("doi-gia.ocopcentre", "bị sửa")):
        choose(k, screen, name)
        k.press(Qt.Key.Key_F8)
        k.qtbot.waitUntil(lambda: words in screen.error.text(), timeout=WAIT)
        assert "Không có gì bị thay đổi" in screen.notice.text()
        assert settings() == before
    choose(k, screen, "HN01.ocopcentre")
    k.press(Qt.Key.Key_Return)  # Enter on the chosen file takes it in, as F8 does
    k.qtbot.waitUntil(lambda: "Đã nhập danh mục" in screen.notice.text(), timeout=WAIT)
    assert not screen.error.isVisible()
    after = settings()
    assert (after["receipt_footer"], after["sync_cursor"]) == (FOOTER, "9")
    k.press(Qt.Key.Key_F8)  # the same file again
    k.qtbot.waitUntil(lambda: "không có gì thay đổi" in screen.notice.text(), timeout=WAIT)
    assert settings()["sync_cursor"] == "9"

    k.press(Qt.Key.Key_F7)  # the sales to the stick (the folder typed above)
    k.qtbot.waitUntil(lambda: "Đã ghi" in screen.notice.text(), timeout=WAIT)
    written = list((tmp_path / "media").glob("HN01-*.ocopbundle"))
    assert len(written) == 1 and str(written[0]) in screen.notice.text()
    body, text, sig = open_bundle(written[0].read_bytes())
    verify(kiosk_pub, text, sig)  # signed by this kiosk, whole
    assert body.device_code == "HN01" and len(body.events) == unsent and body.catalog_cursor == 9
    last = body.events[-1].seq

    (stick / "HN01.ocopack").write_bytes(sign(centre_priv, ACK_FORMAT, {"device_code": "HN01", "ack": last}))
    k.press(Qt.Key.Key_F5)
    k.qtbot.waitUntil(lambda: screen.files.count() == 4, timeout=WAIT)
    choose(k, screen, "HN01.ocopack")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: "đã nhận doanh số" in screen.notice.text(), timeout=WAIT)
    with k.store() as s:
        assert outbox.unsynced_count(s) == 0
    assert f"thêm {unsent} sự kiện" in screen.notice.text()
    k.qtbot.waitUntil(lambda: "mang về trung tâm: 0." in screen.state.text(), timeout=WAIT)
    assert "Danh mục gần nhất nhận từ trung tâm:" in screen.state.text()
    k.press(Qt.Key.Key_F8)  # read again: harmless
    k.qtbot.waitUntil(lambda: "thêm 0 sự kiện" in screen.notice.text(), timeout=WAIT)


def test_no_stick_and_no_key_are_said_plainly(make_kiosk, kiosk_db, tmp_path):
    k = make_kiosk(kiosk_db, as_manager=True)
    screen = open_fair(k)
    screen.folder.clear()
    k.type_text(screen.folder, str(tmp_path / "khong-co"))
    k.press(Qt.Key.Key_F5)
    k.qtbot.waitUntil(lambda: "Thẻ nhớ đã được cắm chưa" in screen.error.text(), timeout=WAIT)
    (tmp_path / "HN01.ocopcentre").write_bytes(centre_file(new_keypair()[0], "HN01", 0, 5))
    screen.folder.clear()
    k.type_text(screen.folder, str(tmp_path))
    k.press(Qt.Key.Key_Return)
    k.qtbot.waitUntil(lambda: screen.files.count() == 1, timeout=WAIT)
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: "chưa có khóa của trung tâm" in screen.error.text(), timeout=WAIT)
