"""Refund and void limits hold when two tills (two Store connections on one real SQLite file) act on
the same receipt at once: what is still refundable, the sale's status and "has refunds" are read
inside the write transaction (BEGIN IMMEDIATE), so the second till sees what the first wrote.

The interleaving tests are deterministic: the second till acts exactly between the first one's
check and its write. With the check under the write lock that is impossible, so the second till is
told DatabaseLocked at once (busy_timeout 0) and tries again after the first has committed."""
from __future__ import annotations

import threading

import pytest

from pos import catalog, errors, sales
from pos.cart import Cart
from pos.store import Store

CAKE = "8930000000033"


def sell(store, ids, qty=3):
    cart = Cart()
    cart.add(catalog.lookup(store, CAKE).product, qty=qty)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 35_000 * qty}], ids.clerk)
    return res.sale_id, sales.get_sale(store, res.sale_id)["lines"][0]["id"]


def refunded(store, sale_id):
    return store.one("SELECT coalesce(sum(l.qty), 0) AS n FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                     "WHERE s.original_sale_id = ? AND s.kind = 'refund'", (sale_id,))["n"]


@pytest.fixture
def other(db_path, clock, selling):
    """The second till: its own connection, told at once when the write lock is taken."""
    s = Store(db_path, clock=clock)
    s.conn.execute("PRAGMA busy_timeout=0")
    yield s
    s.close()


def try_now(fn):
    """Run the second till's action; DatabaseLocked means it would have had to wait for the first."""
    try:
        return fn()
    except errors.DatabaseLocked as exc:
        return exc


def test_a_refund_between_another_refunds_check_and_write(store, selling, other, monkeypatch):
    sale_id, line_id = sell(store, selling)
    real = sales.refundable_lines
    between = []

    def refundable_then_other_till(st, sid):
        rows = real(st, sid)
        if st is store and not between:  # the first till has read "3 left"
            between.append(try_now(lambda: sales.refund(other, sale_id, [{"line_id": line_id, "qty": 2}],
                                                         selling.clerk, selling.manager, "khách trả")))
        return rows

    monkeypatch.setattr(sales, "refundable_lines", refundable_then_other_till)
    sales.refund(store, sale_id, [{"line_id": line_id, "qty": 2}], selling.clerk, selling.manager, "hỏng")
    assert isinstance(between[0], errors.DatabaseLocked)  # it could not act between check and write
    with pytest.raises(errors.RefundTooLarge):  # and once it can, it sees the first refund
        sales.refund(other, sale_id, [{"line_id": line_id, "qty": 2}], selling.clerk, selling.manager, "khách trả")
    assert refunded(store, sale_id) == 2


def test_a_refund_between_a_voids_check_and_write(store, selling, other, monkeypatch):
    sale_id, line_id = sell(store, selling)
    real_one = store.one
    between = []

    def one_then_other_till(sql, params=()):
        row = real_one(sql, params)
        if "original_sale_id" in sql and not between:  # the void has read "no refunds"
            between.append(try_now(lambda: sales.refund(other, sale_id, [{"line_id": line_id, "qty": 1}],
                                                         selling.clerk, selling.manager, "khách trả")))
        return row

    monkeypatch.setattr(store, "one", one_then_other_till)
    sales.void_sale(store, sale_id, selling.clerk, selling.manager, "nhầm hàng")
    assert between and isinstance(between[0], errors.DatabaseLocked)
    with pytest.raises(errors.InvalidState):
        sales.refund(other, sale_id, [{"line_id": line_id, "qty": 1}], selling.clerk, selling.manager, "khách trả")
    status = real_one("SELECT status FROM sales WHERE id = ?", (sale_id,))["status"]
    assert (status, refunded(store, sale_id)) == ("voided", 0)


def test_a_void_between_a_refunds_check_and_write(store, selling, other, monkeypatch):
    sale_id, line_id = sell(store, selling)
    real = sales.refundable_lines
    between = []

    def refundable_then_void(st, sid):
        rows = real(st, sid)
        if st is store and not between:  # the refund has read "completed, 3 left"
            between.append(try_now(lambda: sales.void_sale(other, sale_id, selling.clerk, selling.manager, "nhầm")))
        return rows

    monkeypatch.setattr(sales, "refundable_lines", refundable_then_void)
    sales.refund(store, sale_id, [{"line_id": line_id, "qty": 1}], selling.clerk, selling.manager, "hỏng")
    assert isinstance(between[0], errors.DatabaseLocked)
    with pytest.raises(errors.InvalidState):
        sales.void_sale(other, sale_id, selling.clerk, selling.manager, "nhầm")
    status = store.one("SELECT status FROM sales WHERE id = ?", (sale_id,))["status"]
    assert (status, refunded(store, sale_id)) == ("completed", 1)


def test_two_tills_racing_on_the_same_receipts(store, selling, db_path, clock):
    """Two threads, each with its own Store on the same file, refund (or void) the same receipts at
    the same moment, 40 times: never more refunded than sold, never voided and refunded."""
    tills = [Store(db_path, clock=clock) for _ in range(2)]
    problems: list[str] = []
    try:
        for round_no in range(40):
            sale_id, line_id = sell(store, selling, qty=1)
            go = threading.Barrier(2)
            outcomes: list[object] = []

            def act(till, action):
                go.wait()
                try:
                    if action == "void":
                        sales.void_sale(till, sale_id, selling.clerk, selling.manager, "nhầm")
                    else:
                        sales.refund(till, sale_id, [{"line_id": line_id, "qty": 1}], selling.clerk,
                                     selling.manager, "khách trả")
                    outcomes.append(action)
                except errors.PosError as exc:
                    outcomes.append(exc)

            actions = ("refund", "refund") if round_no % 2 else ("refund", "void")
            threads = [threading.Thread(target=act, args=(t, a)) for t, a in zip(tills, actions)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            done = [o for o in outcomes if isinstance(o, str)]
            status = store.one("SELECT status FROM sales WHERE id = ?", (sale_id,))["status"]
            n = refunded(store, sale_id)
            if len(done) != 1 or n > 1 or (status == "voided" and n):
                problems.append(f"round {round_no}: {outcomes} -> {status}, {n} refunded of 1")
    finally:
        for t in tills:
            t.close()
    assert not problems, problems
