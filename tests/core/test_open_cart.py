"""The till's open cart (pos.open_cart) on a real SQLite file: saved, read back after a restart,
and closed in the SAME transaction as the sale or the held cart that replaces it."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos import catalog, errors, held, open_cart, sales
from pos.cart import Cart
from pos.store import Store

ROOT = Path(__file__).resolve().parents[2]
CARD = {"method": "card", "amount": 200_000, "reference": "TID01/4711"}


def ring(store, manager=None):
    """Two salt, one shrimp with a 10.000 line discount, a manager-approved 20 % order discount."""
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000019").product, qty=2)
    cart.add(catalog.lookup(store, "8930000000026").product)
    cart.set_line_discount(1, 10_000, "Hộp móp")
    if manager:
        cart.set_order_discount(66_000, "Khách quen", approved_by=manager)
    return cart


def row(store):
    return store.one("SELECT cart_id, status, staff_id FROM open_cart")


def test_saved_cart_and_parts_come_back_after_a_restart(store, selling, db_path, clock):
    cart = ring(store, selling.manager)
    parts = [CARD, {"method": "vietqr", "amount": 50_000, "reference": "", "qr_payload": "000201..."},
             {"method": "cash", "tendered": 20_000, "amount": 20_000}]
    assert open_cart.save(store, "c1", cart, parts, selling.clerk) is True
    started = store.now_iso()
    clock.advance(minutes=3)
    cart.add(catalog.lookup(store, "8930000000033").product)
    assert open_cart.save(store, "c1", cart.to_dict(), parts, selling.manager)  # a dict works as well
    store.close()

    with Store(db_path, clock=clock) as again:
        back = open_cart.load(again)
        assert back.cart_id == "c1"
        assert back.cart.to_dict() == cart.to_dict()
        assert back.cart.totals().total == cart.totals().total == 90_000 + 240_000 + 35_000 - 66_000
        assert back.cart.order_discount_approved_by == selling.manager
        assert [(p["method"], p["amount"], p.get("reference")) for p in back.parts] == [
            ("card", 200_000, "TID01/4711"), ("vietqr", 50_000, ""), ("cash", 20_000, None)]
        assert back.paid == 270_000
        # who started it and when stay those of the first save, whoever saved later
        assert (back.staff_id, back.staff_name, back.started_at) == (selling.clerk, "Nguyễn Thị Lan", started)
        assert back.saved_at > back.started_at


def test_an_emptied_cart_is_no_open_sale_and_can_be_filled_again(store, selling):
    cart = ring(store)
    open_cart.save(store, "c1", cart, [], selling.clerk)
    assert open_cart.save(store, "c1", Cart(), [], selling.clerk)
    assert open_cart.load(store) is None
    open_cart.save(store, "c1", cart, [], selling.clerk)
    assert open_cart.load(store).cart.lines
    # an empty cart that still holds a payment taken is an open sale: the money must be seen
    open_cart.save(store, "c1", Cart(), [CARD], selling.clerk)
    assert open_cart.load(store).parts[0]["reference"] == "TID01/4711"


def test_complete_sale_closes_the_open_cart_and_a_late_save_cannot_bring_it_back(store, selling):
    cart = ring(store)
    open_cart.save(store, "c1", cart, [CARD], selling.clerk)
    res = sales.complete_sale(store, cart, [CARD, {"method": "cash", "tendered": 200_000}], selling.clerk)
    assert res.total == 330_000
    assert open_cart.load(store) is None and row(store)["status"] == "sold"
    # a save of the sold cart queued before the sale and written after it is refused
    assert open_cart.save(store, "c1", cart, [CARD], selling.clerk) is False
    assert open_cart.load(store) is None
    # the next sale's cart is a new one
    assert open_cart.save(store, "c2", ring(store), [], selling.clerk)
    assert open_cart.load(store).cart_id == "c2"


def test_a_failed_sale_leaves_the_open_cart_as_it_was(store, selling):
    cart = ring(store)
    open_cart.save(store, "c1", cart, [CARD], selling.clerk)
    with pytest.raises(errors.PaymentShort):
        sales.complete_sale(store, cart, [CARD], selling.clerk)
    assert open_cart.load(store).parts == [dict(CARD, qr_payload="")]


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_crash_inside_the_sale_transaction_leaves_the_open_cart_not_half_a_sale(store, selling, when):
    """A failure just before or just after the open cart is closed, inside complete_sale's
    transaction (an SQLite trigger raises there): all or nothing."""
    cart = ring(store)
    open_cart.save(store, "c1", cart, [CARD], selling.clerk)
    table = "outbox" if when == "before" else "open_cart"
    event = "INSERT" if when == "before" else "UPDATE"
    store.conn.execute(f"CREATE TEMP TRIGGER crash AFTER {event} ON main.{table} "
                       "BEGIN SELECT RAISE(ABORT, 'power cut'); END")
    with pytest.raises(sqlite3.IntegrityError):
        sales.complete_sale(store, cart, [CARD, {"method": "cash", "tendered": 200_000}], selling.clerk)
    store.conn.execute("DROP TRIGGER crash")
    assert store.one("SELECT count(*) AS n FROM sales")["n"] == 0
    assert store.one("SELECT last_no FROM receipt_counters") is None
    assert open_cart.load(store).cart.to_dict() == cart.to_dict()


def test_hold_closes_the_open_cart_and_resume_makes_it_the_open_cart_again(store, selling):
    cart = ring(store)
    open_cart.save(store, "c1", cart, [], selling.clerk)
    hid, _ = held.hold(store, cart, selling.clerk, "khách áo xanh")
    assert open_cart.load(store) is None and row(store)["status"] == "held"
    assert open_cart.save(store, "c1", cart, [], selling.clerk) is False  # late save of the held cart

    # taking it back while another sale is open would lose that sale: refused, both stay
    other = Cart()
    other.add(catalog.lookup(store, "8930000000033").product)
    open_cart.save(store, "c2", other, [], selling.clerk)
    with pytest.raises(errors.InvalidState):
        held.resume(store, hid, cart_id="c3", staff_id=selling.clerk)
    assert [h["id"] for h in held.list_held(store)] == [hid]
    assert open_cart.load(store).cart_id == "c2"

    held.hold(store, other, selling.clerk)
    back, _ = held.resume(store, hid, cart_id="c3", staff_id=selling.manager)
    now = open_cart.load(store)
    assert (now.cart_id, now.staff_id) == ("c3", selling.manager)
    assert now.cart.to_dict() == back.to_dict() == cart.to_dict()
    assert hid not in {h["id"] for h in held.list_held(store)}


def test_a_resume_that_fails_while_opening_leaves_the_sale_held(store, selling):
    cart = ring(store)
    hid, _ = held.hold(store, cart, selling.clerk)
    store.conn.execute("CREATE TEMP TRIGGER crash AFTER INSERT ON main.open_cart BEGIN SELECT RAISE(ABORT, 'x'); END")
    with pytest.raises(sqlite3.IntegrityError):
        held.resume(store, hid, cart_id="c9", staff_id=selling.clerk)
    store.conn.execute("DROP TRIGGER crash")
    assert [h["id"] for h in held.list_held(store)] == [hid]


def test_another_open_sale_is_never_overwritten(store, selling):
    open_cart.save(store, "c1", ring(store), [CARD], selling.clerk)
    with pytest.raises(errors.InvalidState):
        open_cart.save(store, "c2", ring(store), [], selling.clerk)
    # an empty cart of another id (the screen's next, still empty cart) leaves it alone
    assert open_cart.save(store, "c2", Cart(), [], selling.clerk)
    assert open_cart.load(store).cart_id == "c1"


@pytest.mark.parametrize("parts", [
    [{"method": "card", "amount": True, "reference": "x"}],
    [{"method": "card", "amount": "200000"}],
    [{"method": "cheque", "amount": 1000}],
    [{"method": "cash", "tendered": -5}],
    [{"method": "vietqr", "amount": 1000, "reference": ["x"]}],
    ["card"],
    {"method": "card"},
])
def test_bad_parts_are_refused_and_change_nothing(store, selling, parts):
    open_cart.save(store, "c1", ring(store), [CARD], selling.clerk)
    with pytest.raises(errors.PosError):
        open_cart.save(store, "c1", Cart(), parts, selling.clerk)
    assert open_cart.load(store).parts[0]["amount"] == 200_000


@pytest.mark.parametrize("cart_id, cart", [("", Cart()), (None, Cart()), ("c1", {"lines": [{"nope": 1}]}),
                                           ("c1", "cart"), ("c1", {"lines": "x"})])
def test_bad_carts_are_refused(store, selling, cart_id, cart):
    with pytest.raises(errors.PosError):
        open_cart.save(store, cart_id, cart, [], selling.clerk)
    assert row(store) is None


def test_removed_parts_and_discarded_carts_are_audited(store, selling):
    cart = ring(store)
    open_cart.save(store, "c1", cart, [CARD], selling.clerk)
    open_cart.save(store, "c1", cart, [], selling.clerk, removed_parts=[CARD])
    audit = store.one("SELECT action, staff_id, ref_id, detail FROM audit_log WHERE action = 'payment.removed'")
    assert (audit["staff_id"], audit["ref_id"]) == (selling.clerk, "c1")
    assert json.loads(audit["detail"]) == {"method": "card", "amount": 200_000, "reference": "TID01/4711",
                                           "qr_payload": ""}
    open_cart.discard(store, "c1", cart, [CARD], selling.clerk)
    assert open_cart.load(store) is None
    audit = store.one("SELECT detail FROM audit_log WHERE action = 'cart.discarded'")
    assert json.loads(audit["detail"])["total"] == 330_000
    assert json.loads(audit["detail"])["parts"][0]["reference"] == "TID01/4711"
    assert open_cart.save(store, "c1", cart, [CARD], selling.clerk) is False
    # discarding a cart whose first save never landed still stops that save from landing later
    open_cart.discard(store, "c2", ring(store), [], selling.clerk)
    assert open_cart.save(store, "c2", ring(store), [], selling.clerk) is False


CHILD = r"""
import sys
from pos import catalog, held, open_cart, sales
from pos.cart import Cart
from pos.store import Store
store = Store(sys.argv[1])
clerk = store.one("SELECT id FROM staff WHERE role = 'clerk'")["id"]
print("ready", flush=True)
i = int(sys.argv[2])
while True:
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000019").product, qty=1 + i % 5)
    open_cart.save(store, f"c{i}", cart, [{"method": "card", "amount": 1000, "reference": f"R{i}"}], clerk)
    if i % 3 == 2:
        held.hold(store, cart, clerk, f"c{i}")
    else:
        sales.complete_sale(store, cart, [{"method": "card", "amount": 1000, "reference": f"R{i}"},
                                          {"method": "cash", "tendered": 500_000}], clerk)
    i += 1
