"""Local reports over real sales, voids and refunds, checked against amounts worked out by hand."""
from __future__ import annotations

import pytest

from pos import catalog, reports, sales
from pos.cart import Cart
from pos.errors import ValidationError

DAY1, DAY2 = "2026-11-22", "2026-11-23"


@pytest.fixture
def trading(store, selling, clock):
    """Two business days of trade on the conftest's small catalog.

    Day 1 (10:00 Vietnam time):
      A  2 x salt 45.000 (VAT 0) + 1 x shrimp 250.000 (VAT 8)   = 340.000, cash 400.000
      B  fish 1.250 g x 420.000/kg = 525.000; cake 3 x 35.000 = 105.000 less 5.000 line discount;
         order discount 30.000 shared 25.200 / 4.800 -> fish 499.800, cake 95.200 = 595.000,
         paid 300.000 VietQR + 295.000 card
      C  1 x shrimp 250.000 cash, then voided (must not count anywhere)
      refund of 1 salt from A: 45.000 cash
    Day 2:
      D  4 x cake = 140.000 cash
      refund of 500 g fish from B: 499.800 x 500 / 1.250 = 199.920 by card
    """
    s = selling
    catalog.upsert_producer(store, {"id": s.producer_hh, "code": "P01", "name": "Hộ kinh doanh Muối Đông Hải",
                                    "kind": "household", "commission_bp": 1275})
    catalog.upsert_producer(store, {"id": s.producer_htx, "code": "P02", "name": "HTX Tôm khô Gành Hào",
                                    "kind": "cooperative", "commission_bp": 1333})
    P = {k: catalog.get_product(store, getattr(s, k)) for k in ("salt", "shrimp", "cake", "fish")}

    a = Cart()
    a.add(P["salt"], 2)
    a.add(P["shrimp"], 1)
    ra = sales.complete_sale(store, a, [{"method": "cash", "tendered": 400_000}], s.clerk)
    assert ra.total == 340_000

    b = Cart()
    b.add(P["fish"], grams=1_250)
    i = b.add(P["cake"], 3)
    b.set_line_discount(i, 5_000, "móp hộp")
    b.set_order_discount(30_000, "khách đoàn")
    rb = sales.complete_sale(store, b, [{"method": "vietqr", "amount": 300_000},
                                        {"method": "card", "amount": 295_000, "reference": "TID1/77"}], s.clerk)
    assert rb.total == 595_000

    c = Cart()
    c.add(P["shrimp"], 1)
    rc = sales.complete_sale(store, c, [{"method": "cash", "tendered": 250_000}], s.clerk)
    sales.void_sale(store, rc.sale_id, s.clerk, s.manager, "bấm nhầm")

    salt_line = [ln for ln in sales.refundable_lines(store, ra.sale_id) if ln["product_id"] == s.salt][0]
    sales.refund(store, ra.sale_id, [{"line_id": salt_line["line_id"], "qty": 1}], s.clerk, s.manager,
                 "khách đổi ý", method="cash")

    clock.advance(days=1)
    d = Cart()
    d.add(P["cake"], 4)
    sales.complete_sale(store, d, [{"method": "cash", "tendered": 200_000}], s.clerk)
    fish_line = [ln for ln in sales.refundable_lines(store, rb.sale_id) if ln["product_id"] == s.fish][0]
    sales.refund(store, rb.sale_id, [{"line_id": fish_line["line_id"], "qty": 500}], s.clerk, s.manager,
                 "cân thiếu", method="card")
    return s


def test_sales_by_day(store, trading):
    rows = reports.sales_by_day(store, DAY1, DAY2)
    assert [r["day"] for r in rows] == [DAY1, DAY2]
    d1, d2 = rows
    assert (d1["sales_count"], d1["refunds_count"]) == (2, 1)
    assert (d1["gross"], d1["refunds"], d1["net"]) == (935_000, 45_000, 890_000)
    # VAT: shrimp 250.000*8/108 = 18.518,5 -> 18.519; fish 499.800*5/105 = 23.800; cake 95.200*10/110 -> 8.655
    assert d1["vat"] == 18_519 + 23_800 + 8_655
    assert d1["discounts"] == 35_000
    assert (d2["sales_count"], d2["refunds_count"]) == (1, 1)
    assert (d2["gross"], d2["refunds"], d2["net"]) == (140_000, 199_920, -59_920)
    assert d2["vat"] == 12_727 - 9_520  # 140.000*10/110 -> 12.727; 199.920*5/105 = 9.520
    assert reports.sales_by_day(store, DAY2, DAY2) == [d2]
    assert reports.sales_by_day(store, "2026-11-01", "2026-11-21") == []


