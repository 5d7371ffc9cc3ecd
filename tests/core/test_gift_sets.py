"""Gift sets on a real SQLite file (issue 16 item 1): the split rule with hand-computed shares and
remainders, a set put together at the counter drawing each component's lots by FEFO (expired and
recalled lots never drawn), boxes made ahead sold first, refunds and voids putting the components
back where they came from, assembling and taking apart, and the ledgers always agreeing."""
from __future__ import annotations


import pytest
from hypothesis import given, settings, strategies as st

from pos import catalog, lots, outbox, recalls, sales, set_assembly, sets, shifts, stock
from pos.cart import Cart
from pos.errors import InvalidQuantity, InvalidState, PermissionDenied, ValidationError

CASH = [{"method": "cash", "tendered": 100_000_000}]
BOX_CODE = "8930000000101"


@pytest.fixture
def tet(store, small):
    """A Tết box (500.000 ₫, 8 % VAT): 2 jars of salt (45.000 ₫), 1 pack of dried shrimp (250.000 ₫),
    1 pack of shrimp crackers (35.000 ₫). Salt and crackers without lots; shrimp in lots: A-NOV (1,
    use-by 2026-11-30), B-DEC (5, 2026-12-10), X-OLD (3, expired 2026-11-01), R-1 (4, recalled).
    The business day is 2026-11-22; a shift is open."""
    small.box, _ = catalog.upsert_product(store, {
        "sku": "HOPQUA-TET", "name_vi": "Hộp quà Tết Bạc Liêu", "name_en": "Bac Lieu Tet gift box",
        "producer_id": small.producer_hh, "category_id": small.category, "unit": "hộp", "price": 500_000,
        "vat_rate": 8}, barcodes=[BOX_CODE])
    catalog.apply_catalog(store, {"set_components": [{"set_id": small.box, "components": [
        {"product_id": small.salt, "qty": 2}, {"product_id": small.shrimp, "qty": 1},
        {"product_id": small.cake, "qty": 1}]}]})
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 20}], small.manager)
    stock.receive_delivery(store, small.producer_htx, [
        {"product_id": small.cake, "qty": 10},
        {"product_id": small.shrimp, "qty": 1, "lot_no": "A-NOV", "use_by": "2026-11-30"},
        {"product_id": small.shrimp, "qty": 5, "lot_no": "B-DEC", "use_by": "2026-12-10"},
        {"product_id": small.shrimp, "qty": 3, "lot_no": "X-OLD", "use_by": "2026-11-01"},
        {"product_id": small.shrimp, "qty": 4, "lot_no": "R-1", "use_by": "2027-03-01"}], small.manager)
    recalls.apply_pulled(store, {"product_id": small.shrimp, "lot_no": "R-1", "reason": "kiểm nghiệm",
                                 "recalled_at": "2026-11-20T00:00:00Z"})
    shifts.open_shift(store, small.clerk, 0)
    small.lot = {r["lot_no"]: r["id"] for r in lots.lots_of(store, small.shrimp)}
    return small


def sell_boxes(store, t, qty, discount=0):
    cart = Cart()
    cart.add(catalog.lookup(store, BOX_CODE).product, qty=qty)
    if discount:
        cart.set_line_discount(0, discount, "khách quen")
    return sales.complete_sale(store, cart, CASH, t.clerk)


def comps_of(store, sale_id):
    return store.all("SELECT c.product_id, c.qty, c.net, c.vat_amount, c.lot_no, c.source, c.sale_line_id "
                     "FROM sale_line_components c WHERE c.sale_id = ? ORDER BY c.sale_line_id, c.n", (sale_id,))


def shrimp_lots(store, t):
    return {r["lot_no"]: r["on_hand"] for r in lots.lots_of(store, t.shrimp)}


