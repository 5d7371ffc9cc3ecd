"""Invoices issued in the sale's own transaction (pos/einvoice/issue.py): one per seller, gapless
numbers, the authority code, sums to the đồng, delegated producers, buyers, refunds and voids."""
from __future__ import annotations

import json

import pytest

from pos import catalog, sales
from pos.cart import Cart
from pos.einvoice import issue, rules, sellers
from pos.errors import ValidationError
from pos.money import line_amount, vat_part
from testclock import vn

from einvoice_setup import OPERATOR, PRODUCER, einvoice

CASH = [{"method": "cash", "tendered": 10_000_000}]


def _sell(store, selling, *products, grams=None, buyer=None, line_discount=0, order_discount=0):
    cart = Cart()
    for p in products:
        prod = catalog.get_product(store, p)
        if prod["sold_by_weight"]:
            cart.add(prod, grams=grams or 350)
        else:
            cart.add(prod, qty=2)
    if line_discount:
        cart.set_line_discount(0, line_discount, "khách quen", approved_by=selling.manager)
    if order_discount:
        cart.set_order_discount(order_discount, "làm tròn", approved_by=selling.manager)
    return sales.complete_sale(store, cart, CASH, selling.clerk, buyer=buyer)


def _check_lines(inv):
    """What the centre checks on every line (central/events/sums.py): amount = price x qty - discount,
    VAT contained in the amount, pre-VAT the rest; totals the sums of the lines."""
    for ln in inv["lines"]:
        assert ln["amount"] == line_amount(ln["unit_price"], ln["qty"], bool(ln["by_weight"])) - ln["discount"]
        assert ln["vat_amount"] == vat_part(ln["amount"], ln["vat_rate"])
        assert ln["pre_vat"] == ln["amount"] - ln["vat_amount"]
    for total, col in (("total", "amount"), ("vat_total", "vat_amount"), ("pre_vat_total", "pre_vat"),
                       ("discount_total", "discount")):
        assert inv[total] == sum(ln[col] for ln in inv["lines"])


def _events(store, type_):
    return [json.loads(r[0]) for r in store.conn.execute("SELECT payload FROM outbox WHERE type = ? ORDER BY seq",
                                                          (type_,))]


def test_nothing_changes_when_e_invoicing_is_off_or_has_no_operator(store, selling):
    _sell(store, selling, selling.salt)
    sellers.apply_settings(store, einvoice(enabled=False))
    _sell(store, selling, selling.salt)
    no_op = einvoice(selling.producer_htx)
    no_op["sellers"] = no_op["sellers"][1:]
    sellers.apply_settings(store, no_op)
    assert sellers.status(store)["state"] == "no_operator"
    res = _sell(store, selling, selling.salt)
    assert store.one("SELECT count(*) AS n FROM invoices")["n"] == 0
    assert _events(store, "invoice.issued") == []
    assert res.changes.outbox == 1


def test_sums_to_the_dong_across_rates_with_line_and_order_discounts(store, selling):
    sellers.apply_settings(store, einvoice())
    res = _sell(store, selling, selling.shrimp, selling.salt, selling.cake, selling.fish, grams=347,
                line_discount=37_777, order_discount=12_345)
    sale = sales.get_sale(store, res.sale_id)
    invoices = issue.of_sale(store, res.sale_id)
    assert len(invoices) == 1 and res.changes.outbox == 2
    inv = invoices[0]
    assert {ln["vat_rate"] for ln in inv["lines"]} == {0, 5, 8, 10}
    for ln in inv["lines"]:
        sl = next(s for s in sale["lines"] if s["id"] == ln["sale_line_id"])
        assert ln["amount"] == sl["net"] and ln["discount"] == sl["line_discount"] + sl["order_discount_share"]
        assert ln["vat_amount"] == vat_part(ln["amount"], ln["vat_rate"]) == sl["vat_amount"]
        assert ln["pre_vat"] == ln["amount"] - ln["vat_amount"]
    assert inv["total"] == sale["total"] == sum(ln["amount"] for ln in inv["lines"])
    assert inv["total"] == inv["pre_vat_total"] + inv["vat_total"]
    assert inv["vat_total"] == sale["vat_total"]
    assert inv["discount_total"] == 37_777 + 12_345  # each discount once, already inside the line amounts
    assert sum(ln["amount"] + ln["discount"] for ln in inv["lines"]) == sum(s["gross"] for s in sale["lines"])
    assert inv["total_words"] == rules.amount_in_words(sale["total"])
    assert inv["issued_at"] == "2026-11-22T10:00:00+07:00" and inv["business_day"] == "2026-11-22"
    _check_lines(inv)
    # a weighed line given back in part: the adjustment's lines still add up the centre's way
    fish = next(ln for ln in sale["lines"] if ln["sold_by_weight"])
    ref = sales.refund(store, res.sale_id, [{"line_id": fish["id"], "qty": 101}], selling.clerk, selling.manager, "héo")
    (adj,) = issue.of_sale(store, ref.sale_id)
    assert adj["total"] == -ref.total and adj["lines"][0]["qty"] == -101
    _check_lines(adj)


