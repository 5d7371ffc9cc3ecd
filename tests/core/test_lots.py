"""Lots on a real SQLite file: receiving per lot, FEFO, a named lot, a lot running out mid-line,
expired lots refused and allowed by a manager (audited), refunds and voids back to the lot, the
expiring list, a count of one lot, and lot stock always equal to its ledger."""
from __future__ import annotations

import json

import pytest

from pos import catalog, lots, outbox, sales, shifts, stock
from pos.cart import Cart
from pos.errors import ExpiredItem, PermissionDenied, ValidationError

CASH = [{"method": "cash", "tendered": 10_000_000}]
GS = "\x1d"
SHRIMP14 = "08930000000026"


@pytest.fixture
def lotted(store, small):
    """Shrimp in three lots (use-by 2026-12-10, 2027-01-31, 2026-11-30, received in that order) and
    5 packs from before lots; a shift open. The business day is 2026-11-22."""
    stock.receive_delivery(store, small.producer_htx, [{"product_id": small.shrimp, "qty": 5}], small.manager)
    stock.receive_delivery(store, small.producer_htx, [
        {"product_id": small.shrimp, "qty": 4, "lot_no": "B-DEC", "produced_on": "2026-09-01", "use_by": "2026-12-10"},
        {"product_id": small.shrimp, "qty": 10, "lot_no": "C-JAN", "use_by": "2027-01-31"},
        {"product_id": small.shrimp, "qty": 3, "lot_no": "A-NOV", "use_by": "2026-11-30"}],
        small.manager, note_no="PG-9")
    shifts.open_shift(store, small.clerk, 0)
    small.lot = {r["lot_no"]: r["id"] for r in lots.lots_of(store, small.shrimp)}
    return small


def lot_stock(store, small) -> dict:
    return {r["lot_no"]: r["on_hand"] for r in lots.lots_of(store, small.shrimp)}


def ledger_agrees(store) -> None:
    for r in store.all("SELECT lot_id, qty FROM lot_on_hand"):
        assert r["qty"] == lots.lot_ledger_total(store, r["lot_id"])
    for r in store.all("SELECT product_id, qty FROM stock_on_hand"):
        assert r["qty"] == stock.ledger_total(store, r["product_id"])


def sell(store, small, qty, lot=None, use_by=None, allow=None):
    cart = Cart()
    cart.add(catalog.get_product(store, small.shrimp), qty=qty, lot=lot, use_by=use_by)
    if allow:
        cart.allow_expired(0, allow)
    return sales.complete_sale(store, cart, CASH, small.clerk)


def lines_of(store, sale_id):
    return store.all("SELECT lot_no, qty, gross, line_discount, order_discount_share, net, vat_amount "
                     "FROM sale_lines WHERE sale_id = ? ORDER BY line_no", (sale_id,))


def test_receiving_records_each_lot_and_sends_them(store, lotted):
    rows = lots.lots_of(store, lotted.shrimp)
    assert [(r["lot_no"], r["use_by"], r["qty_received"], r["on_hand"]) for r in rows] == [
        ("A-NOV", "2026-11-30", 3, 3), ("B-DEC", "2026-12-10", 4, 4), ("C-JAN", "2027-01-31", 10, 10)]
    assert rows[1]["produced_on"] == "2026-09-01"
    assert stock.on_hand(store, lotted.shrimp) == 22 and lots.unlotted(store, lotted.shrimp) == 5
    event = [e for e in outbox.pending(store) if e["type"] == "stock.received"][-1]
    payload = json.loads(event["payload"]) if isinstance(event["payload"], str) else event["payload"]
    assert sorted((r["lot_no"], r["qty"]) for r in payload["lots"]) == [("A-NOV", 3), ("B-DEC", 4), ("C-JAN", 10)]
    assert payload["lines"] == [{"delivery_id": payload["delivery"]["id"], "product_id": lotted.shrimp, "qty": 17,
                                 "expires": "2026-11-30"}]
    assert {m["lot_id"] for m in payload["stock_moves"]} == set(lotted.lot.values())
    ledger_agrees(store)