def agrees(store):
    for r in store.all("SELECT lot_id, qty FROM lot_on_hand"):
        assert r["qty"] == lots.lot_ledger_total(store, r["lot_id"])
    for r in store.all("SELECT product_id, qty FROM stock_on_hand"):
        assert r["qty"] == stock.ledger_total(store, r["product_id"])


def test_largest_remainder_by_hand():
    # 500.000 by 90.000 : 250.000 : 35.000 -> 120.000 ; 333.333,33 ; 46.666,67: the đồng left goes to the cake
    assert sets.largest_remainder(500_000, [90_000, 250_000, 35_000]) == [120_000, 333_333, 46_667]
    # 100.001 -> 24.000,24 ; 66.667,33 ; 9.333,43: floors add to 100.000, the last đồng to the cake
    assert sets.largest_remainder(100_001, [90_000, 250_000, 35_000]) == [24_000, 66_667, 9_334]
    # ties go to the component listed first; 2 đồng over 3 equal weights
    assert sets.largest_remainder(2, [1, 1, 1]) == [1, 1, 0]
    assert sets.largest_remainder(0, [5, 7]) == [0, 0]
    assert sets.largest_remainder(7, [0, 0]) == [4, 3]  # all weights 0: equal shares
    comps = [{"price": 45_000, "per_set": 2}, {"price": 250_000, "per_set": 1}, {"price": 35_000, "per_set": 1}]
    # VAT 37.037 (8 % inside 500.000) split by the shares: 8.888,88 ; 24.691,31 ; 3.456,81 -> +1 salt, +1 cake
    assert sets.split(500_000, 37_037, comps) == [(120_000, 8_889), (333_333, 24_691), (46_667, 3_457)]


def test_a_set_sold_at_the_counter_draws_each_component_by_fefo(store, tet):
    res = sell_boxes(store, tet, 2)
    line = store.one("SELECT * FROM sale_lines WHERE sale_id = ?", (res.sale_id,))
    assert (line["product_id"], line["qty"], line["net"], line["vat_amount"]) == (tet.box, 2, 1_000_000, 74_074)
    assert store.one("SELECT count(*) AS n FROM sale_lines WHERE sale_id = ?", (res.sale_id,))["n"] == 1
    # 1.000.000 by 90:250:35 -> 240.000 ; 666.666,67 ; 93.333,33 -> shrimp takes the đồng; shrimp's
    # 666.667 over its two lots by quantity (1, 1): 333.334 then the rest 333.333
    got = [(r["product_id"], r["qty"], r["net"], r["lot_no"], r["source"]) for r in comps_of(store, res.sale_id)]
    assert got == [(tet.salt, 4, 240_000, "", "counter"), (tet.shrimp, 1, 333_334, "A-NOV", "counter"),
                   (tet.shrimp, 1, 333_333, "B-DEC", "counter"), (tet.cake, 2, 93_333, "", "counter")]
    assert sum(r["vat_amount"] for r in comps_of(store, res.sale_id)) == 74_074
    assert shrimp_lots(store, tet) == {"A-NOV": 0, "B-DEC": 4, "X-OLD": 3, "R-1": 4}
    assert stock.on_hand(store, tet.salt) == 16 and stock.on_hand(store, tet.cake) == 8
    assert stock.on_hand(store, tet.box) == 0  # no box moved: the components were
    event = [e for e in outbox.pending(store) if e["type"] == "sale.completed"][-1]
    payload = event["payload"]
    assert len(payload["sale_line_components"]) == 4
    assert {m["product_id"] for m in payload["stock_moves"]} == {tet.salt, tet.shrimp, tet.cake}
    agrees(store)


def test_discounted_set_splits_what_was_paid(store, tet):
    res = sell_boxes(store, tet, 1, discount=1)  # 499.999: 119.999,76 ; 333.332,67 ; 46.666,53
    assert [r["net"] for r in comps_of(store, res.sale_id)] == [120_000, 333_333, 46_666]


