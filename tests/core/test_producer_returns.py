"""Returns to the producer (issue 15 item 1) on a real SQLite file, with stock worked out by hand:
per lot, never more than the lot holds (read under the write lock), stock without a lot only
from what no lot holds, one producer per note, a manager and a reason, the note numbered without
gaps, and the return, its movements, audit, print job and outbox event written together or not
at all. A kiosk file from schema 13 upgrades with its ledger whole and takes the new kind."""
from __future__ import annotations

import json

import pytest

from pos import lots, outbox, print_jobs, producer_returns as pr, stock
from pos.errors import InvalidQuantity, PermissionDenied, ValidationError


@pytest.fixture
def held(store, small):
    """Salt: 4 jars from before lots, lot A (5, use-by 2027-01-31), lot B (3, use-by 2027-06-30).
    Shrimp (another producer's): 6 in lot T."""
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 4}], small.manager)
    stock.receive_delivery(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 5, "lot_no": "A", "use_by": "2027-01-31"},
        {"product_id": small.salt, "qty": 3, "lot_no": "B", "use_by": "2027-06-30"}], small.manager, note_no="PG-1")
    stock.receive_delivery(store, small.producer_htx, [{"product_id": small.shrimp, "qty": 6, "lot_no": "T"}],
                           small.manager)
    return small


def lot_stock(store, product_id) -> dict:
    return {r["lot_no"]: r["on_hand"] for r in lots.lots_of(store, product_id)}


def counts(store) -> tuple:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("producer_returns", "stock_moves", "outbox", "print_jobs", "audit_log"))


def test_a_return_takes_each_lot_and_writes_everything_at_once(store, held):
    rid, changes = pr.return_to_producer(store, held.producer_hh, [
        {"product_id": held.salt, "qty": 2, "lot_no": "A"},
        {"product_id": held.salt, "qty": 1}], held.manager, "Cận hạn sử dụng", note="xe của HTX")
    assert changes.stock == {held.salt} and changes.outbox == 1 and changes.print_jobs == 1
    # 4 + 5 + 3 = 12 received; 2 from A and 1 without a lot went back
    assert stock.on_hand(store, held.salt) == 9 == stock.ledger_total(store, held.salt)
    assert lot_stock(store, held.salt) == {"A": 3, "B": 3}
    assert lots.unlotted(store, held.salt) == 3
    ret = pr.get_return(store, rid)
    assert ret["return_no"] == "TH-HN01-00001" and ret["producer_name"] == "Hộ kinh doanh Muối Đông Hải"
    assert [(ln["lot_no"], ln["qty"]) for ln in ret["lines"]] == [("A", 2), ("", 1)]
    moves = store.all("SELECT kind, qty, ref_type, ref_id, staff_id FROM stock_moves WHERE ref_id = ?", (rid,))
    assert moves == [{"kind": "return_to_producer", "qty": -2, "ref_type": "producer_return", "ref_id": rid,
                      "staff_id": held.manager}] * 1 + [{"kind": "return_to_producer", "qty": -1,
                                                         "ref_type": "producer_return", "ref_id": rid,
                                                         "staff_id": held.manager}]
    event = outbox.pending_rows(store)[-1]
    assert event[2] == "stock.returned"
    payload = json.loads(event[5])
    assert payload["producer_return"]["return_no"] == "TH-HN01-00001"
    assert [(m["qty"], m.get("lot_no", "")) for m in payload["stock_moves"]] == [(-2, "A"), (-1, "")]
    job = store.one("SELECT id, kind, ref_id, status FROM print_jobs WHERE kind = 'return_note'")
    assert (job["ref_id"], job["status"]) == (rid, "pending")
    doc = print_jobs.get(store, job["id"])["payload"]
    assert doc["lines"] == [{"sku": "MUOI-500", "name": "Muối hầm Bạc Liêu 500g", "unit": "hũ", "qty": 2,
                             "lot_no": "A", "use_by": "2027-01-31"},
                            {"sku": "MUOI-500", "name": "Muối hầm Bạc Liêu 500g", "unit": "hũ", "qty": 1,
                             "lot_no": "", "use_by": None}]
    assert store.one("SELECT approved_by FROM audit_log WHERE action = 'stock.return_to_producer'")["approved_by"] \
        == held.manager
    rid2, _ = pr.return_to_producer(store, held.producer_hh, [{"product_id": held.salt, "qty": 3, "lot_no": "B"}],
                                    held.manager, "Không bán được")
    assert pr.get_return(store, rid2)["return_no"] == "TH-HN01-00002"
    assert lot_stock(store, held.salt) == {"A": 3, "B": 0} and stock.on_hand(store, held.salt) == 6


