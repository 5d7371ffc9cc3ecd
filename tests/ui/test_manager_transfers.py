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


def test_reprint_a_past_transfer_note_as_a_copy(make_kiosk, kiosk_db):
    """"In lại phiếu": a transfer taken in earlier, chosen in the screen's list with the arrow keys,
    F6 prints its note again marked as a copy (a record: its QR is the number only), audited; a
    sent one's copy keeps the whole transfer in its QR."""
    from PySide6.QtTest import QTest

    k = make_kiosk(kiosk_db, as_manager=True)
    k.window.show_screen("manager_transfer")
    screen = k.window.screens["manager_transfer"].inner
    k.idle()
    assert not screen.copy_btn.isEnabled() and screen.copy_btn.isVisible()
    k.scan(f"OCOPCK1|{TID}|CK-BL01-00007|BL01|HN-BOOTH|SKU001~ML-A~2027-01-31~2026-10-01~5")
    k.qtbot.waitUntil(lambda: screen.past.count() == 2, timeout=WAIT)
    k.scan(k.data.barcodes[SALT])
    k.qtbot.waitUntil(lambda: len(screen.lines) == 1, timeout=WAIT)
    k.type_text(screen.destination, "BL-SITE")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: screen.past.count() == 3, timeout=WAIT)
    assert screen.past.itemText(1).startswith("CK-HN01-00001 · chuyển đến BL-SITE")
    assert screen.past.itemText(2).startswith("CK-BL01-00007 · nhận từ BL01")
    screen.past.setFocus()
    QTest.keyClick(screen.past, Qt.Key.Key_Down)
    QTest.keyClick(screen.past, Qt.Key.Key_Down)
    assert screen.copy_btn.isEnabled() and screen.copy_btn.text().startswith("In lại phiếu")
    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: "CK-BL01-00007" in screen.notice.text(), timeout=WAIT)
    k.idle()
    QTest.keyClick(screen.past, Qt.Key.Key_Up)
    k.press(Qt.Key.Key_F6)
    k.qtbot.waitUntil(lambda: "CK-HN01-00001" in screen.notice.text(), timeout=WAIT)
    k.idle()
    with k.store() as s:
        jobs = s.all("SELECT ref_id, payload FROM print_jobs WHERE kind = 'transfer_note' ORDER BY rowid")
        sent = s.one("SELECT id FROM transfers WHERE direction = 'out'")["id"]
        assert [j["ref_id"] for j in jobs] == [sent, TID, sent]
        copies = [json.loads(j["payload"]) for j in jobs[1:]]
        assert [(c["reprint"], c["direction"], c["return_no"]) for c in copies] == [
            (True, "in", "CK-BL01-00007"), (True, "out", "CK-HN01-00001")]
        assert copies[0]["code"] is None and copies[1]["code"] == json.loads(jobs[0]["payload"])["code"]
        audits = s.all("SELECT ref_id, staff_id FROM audit_log WHERE action = 'transfer_note.reprint' ORDER BY rowid")
        assert audits == [{"ref_id": TID, "staff_id": k.data.manager["id"]}, {"ref_id": sent, "staff_id": k.data.manager["id"]}]