def test_expired_and_recalled_component_lots_are_never_drawn(store, tet):
    sell_boxes(store, tet, 6)  # A-NOV 1 + B-DEC 5: the fresh shrimp is gone
    before = store.all("SELECT * FROM stock_moves ORDER BY rowid")
    with pytest.raises(InvalidState) as exc:
        sell_boxes(store, tet, 1)  # only X-OLD (expired) and R-1 (recalled) are left
    assert "Tôm khô" in exc.value.details["name"]
    assert store.all("SELECT * FROM stock_moves ORDER BY rowid") == before
    assert shrimp_lots(store, tet) == {"A-NOV": 0, "B-DEC": 0, "X-OLD": 3, "R-1": 4}


def test_refunds_put_the_components_back_and_the_money_by_share(store, tet):
    res = sell_boxes(store, tet, 2)
    line = sales.refundable_lines(store, res.sale_id)[0]
    r1 = sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], tet.clerk, tet.manager, "đổi ý")
    # 500.000 back by the sold shares 240.000 : 666.667 : 93.333 -> 120.000 ; 333.333,5 ; 46.666,5 ->
    # the đồng to the first tie (shrimp); shrimp goes back to B-DEC, the last lot drawn
    got = [(r["product_id"], r["qty"], r["net"], r["lot_no"]) for r in comps_of(store, r1.sale_id)]
    assert got == [(tet.salt, 2, 120_000, ""), (tet.shrimp, 1, 333_334, "B-DEC"), (tet.cake, 1, 46_666, "")]
    assert shrimp_lots(store, tet)["B-DEC"] == 5 and stock.on_hand(store, tet.salt) == 18
    r2 = sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], tet.clerk, tet.manager, "đổi ý")
    got = [(r["product_id"], r["qty"], r["net"], r["lot_no"]) for r in comps_of(store, r2.sale_id)]
    assert got == [(tet.salt, 2, 120_000, ""), (tet.shrimp, 1, 333_333, "A-NOV"), (tet.cake, 1, 46_667, "")]
    assert shrimp_lots(store, tet) == {"A-NOV": 1, "B-DEC": 5, "X-OLD": 3, "R-1": 4}
    assert stock.on_hand(store, tet.salt) == 20 and stock.on_hand(store, tet.cake) == 10
    both = store.all("SELECT product_id, sum(net) AS net FROM sale_line_components WHERE original_id IS NOT NULL "
                     "GROUP BY product_id")
    assert {r["product_id"]: r["net"] for r in both} == {tet.salt: 240_000, tet.shrimp: 666_667, tet.cake: 93_333}
    agrees(store)


def test_a_void_puts_the_components_back(store, tet):
    res = sell_boxes(store, tet, 1)
    sales.void_sale(store, res.sale_id, tet.clerk, tet.manager, "bấm nhầm")
    assert shrimp_lots(store, tet)["A-NOV"] == 1 and stock.on_hand(store, tet.salt) == 20
    assert stock.on_hand(store, tet.box) == 0
    agrees(store)


def test_boxes_made_ahead_sell_first_then_the_counter_makes_the_rest(store, tet):
    set_assembly.assemble(store, tet.box, 3, tet.manager)
    assert stock.on_hand(store, tet.box) == 3 and stock.on_hand(store, tet.salt) == 14
    assert shrimp_lots(store, tet) == {"A-NOV": 0, "B-DEC": 3, "X-OLD": 3, "R-1": 4}
    moves = store.all("SELECT product_id, qty, kind FROM stock_moves WHERE kind = 'set_assembly'")
    assert sum(m["qty"] for m in moves if m["product_id"] == tet.box) == 3
    assert store.one("SELECT action FROM audit_log WHERE action = 'set.assembled'") is not None
    res = sell_boxes(store, tet, 4)
    lines = store.all("SELECT id, qty, net FROM sale_lines WHERE sale_id = ? ORDER BY line_no", (res.sale_id,))
    assert [ln["qty"] for ln in lines] == [3, 1] and sum(ln["net"] for ln in lines) == 2_000_000
    comps = comps_of(store, res.sale_id)
    assert {r["source"] for r in comps if r["sale_line_id"] == lines[0]["id"]} == {"stock"}
    assert [(r["qty"], r["lot_no"]) for r in comps if r["sale_line_id"] == lines[1]["id"] and
            r["product_id"] == tet.shrimp] == [(1, "B-DEC")]
    assert stock.on_hand(store, tet.box) == 0 and shrimp_lots(store, tet)["B-DEC"] == 2
    # a refund of a box made ahead puts the box back on the shelf, not its components
    stocked = sales.refundable_lines(store, res.sale_id)[0]
    sales.refund(store, res.sale_id, [{"line_id": stocked["line_id"], "qty": 1}], tet.clerk, tet.manager, "quà trùng")
    assert stock.on_hand(store, tet.box) == 1 and stock.on_hand(store, tet.salt) == 12
    agrees(store)


