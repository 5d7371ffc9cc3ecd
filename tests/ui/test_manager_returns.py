"""The manager returns goods to their producer by scanning them, driven with keys (issue 15 item 1):
a plain barcode offers the lot nearest its use-by, a 2D code names its lot, a line never goes past
what its lot holds (the screen says so), no reason books nothing, and F8 books the return, whose
note waits in the print queue and whose event waits in the outbox."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from pos import lots, stock

WAIT = 20_000  # ms; generous on a shared machine: nothing here asserts a duration
SALT = "Muối hầm Bạc Liêu 500 g"


def lot_stock(s, product_id) -> dict:
    return {r["lot_no"]: r["on_hand"] for r in lots.lots_of(s, product_id)}


def test_return_by_scanning_per_lot_with_keys(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, as_manager=True)
    salt, gtin14 = k.data.products[SALT], "0" + k.data.barcodes[SALT]
    with k.store() as s:
        maker = s.one("SELECT producer_id FROM products WHERE id = ?", (salt,))["producer_id"]
        stock.receive_delivery(s, maker, [
            {"product_id": salt, "qty": 3, "lot_no": "ML-B", "use_by": "2027-06-30"},
            {"product_id": salt, "qty": 5, "lot_no": "ML-A", "use_by": "2027-01-31"}], k.data.manager["id"])
    k.window.show_screen("manager_return")
    screen = k.window.screens["manager_return"].inner
    k.idle()
    k.scan(k.data.barcodes[SALT])  # no lot on the code: the lot nearest its use-by is offered
    k.qtbot.waitUntil(lambda: len(screen.lines) == 1, timeout=WAIT)
    first = screen.lines[0]
    assert (first["lot"].currentData(), first["spin"].value()) == ("ML-A", 1)
    assert screen.producer.currentData() == maker  # the producer followed the first scan
    k.scan(f"01{gtin14}17270630" + "10ML-B")
    k.scan(f"01{gtin14}17270630" + "10ML-B")
    k.qtbot.waitUntil(lambda: len(screen.lines) == 2 and screen.lines[1]["spin"].value() == 2, timeout=WAIT)
    assert screen.lines[1]["lot"].currentData() == "ML-B"
    for _ in range(5):  # six in all of a lot holding five
        k.scan(k.data.barcodes[SALT])
    k.qtbot.waitUntil(lambda: screen.error.isVisible(), timeout=WAIT)
    assert first["spin"].value() == 5
    assert "chỉ còn 5 trong lô này" in screen.error.text()
    k.scan(f"01{gtin14}10ML-Z")  # a lot this kiosk never had
    k.qtbot.waitUntil(lambda: "ML-Z" in screen.error.text(), timeout=WAIT)
    assert len(screen.lines) == 2
    k.press(Qt.Key.Key_F8)  # no reason yet: nothing is booked
    k.qtbot.waitUntil(lambda: "lý do" in screen.error.text(), timeout=WAIT)
    with k.store() as s:
        assert s.one("SELECT count(*) AS n FROM producer_returns")["n"] == 0
    k.type_text(screen.reason.lineEdit(), "Cận hạn sử dụng")
    k.press(Qt.Key.Key_F8)
    k.qtbot.waitUntil(lambda: not screen.lines, timeout=WAIT)
    k.idle()
    assert "TH-HN01-00001" in screen.notice.text()
    with k.store() as s:
        assert lot_stock(s, salt) == {"ML-A": 0, "ML-B": 1} and stock.on_hand(s, salt) == 1
        ret = s.one("SELECT id, reason, staff_id FROM producer_returns")
        assert (ret["reason"], ret["staff_id"]) == ("Cận hạn sử dụng", k.data.manager["id"])
        job = s.one("SELECT payload FROM print_jobs WHERE kind = 'return_note' AND ref_id = ?", (ret["id"],))
        doc = json.loads(job["payload"])
        assert [(ln["lot_no"], ln["qty"]) for ln in doc["lines"]] == [("ML-A", 5), ("ML-B", 2)]
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'stock.returned'")["n"] == 1
    k.press(Qt.Key.Key_F6)  # a copy for the producer to take away
    k.qtbot.waitUntil(lambda: "bản sao" in screen.notice.text(), timeout=WAIT)
    k.idle()
    with k.store() as s:
        jobs = s.all("SELECT payload FROM print_jobs WHERE kind = 'return_note' ORDER BY rowid")
        assert [json.loads(j["payload"])["reprint"] for j in jobs] == [False, True]