def test_bad_lots_on_a_delivery_change_nothing(store, lotted):
    before = store.all("SELECT * FROM stock_moves ORDER BY rowid"), store.all("SELECT * FROM lots ORDER BY id")
    for line, field in (
            ({"lot_no": "X", "produced_on": "2027-01-02", "use_by": "2027-01-01"}, "use_by"),
            ({"lot_no": "X", "use_by": "2027-02-30"}, "use_by"),
            ({"lot_no": "X" * 21}, "lot_no"),
            ({"use_by": "2027-01-01"}, "lot_no"),
            ({"lot_no": "B-DEC", "use_by": "2026-12-11"}, "use_by")):  # same lot, another use-by
        with pytest.raises(ValidationError) as exc:
            stock.receive_delivery(store, lotted.producer_htx, [{"product_id": lotted.shrimp, "qty": 1, **line}],
                                   lotted.manager)
        assert exc.value.details["field"] == field
    with pytest.raises(ValidationError):
        stock.receive_delivery(store, lotted.producer_htx, [{"product_id": lotted.shrimp, "qty": 1, "lot_no": "Q"},
                                                            {"product_id": lotted.shrimp, "qty": 2, "lot_no": "Q"}],
                               lotted.manager)
    assert (store.all("SELECT * FROM stock_moves ORDER BY rowid"), store.all("SELECT * FROM lots ORDER BY id")) == before


def test_same_lot_delivered_again_adds_to_it(store, lotted):
    stock.receive_delivery(store, lotted.producer_htx, [
        {"product_id": lotted.shrimp, "qty": 6, "lot_no": "C-JAN", "use_by": "2027-01-31"}], lotted.manager)
    row = next(r for r in lots.lots_of(store, lotted.shrimp) if r["lot_no"] == "C-JAN")
    assert (row["qty_received"], row["on_hand"]) == (16, 16)


def test_fefo_old_stock_first_then_earliest_use_by_split_one_line_per_lot(store, lotted):
    res = sell(store, lotted, 10)  # 5 without a lot, then A-NOV 3, then B-DEC 2
    rows = lines_of(store, res.sale_id)
    assert [(r["lot_no"], r["qty"]) for r in rows] == [("", 5), ("A-NOV", 3), ("B-DEC", 2)]
    assert sum(r["gross"] for r in rows) == 10 * 250_000 and sum(r["net"] for r in rows) == res.total
    sale = sales.get_sale(store, res.sale_id)
    assert sum(r["vat_amount"] for r in rows) == sale["vat_total"]
    assert lot_stock(store, lotted) == {"A-NOV": 0, "B-DEC": 2, "C-JAN": 10}
    res = sell(store, lotted, 4)  # B-DEC runs out mid-line: C-JAN takes the rest
    assert [(r["lot_no"], r["qty"]) for r in lines_of(store, res.sale_id)] == [("B-DEC", 2), ("C-JAN", 2)]
    assert lot_stock(store, lotted) == {"A-NOV": 0, "B-DEC": 0, "C-JAN": 8}
    ledger_agrees(store)


def test_split_line_shares_discounts_to_the_dong(store, lotted):
    cart = Cart()
    cart.add(catalog.get_product(store, lotted.shrimp), qty=7)
    cart.set_line_discount(0, 10_001, "khách quen", approved_by=lotted.manager)
    cart.set_order_discount(3_333, "làm tròn", approved_by=lotted.manager)
    res = sales.complete_sale(store, cart, CASH, lotted.clerk)
    rows = lines_of(store, res.sale_id)
    assert [(r["lot_no"], r["qty"]) for r in rows] == [("", 5), ("A-NOV", 2)]
    assert sum(r["line_discount"] for r in rows) == 10_001 and sum(r["order_discount_share"] for r in rows) == 3_333
    assert sum(r["net"] for r in rows) == res.total == 7 * 250_000 - 13_334
    for r in rows:
        assert r["net"] == r["gross"] - r["line_discount"] - r["order_discount_share"]


def test_two_lines_of_one_product_draw_one_after_the_other(store, lotted):
    """The whole cart's lots are read in one query (pos.lots.draw_lines): what the first line of a
    product takes is gone for its second line (a discounted line beside a plain one)."""
    cart = Cart()
    cart.add(catalog.get_product(store, lotted.shrimp), qty=3)
    cart.set_line_discount(0, 1_000, "móp hộp")
    cart.add(catalog.get_product(store, lotted.shrimp), qty=6)  # not merged into the discounted line
    assert len(cart.lines) == 2
    res = sales.complete_sale(store, cart, CASH, lotted.clerk)
    assert [(r["lot_no"], r["qty"]) for r in lines_of(store, res.sale_id)] == [
        ("", 3), ("", 2), ("A-NOV", 3), ("B-DEC", 1)]
    assert lot_stock(store, lotted) == {"A-NOV": 0, "B-DEC": 3, "C-JAN": 10}
    assert lots.unlotted(store, lotted.shrimp) == 0
    ledger_agrees(store)