def test_taking_boxes_apart_returns_the_last_lots_drawn(store, tet):
    set_assembly.assemble(store, tet.box, 1, tet.manager)  # shrimp from A-NOV
    set_assembly.assemble(store, tet.box, 2, tet.manager)  # shrimp from B-DEC
    set_assembly.disassemble(store, tet.box, 1, tet.manager, "hộp móp")
    assert shrimp_lots(store, tet) == {"A-NOV": 0, "B-DEC": 4, "X-OLD": 3, "R-1": 4}
    set_assembly.disassemble(store, tet.box, 2, tet.manager)
    assert shrimp_lots(store, tet) == {"A-NOV": 1, "B-DEC": 5, "X-OLD": 3, "R-1": 4}
    assert stock.on_hand(store, tet.box) == 0 and stock.on_hand(store, tet.salt) == 20
    with pytest.raises(InvalidQuantity):
        set_assembly.disassemble(store, tet.box, 1, tet.manager)
    agrees(store)


def test_assembly_refuses_what_it_cannot_do(store, tet):
    before = store.all("SELECT * FROM stock_moves ORDER BY rowid")
    with pytest.raises(InvalidQuantity):
        set_assembly.assemble(store, tet.box, 11, tet.manager)  # 11 boxes need 11 cakes, 10 in stock
    with pytest.raises(InvalidState):
        set_assembly.assemble(store, tet.box, 7, tet.manager)  # 7 shrimp: only 6 fresh, the rest expired/recalled
    with pytest.raises(PermissionDenied):
        set_assembly.assemble(store, tet.box, 1, tet.clerk)
    with pytest.raises(ValidationError):
        set_assembly.assemble(store, tet.salt, 1, tet.manager)  # not a set
    assert store.all("SELECT * FROM stock_moves ORDER BY rowid") == before


def test_the_pull_replaces_a_set_whole_and_refuses_bad_ones(store, tet):
    problems: list = []
    catalog.apply_catalog(store, {"set_components": [
        {"set_id": tet.box, "components": [{"product_id": tet.salt, "qty": 3}]},
        {"set_id": tet.salt, "components": [{"product_id": tet.fish, "qty": 1}]},  # weighed: refused
        {"set_id": tet.cake, "components": [{"product_id": tet.box, "qty": 1}]},  # a set in a set
        {"set_id": tet.fish, "components": [{"product_id": tet.cake, "qty": 1}]}]}, problems)  # a weighed set
    assert [(c["product_id"], c["per_set"]) for c in sets.components(store, tet.box)] == [(tet.salt, 3)]
    assert len(problems) == 3 and sets.set_ids(store, [tet.salt, tet.cake, tet.box, tet.fish]) == {tet.box}
    catalog.apply_catalog(store, {"set_components": [{"set_id": tet.box, "components": []}]})
    assert sets.set_ids(store, [tet.box]) == set()


