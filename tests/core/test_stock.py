"""Stock ledger: deliveries, write-offs, transfers, blind counts, and the outbox/audit trail."""
from __future__ import annotations

import json
import sqlite3

import pytest

from pos import catalog, outbox, staff, stock
from pos.errors import (ApprovalRequired, InvalidQuantity, InvalidState, PermissionDenied, PosError,
                        UnknownProduct, ValidationError)
from pos.store import Store
from testclock import Clock


@pytest.fixture
def kstore(tmp_path):
    s = Store(tmp_path / "kiosk.db", clock=Clock())
    yield s
    s.close()


@pytest.fixture
def world(kstore):
    w = {}
    w["salt_co"], _ = catalog.upsert_producer(kstore, {"code": "HTXMUOI", "name": "HTX Muối Đông Hải",
                                                       "kind": "cooperative", "commission_bp": 1500})
    w["fish_hh"], _ = catalog.upsert_producer(kstore, {"code": "HKDKHO", "name": "Cơ sở Khô Cá Bảy Đời",
                                                       "kind": "household", "commission_bp": 2000})
    w["salt"], _ = catalog.upsert_product(kstore, {
        "sku": "MUOI-HAM-500", "name_vi": "Muối hầm Bạc Liêu 500 g", "producer_id": w["salt_co"],
        "unit": "hũ", "price": 45000, "vat_rate": 8, "low_stock": 10,
        "ocop_stars": 4, "ocop_cert_no": "OCOP-BL-2023-041", "ocop_cert_issued": "2023-12-20"})
    w["chili"], _ = catalog.upsert_product(kstore, {
        "sku": "MUOI-OT-200", "name_vi": "Muối ớt Bạc Liêu 200 g", "producer_id": w["salt_co"],
        "unit": "hũ", "price": 30000, "vat_rate": 8, "low_stock": 5,
        "ocop_stars": 3, "ocop_cert_no": "OCOP-BL-2023-002", "ocop_cert_issued": "2023-01-10"})
    w["fish"], _ = catalog.upsert_product(kstore, {
        "sku": "KHO-CA-DU", "name_vi": "Khô cá dứa một nắng", "producer_id": w["fish_hh"],
        "unit": "kg", "sold_by_weight": 1, "price": 420000, "vat_rate": 5, "low_stock": 2000})
    w["clerk"], _ = staff.create_staff(kstore, "NV01", "Nguyễn Thị Lan", "clerk", "1111")
    w["mgr"], _ = staff.create_staff(kstore, "QL01", "Lê Hoàng Yến", "manager", "9999")
    return w


def state(store):
    """Everything a stock call may touch, to prove a refusal changed nothing."""
    return {t: store.all(f"SELECT * FROM {t} ORDER BY 1, 2")
            for t in ("stock_moves", "stock_on_hand", "deliveries", "delivery_lines", "stock_counts",
                      "stock_count_lines", "outbox", "audit_log")}


def events(store, type_):
    return [e for e in outbox.pending(store) if e["type"] == type_]


def test_receive_delivery_books_moves_and_event(kstore, world):
    did, ch = stock.receive_delivery(kstore, world["salt_co"], [
        {"product_id": world["salt"], "qty": 40, "expires": "2028-06-30"},
        {"product_id": world["chili"], "qty": 24}], world["clerk"], note_no="PG-0007", note="giao sáng")
    assert ch.stock == {world["salt"], world["chili"]} and ch.outbox == 1
    assert stock.on_hand(kstore, world["salt"]) == 40
    assert stock.on_hand(kstore, world["chili"]) == 24
    assert stock.on_hand(kstore, world["fish"]) == 0
    d = stock.delivery(kstore, did)
    assert d["note_no"] == "PG-0007" and {l["product_id"]: l["qty"] for l in d["lines"]} == {
        world["salt"]: 40, world["chili"]: 24}
    [ev] = events(kstore, "stock.received")
    assert ev["payload"]["delivery"]["id"] == did
    assert sorted(m["qty"] for m in ev["payload"]["stock_moves"]) == [24, 40]
    assert all(m["kind"] == "receive" and m["ref_id"] == did for m in ev["payload"]["stock_moves"])
    assert {l["expires"] for l in ev["payload"]["lines"]} == {"2028-06-30", None}
    # a second delivery adds up; the cache agrees with the ledger
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 5}], world["clerk"])
    assert stock.on_hand(kstore, world["salt"]) == 45 == stock.ledger_total(kstore, world["salt"])


