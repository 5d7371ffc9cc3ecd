"""Supplements (pos/supplements.py): a completed sale charged too little gets goods added or a price
raised, paid now, with an increasing adjustment invoice referring to the sale's invoice, in one
transaction; the refusals change nothing."""
from __future__ import annotations

import json

import pytest

from pos import catalog, print_jobs, reports, sales, stock, supplements
from pos.cart import Cart
from pos.einvoice import issue, printed, rules, sellers
from pos.errors import InvalidAmount, InvalidState, PaymentShort, PermissionDenied, ValidationError
from pos.money import line_amount, vat_part

from einvoice_setup import OPERATOR, PRODUCER, einvoice

CASH = [{"method": "cash", "tendered": 10_000_000}]


def _sell(store, selling, **kw):
    cart = Cart()
    cart.add(catalog.get_product(store, selling.salt), qty=2)          # 90.000, VAT 0 %
    cart.add(catalog.get_product(store, selling.shrimp), qty=1)        # 250.000, VAT 8 %
    cart.add(catalog.get_product(store, selling.fish), grams=350)      # 147.000, VAT 5 %
    return sales.complete_sale(store, cart, CASH, selling.clerk, **kw)


def _goods(store, *items):
    cart = Cart()
    for product_id, qty in items:
        cart.add(catalog.get_product(store, product_id), qty=qty)
    return cart


def _line(store, sale_id, product_id):
    return next(ln for ln in sales.get_sale(store, sale_id)["lines"] if ln["product_id"] == product_id)


def _events(store, type_):
    return [json.loads(r[0]) for r in store.conn.execute("SELECT payload FROM outbox WHERE type = ? ORDER BY seq",
                                                          (type_,))]


def _counts(store):
    return {t: store.one(f"SELECT count(*) AS n FROM {t}")["n"]
            for t in ("sales", "sale_lines", "payments", "stock_moves", "invoices", "outbox", "audit_log",
                      "print_jobs")} | {
        "receipt": store.one("SELECT last_no FROM receipt_counters")["last_no"],
        "invoice_no": store.one("SELECT sum(last_no) AS n FROM invoice_counters")["n"]}