def test_a_kiosk_file_from_schema_18_upgrades_and_takes_set_assembly(tmp_path, monkeypatch, clock):
    from pos import schema
    from pos.store import Store
    from tests.conftest import build_small_catalog

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema.migrations, "_migrations",
                  [x for x in schema.migrations._migrations if x.name not in ("m019_gift_sets", "m023_plans_rev")])
        m.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION - 2)  # m023's triggers need m019's table
        with Store(path, clock=clock) as s:
            s.set_settings(device_code="HN01")
            small = build_small_catalog(s)
            stock.receive_delivery(s, small.producer_hh, [{"product_id": small.salt, "qty": 2}], small.manager)
            stock.receive_delivery(s, small.producer_hh, [{"product_id": small.salt, "qty": 7, "lot_no": "A"}],
                                   small.manager)
            before = s.all("SELECT rowid, * FROM stock_moves ORDER BY rowid")
    with Store(path, clock=clock) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert s.all("SELECT rowid, * FROM stock_moves ORDER BY rowid") == before
        box, _ = catalog.upsert_product(s, {"sku": "HOP", "name_vi": "Hộp muối", "producer_id": small.producer_hh,
                                            "unit": "hộp", "price": 100_000, "vat_rate": 0}, barcodes=[])
        catalog.apply_catalog(s, {"set_components": [{"set_id": box, "components": [
            {"product_id": small.salt, "qty": 3}]}]})
        set_assembly.assemble(s, box, 3, small.manager)
        assert stock.on_hand(s, small.salt) == 0 == stock.ledger_total(s, small.salt)
        assert stock.on_hand(s, box) == 3
        with pytest.raises(Exception, match="append-only"):
            s.conn.execute("DELETE FROM stock_moves")


def test_the_kiosks_settlement_credits_the_components_like_the_centre(store, tet):
    from pos import reports

    res = sell_boxes(store, tet, 2)
    line = sales.refundable_lines(store, res.sale_id)[0]
    sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], tet.clerk, tet.manager, "đổi ý")
    rows = {r["producer_id"]: r for r in reports.producer_settlement(store, "2026-11-22", "2026-11-22")}
    # the box's owner (P01, also the salt's producer) gets the salt's share only: 240.000 - 120.000
    assert (rows[tet.producer_hh]["gross"], rows[tet.producer_hh]["refunds"]) == (240_000, 120_000)
    assert [p["sku"] for p in rows[tet.producer_hh]["products"]] == ["MUOI-500"]
    htx = rows[tet.producer_htx]
    assert (htx["gross"], htx["refunds"], htx["net"], htx["commission"]) == (760_000, 380_000, 380_000, 76_000)
    assert sum(r["net"] for r in rows.values()) == 500_000


@settings(max_examples=300, deadline=None, derandomize=True, database=None)  # no timing, same examples each run
@given(st.integers(0, 10_000_000_000), st.lists(st.integers(0, 100_000_000), min_size=1, max_size=20))
def test_largest_remainder_adds_up_and_stays_within_a_dong(total, weights):
    shares = sets.largest_remainder(total, weights)
    assert sum(shares) == total and all(s >= 0 for s in shares)
    whole = sum(weights) or len(weights)
    for s, w in zip(shares, weights if sum(weights) else [1] * len(weights)):
        assert abs(s * whole - total * w) < whole  # within one đồng of the exact share


def test_a_set_needing_an_expired_component_is_refused_at_the_scan(store, tet):
    sets.refuse_at_scan(store, tet.box, 6)  # 6 fresh shrimp: fine
    with pytest.raises(InvalidState):
        sets.refuse_at_scan(store, tet.box, 7)  # the 7th would be X-OLD
    set_assembly.assemble(store, tet.box, 2, tet.manager)
    sets.refuse_at_scan(store, tet.box, 6)  # 2 boxes made ahead + 4 fresh shrimp
    with pytest.raises(InvalidState):
        sets.refuse_at_scan(store, tet.box, 7)
    sets.refuse_at_scan(store, tet.salt, 1000)  # not a set: nothing to say