def test_weighed_goods_are_received_in_grams(kstore, world):
    stock.receive_delivery(kstore, world["fish_hh"], [{"product_id": world["fish"], "qty": 12_500}], world["clerk"])
    assert stock.on_hand(kstore, world["fish"]) == 12_500
    # 50 kg of dried fish is plausible in grams; 2 tonnes of jars is not
    stock.receive_delivery(kstore, world["fish_hh"], [{"product_id": world["fish"], "qty": 50_000}], world["clerk"])
    with pytest.raises(InvalidQuantity):
        stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 2_000_000}],
                               world["clerk"])


@pytest.mark.parametrize("case", ["wrong_producer", "zero", "negative", "float", "absurd", "unknown_product",
                                  "no_lines", "unknown_producer", "bad_expiry", "duplicate", "unknown_staff",
                                  "bool", "absurd_grams", "not_a_dict", "not_a_list"])
def test_receive_bad_input_changes_nothing(kstore, world, case):
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 3}], world["clerk"])
    before = state(kstore)
    good = {"product_id": world["salt"], "qty": 10}
    producer, lines, who = world["salt_co"], [good], world["clerk"]
    expected = ValidationError
    if case == "wrong_producer":
        lines = [good, {"product_id": world["fish"], "qty": 1000}]
    elif case == "zero":
        lines, expected = [good, {"product_id": world["chili"], "qty": 0}], InvalidQuantity
    elif case == "negative":
        lines, expected = [{"product_id": world["chili"], "qty": -5}], InvalidQuantity
    elif case == "float":
        lines, expected = [{"product_id": world["chili"], "qty": 2.5}], InvalidQuantity
    elif case == "bool":
        lines, expected = [{"product_id": world["chili"], "qty": True}], InvalidQuantity
    elif case == "absurd":
        lines, expected = [good, {"product_id": world["chili"], "qty": 1_000_001}], InvalidQuantity
    elif case == "absurd_grams":
        producer = world["fish_hh"]
        lines, expected = [{"product_id": world["fish"], "qty": 1_000_000_001}], InvalidQuantity
    elif case == "unknown_product":
        lines, expected = [good, {"product_id": "nope", "qty": 1}], UnknownProduct
    elif case == "no_lines":
        lines = []
    elif case == "unknown_producer":
        producer = "nope"
    elif case == "bad_expiry":
        lines = [dict(good, expires="31/12/2027")]
    elif case == "duplicate":
        lines = [good, dict(good, qty=2)]
    elif case == "unknown_staff":
        who = "ghost"
    elif case == "not_a_dict":
        lines = [good, (world["chili"], 3)]
    elif case == "not_a_list":
        lines = good
    with pytest.raises(expected) as exc:
        stock.receive_delivery(kstore, producer, lines, who)
    assert isinstance(exc.value, PosError) and exc.value.message
    assert state(kstore) == before
    if case == "wrong_producer":
        assert "Khô cá dứa" in exc.value.message and "HTX Muối Đông Hải" in exc.value.message


def test_ledger_is_append_only(kstore, world):
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 3}], world["clerk"])
    with pytest.raises(sqlite3.IntegrityError):
        kstore.conn.execute("UPDATE stock_moves SET qty = 300")
    with pytest.raises(sqlite3.IntegrityError):
        kstore.conn.execute("DELETE FROM stock_moves")
    assert stock.on_hand(kstore, world["salt"]) == 3


def test_record_moves_signs_reasons_and_approval(kstore, world):
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 30}], world["clerk"])
    ch = stock.record_move(kstore, world["salt"], 2, "damaged", "hũ vỡ khi trưng bày", world["clerk"],
                           manager_id=world["mgr"])
    assert ch.stock == {world["salt"]}
    stock.record_move(kstore, world["salt"], 5, "transfer_out", "chuyển sang điểm bán Hà Nội", world["clerk"])
    stock.record_move(kstore, world["salt"], 1, "expired", "quá hạn sử dụng", world["clerk"], manager_id=world["mgr"])
    stock.record_move(kstore, world["salt"], 4, "transfer_in", "nhận từ kho tỉnh", world["clerk"])
    assert stock.on_hand(kstore, world["salt"]) == 30 - 2 - 5 - 1 + 4 == stock.ledger_total(kstore, world["salt"])
    rows = stock.ledger(kstore, world["salt"], limit=10)
    assert [(r["kind"], r["qty"], r["balance"]) for r in rows] == [
        ("transfer_in", 4, 26), ("expired", -1, 22), ("transfer_out", -5, 23), ("damaged", -2, 28),
        ("receive", 30, 30)]
    assert rows[0]["staff_name"] == "Nguyễn Thị Lan"
    assert len(stock.ledger(kstore, world["salt"], limit=2)) == 2
    moved = events(kstore, "stock.moved")
    assert [e["payload"]["stock_moves"][0]["qty"] for e in moved] == [-2, -5, -1, 4]
    audits = kstore.all("SELECT * FROM audit_log WHERE action LIKE 'stock.%' ORDER BY id")
    assert [(a["action"], a["approved_by"]) for a in audits] == [
        ("stock.damaged", world["mgr"]), ("stock.expired", world["mgr"])]
    assert json.loads(audits[0]["detail"])["reason"] == "hũ vỡ khi trưng bày"


