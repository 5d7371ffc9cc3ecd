"""Transfers on the manager's screen, driven with keys (issue 14 item 2): the QR of a transfer note
that came with goods, scanned, books its lots in once (scanned again: refused, nothing booked);
goods scanned and sent out leave their lot and print a note whose QR carries them."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from pos import lots, stock, transfers

WAIT = 20_000  # ms; nothing here asserts a duration
SALT = "Muối hầm Bạc Liêu 500 g"
TID = "5f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b"


def test_take_in_a_note_once_then_send_out_of_a_lot(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    salt = k.data.products[SALT]
    k.window.show_screen("manager_transfer")
    screen = k.window.screens["manager_transfer"].inner
    k.idle()
    code = f"OCOPCK1|{TID}|CK-BL01-00007|BL01|HN-BOOTH|SKU001~ML-A~2027-01-31~2026-10-01~5"
    k.scan(code)
    k.qtbot.waitUntil(lambda: "CK-BL01-00007" in screen.notice.text(), timeout=WAIT)
    with k.store() as s:
        assert {r["lot_no"]: r["on_hand"] for r in lots.lots_of(s, salt)} == {"ML-A": 5}
        assert s.one("SELECT use_by, produced_on FROM lots")["use_by"] == "2027-01-31"
    k.scan(code)  # the same note again
    k.qtbot.waitUntil(lambda: screen.error.isVisible() and "CK-BL01-00007" in screen.error.text(), timeout=WAIT)
    assert "đã được nhận" in screen.error.text()
    with k.store() as s:
        assert stock.on_hand(s, salt) == 5
    k.scan(k.data.barcodes[SALT])
    k.scan(k.data.barcodes[SALT])
    k.qtbot.waitUntil(lambda: screen.lines and screen.lines[0]["spin"].value() == 2, timeout=WAIT)
    assert screen.lines[0]["lot"].currentData() == "ML-A"
    k.press(Qt.Key.Key_F8)  # nowhere to go yet
    k.qtbot.waitUntil(lambda: "nơi nhận" in screen.error.text(), timeout=WAIT)
    k.type_text(screen.destination, "BL-SITE")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: not screen.lines, timeout=WAIT)
    k.idle()
    assert "CK-HN01-00001" in screen.notice.text()
    with k.store() as s:
        assert {r["lot_no"]: r["on_hand"] for r in lots.lots_of(s, salt)} == {"ML-A": 3}
        job = s.one("SELECT payload FROM print_jobs WHERE kind = 'transfer_note'")
        sent = transfers.read_code(json.loads(job["payload"])["code"])
        assert (sent["to_location"], sent["lines"]) == ("BL-SITE", [
            {"sku": "SKU001", "lot_no": "ML-A", "use_by": "2027-01-31", "produced_on": "2026-10-01", "qty": 2}])