def test_a_raised_price_and_goods_added_are_paid_with_an_increasing_adjustment(store, selling):
    store.set_settings(printer={"kind": "file", "path": "/dev/null"})
    sellers.apply_settings(store, einvoice())
    sale = _sell(store, selling)
    (orig_inv,) = issue.of_sale(store, sale.sale_id)
    shrimp, fish = _line(store, sale.sale_id, selling.shrimp), _line(store, sale.sale_id, selling.fish)
    salt = _line(store, sale.sale_id, selling.salt)
    on_hand = {p: stock.on_hand(store, p) for p in (selling.shrimp, selling.cake, selling.fish)}
    res = supplements.supplement(
        store, sale.receipt_no, selling.clerk, selling.manager, "tính thiếu giá tôm, quên bánh đa",
        [{"method": "cash", "tendered": 100_000}], cart=_goods(store, (selling.cake, 2)),
        raises=[{"line_id": shrimp["id"], "unit_price": 265_000}, {"line_id": fish["id"], "unit_price": 440_000},
                {"line_id": salt["id"], "unit_price": 46_000}])
    # by hand: cake 2 x 35.000 = 70.000 (VAT 10 %: 6.364); shrimp 1 x 15.000 = 15.000 (VAT 8 %: 1.111);
    # fish 350 g x 20.000 /kg = 7.000 (VAT 5 %: 333); salt 2 x 1.000 = 2.000 (VAT 0 %);
    # 94.000 in all, VAT 7.808, change 6.000
    assert (res.total, res.paid, res.change_due) == (94_000, 100_000, 6_000)
    supp = sales.get_sale(store, res.sale_id)
    assert supp["kind"] == "sale" and supp["original_sale_id"] == sale.sale_id
    assert supp["approved_by"] == selling.manager
    assert supp["original_receipt_no"] == sale.receipt_no and supp["receipt_no"] == "HN01-000002"
    assert (supp["total"], supp["vat_total"], supp["subtotal"]) == (94_000, 7_808, 94_000)
    assert [(ln["product_id"], ln["qty"], ln["unit_price"], ln["net"], ln["vat_amount"], ln["original_line_id"])
            for ln in supp["lines"]] == [
        (selling.cake, 2, 35_000, 70_000, 6_364, None),
        (selling.shrimp, 1, 15_000, 15_000, 1_111, shrimp["id"]),
        (selling.fish, 350, 20_000, 7_000, 333, fish["id"]),
        (selling.salt, 2, 1_000, 2_000, 0, salt["id"])]
    # goods added leave the shelf; a raised price moves nothing
    assert stock.on_hand(store, selling.cake) == on_hand[selling.cake] - 2
    assert stock.on_hand(store, selling.shrimp) == on_hand[selling.shrimp]
    assert stock.on_hand(store, selling.fish) == on_hand[selling.fish]
    # the adjustment: next number of the sequence, positive, referring to the sale's invoice
    (adj,) = issue.of_sale(store, res.sale_id)
    assert (adj["kind"], adj["related_invoice_id"], adj["number"], adj["seller_tax_code"]) == (
        "adjustment", orig_inv["id"], orig_inv["number"] + 1, OPERATOR)
    assert (adj["total"], adj["vat_total"], adj["pre_vat_total"]) == (94_000, 7_808, 94_000 - 7_808)
    assert adj["total_words"] == "Chín mươi bốn nghìn đồng"
    for ln in adj["lines"]:
        assert ln["amount"] > 0 and ln["qty"] > 0
        assert ln["amount"] == line_amount(ln["unit_price"], ln["qty"], bool(ln["by_weight"])) - ln["discount"]
        assert ln["vat_amount"] == vat_part(ln["amount"], ln["vat_rate"])
        assert ln["pre_vat"] == ln["amount"] - ln["vat_amount"]
    assert {ln["vat_rate"] for ln in adj["lines"]} == {10, 8, 5, 0}
    assert adj["lines"][1]["name"] == "Tôm khô Gành Hào 200g (điều chỉnh tăng đơn giá)"
    assert rules.adjustment_nature(adj["kind"], adj["total"], len(adj["lines"])) == "increase"
    (doc,) = printed.invoice_docs(store, res.sale_id, voided=False)
    assert "Điều chỉnh tăng cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày 22/11/2026" in json.dumps(
        doc, ensure_ascii=False)
    # events, audit, print job: the same transaction
    assert res.changes.outbox == 2 and res.changes.print_jobs == 1
    (ev,) = [e for e in _events(store, "sale.completed") if e["sale"]["id"] == res.sale_id]
    assert ev["sale"]["original_sale_id"] == sale.sale_id and len(ev["stock_moves"]) == 1
    assert _events(store, "invoice.issued")[-1]["invoice"]["id"] == adj["id"]
    audit = store.one("SELECT * FROM audit_log WHERE action = 'supplement'")
    assert audit["approved_by"] == selling.manager and json.loads(audit["detail"])["original"] == sale.receipt_no
    assert print_jobs.recent(store, 1)[0]["ref_id"] == res.sale_id
    # the day counts the money on the day it was paid, the raised units once
    (day,) = reports.sales_by_day(store, "2026-11-22", "2026-11-22")
    assert day["gross"] == 487_000 + 94_000
    assert (day["sales_count"], day["supplements_count"]) == (1, 1)  # a supplement is not a sale
    assert day["vat"] == supp["vat_total"] + sales.get_sale(store, sale.sale_id)["vat_total"]
    by_product = {r["product_id"]: r for r in reports.sales_by_product(store, "2026-11-22", "2026-11-22")}
    assert by_product[selling.shrimp]["qty_sold"] == 1 and by_product[selling.shrimp]["gross"] == 265_000
    assert by_product[selling.cake]["qty_sold"] == 2 and by_product[selling.salt]["qty_sold"] == 2


def test_each_seller_s_invoice_is_adjusted_and_a_seller_without_one_is_refused(store, selling):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    sale = sales.complete_sale(store, _goods(store, (selling.salt, 1)), CASH, selling.clerk)
    before = _counts(store)
    with pytest.raises(InvalidState, match="not on an invoice"):   # the cooperative has no invoice on it
        supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "quên", CASH,
                               cart=_goods(store, (selling.cake, 1)))
    assert _counts(store) == before
    both = sales.complete_sale(store, _goods(store, (selling.salt, 1), (selling.cake, 1)), CASH, selling.clerk)
    op, prod = issue.of_sale(store, both.sale_id)
    res = supplements.supplement(store, both.sale_id, selling.clerk, selling.manager, "thiếu hàng", CASH,
                                 cart=_goods(store, (selling.cake, 3), (selling.salt, 2)))
    adj_prod, adj_op = sorted(issue.of_sale(store, res.sale_id), key=lambda i: i["seller_tax_code"] == OPERATOR)
    assert (adj_op["related_invoice_id"], adj_op["total"], adj_op["number"]) == (op["id"], 90_000, op["number"] + 1)
    assert (adj_prod["related_invoice_id"], adj_prod["total"], adj_prod["seller_tax_code"], adj_prod["template"]) == (
        prod["id"], 105_000, PRODUCER, "2")
    assert adj_prod["delegate_tax_code"] == OPERATOR and adj_prod["number"] == prod["number"] + 1
    assert res.total == 195_000 == adj_op["total"] + adj_prod["total"]