@pytest.mark.parametrize("lines, error, words", [
    ([{"qty": 6, "lot_no": "A"}], InvalidQuantity, "only 5"),            # lot A holds 5
    ([{"qty": 5, "lot_no": "A"}, {"qty": 4, "lot_no": "B"}], InvalidQuantity, "only 3"),  # the 2nd line: nothing
    ([{"qty": 5}], InvalidQuantity, "only 4"),                          # only 4 jars are not in a lot
    ([{"qty": 1, "lot_no": "Z"}], ValidationError, "never received"),
    ([{"qty": 1, "lot_no": "A"}, {"qty": 2, "lot_no": "A"}], ValidationError, "twice"),
    ([{"qty": 0, "lot_no": "A"}], InvalidQuantity, "more than 0"),
    ([], ValidationError, "at least one line"),
])
def test_refused_returns_change_nothing(store, held, lines, error, words):
    before = (counts(store), stock.on_hand(store, held.salt), lot_stock(store, held.salt))
    with pytest.raises(error) as exc:
        pr.return_to_producer(store, held.producer_hh, [{"product_id": held.salt, **ln} for ln in lines],
                              held.manager, "Hư hỏng")
    assert words in str(exc.value)
    assert (counts(store), stock.on_hand(store, held.salt), lot_stock(store, held.salt)) == before


def test_one_producer_a_manager_and_a_reason(store, held):
    before = counts(store)
    with pytest.raises(ValidationError, match="not made by"):
        pr.return_to_producer(store, held.producer_hh, [{"product_id": held.shrimp, "qty": 1, "lot_no": "T"}],
                              held.manager, "Hư hỏng")
    with pytest.raises(PermissionDenied):
        pr.return_to_producer(store, held.producer_hh, [{"product_id": held.salt, "qty": 1, "lot_no": "A"}],
                              held.clerk, "Hư hỏng")
    with pytest.raises(ValidationError, match="reason"):
        pr.return_to_producer(store, held.producer_hh, [{"product_id": held.salt, "qty": 1, "lot_no": "A"}],
                              held.manager, "   ")
    assert counts(store) == before


def test_a_sale_cannot_draw_what_went_back(store, held):
    """After lot A went back whole, FEFO skips it: the sale takes the old jars, then lot B."""
    from pos import catalog, sales, shifts
    from pos.cart import Cart

    pr.return_to_producer(store, held.producer_hh, [{"product_id": held.salt, "qty": 5, "lot_no": "A"}],
                          held.manager, "Cận hạn")
    shifts.open_shift(store, held.clerk, 0)
    cart = Cart()
    cart.add(catalog.get_product(store, held.salt), qty=6)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 1_000_000}], held.clerk)
    got = store.all("SELECT lot_no, qty FROM sale_lines WHERE sale_id = ? ORDER BY lot_no", (res.sale_id,))
    assert got == [{"lot_no": "", "qty": 4}, {"lot_no": "B", "qty": 2}]
    assert lot_stock(store, held.salt) == {"A": 0, "B": 1} and stock.on_hand(store, held.salt) == 1


def test_reprint_is_marked_and_audited(store, held):
    rid, _ = pr.return_to_producer(store, held.producer_hh, [{"product_id": held.salt, "qty": 1, "lot_no": "B"}],
                                   held.manager, "Hư hỏng")
    pr.reprint(store, rid, held.clerk)
    jobs = store.all("SELECT payload FROM print_jobs WHERE kind = 'return_note' ORDER BY rowid")
    assert [json.loads(j["payload"])["reprint"] for j in jobs] == [False, True]
    assert store.one("SELECT count(*) AS n FROM audit_log WHERE action = 'return_note.reprint'")["n"] == 1


def test_a_kiosk_file_from_schema_13_upgrades_with_its_ledger(tmp_path, monkeypatch, clock):
    from pos import schema
    from pos.store import Store
    from tests.conftest import build_small_catalog

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema.migrations, "_migrations",
                  [x for x in schema.migrations._migrations if x.name != "m015_producer_returns"])
        m.setattr(schema, "SCHEMA_VERSION", 13)
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
        assert stock.on_hand(s, small.salt) == 9 and lot_stock(s, small.salt) == {"A": 7}
        pr.return_to_producer(s, small.producer_hh, [{"product_id": small.salt, "qty": 3, "lot_no": "A"}],
                              small.manager, "Cận hạn")
        assert stock.on_hand(s, small.salt) == 6 == stock.ledger_total(s, small.salt)
        assert lot_stock(s, small.salt) == {"A": 4}
        with pytest.raises(Exception, match="append-only"):
            s.conn.execute("DELETE FROM stock_moves")
        names = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'stock_moves'")}
        assert {"stock_moves_cache", "stock_moves_lot_cache", "stock_moves_no_update", "stock_moves_no_delete",
                "stock_moves_product", "stock_moves_lot"} <= names
