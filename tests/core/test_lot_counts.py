"""A blind stock count per lot (issue 14 item 2), hand-computed: each lot counted against its own
ledger stock at the moment it was counted, the product's line their sum, approval correcting each
lot by its own variance (uncounted lots untouched), a later whole-product count replacing the lot
counts, and the lot ledger equal to its cache throughout."""
from __future__ import annotations

import json

import pytest

from pos import lots, outbox, stock
from pos.errors import ValidationError


@pytest.fixture
def lotted(store, small):
    """Salt: 4 without a lot, lot A 5, lot B 3 (12 in all)."""
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 4}], small.manager)
    stock.receive_delivery(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 5, "lot_no": "A", "use_by": "2027-01-31"},
        {"product_id": small.salt, "qty": 3, "lot_no": "B", "use_by": "2027-06-30"}], small.manager)
    return small


def lot_stock(s, pid) -> dict:
    return {r["lot_no"]: r["on_hand"] for r in lots.lots_of(s, pid)}


def test_each_lot_is_corrected_by_its_own_count(store, lotted):
    small = lotted
    cid = stock.start_count(store, small.manager)
    stock.record_count_lot(store, cid, small.salt, "A", 3)     # 2 missing from A
    stock.record_count_lot(store, cid, small.salt, "", 5)      # one more without a lot than the ledger says
    stock.record_count_lot(store, cid, small.salt, "A", 4)     # recounted: 1 missing
    assert [(r["lot_no"], r["counted"]) for r in stock.counted_lots(store, cid)] == [("", 5), ("A", 4)]
    (line,) = stock.count_variances(store, cid)
    assert (line["counted"], line["expected"], line["variance"], line["after"]) == (9, 9, 0, 12)
    with pytest.raises(ValidationError, match="never received"):
        stock.record_count_lot(store, cid, small.salt, "Z", 1)
    stock.approve_count(store, cid, small.manager)
    # A: 5 -> 4; no lot: 4 -> 5; B not counted: stays 3; the product: 12, as before
    assert lot_stock(store, small.salt) == {"A": 4, "B": 3} and lots.unlotted(store, small.salt) == 5
    assert stock.on_hand(store, small.salt) == 12 == stock.ledger_total(store, small.salt)
    for lot_id in (r["id"] for r in lots.lots_of(store, small.salt)):
        assert lots.lot_on_hand(store, lot_id) == lots.lot_ledger_total(store, lot_id)
    moves = json.loads(outbox.pending_rows(store)[-1][5])["stock_moves"]
    assert sorted((m.get("lot_no", ""), m["qty"]) for m in moves) == [("", 1), ("A", -1)]


def test_counting_the_whole_product_replaces_its_lot_counts(store, lotted):
    small = lotted
    cid = stock.start_count(store, small.manager)
    stock.record_count_lot(store, cid, small.salt, "A", 1)
    stock.record_count(store, cid, small.salt, 10)
    assert stock.counted_lots(store, cid) == []
    stock.approve_count(store, cid, small.manager)
    assert stock.on_hand(store, small.salt) == 10 and lot_stock(store, small.salt) == {"A": 5, "B": 3}
