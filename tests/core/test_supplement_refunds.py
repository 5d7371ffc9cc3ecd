"""Refunds and voids of what a supplement charged (pos/refundable.py): a raised unit gives back its
first price and its raise, a supplement's goods refund like a sale's, a supplement voids on its
shift; each with a reducing adjustment of the invoice the goods were sold on, numbered next; the
refusals change nothing."""
from __future__ import annotations

import json

import pytest

from pos import catalog, lots, sales, shifts, stock, supplements
from pos.cart import Cart
from pos.einvoice import issue, printed, sellers
from pos.errors import InvalidState, PermissionDenied, RefundTooLarge
from pos.money import line_amount, vat_part

from einvoice_setup import einvoice
from test_gift_sets import sell_boxes, tet  # noqa: F401 - the Tết box fixture

CASH = [{"method": "cash", "tendered": 10_000_000}]


@pytest.fixture
def selling(store, small):
    """The small catalog, shrimp and cakes in lots (so a refund is seen going back to its lot), a
    shift open with a 1.000.000 ₫ float. The business day is 2026-11-22."""
    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 100},
                                                      {"product_id": small.fish, "qty": 20_000}], small.manager)
    stock.receive_delivery(store, small.producer_htx, [
        {"product_id": small.shrimp, "qty": 3, "lot_no": "T-11", "use_by": "2026-12-31"},
        {"product_id": small.cake, "qty": 5, "lot_no": "BD-11", "use_by": "2026-12-31"}], small.manager)
    shifts.open_shift(store, small.clerk, 1_000_000)
    return small


def _sell(store, selling):
    cart = Cart()
    cart.add(catalog.get_product(store, selling.salt), qty=2)          # 2 x 45.000, VAT 0 %
    cart.add(catalog.get_product(store, selling.shrimp), qty=1)        # 250.000, VAT 8 %
    cart.add(catalog.get_product(store, selling.fish), grams=350)      # 350 g x 420.000 /kg = 147.000, VAT 5 %
    return sales.complete_sale(store, cart, CASH, selling.clerk)


def _line(store, sale_id, product_id):
    return next(ln for ln in sales.get_sale(store, sale_id)["lines"] if ln["product_id"] == product_id)


def _supplemented(store, selling):
    """A sale (invoice no. 1) and its supplement (increase no. 2): 2 cakes added (35.000 each, VAT
    10 %), shrimp raised to 265.000, salt to 46.000, fish to 440.000 /kg."""
    sellers.apply_settings(store, einvoice())
    sale = _sell(store, selling)
    lines = {p: _line(store, sale.sale_id, p) for p in (selling.salt, selling.shrimp, selling.fish)}
    cart = Cart()
    cart.add(catalog.get_product(store, selling.cake), qty=2)
    supp = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "thiếu", CASH, cart=cart,
                                  raises=[{"line_id": lines[selling.shrimp]["id"], "unit_price": 265_000},
                                          {"line_id": lines[selling.salt]["id"], "unit_price": 46_000},
                                          {"line_id": lines[selling.fish]["id"], "unit_price": 440_000}])
    assert supp.total == 70_000 + 15_000 + 2_000 + 7_000
    return sale, supp, lines


def _refund(store, selling, sale_id, line_id, qty, **kw):
    return sales.refund(store, sale_id, [{"line_id": line_id, "qty": qty}], selling.clerk,
                        kw.pop("manager", selling.manager), "khách trả", **kw)


def _counts(store):
    return {t: store.one(f"SELECT count(*) AS n FROM {t}")["n"]
            for t in ("sales", "sale_lines", "payments", "stock_moves", "invoices", "invoice_lines", "outbox",
                      "audit_log")} | {
        "receipt": store.one("SELECT last_no FROM receipt_counters")["last_no"],
        "invoice_no": store.one("SELECT sum(last_no) AS n FROM invoice_counters")["n"],
        "voided": store.one("SELECT count(*) AS n FROM sales WHERE status = 'voided'")["n"]}


def _check_lines(inv):
    for ln in inv["lines"]:
        assert ln["amount"] == line_amount(ln["unit_price"], ln["qty"], bool(ln["by_weight"])) - ln["discount"]
        assert ln["vat_amount"] == vat_part(ln["amount"], ln["vat_rate"])
        assert ln["pre_vat"] == ln["amount"] - ln["vat_amount"]