def test_delegated_producer_gets_its_own_invoice_carrying_both_parties(store, selling):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    res = _sell(store, selling, selling.salt, selling.shrimp, selling.cake, selling.fish, order_discount=10_000)
    sale = sales.get_sale(store, res.sale_id)
    op, prod = issue.of_sale(store, res.sale_id)
    assert op["seller_tax_code"] == OPERATOR and op["delegate_tax_code"] == ""
    assert prod["seller_tax_code"] == PRODUCER and prod["seller_name"] == "HTX Tôm khô Gành Hào"
    assert prod["delegate_tax_code"] == OPERATOR and prod["delegate_name"].startswith("Trung tâm")
    assert prod["template"] == "2" and op["template"] == "1"
    htx_lines = {s["id"] for s in sale["lines"] if s["producer_id"] == selling.producer_htx}
    assert {ln["sale_line_id"] for ln in prod["lines"]} == htx_lines
    covered = [ln["sale_line_id"] for inv in (op, prod) for ln in inv["lines"]]
    assert sorted(covered) == sorted(s["id"] for s in sale["lines"])  # every line exactly once
    assert op["total"] + prod["total"] == sale["total"]
    assert op["number"] == prod["number"] == 1  # each seller has its own sequence
    assert prod["authority_code"].startswith("M2-26-HTX01-2")
    events = [r[0] for r in store.conn.execute("SELECT type FROM outbox ORDER BY seq")][-3:]
    assert events == ["sale.completed", "invoice.issued", "invoice.issued"]


def test_numbers_are_gapless_per_seller_and_restart_with_the_year(store, selling, clock):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    for i in range(25):
        _sell(store, selling, *([selling.salt] if i % 3 else [selling.salt, selling.cake]))
    for code in (OPERATOR, PRODUCER):
        nums = [r[0] for r in store.conn.execute(
            "SELECT number FROM invoices WHERE seller_tax_code = ? ORDER BY rowid", (code,))]
        assert nums == list(range(1, len(nums) + 1))
    assert store.one("SELECT count(DISTINCT authority_code) AS n FROM invoices")["n"] == \
        store.one("SELECT count(*) AS n FROM invoices")["n"] == 25 + 9
    clock.set(vn(2027, 1, 1, 0, 1))
    res = _sell(store, selling, selling.salt)
    (inv,) = issue.of_sale(store, res.sale_id)
    assert (inv["symbol"], inv["year"], inv["number"]) == ("C27MBL", 2027, 1)
    assert inv["authority_code"] == rules.authority_code("1", "C27MBL", 2027, 1, "AB12C")


def test_buyer_is_on_every_invoice_of_the_sale_and_a_bad_one_writes_nothing(store, selling):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    buyer = {"tax_code": "0100233488", "company": "Công ty TNHH An Phát", "address": "5 Lê Lợi, Hà Nội",
             "email": "ketoan@anphat.vn"}
    res = _sell(store, selling, selling.salt, selling.cake, buyer=buyer)
    for inv in issue.of_sale(store, res.sale_id):
        assert (inv["buyer_tax_code"], inv["buyer_company"], inv["buyer_email"]) == (
            "0100233488", "Công ty TNHH An Phát", "ketoan@anphat.vn")
    before = store.one("SELECT count(*) AS n FROM sales")["n"]
    with pytest.raises(ValidationError, match="check digit"):
        _sell(store, selling, selling.salt, buyer={**buyer, "tax_code": "0100233489"})
    assert store.one("SELECT count(*) AS n FROM sales")["n"] == before


def test_refund_and_void_issue_adjustments_referring_to_the_originals(store, selling):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    res = _sell(store, selling, selling.salt, selling.cake, order_discount=3_000)
    op, prod = issue.of_sale(store, res.sale_id)
    cake_line = next(ln for ln in prod["lines"])
    refund = sales.refund(store, res.sale_id, [{"line_id": cake_line["sale_line_id"], "qty": 1}], selling.clerk,
                          selling.manager, "bánh bị vỡ")
    (adj,) = issue.of_sale(store, refund.sale_id)
    assert adj["kind"] == "adjustment" and adj["related_invoice_id"] == prod["id"]
    assert adj["seller_tax_code"] == PRODUCER and adj["number"] == 2
    assert adj["total"] == -refund.total and adj["total"] == adj["pre_vat_total"] + adj["vat_total"] < 0
    assert adj["lines"][0]["qty"] == -1 and adj["lines"][0]["vat_amount"] == -vat_part(refund.total, 10)
    _check_lines(adj)
    assert adj["total_words"] == rules.amount_in_words(refund.total)
    res2 = _sell(store, selling, selling.salt)
    sales.void_sale(store, res2.sale_id, selling.clerk, selling.manager, "nhập nhầm")
    orig, void_adj = issue.of_sale(store, res2.sale_id)
    assert void_adj["kind"] == "adjustment" and void_adj["related_invoice_id"] == orig["id"]
    assert void_adj["total"] == -orig["total"] and void_adj["number"] == orig["number"] + 1