def test_a_named_lot_wins_over_fefo(store, lotted):
    hit = catalog.lookup(store, f"01{SHRIMP14}17270131{GS}10C-JAN")
    assert (hit.lot, hit.use_by) == ("C-JAN", "2027-01-31")
    cart = Cart()
    cart.add(hit.product, lot=hit.lot, use_by=hit.use_by)
    cart.add(hit.product, lot=hit.lot, use_by=hit.use_by)  # the same lot again: one line of 2
    cart.add(hit.product)  # the same product without a lot: its own line, drawn by FEFO
    res = sales.complete_sale(store, cart, CASH, lotted.clerk)
    assert [(r["lot_no"], r["qty"]) for r in lines_of(store, res.sale_id)] == [("C-JAN", 2), ("", 1)]
    assert lot_stock(store, lotted) == {"A-NOV": 3, "B-DEC": 4, "C-JAN": 8}
    ledger_agrees(store)


def test_a_lot_never_received_is_kept_on_the_line(store, lotted):
    res = sell(store, lotted, 1, lot="Z-99", use_by="2027-03-01")
    line = store.one("SELECT lot_id, lot_no, use_by FROM sale_lines WHERE sale_id = ?", (res.sale_id,))
    assert line == {"lot_id": None, "lot_no": "Z-99", "use_by": "2027-03-01"}
    assert lots.unlotted(store, lotted.shrimp) == 4


def test_expired_lot_refused_then_allowed_by_a_manager_with_audit(store, lotted, clock):
    clock.advance(days=9)  # business day 2026-12-01: A-NOV is past its use-by
    before = store.all("SELECT * FROM stock_moves ORDER BY rowid")
    with pytest.raises(ExpiredItem) as exc:
        sell(store, lotted, 1, lot="A-NOV")
    assert "A-NOV" in str(exc.value) and "30/11/2026" in str(exc.value)
    # unnamed: FEFO skips the expired lot
    res = sell(store, lotted, 7)
    assert [(r["lot_no"], r["qty"]) for r in lines_of(store, res.sale_id)] == [("", 5), ("B-DEC", 2)]
    with pytest.raises(PermissionDenied):
        sell(store, lotted, 1, lot="A-NOV", allow=lotted.clerk)
    assert len(store.all("SELECT * FROM stock_moves")) == len(before) + 2
    res = sell(store, lotted, 2, lot="A-NOV", allow=lotted.manager)
    assert [(r["lot_no"], r["qty"]) for r in lines_of(store, res.sale_id)] == [("A-NOV", 2)]
    audit = store.one("SELECT * FROM audit_log WHERE action = 'sale.expired_lot_approved'")
    assert audit["approved_by"] == lotted.manager and audit["ref_id"] == res.sale_id
    assert json.loads(audit["detail"])["lot_no"] == "A-NOV"
    # only expired stock left to draw: refused unless allowed
    sell(store, lotted, 12)  # B-DEC 2 and C-JAN 10
    with pytest.raises(ExpiredItem):
        sell(store, lotted, 1)
    res = sell(store, lotted, 1, allow=lotted.manager)
    assert [(r["lot_no"], r["qty"]) for r in lines_of(store, res.sale_id)] == [("A-NOV", 1)]
    ledger_agrees(store)


def test_the_expired_lot_a_scan_would_need_is_known_at_the_scan(store, lotted, clock):
    """pos.lots.expired_at_scan says at the scan what draw() would refuse at payment: the named
    lot by the kiosk's record (else the code's use-by), or FEFO running into expired stock."""
    pid = lotted.shrimp
    assert lots.expired_at_scan(store, pid, None, None, 1) is None
    clock.advance(days=9)  # business day 2026-12-01: A-NOV (3 packs) is past its use-by
    assert lots.expired_at_scan(store, pid, "A-NOV", None, 1) == {"lot_no": "A-NOV", "use_by": "2026-11-30"}
    assert lots.expired_at_scan(store, pid, "A-NOV", "2027-01-01", 1)["use_by"] == "2026-11-30"  # the record wins
    assert lots.expired_at_scan(store, pid, "B-DEC", None, 1) is None
    assert lots.expired_at_scan(store, pid, "OLD", "2026-11-01", 1) == {"lot_no": "OLD", "use_by": "2026-11-01"}
    assert lots.expired_at_scan(store, pid, None, "2026-11-01", 1) == {"lot_no": "", "use_by": "2026-11-01"}
    fresh = 5 + 4 + 10  # before lots, B-DEC, C-JAN
    assert lots.expired_at_scan(store, pid, None, None, fresh) is None
    assert lots.expired_at_scan(store, pid, None, None, fresh + 1) == {"lot_no": "A-NOV", "use_by": "2026-11-30"}
    with pytest.raises(ExpiredItem):  # what payment would say for that many without a manager
        sell(store, lotted, fresh + 1)


def test_expired_scanned_code_of_a_lot_never_received_is_refused(store, lotted):
    with pytest.raises(ExpiredItem):
        sell(store, lotted, 1, lot="OLD", use_by="2026-11-01")
    assert sell(store, lotted, 1, lot="OLD", use_by="2026-11-01", allow=lotted.manager).total == 250_000


