"""A buyer who comes after a supplement (pos/supplements.py) reaches every invoice the sale's money
is on: the sale's invoice, already adjusted by the increase, gets an adjustment of the buyer's
details, and so does each standing increase ("Điều chỉnh thông tin người mua cho hóa đơn … Số 2"),
in one transaction, numbered next; a voided supplement's increase gets none."""
from __future__ import annotations

import json

import pytest

from pos import catalog, print_jobs, sales, supplements
from pos.cart import Cart
from pos.einvoice import corrections, issue, printed, rules, sellers

from einvoice_setup import einvoice

CASH = [{"method": "cash", "tendered": 10_000_000}]
BUYER = {"tax_code": "0100233488", "company": "Công ty TNHH An Phát", "address": "5 Lê Lợi, Hà Nội"}


def _sale_and_supplement(store, selling):
    sellers.apply_settings(store, einvoice())
    cart = Cart()
    cart.add(catalog.get_product(store, selling.salt), qty=2)
    sale = sales.complete_sale(store, cart, CASH, selling.clerk)
    (line,) = sales.get_sale(store, sale.sale_id)["lines"]
    more = Cart()
    more.add(catalog.get_product(store, selling.cake), qty=1)
    supp = supplements.supplement(store, sale.sale_id, selling.clerk, selling.manager, "thiếu", CASH, cart=more,
                                  raises=[{"line_id": line["id"], "unit_price": 46_000}])
    assert supp.total == 35_000 + 2_000
    return sale, supp


@pytest.mark.parametrize("via", ["sale", "supplement"])
def test_a_buyer_added_after_a_supplement_reaches_its_increase(store, selling, via):
    store.set_settings(printer={"kind": "file", "path": "/dev/null"})
    sale, supp = _sale_and_supplement(store, selling)
    (orig,) = issue.of_sale(store, sale.sale_id)
    (inc,) = issue.of_sale(store, supp.sale_id)
    assert inc["buyer_name"] == inc["buyer_tax_code"] == ""  # "Bán cho người tiêu dùng"
    changes = corrections.add_buyer(store, sale.sale_id if via == "sale" else supp.receipt_no, BUYER, selling.clerk)
    assert changes.outbox == 2 and changes.print_jobs == 2
    _orig, info = issue.of_sale(store, sale.sale_id)
    inc_again, inc_info = issue.of_sale(store, supp.sale_id)
    assert inc_again["id"] == inc["id"]
    assert [(i["kind"], i["related_invoice_id"], i["number"], i["total"], len(i["lines"])) for i in (info, inc_info)] == [
        ("adjustment", orig["id"], 3, 0, 0), ("adjustment", inc["id"], 4, 0, 0)]
    for i in (info, inc_info):
        assert (i["buyer_tax_code"], i["buyer_company"]) == (BUYER["tax_code"], BUYER["company"])
        assert rules.adjustment_nature(i["kind"], i["total"], len(i["lines"])) == "info"
    assert issue.buyer_in_force(store, inc)["buyer_tax_code"] == BUYER["tax_code"]
    assert corrections.invoice_buyer(store, supp.sale_id)["tax_code"] == BUYER["tax_code"]
    text = json.dumps(printed.invoice_docs(store, supp.sale_id, voided=False), ensure_ascii=False)
    assert "Điều chỉnh thông tin người mua cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 2" in text
    assert "Công ty TNHH An Phát" in text
    assert {j["ref_id"] for j in print_jobs.recent(store, 2)} == {sale.sale_id, supp.sale_id}
    # what is refunded later is adjusted to the buyer
    line = next(ln for ln in sales.refundable_lines(store, supp.sale_id))
    back = sales.refund(store, supp.sale_id, [{"line_id": line["line_id"], "qty": 1}], selling.clerk,
                        selling.manager, "trả")
    (dec,) = issue.of_sale(store, back.sale_id)
    assert dec["buyer_tax_code"] == BUYER["tax_code"] and dec["total"] == -35_000


def test_a_voided_supplement_s_increase_takes_no_buyer(store, selling):
    sale, supp = _sale_and_supplement(store, selling)
    sales.void_sale(store, supp.sale_id, selling.clerk, selling.manager, "nhầm")
    before = store.one("SELECT count(*) AS n FROM invoices WHERE sale_id = ?", (supp.sale_id,))["n"]
    changes = corrections.add_buyer(store, sale.sale_id, BUYER, selling.clerk)
    assert changes.outbox == 1  # the sale's invoice only (adjusted already: by an adjustment)
    assert store.one("SELECT count(*) AS n FROM invoices WHERE sale_id = ?", (supp.sale_id,))["n"] == before
