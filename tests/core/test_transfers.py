"""Transfers between two kiosks per lot (issue 14 item 2), on real SQLite files, stock worked out by
hand: out of the lot at the sender (never more than it holds), in at the receiver under the same
lot number and dates, exactly once (a note taken in twice, or by the kiosk that sent it, books
nothing), and a write-off of one lot."""
from __future__ import annotations

import json

import pytest

from pos import lots, outbox, stock, transfers
from pos.errors import InvalidQuantity, ValidationError
from pos.store import Store
from tests.conftest import build_small_catalog


@pytest.fixture
def two(store, small, tmp_path, clock):
    """HN01 (the `store`): salt 4 without a lot, lot A 5 (use-by 2027-01-31, made 2026-10-01).
    BL01: the same catalog, lot A of salt 1 already (same dates), nothing else."""
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 4}], small.manager)
    stock.receive_delivery(store, small.producer_hh, [
        {"product_id": small.salt, "qty": 5, "lot_no": "A", "use_by": "2027-01-31", "produced_on": "2026-10-01"}],
        small.manager)
    other = Store(tmp_path / "bl01.db", clock=clock)
    other.set_settings(device_code="BL01")
    theirs = build_small_catalog(other)
    stock.receive_delivery(other, theirs.producer_hh, [
        {"product_id": theirs.salt, "qty": 1, "lot_no": "A", "use_by": "2027-01-31", "produced_on": "2026-10-01"}],
        theirs.manager)
    yield small, other, theirs
    other.close()


def lot_stock(s, product_id) -> dict:
    return {r["lot_no"]: r["on_hand"] for r in lots.lots_of(s, product_id)}


def test_out_at_one_kiosk_in_at_the_other_once(store, two):
    small, other, theirs = two
    tid, changes = transfers.send(store, "BL-SITE", [{"product_id": small.salt, "qty": 3, "lot_no": "A"},
                                                     {"product_id": small.salt, "qty": 2}], small.manager, "bổ sung hàng")
    assert changes.stock == {small.salt}
    assert stock.on_hand(store, small.salt) == 9 - 5 == stock.ledger_total(store, small.salt)
    assert lot_stock(store, small.salt) == {"A": 2} and lots.unlotted(store, small.salt) == 2
    sent = json.loads(outbox.pending_rows(store)[-1][5])
    assert sent["transfer"]["transfer_no"] == "CK-HN01-00001"
    assert [(ln["lot_no"], ln["qty"]) for ln in sent["lines"]] == [("A", 3), ("", 2)]
    code = transfers.note_code(store, tid)
    assert code.isascii() and code.startswith("OCOPCK1|" + tid)
    got, _ = transfers.receive(other, code, theirs.manager)
    assert got == tid
    assert stock.on_hand(other, theirs.salt) == 1 + 5 == stock.ledger_total(other, theirs.salt)
    assert lot_stock(other, theirs.salt) == {"A": 4} and lots.unlotted(other, theirs.salt) == 2
    lot = other.one("SELECT use_by, produced_on FROM lots WHERE lot_no = 'A'")
    assert lot == {"use_by": "2027-01-31", "produced_on": "2026-10-01"}
    moves = other.all("SELECT kind, qty, ref_id FROM stock_moves WHERE ref_type = 'transfer'")
    assert moves == [{"kind": "transfer_in", "qty": 3, "ref_id": tid}, {"kind": "transfer_in", "qty": 2, "ref_id": tid}]
    before = (other.all("SELECT * FROM stock_moves"), other.all("SELECT * FROM outbox"))
    with pytest.raises(ValidationError, match="already taken in"):
        transfers.receive(other, code, theirs.manager)
    assert (other.all("SELECT * FROM stock_moves"), other.all("SELECT * FROM outbox")) == before
    with pytest.raises(ValidationError, match="sent from this kiosk"):
        transfers.receive(store, code, small.manager)


def test_a_transfer_never_takes_more_than_the_lot(store, two):
    small, *_ = two
    before = store.all("SELECT * FROM stock_moves")
    with pytest.raises(InvalidQuantity, match="only 5"):
        transfers.send(store, "BL-SITE", [{"product_id": small.salt, "qty": 6, "lot_no": "A"}], small.manager)
    with pytest.raises(InvalidQuantity, match="only 4"):
        transfers.send(store, "BL-SITE", [{"product_id": small.salt, "qty": 5}], small.manager)
    with pytest.raises(ValidationError, match="where the goods go"):
        transfers.send(store, " ", [{"product_id": small.salt, "qty": 1}], small.manager)
    assert store.all("SELECT * FROM stock_moves") == before
    assert store.one("SELECT count(*) AS n FROM transfers")["n"] == 0


def test_a_damaged_or_foreign_code_books_nothing(store, two):
    small, other, theirs = two
    for code in ("8930000000019", "OCOPCK1|x|y", "OCOPCK1|" + "0" * 32 + "|CK|HN01|BL|MUOI-500~A~~~abc"):
        with pytest.raises(ValidationError):
            transfers.receive(other, code, theirs.manager)
    assert other.one("SELECT count(*) AS n FROM transfers")["n"] == 0


def test_a_write_off_per_lot_is_audited(store, two):
    small, *_ = two
    stock.record_move(store, small.salt, 2, "expired", "quá hạn", small.clerk, small.manager, lot_no="A")
    assert lot_stock(store, small.salt) == {"A": 3} and stock.on_hand(store, small.salt) == 7
    audit = store.one("SELECT approved_by, detail FROM audit_log WHERE action = 'stock.expired'")
    assert audit["approved_by"] == small.manager and json.loads(audit["detail"])["lot_no"] == "A"
    with pytest.raises(InvalidQuantity, match="only 3"):
        stock.record_move(store, small.salt, 4, "damaged", "vỡ", small.clerk, small.manager, lot_no="A")
    with pytest.raises(ValidationError, match="never received"):
        stock.record_move(store, small.salt, 1, "damaged", "vỡ", small.clerk, small.manager, lot_no="Z")
    with pytest.raises(ValidationError, match="comes in with"):
        stock.record_move(store, small.salt, 1, "transfer_in", "nhận", small.clerk, small.manager, lot_no="A")
    assert lot_stock(store, small.salt) == {"A": 3} and stock.on_hand(store, small.salt) == 7