def test_refund_and_void_go_back_to_the_line_lot(store, lotted):
    res = sell(store, lotted, 10)
    lines = {r["line_id"]: r for r in sales.refundable_lines(store, res.sale_id)}
    by_lot = {store.one("SELECT lot_no FROM sale_lines WHERE id = ?", (lid,))["lot_no"]: lid for lid in lines}
    sales.refund(store, res.sale_id, [{"line_id": by_lot["B-DEC"], "qty": 1}, {"line_id": by_lot["A-NOV"], "qty": 3}],
                 lotted.clerk, lotted.manager, "khách trả")
    assert lot_stock(store, lotted) == {"A-NOV": 3, "B-DEC": 3, "C-JAN": 10}
    refund_lines = store.all("SELECT l.lot_no, l.qty FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                             "WHERE s.kind = 'refund' ORDER BY l.line_no")
    assert refund_lines == [{"lot_no": "B-DEC", "qty": 1}, {"lot_no": "A-NOV", "qty": 3}]
    res2 = sell(store, lotted, 2, lot="C-JAN")
    sales.void_sale(store, res2.sale_id, lotted.clerk, lotted.manager, "bấm nhầm")
    assert lot_stock(store, lotted)["C-JAN"] == 10
    ledger_agrees(store)


def test_expiring_list_and_lot_count(store, lotted):
    soon = lots.expiring(store, 10)
    assert [(r["lot_no"], r["days_left"], r["on_hand"]) for r in soon] == [("A-NOV", 8, 3), ("B-DEC", 18, 4)][:1]
    assert [r["lot_no"] for r in lots.expiring(store, 20)] == ["A-NOV", "B-DEC"]
    with pytest.raises(ValidationError):
        lots.expiring(store, -1)
    with pytest.raises(PermissionDenied):
        lots.count_lot(store, lotted.lot["A-NOV"], 1, lotted.clerk)
    lots.count_lot(store, lotted.lot["A-NOV"], 1, lotted.manager)
    assert lot_stock(store, lotted)["A-NOV"] == 1 and stock.on_hand(store, lotted.shrimp) == 20
    assert store.one("SELECT count(*) AS n FROM audit_log WHERE action = 'lot.count'")["n"] == 1
    sell(store, lotted, 6)  # 5 old + A-NOV's last 1
    assert [r["lot_no"] for r in lots.expiring(store, 20)] == ["B-DEC"]
    ledger_agrees(store)


def test_a_kiosk_file_from_schema_9_upgrades_and_keeps_its_stock(tmp_path, monkeypatch, clock):
    """A file made with m010 held back, its stock booked as schema 9 stored it (the code of today
    writes lot_id, so the old movement is written as the old code wrote it)."""
    from pos import schema
    from pos.store import Store
    from tests.conftest import build_small_catalog

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        # a schema-9 file has none of the migrations from m010 on (m015 rebuilds stock_moves with lot_id)
        m.setattr(schema.migrations, "_migrations", [x for x in schema.migrations._migrations if x.name < "m010"])
        m.setattr(schema, "SCHEMA_VERSION", 9)
        with Store(path, clock=clock) as s:
            s.set_settings(device_code="HN01")
            small = build_small_catalog(s)
            with s.transaction() as conn:
                conn.execute("INSERT INTO stock_moves(id, product_id, qty, kind, device_code, at) "
                             "VALUES ('old-move', ?, 9, 'receive', 'HN01', '2026-11-01T03:00:00Z')", (small.shrimp,))
            shifts.open_shift(s, small.clerk, 0)
            assert s.conn.execute("PRAGMA user_version").fetchone()[0] == 9
            assert "lot_id" not in {c[1] for c in s.conn.execute("PRAGMA table_info(stock_moves)")}
    with Store(path, clock=clock) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 10
        assert stock.on_hand(s, small.shrimp) == 9 and lots.unlotted(s, small.shrimp) == 9
        stock.receive_delivery(s, small.producer_htx, [{"product_id": small.shrimp, "qty": 4, "lot_no": "N1",
                                                        "use_by": "2027-05-01"}], small.manager)
        res = sell(s, small, 11)
        assert [(r["lot_no"], r["qty"]) for r in lines_of(s, res.sale_id)] == [("", 9), ("N1", 2)]
        line = sales.refundable_lines(s, res.sale_id)[0]
        sales.refund(s, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], small.clerk, small.manager, "trả")
        assert lots.unlotted(s, small.shrimp) == 1 and lot_stock(s, small) == {"N1": 2}
        ledger_agrees(s)
