"""Recalled lots at the kiosk on a real SQLite file (pos/recalls.py): the pulled recall list, a scan
naming a recalled lot refused, a sale naming it refused with no manager override, FEFO skipping it,
stock that only recalled lots hold refused rather than sold without a lot, and the manager's list
of recalled lots still on the shelf. A refused sale changes nothing."""
from __future__ import annotations

import pytest

from pos import catalog, lots, recalls, sales, shifts, stock
from pos.cart import Cart
from pos.errors import RecalledLot, ValidationError

CASH = [{"method": "cash", "tendered": 10_000_000}]
GS = "\x1d"
SHRIMP14 = "08930000000026"
RECALL = {"product_id": None, "lot_no": "B-DEC", "reason": "nhiễm nấm mốc", "recalled_at": "2026-11-22T02:00:00Z"}


@pytest.fixture
def lotted(store, small):
    """Shrimp in two lots (B-DEC use-by 2026-12-10 first by FEFO, C-JAN 2027-01-31) and no stock
    outside lots; B-DEC recalled by a pull. The business day is 2026-11-22."""
    stock.receive_delivery(store, small.producer_htx, [
        {"product_id": small.shrimp, "qty": 4, "lot_no": "B-DEC", "use_by": "2026-12-10"},
        {"product_id": small.shrimp, "qty": 3, "lot_no": "C-JAN", "use_by": "2027-01-31"}], small.manager)
    shifts.open_shift(store, small.clerk, 0)
    problems: list = []
    catalog.apply_catalog(store, {"lot_recalls": [{**RECALL, "product_id": small.shrimp}]}, problems=problems)
    assert problems == []
    return small


def sell(store, small, qty, lot=None, allow=None):
    cart = Cart()
    cart.add(catalog.get_product(store, small.shrimp), qty=qty, lot=lot)
    if allow:
        cart.allow_expired(0, allow)
    return sales.complete_sale(store, cart, CASH, small.clerk)


def snapshot(store):
    return [store.all(f"SELECT * FROM {t} ORDER BY rowid") for t in ("sales", "sale_lines", "stock_moves", "outbox")]


def test_the_pulled_recall_is_kept_and_pulled_again_replaces_it(store, lotted):
    assert recalls.recall_of(store, lotted.shrimp, "B-DEC")["reason"] == "nhiễm nấm mốc"
    catalog.apply_catalog(store, {"lot_recalls": [{**RECALL, "product_id": lotted.shrimp, "reason": "nấm mốc (xác nhận)"}]})
    assert store.all("SELECT lot_no, reason FROM lot_recalls") == [{"lot_no": "B-DEC", "reason": "nấm mốc (xác nhận)"}]
    problems: list = []
    catalog.apply_catalog(store, {"lot_recalls": [{**RECALL, "product_id": lotted.shrimp, "lot_no": ""}]},
                          problems=problems)
    assert [p["kind"] for p in problems] == ["lot_recalls"]
    with pytest.raises(ValidationError):
        catalog.apply_catalog(store, {"lot_recalls": [{**RECALL, "product_id": lotted.shrimp, "lot_no": "X" * 21}]})


def test_a_scan_naming_the_recalled_lot_is_refused_in_plain_words(store, lotted):
    with pytest.raises(RecalledLot) as exc:
        catalog.lookup(store, f"01{SHRIMP14}17261210{GS}10B-DEC")
    assert "B-DEC" in str(exc.value) and "nhiễm nấm mốc" in str(exc.value) and exc.value.code == "recalled_lot"
    hit = catalog.lookup(store, f"01{SHRIMP14}17270131{GS}10C-JAN")  # the other lot sells
    assert hit.lot == "C-JAN"
    with pytest.raises(RecalledLot):  # the Digital Link form too
        catalog.lookup(store, f"https://id.example.vn/01/{SHRIMP14}/10/B-DEC")


def test_a_sale_naming_the_recalled_lot_is_refused_even_with_a_manager(store, lotted):
    before = snapshot(store)
    with pytest.raises(RecalledLot):
        sell(store, lotted, 1, lot="B-DEC")
    with pytest.raises(RecalledLot):
        sell(store, lotted, 1, lot="B-DEC", allow=lotted.manager)
    assert snapshot(store) == before


def test_fefo_skips_the_recalled_lot_and_refuses_what_only_it_holds(store, lotted):
    res = sell(store, lotted, 2)  # B-DEC has the earlier use-by, but it is recalled
    rows = store.all("SELECT lot_no, qty FROM sale_lines WHERE sale_id = ?", (res.sale_id,))
    assert rows == [{"lot_no": "C-JAN", "qty": 2}]
    before = snapshot(store)
    with pytest.raises(RecalledLot):  # C-JAN has 1 left; the rest would be the recalled lot's packs
        sell(store, lotted, 2)
    assert snapshot(store) == before
    assert {r["lot_no"]: r["on_hand"] for r in lots.lots_of(store, lotted.shrimp)} == {"B-DEC": 4, "C-JAN": 1}


def test_an_item_naming_no_lot_is_refused_at_the_scan_when_only_the_recalled_lot_could_give_it(store, lotted):
    """pos.lots.expired_at_scan (a scan of the plain EAN, a tile, a search result) says at once what
    draw() would refuse at payment: 3 fit C-JAN, the 4th only the recalled B-DEC holds."""
    assert lots.expired_at_scan(store, lotted.shrimp, None, None, 3, "Tôm") is None
    with pytest.raises(RecalledLot) as exc:
        lots.expired_at_scan(store, lotted.shrimp, None, None, 4, "Tôm")
    assert exc.value.details["lot"] == "B-DEC" and exc.value.details["reason"] == "nhiễm nấm mốc"


def test_the_manager_sees_recalled_lots_still_on_the_shelf(store, lotted):
    rows = recalls.recalled_on_hand(store)
    assert [(r["lot_no"], r["on_hand"], r["reason"], r["sku"]) for r in rows] == [("B-DEC", 4, "nhiễm nấm mốc", "TOM-200")]
    lot_id = rows[0]["lot_id"]
    lots.count_lot(store, lot_id, 0, lotted.manager, "trả nhà sản xuất: thu hồi")
    assert recalls.recalled_on_hand(store) == []


def test_a_pulled_lift_forgets_the_recall_and_the_lot_sells_again(store, lotted):
    """The centre lifted the recall (the row comes back with lifted_at): the kiosk forgets it, FEFO
    draws the lot again and the manager's list of recalled stock is empty; a lift of a recall this
    kiosk never had changes nothing."""
    lifted = {**RECALL, "product_id": lotted.shrimp, "lifted_at": "2026-11-22T05:00:00Z"}
    catalog.apply_catalog(store, {"lot_recalls": [lifted, {**lifted, "lot_no": "NEVER"}]})
    assert recalls.recall_of(store, lotted.shrimp, "B-DEC") is None and recalls.recalled_on_hand(store) == []
    res = sell(store, lotted, 2)
    assert store.all("SELECT lot_no, qty FROM sale_lines WHERE sale_id = ?", (res.sale_id,)) == [
        {"lot_no": "B-DEC", "qty": 2}]
    catalog.apply_catalog(store, {"lot_recalls": [{**RECALL, "product_id": lotted.shrimp, "lifted_at": None}]})
    with pytest.raises(RecalledLot):  # recalled again at the centre: refused again
        sell(store, lotted, 1, lot="B-DEC")
