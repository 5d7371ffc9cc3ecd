"""Promotions at the kiosk on a real SQLite file: pulled through pos.catalog.apply_catalog (kept,
replaced, forgotten when ended), applied on the right Vietnam days of a week offline, stored on the
sale (sale_lines.promo_discount inside the line's discount, sale_promotions rows split over lots,
the event's `promotions`), printed "KM: … −X", re-checked at payment (a window that closed
meanwhile refuses the sale and gives the cart the new total), and removed by the clerk (stored,
audited). Hand-computed figures throughout; the clock is the test's."""
from __future__ import annotations

import json

import pytest

from pos import catalog, promotion_store, promotions, sales, stock
from pos.cart import Cart
from pos.errors import PromotionsChanged
from testclock import vn

SALT, SHRIMP, CAKE = "8930000000019", "8930000000026", "8930000000033"


def pulled(*rows):
    return {"promotions": list(rows)}


def ring(store, *codes, removed=()):
    cart = Cart()
    cart.pricing = promotions.Pricing(promotion_store.book(store), store.now)
    for code in codes:
        cart.add(catalog.lookup(store, code).product, barcode=code)
    for pid in removed:
        cart.remove_promotion(pid, "clerk-x")
    return cart


def pay(store, cart, clerk):
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": cart.totals().total}], clerk)