def test_a_raised_unit_gives_back_its_price_and_its_raise(store, selling):
    sale, supp, lines = _supplemented(store, selling)
    (orig_inv,) = issue.of_sale(store, sale.sale_id)
    shrimp = lines[selling.shrimp]
    on_lot = stock.on_hand(store, selling.shrimp)
    lot_before = lots.lot_on_hand(store, shrimp["lot_id"])
    ref = _refund(store, selling, sale.sale_id, shrimp["id"], 1)
    # by hand: 250.000 paid with the sale + 15.000 with the supplement; VAT 8 % of 265.000 = 19.630
    assert ref.total == 265_000 and ref.paid == 265_000
    got = sales.get_sale(store, ref.sale_id)
    assert got["original_sale_id"] == sale.sale_id and got["vat_total"] == 19_630
    (rl,) = got["lines"]
    assert (rl["original_line_id"], rl["qty"], rl["unit_price"], rl["net"], rl["lot_id"]) == (
        shrimp["id"], 1, 265_000, 265_000, shrimp["lot_id"])
    assert stock.on_hand(store, selling.shrimp) == on_lot + 1 and shrimp["lot_id"]
    move = store.one("SELECT * FROM stock_moves WHERE ref_id = ?", (ref.sale_id,))
    assert (move["qty"], move["lot_id"]) == (1, shrimp["lot_id"])
    assert lots.lot_on_hand(store, shrimp["lot_id"]) == lot_before + 1
    # the reducing adjustment names the invoice the shrimp was sold on, number 3 after the increase
    (dec,) = issue.of_sale(store, ref.sale_id)
    assert (dec["kind"], dec["related_invoice_id"], dec["number"]) == ("adjustment", orig_inv["id"], 3)
    assert (dec["total"], dec["vat_total"]) == (-265_000, -19_630)
    assert [(ln["qty"], ln["unit_price"], ln["amount"]) for ln in dec["lines"]] == [(-1, 265_000, -265_000)]
    _check_lines(dec)
    (doc,) = printed.invoice_docs(store, ref.sale_id, voided=False)
    assert "Điều chỉnh giảm cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 22/11/2026" in json.dumps(
        doc, ensure_ascii=False)
    audit = store.one("SELECT * FROM audit_log WHERE action = 'refund'")
    assert audit["approved_by"] == selling.manager
    assert [ln["refundable_qty"] for ln in sales.refundable_lines(store, sale.sale_id)
            if ln["line_id"] == shrimp["id"]] == [0]


def test_raised_units_refunded_one_by_one_give_back_the_exact_sum(store, selling):
    sale, _supp, lines = _supplemented(store, selling)
    salt, fish = lines[selling.salt], lines[selling.fish]
    # salt: 2 x 45.000 + 2 x 1.000 raise = 92.000, one jar at a time
    assert [_refund(store, selling, sale.sale_id, salt["id"], 1).total for _ in range(2)] == [46_000, 46_000]
    # fish 350 g: 147.000 + 7.000 raise. 100 g: 42.000 + 2.000; the last 250 g take the rest, 110.000
    first = _refund(store, selling, sale.sale_id, fish["id"], 100)
    last = _refund(store, selling, sale.sale_id, fish["id"], 250)
    assert (first.total, last.total) == (44_000, 110_000)
    assert first.total + last.total == 147_000 + 7_000
    for r in (first, last):
        (dec,) = issue.of_sale(store, r.sale_id)
        assert dec["total"] == -r.total and dec["lines"][0]["unit_price"] == 440_000
        _check_lines(dec)
    numbers = sorted(i["number"] for i in store.all("SELECT number FROM invoices"))
    assert numbers == list(range(1, 7))


def test_a_supplement_s_goods_refund_to_their_lot_and_adjust_the_sale_s_invoice(store, selling):
    sale, supp, _lines = _supplemented(store, selling)
    (orig_inv,) = issue.of_sale(store, sale.sale_id)
    cake = _line(store, supp.sale_id, selling.cake)
    on_hand = stock.on_hand(store, selling.cake)
    ref = _refund(store, selling, supp.sale_id, cake["id"], 1)
    # by hand: 35.000, VAT 10 % = 3.182
    assert ref.total == 35_000 and sales.get_sale(store, ref.sale_id)["vat_total"] == 3_182
    assert stock.on_hand(store, selling.cake) == on_hand + 1
    move = store.one("SELECT * FROM stock_moves WHERE ref_id = ?", (ref.sale_id,))
    assert move["lot_id"] == cake["lot_id"] and cake["lot_id"]
    assert lots.lot_on_hand(store, cake["lot_id"]) == 5 - 2 + 1
    (dec,) = issue.of_sale(store, ref.sale_id)
    assert (dec["related_invoice_id"], dec["number"], dec["total"], dec["vat_total"]) == (
        orig_inv["id"], 3, -35_000, -3_182)
    _check_lines(dec)