@pytest.mark.parametrize("args,exc", [
    ((2, "damaged", "vỡ", "clerk", None), ApprovalRequired),       # write-off without manager
    ((2, "damaged", "vỡ", "clerk", "clerk"), PermissionDenied),    # a clerk is no manager
    ((2, "damaged", "  ", "clerk", "mgr"), ValidationError),       # no reason
    ((2, "transfer_in", "", "clerk", None), ValidationError),
    ((2, "sale", "x", "clerk", None), ValidationError),            # not a manual kind
    ((2, "receive", "x", "clerk", None), ValidationError),
    ((0, "transfer_in", "x", "clerk", None), InvalidQuantity),
    ((-3, "transfer_in", "x", "clerk", None), InvalidQuantity),
    ((1_000_001, "transfer_in", "x", "clerk", None), InvalidQuantity),
    ((11, "transfer_out", "x", "clerk", None), InvalidQuantity),   # more than on hand
    ((2, "transfer_out", "x", "ghost", None), ValidationError),
])
def test_record_move_bad_input_changes_nothing(kstore, world, args, exc):
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 10}], world["clerk"])
    before = state(kstore)
    qty, kind, reason, who, mgr = args
    with pytest.raises(exc):
        stock.record_move(kstore, world["salt"], qty, kind, reason, world.get(who, who), world.get(mgr, mgr))
    with pytest.raises(UnknownProduct):
        stock.record_move(kstore, "nope", 1, "transfer_in", "x", world["clerk"])
    assert state(kstore) == before


def test_blind_count_flow(kstore, world):
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 40},
                                                      {"product_id": world["chili"], "qty": 24}], world["clerk"])
    stock.receive_delivery(kstore, world["fish_hh"], [{"product_id": world["fish"], "qty": 8_000}], world["clerk"])
    cid = stock.start_count(kstore, world["clerk"], note="kiểm kê cuối tháng")
    with pytest.raises(InvalidState):
        stock.start_count(kstore, world["clerk"])  # one open count at a time
    assert stock.record_count(kstore, cid, world["salt"], 35) is None  # blind: nothing comes back
    stock.record_count(kstore, cid, world["salt"], 37)  # recount replaces
    stock.record_count(kstore, cid, world["chili"], 24)
    stock.record_count(kstore, cid, world["fish"], 7_650)
    seen = stock.counted_products(kstore, cid)
    assert {r["product_id"]: r["counted"] for r in seen} == {world["salt"]: 37, world["chili"]: 24,
                                                               world["fish"]: 7_650}
    assert all("expected" not in r and "on_hand" not in r for r in seen)
    # a move after the salt was counted: the 37 seen on the shelf were counted against the 40 the
    # ledger held then; the jar that left afterwards leaves 36 on the shelf, not 37
    stock.record_move(kstore, world["salt"], 1, "transfer_out", "mẫu thử", world["clerk"])
    var = {r["product_id"]: r for r in stock.count_variances(kstore, cid)}
    salt = var[world["salt"]]
    assert (salt["counted"], salt["expected"], salt["variance"], salt["moved_since"], salt["after"]) == (37, 40, -3, -1, 36)
    assert var[world["chili"]]["variance"] == 0
    assert var[world["fish"]]["variance"] == -350
    with pytest.raises(PermissionDenied):
        stock.approve_count(kstore, cid, world["clerk"])
    ch = stock.approve_count(kstore, cid, world["mgr"])
    assert ch.stock == {world["salt"], world["fish"]}
    assert stock.on_hand(kstore, world["salt"]) == 36
    assert stock.on_hand(kstore, world["chili"]) == 24
    assert stock.on_hand(kstore, world["fish"]) == 7_650
    assert stock.ledger(kstore, world["fish"], 1)[0]["kind"] == "count_adjust"
    # the approved figures stay as they were booked
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 10}], world["clerk"])
    var = {r["product_id"]: r for r in stock.count_variances(kstore, cid)}
    assert (var[world["salt"]]["expected"], var[world["salt"]]["variance"], var[world["salt"]]["moved_since"]) == (40, -3, 0)
    count = kstore.one("SELECT * FROM stock_counts WHERE id = ?", (cid,))
    assert count["status"] == "approved" and count["approved_by"] == world["mgr"]
    [ev] = events(kstore, "stock_count.approved")
    assert ev["payload"]["count"]["id"] == cid and len(ev["payload"]["lines"]) == 3
    assert sorted(m["qty"] for m in ev["payload"]["stock_moves"]) == [-350, -3]
    assert {l["product_id"]: l["expected"] for l in ev["payload"]["lines"]} == {
        world["salt"]: 40, world["chili"]: 24, world["fish"]: 8_000}
    audit = kstore.one("SELECT * FROM audit_log WHERE action = 'stock_count.approve'")
    assert audit["approved_by"] == world["mgr"] and audit["ref_id"] == cid
    # closed: no more counting, approving or cancelling
    before = state(kstore)
    for call in (lambda: stock.record_count(kstore, cid, world["salt"], 1),
                 lambda: stock.approve_count(kstore, cid, world["mgr"]),
                 lambda: stock.cancel_count(kstore, cid, world["mgr"])):
        with pytest.raises(InvalidState):
            call()
    assert state(kstore) == before
    # a new count can start now
    assert stock.start_count(kstore, world["clerk"]) != cid


