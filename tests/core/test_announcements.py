"""Deliveries announced on the centre's portal, at the kiosk (pos/announcements.py) on a real SQLite
file: the pulled list kept exactly (new, refreshed, withdrawn; a received one never touched), a
delivery booked against one names it and marks it received in the same transaction, a wrong
producer or a second booking is refused with nothing written, and announced against received
shows a short line, an extra line and the lines that match."""
from __future__ import annotations

import pytest

from pos import announcements, catalog, stock
from pos.errors import InvalidState, ValidationError


def pulled(small, aid="ann-1", **over):
    row = {"id": aid, "producer_id": small.producer_hh, "note_no": "TB-0001", "planned_on": "2026-11-25",
           "note": "xe chiều", "created_at": "2026-11-22T01:00:00.000+00:00",
           "lines": [{"line_no": 1, "product_id": small.salt, "lot_no": "MUOI-L7", "use_by": "2027-12-31", "qty": 10},
                     {"line_no": 2, "product_id": small.fish, "lot_no": "", "qty": 2000}]}
    return {**row, **over}


def apply(store, rows):
    problems: list = []
    catalog.apply_catalog(store, {"delivery_announcements": rows}, problems=problems)
    assert problems == []


def snapshot(store):
    return [store.all(f"SELECT * FROM {t} ORDER BY rowid") for t in
            ("deliveries", "delivery_lines", "stock_moves", "outbox", "delivery_announcements")]


def test_the_pulled_list_is_kept_exactly(store, small):
    apply(store, [pulled(small), pulled(small, "ann-2", note_no="TB-0002")])
    assert [a["note_no"] for a in announcements.open_list(store)] == ["TB-0001", "TB-0002"]
    apply(store, [pulled(small, note="xe sáng", lines=[{"product_id": small.salt, "qty": 12}])])
    (only,) = announcements.open_list(store)
    assert (only["id"], only["note"], only["lines"]) == ("ann-1", "xe sáng", 1)  # refreshed; ann-2 withdrawn
    assert store.one("SELECT status FROM delivery_announcements WHERE id = 'ann-2'")["status"] == "withdrawn"
    apply(store, [])
    assert announcements.open_list(store) == []
    catalog.apply_catalog(store, {"products": []})  # a pull page of an older centre: the list is left alone
    assert store.one("SELECT status FROM delivery_announcements WHERE id = 'ann-1'")["status"] == "withdrawn"


def test_a_bad_pulled_line_is_reported_and_skipped(store, small):
    problems: list = []
    catalog.apply_catalog(store, {"delivery_announcements": [pulled(small, lines=[{"product_id": small.salt,
                                                                                   "qty": 0}])]}, problems=problems)
    assert problems and problems[0]["kind"] == "delivery_announcements"
    assert announcements.open_list(store) == []


def test_received_against_with_one_line_short(store, small):
    apply(store, [pulled(small)])
    delivery_id, _ = stock.receive_delivery(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 9, "lot_no": "MUOI-L7", "use_by": "2027-12-31"},
        {"product_id": small.fish, "qty": 2000}], small.manager, note_no="TB-0001", announcement_id="ann-1")
    a = store.one("SELECT status, delivery_id FROM delivery_announcements WHERE id = 'ann-1'")
    assert a == {"status": "received", "delivery_id": delivery_id}
    assert store.one("SELECT announcement_id FROM deliveries WHERE id = ?", (delivery_id,))["announcement_id"] == "ann-1"
    event = store.all("SELECT payload FROM outbox WHERE type = 'stock.received'")[-1]["payload"]
    assert '"announcement_id": "ann-1"' in event or '"announcement_id":"ann-1"' in event
    rows = announcements.compare(store, "ann-1")
    assert [(r["product_id"], r["lot_no"], r["qty"], r["received"], r["difference"]) for r in rows] == [
        (small.salt, "MUOI-L7", 10, 9, -1), (small.fish, "", 2000, 2000, 0)]
    apply(store, [pulled(small)])  # the centre has not heard yet: a pull still lists it, it stays received
    assert announcements.open_list(store) == []
    assert store.one("SELECT status FROM delivery_announcements WHERE id = 'ann-1'")["status"] == "received"


def test_scanned_lines_compare_before_booking_with_an_extra_line(store, small):
    apply(store, [pulled(small)])
    rows = announcements.compare(store, "ann-1", scanned=[
        {"product_id": small.salt, "lot_no": "MUOI-L7", "qty": 4}, {"product_id": small.salt, "lot_no": "MUOI-L7",
                                                                    "qty": 6},
        {"product_id": small.salt, "lot_no": "MUOI-L8", "qty": 2}])
    assert [(r["line_no"], r["lot_no"], r["received"], r["difference"]) for r in rows] == [
        (1, "MUOI-L7", 10, 0), (2, "", 0, -2000), (None, "MUOI-L8", 2, 2)]
    assert rows[2]["name_vi"] == "Muối hầm Bạc Liêu 500g"


@pytest.mark.parametrize("producer, aid, error", [("htx", "ann-1", ValidationError), ("hh", "no-such", ValidationError),
                                                  ("hh", "twice", InvalidState)])
def test_a_wrong_booking_is_refused_and_writes_nothing(store, small, producer, aid, error):
    apply(store, [pulled(small)])
    line = {"product_id": small.salt if producer == "hh" else small.shrimp, "qty": 1}
    if aid == "twice":
        stock.receive_delivery(store, small.producer_hh, [line], small.manager, announcement_id="ann-1")
        aid = "ann-1"
    before = snapshot(store)
    with pytest.raises(error):
        stock.receive_delivery(store, small.producer_hh if producer == "hh" else small.producer_htx, [line],
                               small.manager, announcement_id=aid)
    assert snapshot(store) == before