def test_sales_by_product(store, trading):
    s = trading
    rows = {r["product_id"]: r for r in reports.sales_by_product(store, DAY1, DAY2)}
    assert set(rows) == {s.salt, s.shrimp, s.cake, s.fish}
    salt, shrimp, cake, fish = rows[s.salt], rows[s.shrimp], rows[s.cake], rows[s.fish]
    assert (salt["qty_sold"], salt["qty_refunded"], salt["gross"], salt["refunds"], salt["net"]) == (
        2, 1, 90_000, 45_000, 45_000)
    assert (shrimp["qty_sold"], shrimp["net"]) == (1, 250_000)  # the voided one does not count
    assert (cake["qty_sold"], cake["gross"], cake["net"]) == (7, 235_200, 235_200)
    assert (fish["qty_sold"], fish["qty_refunded"], fish["sold_by_weight"]) == (1_250, 500, 1)
    assert (fish["gross"], fish["refunds"], fish["net"]) == (499_800, 199_920, 299_880)
    assert fish["name_vi"] == "Khô cá lóc Phước Long" and fish["unit"] == "kg"
    assert [r["product_id"] for r in reports.sales_by_product(store, DAY1, DAY2)][0] == s.fish  # by net


def test_sales_by_producer(store, trading):
    s = trading
    rows = {r["producer_id"]: r for r in reports.sales_by_producer(store, DAY1, DAY2)}
    hh, htx = rows[s.producer_hh], rows[s.producer_htx]
    assert hh["producer_name"] == "Hộ kinh doanh Muối Đông Hải" and hh["products"] == 2
    assert (hh["gross"], hh["refunds"], hh["net"]) == (589_800, 244_920, 344_880)
    assert (htx["gross"], htx["refunds"], htx["net"]) == (485_200, 0, 485_200)


def test_sales_by_payment(store, trading):
    rows = {r["method"]: r for r in reports.sales_by_payment(store, DAY1, DAY2)}
    assert (rows["cash"]["payments_count"], rows["cash"]["taken"], rows["cash"]["refunded"], rows["cash"]["net"]) == (
        2, 480_000, 45_000, 435_000)  # the cash applied to A (not the 400.000 tendered) and D
    assert (rows["vietqr"]["taken"], rows["vietqr"]["net"]) == (300_000, 300_000)
    assert (rows["card"]["taken"], rows["card"]["refunded"], rows["card"]["net"]) == (295_000, 199_920, 95_080)
    day1 = {r["method"]: r["net"] for r in reports.sales_by_payment(store, DAY1, DAY1)}
    assert day1 == {"cash": 295_000, "vietqr": 300_000, "card": 295_000}
    # the methods add up to the day report's net
    assert sum(r["net"] for r in rows.values()) == sum(r["net"] for r in reports.sales_by_day(store, DAY1, DAY2))


def test_producer_settlement_both_days(store, trading):
    s = trading
    rows = {r["producer_id"]: r for r in reports.producer_settlement(store, DAY1, DAY2)}
    hh, htx = rows[s.producer_hh], rows[s.producer_htx]
    assert (hh["gross"], hh["refunds"], hh["net"]) == (589_800, 244_920, 344_880)
    # 344.880 x 12,75 % = 43.972,2 -> 43.972
    assert (hh["commission_bp"], hh["commission"], hh["payable"]) == (1275, 43_972, 300_908)
    # 485.200 x 13,33 % = 64.677,16 -> 64.677
    assert (htx["commission"], htx["payable"]) == (64_677, 420_523)
    assert htx["kind"] == "cooperative" and hh["code"] == "P01"
    per = {p["product_id"]: p for p in hh["products"]}
    assert (per[s.fish]["qty_sold"], per[s.fish]["qty_refunded"], per[s.fish]["net"]) == (1_250, 500, 299_880)
    assert (per[s.salt]["qty_sold"], per[s.salt]["qty_refunded"], per[s.salt]["net"]) == (2, 1, 45_000)
    tot = reports.settlement_totals(list(rows.values()))
    assert tot["net"] == 344_880 + 485_200 == sum(r["net"] for r in reports.sales_by_day(store, DAY1, DAY2))
    assert tot["payable"] + tot["commission"] == tot["net"]


def test_producer_settlement_one_day_and_refund_only_day(store, trading):
    s = trading
    rows = {r["producer_id"]: r for r in reports.producer_settlement(store, DAY1, DAY1)}
    hh, htx = rows[s.producer_hh], rows[s.producer_htx]
    assert (hh["gross"], hh["refunds"], hh["net"]) == (589_800, 45_000, 544_800)
    assert hh["commission"] == 69_462  # 544.800 x 12,75 % = 69.462
    assert (htx["gross"], htx["net"], htx["commission"]) == (345_200, 345_200, 46_015)  # 46.015,16
    day2 = {r["producer_id"]: r for r in reports.producer_settlement(store, DAY2, DAY2)}
    # day 2: the household only had the fish refund: a negative settlement, commission given back
    assert (day2[s.producer_hh]["net"], day2[s.producer_hh]["commission"]) == (-199_920, -25_490)  # -25.489,8
    assert day2[s.producer_hh]["payable"] == -174_430
    assert reports.producer_settlement(store, "2026-12-01", "2026-12-31") == []


@pytest.mark.parametrize("fn", [reports.sales_by_day, reports.sales_by_product, reports.sales_by_producer,
                                reports.sales_by_payment, reports.producer_settlement])
def test_bad_periods(store, fn):
    with pytest.raises(ValidationError):
        fn(store, DAY2, DAY1)
    with pytest.raises(ValidationError):
        fn(store, "22/11/2026", DAY2)