@pytest.mark.parametrize("case", ["raise_line", "clerk_approves", "too_many", "void_after_refund"])
def test_refusals_change_nothing(store, selling, case):
    sale, supp, lines = _supplemented(store, selling)
    if case == "void_after_refund":
        _refund(store, selling, sale.sale_id, lines[selling.salt]["id"], 1)
    before = _counts(store)
    raise_line = _line(store, supp.sale_id, selling.shrimp)
    kinds = {"raise_line": InvalidState, "clerk_approves": PermissionDenied, "too_many": RefundTooLarge,
             "void_after_refund": InvalidState}
    with pytest.raises(kinds[case]) as err:
        if case == "raise_line":
            _refund(store, selling, supp.sale_id, raise_line["id"], 1)
        elif case == "clerk_approves":
            _refund(store, selling, sale.sale_id, lines[selling.shrimp]["id"], 1, manager=selling.clerk)
        elif case == "too_many":
            _refund(store, selling, supp.sale_id, _line(store, supp.sale_id, selling.cake)["id"], 3)
        else:
            sales.void_sale(store, supp.sale_id, selling.clerk, selling.manager, "nhầm")
    assert {"raise_line": "raised a price", "clerk_approves": "manager", "too_many": "left to refund",
            "void_after_refund": "refunded since"}[case] in str(err.value)
    assert _counts(store) == before


def test_a_supplement_voids_on_its_shift_then_its_sale_can(store, selling):
    sale, supp, lines = _supplemented(store, selling)
    (orig_inv,) = issue.of_sale(store, sale.sale_id)
    before = _counts(store)
    with pytest.raises(InvalidState, match="void the supplement first"):
        sales.void_sale(store, sale.sale_id, selling.clerk, selling.manager, "nhầm")
    assert _counts(store) == before
    on_hand = {p: stock.on_hand(store, p) for p in (selling.cake, selling.shrimp)}
    sales.void_sale(store, supp.sale_id, selling.clerk, selling.manager, "tính nhầm")
    assert sales.get_sale(store, supp.sale_id)["status"] == "voided"
    # the cakes come back; a raised price moved no goods and moves none back
    assert stock.on_hand(store, selling.cake) == on_hand[selling.cake] + 2
    assert stock.on_hand(store, selling.shrimp) == on_hand[selling.shrimp]
    assert [m["product_id"] for m in store.all("SELECT product_id FROM stock_moves WHERE kind = 'void'")] == [
        selling.cake]
    inc, dec = issue.of_sale(store, supp.sale_id)
    assert (dec["related_invoice_id"], dec["number"], dec["total"]) == (orig_inv["id"], 3, -94_000)
    assert dec["vat_total"] == -inc["vat_total"]
    assert [ln["name"] for ln in dec["lines"]] == [ln["name"] for ln in inc["lines"]]
    assert "điều chỉnh tăng đơn giá" in dec["lines"][1]["name"]
    (doc,) = printed.invoice_docs(store, supp.sale_id, voided=True)  # only the decrease prints on the void
    assert "Điều chỉnh giảm" in json.dumps(doc, ensure_ascii=False)
    # with the supplement voided the shrimp gives back its first price only, and the sale can be voided
    assert sales.refund_net(next(ln for ln in sales.refundable_lines(store, sale.sale_id)
                                 if ln["line_id"] == lines[selling.shrimp]["id"]), 1) == 250_000
    sales.void_sale(store, sale.sale_id, selling.clerk, selling.manager, "khách hủy")
    adjustments = store.all("SELECT total, number FROM invoices WHERE related_invoice_id = ? ORDER BY number",
                            (orig_inv["id"],))
    assert [(a["number"], a["total"]) for a in adjustments] == [(2, 94_000), (3, -94_000), (4, -487_000)]


def test_a_raised_gift_set_gives_back_its_components_and_its_raise(store, tet):
    """A Tết box (pos/sets.py) sold 2 x 500.000, raised to 520.000: each box refunded gives back
    520.000, its components go back, and their shares add up to the refund line (the last one's
    too, which takes what is left of each share plus the raise)."""
    sellers.apply_settings(store, einvoice())
    sale = sell_boxes(store, tet, 2)
    (box,) = sales.get_sale(store, sale.sale_id)["lines"]
    supplements.supplement(store, sale.sale_id, tet.clerk, tet.manager, "giá mới", CASH,
                           raises=[{"line_id": box["id"], "unit_price": 520_000}])
    salt = stock.on_hand(store, tet.salt)
    backs = [_refund(store, tet, sale.sale_id, box["id"], 1) for _ in range(2)]
    assert [b.total for b in backs] == [520_000, 520_000]
    for b in backs:
        (line,) = sales.get_sale(store, b.sale_id)["lines"]
        parts = store.all("SELECT net, vat_amount FROM sale_line_components WHERE sale_line_id = ?", (line["id"],))
        assert sum(p["net"] for p in parts) == line["net"] == 520_000
        assert sum(p["vat_amount"] for p in parts) == line["vat_amount"] == vat_part(520_000, 8)
        (dec,) = issue.of_sale(store, b.sale_id)
        assert dec["total"] == -520_000
    assert stock.on_hand(store, tet.salt) == salt + 4  # 2 jars a box