"""


@pytest.mark.slow
def test_sigkill_between_saves_sales_and_holds_leaves_exactly_one_of_them(tmp_path, db_path, clock):
    """Killed at random while saving open carts, completing and holding them: every cart c<i> is
    either the open cart, a sale or a held sale - never two of them, never none."""
    from pos import shifts, stock
    from tests.conftest import build_small_catalog

    with Store(db_path, clock=clock) as s:
        s.set_settings(device_code="HN01")
        small = build_small_catalog(s)
        stock.receive_delivery(s, small.producer_hh, [{"product_id": small.salt, "qty": 1_000_000}], small.manager)
        shifts.open_shift(s, small.clerk, 0)
    rng = random.Random(7)
    start = 0
    for _round in range(8):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), str(start)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        with Store(db_path) as s:
            assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            sold = {r["reference"] for r in s.all("SELECT reference FROM payments WHERE method = 'card'")}
            kept = {r["label"] for r in s.all("SELECT label FROM held_sales")}
            row_ = s.one("SELECT cart_id, status FROM open_cart")
            done = {f"c{ref[1:]}" for ref in sold} | kept
            n = len(done)
            assert len(sold) + len(kept) == n, "a cart sold or held twice"
            assert done == {f"c{i}" for i in range(n)}, "a cart lost"
            is_open = {row_["cart_id"]} if row_ and row_["status"] == "open" else set()
            assert is_open <= {f"c{n}"}, "a cart both open and sold or held"
            if row_ and row_["status"] != "open":  # closed: by the sale or hold that was written
                assert row_["cart_id"] == f"c{n - 1}" and row_["status"] in ("sold", "held")
            start = n + (1 if is_open else 0)
            if is_open:  # finish the open one as the restarted kiosk would (taken as a sale)
                back = open_cart.load(s)
                sales.complete_sale(s, back.cart, back.parts + [{"method": "cash", "tendered": 500_000}],
                                    small.clerk)
    assert start > 10, "the child should have got through some carts"