def test_setup_comes_through_the_pull_path_and_a_bad_one_changes_nothing(store, selling):
    catalog.apply_catalog(store, {"einvoice": einvoice(selling.producer_htx)})
    assert sellers.status(store)["state"] == "on"
    bad = einvoice(selling.producer_htx)
    bad["sellers"][1]["tax_code"] = "1900987656"
    problems: list = []
    catalog.apply_catalog(store, {"einvoice": bad}, problems=problems)
    assert problems and problems[0]["kind"] == "einvoice" and "check digit" in problems[0]["reason"]
    assert [s["tax_code"] for s in sellers.status(store)["sellers"]] == [OPERATOR, PRODUCER]
    for broken in ({"sellers": [{**einvoice()["sellers"][0], "symbol": "C26TBL"}], "enabled": True},
                   {"enabled": True, "sellers": einvoice()["sellers"] * 2}):
        with pytest.raises(ValidationError):
            sellers.apply_settings(store, broken)
    catalog.apply_catalog(store, {"einvoice": einvoice(enabled=False)})
    assert sellers.status(store)["state"] == "off" and sellers.setup(store) is None


def test_buyer_added_after_paying_replaces_the_invoices_in_force(store, selling, clock):
    from pos.einvoice import corrections
    from pos.errors import InvalidState

    sellers.apply_settings(store, einvoice(selling.producer_htx))
    res = _sell(store, selling, selling.salt, selling.cake)
    op, prod = issue.of_sale(store, res.sale_id)
    buyer = {"tax_code": "0100233488", "company": "Công ty TNHH An Phát", "address": "5 Lê Lợi, Hà Nội"}
    changes = corrections.add_buyer(store, res.receipt_no, buyer, selling.clerk)
    assert changes.outbox == 2
    current = issue.in_force(store, res.sale_id)
    assert [i["kind"] for i in current] == ["replacement", "replacement"]
    assert [i["related_invoice_id"] for i in current] == [op["id"], prod["id"]]
    for new, old in zip(current, (op, prod)):
        assert new["number"] == old["number"] + 1 and new["total"] == old["total"]
        assert new["buyer_tax_code"] == "0100233488" and new["authority_code"] != old["authority_code"]
    docs = sales.receipt_doc(store, res.sale_id)["invoices"]
    assert [d["note"] for d in docs] == [
        f"Thay thế cho hóa đơn Mẫu số {old['template']} Ký hiệu C26MBL Số 1 ngày 22/11/2026" for old in (op, prod)]
    # a refund afterwards adjusts the replacement, not the invoice it replaced
    cake = next(ln for ln in sales.get_sale(store, res.sale_id)["lines"] if ln["product_id"] == selling.cake)
    ref = sales.refund(store, res.sale_id, [{"line_id": cake["id"], "qty": 1}], selling.clerk, selling.manager, "vỡ")
    (adj,) = issue.of_sale(store, ref.sale_id)
    assert adj["related_invoice_id"] == current[1]["id"] and adj["buyer_tax_code"] == "0100233488"
    with pytest.raises(ValidationError, match="unchanged"):
        corrections.add_buyer(store, res.sale_id, buyer, selling.clerk)  # the same buyer again: nothing to do
    res2 = _sell(store, selling, selling.salt)
    clock.advance(days=1)
    with pytest.raises(InvalidState, match="another day"):
        corrections.add_buyer(store, res2.sale_id, buyer, selling.clerk)
    with pytest.raises(ValidationError):
        corrections.add_buyer(store, res2.sale_id, {}, selling.clerk)


def test_a_kiosk_made_before_e_invoices_gets_them_when_it_opens(store, selling, clock):
    """m009 on a database written by the previous schema (m001-m008, user_version 8), with sales:
    the tables appear on opening, old sales stay as they were until the setup arrives, then the
    day's sale is invoiced and so is the next."""
    import sqlite3

    from pos import schema
    from pos.store import Store

    old = _sell(store, selling, selling.salt)
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    for table in ("invoice_lines", "invoices", "invoice_counters", "einvoice_seller_producers", "einvoice_sellers",
                  "einvoice_config", "buyers"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m009_einvoice', 'm013_einvoice_started', "
                "'m014_einvoice_since')")
    con.execute("PRAGMA user_version=8")
    con.commit()
    con.close()
    with Store(path, clock=clock) as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 9
        assert sales.get_sale(again, old.sale_id)["total"] == old.total and issue.of_sale(again, old.sale_id) == []
        catalog.apply_catalog(again, {"einvoice": einvoice()})  # the pull: today's earlier sale invoiced now
        # (pos/einvoice/catchup.py)
        assert [i["number"] for i in issue.of_sale(again, old.sale_id)] == [1]
        res = _sell(again, selling, selling.salt)
        (inv,) = issue.of_sale(again, res.sale_id)
        assert inv["number"] == 2 and inv["total"] == res.total
