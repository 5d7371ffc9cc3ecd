"""Wrongly typed arguments reaching pos/ — a dict where a string belongs, a list as a line id, True as
a price, None, floats, NaN, huge ints — get pos's own PosError (never TypeError, KeyError or an
SQLite error) and write nothing. A table of every money- or stock-moving call of pos.sales,
pos.shifts, pos.held, pos.stock and pos.cart, each argument replaced in turn by each bad value."""
from __future__ import annotations

import math

import pytest

from pos import catalog, held, sales, shifts, stock
from pos.cart import Cart
from pos.errors import InvalidAmount, PosError

SALT, SHRIMP = "8930000000019", "8930000000026"


class Thing:
    """An object no API expects."""


BAD = [None, True, False, 0.5, 45_000.0, math.nan, math.inf, 10**30, -(10**30), -1, "",
       {"id": "x"}, ["x"], ("x",), b"x", Thing()]
NOT_STR = [v for v in BAD if not isinstance(v, str)]  # for text arguments ("" may be fine there)


def all_counts(store) -> dict:
    names = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: store.conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        cart.add(catalog.lookup(store, code).product)
    return cart


@pytest.fixture
def world(store, selling):
    res = sales.complete_sale(store, ring(store, SALT, SHRIMP), [{"method": "cash", "tendered": 295_000}],
                              selling.clerk)
    line_id = sales.get_sale(store, res.sale_id)["lines"][0]["id"]
    hid, _ = held.hold(store, ring(store, SALT), selling.clerk, "bàn 1")
    return selling, res.sale_id, line_id, hid, shifts.current(store)["id"]


def calls(store, ids, sale_id, line_id, held_id, shift_id):
    """(name, function, valid keyword arguments, {argument: bad values}) for every call under test."""
    c, m = ids.clerk, ids.manager
    cash = [{"method": "cash", "tendered": 45_000}]
    text_args = lambda *names, optional=(): {n: [v for v in NOT_STR if not (v is None and n in optional)]  # noqa: E731
                                              for n in names}
    return [
        ("complete_sale", sales.complete_sale,
         dict(cart=ring(store, SALT), payments=cash, staff_id=c, lang="vi"),
         {"cart": BAD + [{"lines": []}], "payments": BAD + [[v] for v in BAD]
          + [[{"method": "cash", "tendered": v}] for v in BAD]
          + [[{"method": v, "amount": 45_000}] for v in BAD]
          + [[{"method": "card", "amount": v, "reference": "T1"}] for v in BAD]
          + [[{"method": "card", "amount": 45_000, "reference": v}] for v in NOT_STR if v is not None]
          + [[{"method": "vietqr", "amount": 45_000, "qr_payload": v}] for v in NOT_STR if v is not None],
          "staff_id": BAD, "lang": BAD}),
        ("void_sale", sales.void_sale, dict(sale_id=sale_id, staff_id=c, manager_id=m, reason="nhầm"),
         {"sale_id": BAD, "staff_id": BAD, "manager_id": BAD, "reason": BAD}),
        ("refund", sales.refund,
         dict(sale_id=sale_id, lines=[{"line_id": line_id, "qty": 1}], staff_id=c, manager_id=m, reason="hỏng",
              method="cash", lang=None),
         {"sale_id": BAD, "staff_id": BAD, "manager_id": BAD, "reason": BAD, "method": BAD,
          "lang": [v for v in BAD if v is not None],
          "lines": BAD + [[v] for v in BAD] + [[{"line_id": v, "qty": 1}] for v in BAD]
          + [[{"line_id": line_id, "qty": v}] for v in BAD]}),
        ("refundable_lines", sales.refundable_lines, dict(sale_id=sale_id), {"sale_id": NOT_STR}),
        ("get_sale", sales.get_sale, dict(key=sale_id), {"key": BAD}),
        ("find_sales", sales.find_sales, dict(text="", day=None, limit=10),
         {**text_args("text", "day", optional=("day",)), "limit": BAD}),
        ("receipt_doc", sales.receipt_doc, dict(sale_id=sale_id), {"sale_id": BAD}),
        ("reprint", sales.reprint, dict(sale_id=sale_id, staff_id=c), {"sale_id": BAD, "staff_id": BAD}),
        ("vietqr_payload", sales.vietqr_payload, dict(amount=45_000, receipt_no=None),
         {"amount": BAD, "receipt_no": [v for v in BAD if v is not None]}),
        ("open_shift", shifts.open_shift, dict(staff_id=c, opening_float=0),
         {"staff_id": BAD, "opening_float": BAD}),
        ("cash_move", shifts.cash_move, dict(direction="in", amount=10_000, reason="tiền lẻ", staff_id=c),
         {"direction": BAD, "amount": BAD, "reason": BAD, "staff_id": BAD}),
        ("report", shifts.report, dict(shift_id=shift_id), {"shift_id": BAD}),
        ("report_doc", shifts.report_doc, dict(shift_id=shift_id, kind="x_report"),
         {"shift_id": BAD, "kind": BAD}),
        ("close_shift", shifts.close_shift, dict(staff_id=c, counted=1_000_000, manager_id=m),
         {"staff_id": BAD, "manager_id": [v for v in BAD if v is not None],
          "counted": [v for v in BAD if not (isinstance(v, int) and not isinstance(v, bool) and 0 <= v)]
          + [{k: 1} for k in (0.5, 500.0, math.nan, True, None, "abc", "５００", "-500", "500000000000", Thing())]
          + [{500_000: v} for v in BAD if not (isinstance(v, int) and not isinstance(v, bool) and v >= 0)]
          + [{500_000: 100_000, 200_000: 100_000}]}),
        ("count_cash", lambda store, **kw: shifts.count_cash(**kw), dict(counted=0),
         {"counted": [{k: 1} for k in (0.5, None, "x", Thing())] + [10**30, -1, 0.5, None, ["500"]]}),
        ("hold", held.hold, dict(cart=ring(store, SALT), staff_id=c, label=""),
         {"cart": BAD, "staff_id": BAD, "label": NOT_STR}),
        ("resume", held.resume, dict(held_id=held_id), {"held_id": BAD}),
        ("receive_delivery", stock.receive_delivery,
         dict(producer_id=ids.producer_hh, lines=[{"product_id": ids.salt, "qty": 5}], staff_id=c, note_no="",
              note=""),
         {"producer_id": BAD, "staff_id": BAD, "note_no": [v for v in NOT_STR if v is not None and v is not False],
          "note": [v for v in NOT_STR if v is not None and v is not False],
          "lines": BAD + [[v] for v in BAD] + [[{"product_id": v, "qty": 5}] for v in BAD]
          + [[{"product_id": ids.salt, "qty": v}] for v in BAD]}),
        ("record_move", stock.record_move,
         dict(product_id=ids.salt, qty=1, kind="damaged", reason="vỡ", staff_id=c, manager_id=m),
         {"product_id": BAD, "qty": BAD, "kind": BAD, "reason": NOT_STR, "staff_id": BAD,
          "manager_id": [v for v in BAD if v is not None]}),
    ]