def test_count_bad_input_and_cancel(kstore, world):
    cid = stock.start_count(kstore, world["clerk"])
    before = state(kstore)
    with pytest.raises(InvalidState):
        stock.approve_count(kstore, cid, world["mgr"])  # nothing counted
    for bad in (-1, 1.5, None, 1_000_001):
        with pytest.raises(InvalidQuantity):
            stock.record_count(kstore, cid, world["salt"], bad)
    with pytest.raises(UnknownProduct):
        stock.record_count(kstore, cid, "nope", 1)
    with pytest.raises(ValidationError):
        stock.record_count(kstore, "no-count", world["salt"], 1)
    assert state(kstore) == before
    stock.record_count(kstore, cid, world["salt"], 0)  # an empty shelf is a valid count
    stock.cancel_count(kstore, cid, world["clerk"])
    with pytest.raises(InvalidState):
        stock.record_count(kstore, cid, world["salt"], 3)
    assert stock.on_hand(kstore, world["salt"]) == 0
    assert kstore.all("SELECT * FROM stock_moves") == []


def test_stock_list_low_and_certificates(kstore, world):
    stock.receive_delivery(kstore, world["salt_co"], [{"product_id": world["salt"], "qty": 40},
                                                      {"product_id": world["chili"], "qty": 5}], world["clerk"])
    rows = {r["sku"]: r for r in stock.stock_list(kstore)}
    assert set(rows) == {"MUOI-HAM-500", "MUOI-OT-200", "KHO-CA-DU"}
    salt, chili, fish = rows["MUOI-HAM-500"], rows["MUOI-OT-200"], rows["KHO-CA-DU"]
    assert (salt["on_hand"], salt["is_low"], salt["producer_name"]) == (40, False, "HTX Muối Đông Hải")
    assert (chili["on_hand"], chili["is_low"]) == (5, True)  # at the threshold
    assert (fish["on_hand"], fish["is_low"]) == (0, True)
    # today is 2026-11-22 on the store clock; 2023-12-20 + 36 months = 2026-12-20 -> 28 days left
    assert salt["ocop_cert_expires"] == "2026-12-20"
    assert (salt["days_to_expiry"], salt["cert_expiring"], salt["cert_expired"]) == (28, True, False)
    assert chili["ocop_cert_expires"] == "2026-01-10" and chili["cert_expired"] and not chili["cert_expiring"]
    assert fish["days_to_expiry"] is None and not fish["cert_expired"]
    assert {r["sku"] for r in stock.stock_list(kstore, low_only=True)} == {"MUOI-OT-200", "KHO-CA-DU"}
    short = {r["sku"]: r for r in stock.stock_list(kstore, expiring_days=20)}
    assert not short["MUOI-HAM-500"]["cert_expiring"]
    assert {r["sku"] for r in stock.expiring_certificates(kstore)} == {"MUOI-HAM-500", "MUOI-OT-200"}