def test_the_adjustment_goes_to_the_replacement_in_force_and_keeps_the_buyer(store, selling):
    from pos.einvoice import corrections

    sellers.apply_settings(store, einvoice())
    sale = _sell(store, selling)
    corrections.add_buyer(store, sale.sale_id, {"tax_code": "0100233488", "company": "Công ty TNHH An Phát",
                                                "address": "5 Lê Lợi, Hà Nội"}, selling.clerk)
    orig, repl = issue.of_sale(store, sale.sale_id)
    res = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "thiếu", CASH,
                                 cart=_goods(store, (selling.salt, 1)))
    (adj,) = issue.of_sale(store, res.sale_id)
    assert adj["related_invoice_id"] == repl["id"] and adj["buyer_tax_code"] == "0100233488"


@pytest.mark.parametrize("case", ["nothing", "lower_price", "same_price", "refund", "voided", "supplement",
                                  "no_invoice", "clerk_approves", "discount", "raised_twice", "no_reason",
                                  "short_payment"])
def test_refusals_write_nothing(store, selling, case):
    sellers.apply_settings(store, einvoice())
    sale = _sell(store, selling)
    shrimp = _line(store, sale.sale_id, selling.shrimp)
    args = dict(sale_id=sale.sale_id, staff_id=selling.clerk, manager_id=selling.manager, reason="thiếu",
                payments=CASH, cart=None, raises=[{"line_id": shrimp["id"], "unit_price": 260_000}])
    error = InvalidState
    if case == "nothing":
        args["raises"], error = [], InvalidAmount
    elif case in ("lower_price", "same_price"):
        args["raises"] = [{"line_id": shrimp["id"], "unit_price": 249_000 if case == "lower_price" else 250_000}]
        error = InvalidAmount
    elif case == "refund":
        args["sale_id"] = sales.refund(store, sale.sale_id, [{"line_id": shrimp["id"], "qty": 1}], selling.clerk,
                                       selling.manager, "vỡ").sale_id
    elif case == "voided":
        sales.void_sale(store, sale.sale_id, selling.clerk, selling.manager, "nhầm")
    elif case == "supplement":
        args["sale_id"] = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "thiếu", CASH,
                                                 cart=_goods(store, (selling.salt, 1))).sale_id
    elif case == "no_invoice":
        sellers.apply_settings(store, einvoice(enabled=False))
        args["sale_id"] = _sell(store, selling).sale_id
        args["raises"] = [{"line_id": _line(store, args["sale_id"], selling.shrimp)["id"], "unit_price": 260_000}]
    elif case == "clerk_approves":
        args["manager_id"], error = selling.clerk, PermissionDenied
    elif case == "discount":
        cart = _goods(store, (selling.salt, 1))
        cart.set_line_discount(0, 1_000, "khách quen", approved_by=selling.manager)
        args["cart"], error = cart, InvalidAmount
    elif case == "raised_twice":
        supplements.supplement(store, **args)
    elif case == "no_reason":
        args["reason"], error = "  ", ValidationError
    elif case == "short_payment":
        args["payments"], error = [{"method": "cash", "tendered": 9_999}], PaymentShort
    before = _counts(store)
    with pytest.raises(error):
        supplements.supplement(store, **args)
    assert _counts(store) == before


def test_a_raise_after_a_partial_refund_charges_the_units_kept(store, selling):
    sellers.apply_settings(store, einvoice())
    sale = _sell(store, selling)
    salt = _line(store, sale.sale_id, selling.salt)
    sales.refund(store, sale.sale_id, [{"line_id": salt["id"], "qty": 1}], selling.clerk, selling.manager, "vỡ")
    res = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "giá mới", CASH,
                                 raises=[{"line_id": salt["id"], "unit_price": 48_000}])
    assert res.total == 3_000  # one jar kept x 3.000
    (adj,) = issue.of_sale(store, res.sale_id)
    assert adj["total"] == 3_000 and adj["lines"][0]["qty"] == 1