def test_every_bad_argument_gets_a_pos_error_and_writes_nothing(store, world):
    ids, sale_id, line_id, held_id, shift_id = world
    problems = []
    tried = 0
    for name, fn, good, bad in calls(store, ids, sale_id, line_id, held_id, shift_id):
        for arg, values in bad.items():
            for value in values:
                before = all_counts(store)
                tried += 1
                try:
                    fn(store, **{**good, arg: value})
                except PosError:
                    pass
                except Exception as exc:  # noqa: BLE001 - the point: anything else is a bug
                    problems.append(f"{name}({arg}={value!r}): {type(exc).__name__}: {exc}")
                    continue
                else:
                    problems.append(f"{name}({arg}={value!r}) was accepted")
                if all_counts(store) != before:
                    problems.append(f"{name}({arg}={value!r}) wrote something")
    assert tried > 400
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("data", [
    None, [], "cart", {"lines": "x"}, {"lines": [None]}, {"lines": [{"qty": 1}]},
    {"lines": [], "order_discount": "5"}, {"lines": [], "order_discount": 1.5},
    {"lines": [], "order_discount_approved_by": {"id": 1}},
])
def test_a_damaged_saved_cart_is_refused(data):
    with pytest.raises(PosError):
        Cart.from_dict(data)


def test_a_damaged_line_in_a_saved_cart_is_refused(store, selling):
    good = ring(store, SALT).to_dict()
    for key, value in (("qty", "3"), ("qty", 0), ("unit_price", 1.5), ("unit_price", True), ("vat_rate", 7),
                       ("discount", -1), ("sold_by_weight", "no"), ("product_id", None), ("name_vi", ["x"]),
                       ("discount_approved_amount", math.nan)):
        data = {**good, "lines": [{**good["lines"][0], key: value}]}
        with pytest.raises(PosError):
            Cart.from_dict(data)


def test_a_sale_with_nothing_to_pay_refuses_payments(store, selling):
    cart = ring(store, SALT)
    cart.set_line_discount(0, 45_000, "quà tặng", approved_by=selling.manager)  # a gift: 0 ₫ to pay
    before = all_counts(store)
    for payments in ([{"method": "cash", "tendered": 50_000}], [{"method": "card", "amount": 1, "reference": "T"}],
                     [{"method": "vietqr", "amount": 45_000}]):
        with pytest.raises(InvalidAmount):
            sales.complete_sale(store, cart, payments, selling.clerk)
    assert all_counts(store) == before
    res = sales.complete_sale(store, cart, [], selling.clerk)
    assert (res.total, res.paid, res.change_due) == (0, 0, 0)
    assert sales.get_sale(store, res.sale_id)["payments"] == []