def test_everything_survives_reopen(tmp_path):
    path = tmp_path / "k.db"
    s = Store(path)
    p, _ = catalog.upsert_producer(s, {"code": "P1", "name": "Tổ hợp tác Tôm khô Gành Hào", "kind": "coop_group"})
    prod, _ = catalog.upsert_product(s, {"sku": "TOM-KHO-250", "name_vi": "Tôm khô Gành Hào 250 g",
                                         "producer_id": p, "price": 280000, "vat_rate": 8})
    who, _ = staff.create_staff(s, "NV01", "Lan", "clerk", "1111")
    stock.receive_delivery(s, p, [{"product_id": prod, "qty": 12}], who)
    s.close()
    s2 = Store(path)
    assert stock.on_hand(s2, prod) == 12 == stock.ledger_total(s2, prod)
    s2.close()


def _sell(store, product_id, qty, clerk):
    from pos import sales
    from pos.cart import Cart

    cart = Cart()
    cart.add(catalog.get_product(store, product_id), qty=qty)
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": cart.totals().total}], clerk)


def test_count_while_the_kiosk_sells_books_what_the_shelf_held(store, selling):
    """The kiosk keeps selling during a count. Salt: 100 on the shelf and in the ledger; counted
    100, then 2 sold before the manager approves: the shelf holds 98 and so must the ledger (the
    rule of expected-at-approval booked +2 and showed 100: phantom stock). Shrimp: 2 sold before
    counting, 46 seen (2 went missing), then the customer brings 1 back: shelf 47."""
    from pos import sales

    sold_early = _sell(store, selling.shrimp, 2, selling.clerk)  # ledger 48, shelf 46 (2 missing)
    cid = stock.start_count(store, selling.clerk)
    stock.record_count(store, cid, selling.salt, 100)
    stock.record_count(store, cid, selling.shrimp, 46)
    _sell(store, selling.salt, 2, selling.clerk)
    [line] = sales.refundable_lines(store, sold_early.sale_id)
    sales.refund(store, sold_early.sale_id, [{"line_id": line["line_id"], "qty": 1}], selling.clerk,
                 selling.manager, "khách đổi ý")
    var = {r["product_id"]: r for r in stock.count_variances(store, cid)}
    assert [(var[p]["expected"], var[p]["variance"], var[p]["moved_since"], var[p]["after"])
            for p in (selling.salt, selling.shrimp)] == [(100, 0, -2, 98), (48, -2, 1, 47)]
    ch = stock.approve_count(store, cid, selling.manager)
    assert ch.stock == {selling.shrimp}
    assert stock.on_hand(store, selling.salt) == 98 == stock.ledger_total(store, selling.salt)
    assert stock.on_hand(store, selling.shrimp) == 47


def test_a_recount_takes_the_on_hand_of_its_own_moment(store, selling):
    cid = stock.start_count(store, selling.clerk)
    stock.record_count(store, cid, selling.salt, 99)  # ledger 100: one missing
    _sell(store, selling.salt, 3, selling.clerk)  # ledger 97
    stock.record_count(store, cid, selling.salt, 95)  # counted again after the sale: 2 missing now
    [row] = stock.count_variances(store, cid)
    assert (row["counted"], row["expected"], row["variance"], row["after"]) == (95, 97, -2, 95)
    stock.approve_count(store, cid, selling.manager)
    assert stock.on_hand(store, selling.salt) == 95


def test_upgrade_gives_open_counts_an_expected_figure(tmp_path):
    """A count left open by the previous version has lines without `expected`: the upgrade fills
    them with the on-hand of that moment, and approval books counted - expected from there."""
    path = tmp_path / "old.db"
    s = Store(path)
    p, _ = catalog.upsert_producer(s, {"code": "P1", "name": "HTX Muối", "kind": "cooperative"})
    prod, _ = catalog.upsert_product(s, {"sku": "MUOI", "name_vi": "Muối", "producer_id": p, "price": 1000,
                                         "vat_rate": 0})
    clerk, _ = staff.create_staff(s, "NV01", "Lan", "clerk", "1111")
    mgr, _ = staff.create_staff(s, "QL01", "Yến", "manager", "9999")
    stock.receive_delivery(s, p, [{"product_id": prod, "qty": 12}], clerk)
    cid = stock.start_count(s, clerk)
    stock.record_count(s, cid, prod, 10)
    with s.transaction() as conn:  # as the previous version left it
        conn.execute("UPDATE stock_count_lines SET expected = NULL")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_count_expected_at_count'")
    s.conn.execute("PRAGMA user_version=5")
    s.close()
    s = Store(path)
    assert s.one("SELECT expected FROM stock_count_lines")["expected"] == 12
    stock.approve_count(s, cid, mgr)
    assert stock.on_hand(s, prod) == 10
    s.close()
