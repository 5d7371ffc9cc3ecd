"""The promotions evaluator (pos/promotions.py): hand-computed totals for each kind and for
combinations, the validity window read in Vietnam time, and THE RULE's properties under
hypothesis (no negative line, never above the undiscounted total, a line's discount within its
rule after any line is removed, the same result whatever the scan order)."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import given, settings, strategies as st

from pos import promotions as pr
from pos.cart import Cart, CartLine
from pos.errors import ValidationError

EXAMPLES = os.environ.get("PROMO_EXAMPLES")  # more examples, random ones, when asked (PROMO_EXAMPLES=3000)
PROPERTY = settings(max_examples=int(EXAMPLES or 150), deadline=None, derandomize=not EXAMPLES, database=None)
SAT_NOON = pr.Moment("2026-12-05", 6, 12 * 60)  # a Saturday, 12:00 Vietnam time


def line(pid="honey", price=100_000, qty=1, cat="food", producer="p1", weighed=False, fixed=False,
         discount=0, lot="") -> CartLine:
    return CartLine(product_id=pid, sku=pid, name_vi=pid, name_en=pid, unit="hũ", producer_id=producer,
                    producer_name="", unit_price=price, vat_rate=10, sold_by_weight=weighed, qty=qty,
                    fixed_price=fixed, discount=discount, discount_reason="x" if discount else "", lot=lot,
                    category_id=cat)


def promo(pid, kind, **kw) -> pr.Promotion:
    return pr.from_row({"id": pid, "kind": kind, **kw})


def amounts(book, lines, at=SAT_NOON, removed=()):
    return [[(a.promotion_id, a.amount) for a in applied] for applied in pr.evaluate(book, lines, at, removed).lines]


# -- each kind, by hand ----------------------------------------------------------------------------
def test_percent_off_a_product_rounds_down_to_the_dong():
    book = pr.Book([promo("A", "percent_off", target="product", target_id="honey", percent=15)])
    # 3 x 33.333 = 99.999; 15 % = 14.999,85 -> 14.999 (down: never more off than the rule)
    assert amounts(book, [line(price=33_333, qty=3), line("tea")]) == [[("A", 14_999)], []]


def test_amount_off_per_unit_per_kilogram_and_per_label():
    book = pr.Book([promo("A", "amount_off", target="category", target_id="food", amount=5_000)])
    got = amounts(book, [line(qty=3), line("rice", price=40_000, qty=750, weighed=True),
                         line("cake", price=3_000, fixed=True), line("tea", cat="drink")])
    # 3 units x 5.000; 750 g of a 5.000/kg = 3.750; a 3.000 label capped at its price; other category none
    assert got == [[("A", 15_000)], [("A", 3_750)], [("A", 3_000)], []]


def test_producer_promotion_and_the_largest_discount_wins_ties_by_id():
    book = pr.Book([promo("B", "percent_off", target="producer", target_id="p1", percent=10),
                    promo("A", "amount_off", target="product", target_id="honey", amount=10_000),
                    promo("C", "percent_off", target="all", percent=5)])
    # honey 100.000: B 10.000 = A 10.000 -> A (smaller id); tea 50.000 of p1: B 5.000 > C 2.500
    assert amounts(book, [line(), line("tea", price=50_000)]) == [[("A", 10_000)], [("B", 5_000)]]


def test_one_book_evaluated_again_at_another_minute_or_with_a_removal_answers_afresh():
    """The book keeps which promotions are active for the last minute asked (Book.active_at): the
    next minute, or a promotion the clerk removed after it was asked, is never answered from it."""
    book = pr.Book([promo("A", "percent_off", target="product", target_id="honey", percent=10, end_minute=20 * 60)])
    at = lambda minute: pr.Moment("2026-12-05", 6, minute)  # noqa: E731
    assert amounts(book, [line()], at(19 * 60 + 59)) == [[("A", 10_000)]]
    assert amounts(book, [line()], at(19 * 60 + 59), removed=("A",)) == [[]]
    assert amounts(book, [line()], at(20 * 60)) == [[]]
    assert amounts(book, [line()], at(19 * 60 + 59)) == [[("A", 10_000)]]


def test_buy_two_get_one_free_same_product():
    book = pr.Book([promo("G", "buy_get", target="product", target_id="honey", buy_qty=2, get_qty=1,
                          percent=100)])
    assert amounts(book, [line(qty=2)]) == [[]]
    assert amounts(book, [line(qty=3)]) == [[("G", 100_000)]]
    assert amounts(book, [line(qty=7)]) == [[("G", 200_000)]]  # two groups of 3, the 7th paid


def test_buy_honey_get_tea_half_price_on_the_cheapest_units():
    book = pr.Book([promo("G", "buy_get", target="product", target_id="honey", buy_qty=2, get_qty=1,
                          get_product_id="tea", percent=50)])
    lines = [line(qty=4), line("tea", price=60_000, qty=1, lot="L2"), line("tea", price=60_000, qty=2, lot="L1")]
    # 4 honey -> 2 teas at half price; the cheapest-first order puts lot L1 first: 2 x 30.000
    assert amounts(book, lines) == [[], [], [("G", 60_000)]]


def test_spend_amount_is_shared_over_the_lines_after_line_promotions():
    book = pr.Book([promo("A", "percent_off", target="product", target_id="honey", percent=10),
                    promo("S", "spend_amount", min_total=200_000, amount=30_000),
                    promo("T", "spend_amount", min_total=100_000, amount=10_000)])
    # honey 2 x 100.000 -> 180.000 after 10 %; tea 20.000: total 200.000 reaches S (the larger)
    got = amounts(book, [line(qty=2), line("tea", price=20_000)])
    assert got == [[("A", 20_000), ("S", 27_000)], [("S", 3_000)]]
    # below 200.000 after the line promotion: only T
    assert amounts(book, [line(qty=2), line("tea", price=19_000)]) == [[("A", 20_000), ("T", 9_045)],
                                                                      [("T", 955)]]


def test_spend_gift_excludes_the_gift_from_its_threshold():
    book = pr.Book([promo("G", "spend_gift", min_total=300_000, gift_product_id="tea", gift_qty=1)])
    tea = line("tea", price=50_000)
    assert amounts(book, [line(qty=3), tea]) == [[], [("G", 50_000)]]
    assert amounts(book, [line(qty=2), line("salt", price=99_999), tea]) == [[], [], []]  # 299.999 without it
    assert amounts(book, [line(qty=3)]) == [[]]  # the gift is not in the cart: nothing to give
    assert pr.evaluate(book, [line(qty=3)], SAT_NOON).gift_hints == ["G"]  # the screen says: scan the gift
    assert pr.evaluate(book, [line(qty=3), tea], SAT_NOON).gift_hints == []


def test_a_manual_line_discount_excludes_line_promotions_but_counts_towards_spend():
    book = pr.Book([promo("A", "percent_off", target="all", percent=20),
                    promo("S", "spend_amount", min_total=150_000, amount=15_000)])
    got = amounts(book, [line(discount=5_000), line("tea", price=100_000)])
    # honey keeps its manual 5.000 (no A); tea gets A 20.000; 95.000 + 80.000 = 175.000 >= 150.000
    assert got == [[("S", 8_143)], [("A", 20_000), ("S", 6_857)]]


def test_a_removed_promotion_is_not_considered_and_the_next_best_applies():
    book = pr.Book([promo("A", "percent_off", target="all", percent=20),
                    promo("B", "percent_off", target="all", percent=10)])
    assert amounts(book, [line()], removed={"A"}) == [[("B", 10_000)]]


def test_windows_days_weekdays_and_hours_in_vietnam_time():
    weekend = promo("W", "percent_off", target="all", percent=10, weekdays="67", start_day="2026-12-01",
                    end_day="2026-12-31", start_minute=8 * 60, end_minute=20 * 60)
    # Friday 2026-12-04 23:30 UTC is Saturday 06:30 in Vietnam: a weekend day, but before 08:00
    assert not weekend.active(pr.moment(dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.timezone.utc)))
    assert weekend.active(pr.moment(dt.datetime(2026, 12, 5, 1, 0, tzinfo=dt.timezone.utc)))  # Sat 08:00
    assert not weekend.active(pr.moment(dt.datetime(2026, 12, 5, 13, 0, tzinfo=dt.timezone.utc)))  # 20:00 ends
    assert not weekend.active(pr.Moment("2026-12-07", 1, 600))  # Monday
    assert not weekend.active(pr.Moment("2027-01-02", 6, 600))  # after its end day
    night = promo("N", "percent_off", target="all", percent=10, start_minute=22 * 60, end_minute=2 * 60)
    assert night.active(pr.Moment("2026-12-05", 6, 23 * 60)) and night.active(pr.Moment("2026-12-05", 6, 60))
    assert not night.active(pr.Moment("2026-12-05", 6, 12 * 60))
    with pytest.raises(ValidationError):
        pr.moment(dt.datetime(2026, 12, 5, 12, 0))  # naive: the machine's zone would be read


def test_rows_are_checked_field_by_field():
    for bad in ({"kind": "percent_off", "percent": 120}, {"kind": "free_lunch"},
                {"kind": "percent_off", "percent": 10, "target": "product"},
                {"kind": "buy_get", "target": "product", "target_id": "x", "buy_qty": 0, "get_qty": 1, "percent": 100},
                {"kind": "spend_gift", "min_total": 5}, {"kind": "amount_off", "amount": 1.5},
                {"kind": "percent_off", "percent": 5, "weekdays": "08"},
                {"kind": "percent_off", "percent": 5, "start_day": "2026-12-09", "end_day": "2026-12-01"}):
        with pytest.raises(ValidationError):
            pr.from_row({"id": "x", **bad})


def test_explanations_in_vietnamese_and_english():
    book = pr.Book([promo("G", "buy_get", target="product", target_id="honey", buy_qty=2, get_qty=1, percent=100),
                    promo("N", "percent_off", target="all", percent=5, name_vi="Tết an khang", name_en="Tet sale")],
                   names={"tea": "Trà"})
    assert book.text("G") == ("Mua 2 tặng 1", "Buy 2 get 1 free")
    assert book.text("N") == ("Tết an khang", "Tet sale")
    gift = promo("T", "spend_gift", min_total=500_000, gift_product_id="tea", gift_qty=1)
    assert gift.text({"tea": "Trà"})[0] == "Hóa đơn từ 500.000 ₫ tặng Trà"


def test_the_cart_carries_promotions_apart_from_manual_discounts():
    book = pr.Book([promo("A", "percent_off", target="product", target_id="honey", percent=10)])
    cart = Cart()
    cart.pricing = pr.Pricing(book, lambda: dt.datetime(2026, 12, 5, 5, 0, tzinfo=dt.timezone.utc))
    product = {"id": "honey", "sku": "H", "name_vi": "Mật ong", "producer_id": "p1", "price": 100_000,
               "vat_rate": 10, "sold_by_weight": False, "category_id": "food"}
    cart.add(product, qty=2)
    t = cart.totals()
    assert (t.total, t.promo_total, t.line_discount_total, t.lines[0].net) == (180_000, 20_000, 20_000, 180_000)
    cart.set_line_discount(0, 5_000, "khách quen", threshold_pct=10)  # the manual discount replaces it
    assert (cart.lines[0].promo_discount, cart.totals().total) == (0, 195_000)
    cart.set_line_discount(0, 0)
    cart.remove_promotion("A", "clerk")
    assert cart.totals().total == 200_000 and Cart.from_dict(cart.to_dict()).removed_promotions == {"A": "clerk"}


# -- properties ---------------------------------------------------------------------------------------
PRODUCTS = ("honey", "tea", "salt", "rice")
line_st = st.builds(
    lambda pid, price, qty, weighed, discount_pct: line(
        pid, price, qty * (250 if weighed else 1), cat="food" if pid in ("honey", "tea") else "dry",
        producer="p1" if pid != "rice" else "p2", weighed=weighed,
        discount=(price * qty * discount_pct // 100) if not weighed else 0),
    st.sampled_from(PRODUCTS), st.integers(1, 300_000), st.integers(1, 8), st.booleans(),
    st.sampled_from([0, 0, 0, 10]))


@st.composite
def promo_st(draw, n):
    kind = draw(st.sampled_from(pr.KINDS))
    row = {"id": f"P{n:02d}", "kind": kind}
    if kind in ("percent_off", "amount_off"):
        target = draw(st.sampled_from(pr.TARGETS))
        row.update(target=target, target_id={"all": "", "product": draw(st.sampled_from(PRODUCTS)),
                                             "category": draw(st.sampled_from(["food", "dry"])),
                                             "producer": draw(st.sampled_from(["p1", "p2"]))}[target])
        row.update(percent=draw(st.integers(1, 100)), amount=draw(st.integers(1, 400_000)))
    elif kind == "buy_get":
        row.update(target="product", target_id=draw(st.sampled_from(PRODUCTS)), buy_qty=draw(st.integers(1, 3)),
                   get_qty=draw(st.integers(1, 3)), percent=draw(st.integers(1, 100)),
                   get_product_id=draw(st.sampled_from(("",) + PRODUCTS)))
    else:
        row.update(min_total=draw(st.integers(0, 1_000_000)), amount=draw(st.integers(1, 300_000)),
                   gift_product_id=draw(st.sampled_from(PRODUCTS)), gift_qty=draw(st.integers(1, 2)))
    return pr.from_row(row)


book_st = st.integers(0, 8).flatmap(lambda k: st.tuples(*[promo_st(i) for i in range(k)]).map(pr.Book))


def bound(book: pr.Book, lines, i: int, applied: pr.Applied) -> int:
    """The most promotion `applied` may give line i by its rule alone (whatever other lines do)."""
    p, ln = book.promotions[applied.promotion_id], lines[i]
    if p.kind in ("percent_off", "amount_off"):
        return pr.line_amount(p, ln, ln.gross)
    if p.kind == "buy_get":
        return min(ln.gross, ln.unit_price * ln.qty * p.percent // 100)
    if p.kind == "spend_gift":
        return ln.unit_price * p.gift_qty
    return p.amount


@PROPERTY
@given(book_st, st.lists(line_st, max_size=8), st.randoms(use_true_random=False))
def test_properties_of_the_rule(book, lines, rnd):
    result = pr.evaluate(book, lines, SAT_NOON)
    gross = sum(ln.gross for ln in lines)
    total = 0
    for i, (ln, applied) in enumerate(zip(lines, result.lines)):
        left = ln.gross - ln.discount - sum(a.amount for a in applied)
        assert left >= 0  # never a negative line
        total += left
        assert sum(a.level == "line" for a in applied) <= 1
        assert not (ln.discount and any(a.level == "line" for a in applied))
        for a in applied:
            assert 0 < a.amount <= bound(book, lines, i, a)
    assert 0 <= total <= gross  # never above the undiscounted total
    # deterministic, whatever the scan order: each line gets the same promotions (two identical
    # lines may trade them: the multiset of (line, its line promotion) is what is the same)
    order = list(range(len(lines)))
    rnd.shuffle(order)
    shuffled = pr.evaluate(book, [lines[i] for i in order], SAT_NOON)

    def pairs(ls, res):
        return sorted((repr(ln), sorted((a.promotion_id, a.amount) for a in applied if a.level == "line"))
                      for ln, applied in zip(ls, res.lines))
    assert pairs([lines[i] for i in order], shuffled) == pairs(lines, result)
    assert pr.evaluate(book, lines, SAT_NOON).lines == result.lines
    # removing any line: every other line's discount still within its rule
    for drop in range(len(lines)):
        rest = lines[:drop] + lines[drop + 1:]
        for i, applied in enumerate(pr.evaluate(book, rest, SAT_NOON).lines):
            for a in applied:
                assert 0 < a.amount <= bound(book, rest, i, a)
