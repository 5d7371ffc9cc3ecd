"""The manager's receive screen against a delivery the producer announced on the centre's portal
(ui/manager/receive_announced.py): picking the announcement sets the producer and note number,
the second table compares announced with scanned as lines are scanned, and booking one line short
keeps the difference on screen, in the notice and in what is stored (the delivery names the
announcement, which is received)."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from pos import announcements, catalog

WAIT = 20_000  # ms; generous on a shared machine: nothing here asserts a duration
SALT = "Muối hầm Bạc Liêu 500 g"


def shot(widget, name: str, tmp_path: Path) -> None:
    """The screen as a PNG (kept in OCOP_SCREENSHOTS when set, e.g. docs/portal)."""
    folder = Path(os.environ.get("OCOP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / f"{name}.png"))


def test_receive_against_an_announcement_one_short(make_kiosk, kiosk_db, tmp_path):
    k = make_kiosk(kiosk_db, as_manager=True)
    salt = k.data.products[SALT]
    with k.store() as s:
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        catalog.apply_catalog(s, {"delivery_announcements": [
            {"id": "ann-ui-1", "producer_id": maker, "note_no": "TB-UI01", "planned_on": "2026-11-25",
             "lines": [{"line_no": 1, "product_id": salt, "lot_no": "", "qty": 3}]}]})
    k.window.show_screen("manager_receive")
    screen = k.window.screens["manager_receive"].inner
    k.qtbot.waitUntil(lambda: screen.announced_pick.count() == 2, timeout=WAIT)
    assert "TB-UI01" in screen.announced_pick.itemText(1)
    screen.announced_pick.setCurrentIndex(1)
    assert screen.note_no.text() == "TB-UI01" and screen.producer.currentData() == maker
    assert not screen.compare.isHidden() and screen.compare.item(0, 4).text() == "-3"
    screen.finder.edit.setFocus()
    k.scan(k.data.barcodes[SALT])
    k.scan(k.data.barcodes[SALT])
    k.qtbot.waitUntil(lambda: screen.lines and screen.lines[0]["spin"].value() == 2, timeout=WAIT)
    assert (screen.compare.item(0, 2).text(), screen.compare.item(0, 4).text()) == ("3 hũ", "-1")
    shot(k.window, "09-may-ban-nhan-theo-thong-bao", tmp_path)
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: not screen.lines, timeout=WAIT)
    k.idle()
    assert "3" in screen.notice.text() and "2" in screen.notice.text() and "Muối" in screen.notice.text()
    assert screen.compare.item(0, 3).text() == "2 hũ" and screen.compare.item(0, 4).text() == "-1"
    shot(k.window, "10-may-ban-da-nhan-chenh-lech", tmp_path)
    with k.store() as s:
        a = s.one("SELECT status, delivery_id FROM delivery_announcements WHERE id = 'ann-ui-1'")
        assert a["status"] == "received"
        assert s.one("SELECT announcement_id FROM deliveries WHERE id = ?", (a["delivery_id"],)) == {
            "announcement_id": "ann-ui-1"}
        assert [r["difference"] for r in announcements.compare(s, "ann-ui-1")] == [-1]
    k.qtbot.waitUntil(lambda: screen.announced_pick.count() == 1, timeout=WAIT)  # no longer waiting