def last_payload(store):
    return json.loads(store.conn.execute("SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()[0])


@pytest.fixture
def promos(store, selling, clock):
    """Pulled on Monday 07/12/2026: 10 % off the shrimp every day; buy 2 cakes get 1 free on
    weekends 08:00-20:00; a sale of 500.000 ₫ or more gets 20.000 ₫ off."""
    clock.set(vn(2026, 12, 7, 9, 0))
    catalog.apply_catalog(store, pulled(
        {"id": "p-shrimp", "kind": "percent_off", "target": "product", "target_id": selling.shrimp, "percent": 10,
         "name_vi": "Tôm khô giảm 10%", "name_en": "Dried shrimp 10% off"},
        {"id": "p-cake", "kind": "buy_get", "target": "product", "target_id": selling.cake, "buy_qty": 2,
         "get_qty": 1, "percent": 100, "weekdays": "67", "start_minute": 480, "end_minute": 1200,
         "name_vi": "Cuối tuần: mua 2 bánh tặng 1", "name_en": "Weekend: buy 2 crackers get 1"},
        {"id": "p-spend", "kind": "spend_amount", "min_total": 500_000, "amount": 20_000,
         "name_vi": "Hóa đơn từ 500.000 ₫ giảm 20.000 ₫"}))
    return selling


def test_pulled_kept_replaced_and_forgotten(store, promos):
    assert sorted(p["id"] for p in promotion_store.listing(store)) == ["p-cake", "p-shrimp", "p-spend"]
    catalog.apply_catalog(store, pulled({"id": "p-shrimp", "kind": "percent_off", "target": "product",
                                         "target_id": promos.shrimp, "percent": 15}))
    assert promotion_store.book(store).promotions["p-shrimp"].percent == 15
    catalog.apply_catalog(store, pulled({"id": "p-spend", "status": "ended"}))
    assert "p-spend" not in promotion_store.book(store).promotions
    problems = []
    catalog.apply_catalog(store, pulled({"id": "bad", "kind": "percent_off", "percent": 120},
                                        {"id": "ok", "kind": "amount_off", "amount": 1_000}), problems)
    assert [(p["kind"], p["id"], p["field"]) for p in problems] == [("promotions", "bad", "percent")]
    assert "ok" in promotion_store.book(store).promotions


def test_a_week_offline_the_weekend_promotion_on_its_days_only(store, promos, clock):
    totals = {}
    for day in range(7, 14):  # Monday 07/12 to Sunday 13/12, no pull
        clock.set(vn(2026, 12, day, 10, 0))
        res = pay(store, ring(store, CAKE, CAKE, CAKE), promos.clerk)
        totals[day] = res.total
    # 3 x 35.000 = 105.000; on Saturday and Sunday the third cracker is free
    assert totals == {7: 105_000, 8: 105_000, 9: 105_000, 10: 105_000, 11: 105_000, 12: 70_000, 13: 70_000}
    clock.set(vn(2026, 12, 12, 20, 0))  # Saturday 20:00: the window has closed
    assert ring(store, CAKE, CAKE, CAKE).totals().total == 105_000


def test_a_sale_stores_each_use_and_the_receipt_explains_it(store, promos, clock):
    clock.set(vn(2026, 12, 12, 10, 0))  # a Saturday
    cart = ring(store, SHRIMP, SHRIMP, CAKE, CAKE, CAKE)
    t = cart.totals()
    # shrimp 2 x 250.000 = 500.000 - 10 % = 450.000; crackers 105.000 - 35.000 free = 70.000;
    # 520.000 >= 500.000: 20.000 off, shared 450:70 -> 17.308 + 2.692
    assert (t.total, t.promo_total) == (500_000, 105_000)
    res = pay(store, cart, promos.clerk)
    sale = sales.get_sale(store, res.sale_id)
    assert [(ln["gross"], ln["line_discount"], ln["promo_discount"], ln["net"]) for ln in sale["lines"]] == [
        (500_000, 67_308, 67_308, 432_692), (105_000, 37_692, 37_692, 67_308)]
    rows = store.all("SELECT promotion_id, amount, level FROM sale_promotions WHERE sale_id = ? ORDER BY rowid",
                     (res.sale_id,))
    assert rows == [{"promotion_id": "p-shrimp", "amount": 50_000, "level": "line"},
                    {"promotion_id": "p-spend", "amount": 17_308, "level": "order"},
                    {"promotion_id": "p-cake", "amount": 35_000, "level": "line"},
                    {"promotion_id": "p-spend", "amount": 2_692, "level": "order"}]
    payload = last_payload(store)
    assert sum(p["amount"] for p in payload["promotions"]) == 105_000
    assert [ln["promo_discount"] for ln in payload["lines"]] == [67_308, 37_692]
    doc = sales.receipt_doc(store, res.sale_id)
    assert doc["lines"][0]["promotions"] == [{"text": "Tôm khô giảm 10%", "amount": 50_000}]
    assert doc["lines"][0]["discount"] == 0  # no manual discount: only the promotions' lines
    assert doc["order_promotions"] == [{"text": "Hóa đơn từ 500.000 ₫ giảm 20.000 ₫", "amount": 20_000}]


def test_a_line_drawn_from_two_lots_splits_its_promotion(store, promos, clock):
    stock.receive_delivery(store, promos.producer_htx, [{"product_id": promos.shrimp, "qty": 1, "lot_no": "A1",
                                                         "use_by": "2027-06-01"},
                                                        {"product_id": promos.shrimp, "qty": 5, "lot_no": "B2",
                                                         "use_by": "2027-09-01"}], promos.manager, note_no="PN-9")
    cart = ring(store, SHRIMP)
    cart.set_qty(0, 52)  # the 50 without a lot, then one from each lot (pos/lots.py)
    res = pay(store, cart, promos.clerk)
    lines = sales.get_sale(store, res.sale_id)["lines"]
    # 52 x 250.000 = 13.000.000: 1.300.000 (10 %) + 20.000 (the sale is over 500.000 after it)
    assert [ln["qty"] for ln in lines] == [50, 1, 1]
    assert sum(ln["promo_discount"] for ln in lines) == 1_320_000
    used = store.all("SELECT line_id, sum(amount) AS amount FROM sale_promotions WHERE sale_id = ? GROUP BY line_id",
                     (res.sale_id,))
    by_line = {ln["id"]: ln["promo_discount"] for ln in lines}
    assert {u["line_id"]: u["amount"] for u in used} == {k: v for k, v in by_line.items() if v}


def test_a_window_closed_before_payment_refuses_and_gives_the_new_total(store, promos, clock):
    clock.set(vn(2026, 12, 12, 19, 59))
    cart = ring(store, CAKE, CAKE, CAKE)
    assert cart.totals().total == 70_000
    clock.set(vn(2026, 12, 12, 20, 0))
    before = store.conn.execute("SELECT count(*) FROM sales").fetchone()[0]
    with pytest.raises(PromotionsChanged) as err:
        pay(store, cart, promos.clerk)
    assert err.value.details["total"] == 105_000 and cart.totals().total == 105_000
    assert store.conn.execute("SELECT count(*) FROM sales").fetchone()[0] == before
    assert pay(store, cart, promos.clerk).total == 105_000


def test_a_forged_promotion_on_a_line_is_refused(store, promos, clock):
    cart = ring(store, SALT)
    cart.lines[0].promo_discount = 5_000
    cart.lines[0].promos = [{"promotion_id": "p-shrimp", "amount": 5_000, "level": "line"}]
    with pytest.raises(PromotionsChanged):
        pay(store, cart, promos.clerk)
    assert cart.lines[0].promo_discount == 0


def test_the_clerk_removes_a_promotion_stored_and_audited(store, promos, clock):
    cart = ring(store, SHRIMP, removed=["p-shrimp"])
    assert cart.totals().total == 250_000
    res = pay(store, cart, promos.clerk)
    row = store.one("SELECT promotion_id, level, removed_by, text_vi FROM sale_promotions WHERE sale_id = ?",
                    (res.sale_id,))
    assert row == {"promotion_id": "p-shrimp", "level": "removed", "removed_by": "clerk-x",
                   "text_vi": "Tôm khô giảm 10%"}
    audit = store.one("SELECT staff_id, detail FROM audit_log WHERE action = 'promotion.removed'")
    assert audit["staff_id"] == "clerk-x" and json.loads(audit["detail"])["promotion_id"] == "p-shrimp"
    assert last_payload(store)["promotions"][0]["removed_by"] == "clerk-x"


def test_the_customer_screen_names_each_promotion_with_its_amount(store, promos, clock):
    """The customer's monitor (pos/customer_view.py) shows what the receipt explains: a line's promotion
    under it by name, an order's once at the end, a manual discount apart; the rows add up to the total."""
    from pos import customer_view

    clock.set(vn(2026, 12, 12, 10, 0))  # a Saturday: the weekend cake promotion is on
    cart = ring(store, SHRIMP, SHRIMP, SALT, CAKE, CAKE, CAKE)  # 2 × 250.000 (−10 %), a salt, 3 × 35.000 (1 free)
    salt = cart.lines[1].unit_price
    cart.set_line_discount(1, 4_000, "Móp hộp")  # a manual discount: that line gets no line promotion
    view = customer_view.cart_view(cart, "vi")
    assert [(r.kind, r.text, r.amount) for r in view.rows] == [
        ("line", "Tôm khô Gành Hào 200g", 500_000), ("detail", "KM: Tôm khô giảm 10%", -50_000),
        ("line", cart.lines[1].name_vi, salt), ("detail", "Móp hộp", -4_000),
        ("line", "Bánh đa tôm Đông Hải", 105_000), ("detail", "KM: Cuối tuần: mua 2 bánh tặng 1", -35_000),
        ("order", "KM: Hóa đơn từ 500.000 ₫ giảm 20.000 ₫", -20_000)]
    assert view.total == cart.totals().total == 500_000 + salt + 105_000 - 50_000 - 4_000 - 35_000 - 20_000
    assert sum(r.amount for r in view.rows) == view.total and view.discount_total == 109_000
    en = customer_view.cart_view(cart, "en")
    assert ("detail", "Promo: Dried shrimp 10% off", -50_000) in [(r.kind, r.text, r.amount) for r in en.rows]
