"""VAT rates that change on a date at the kiosk (pos/vat_schedule.py): the schedule pulled ahead of
its day through the same function the sync client uses (pos.catalog.apply_catalog), a kiosk that
stays offline switching at its own Vietnam midnight by its one clock, a product's own change over
its category's, and a cart rung up at 23:59 and paid at 00:01 carrying the new day's rates on the
sale, its outbox payload and its receipt. The clock is the test's (tests/testclock.py), never the
machine's hour or zone."""
from __future__ import annotations

import itertools
import json

import pytest

from pos import catalog, outbox, sales, vat_schedule
from pos.cart import Cart
from testclock import vn

SALT, SHRIMP, CAKE = "8930000000019", "8930000000026", "8930000000033"


def pulled(*rows):
    """A catalog page as the centre sends it (central/catalog/pull.py VAT_KEYS)."""
    return {"vat_changes": [{"status": "scheduled", "note": "", "product_id": None, "category_id": None, **r}
                            for r in rows]}


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        cart.add(catalog.lookup(store, code).product, barcode=code)
    return cart


def pay(store, cart, clerk):
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": cart.totals().total}], clerk)


def sold_rates(store, res):
    return [ln["vat_rate"] for ln in sales.get_sale(store, res.sale_id)["lines"]]


def last_payload(store):
    row = store.conn.execute("SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
    return json.loads(row[0])


@pytest.fixture
def end_of_reduction(store, selling, clock):
    """The 8 % reduced rate ends: the whole category goes back to 10 % from 01/01/2027, but the
    shrimp (8 % today) keeps 8 % by its own change that same day; pulled on 20/12, then offline."""
    clock.set(vn(2026, 12, 20, 9, 0))
    catalog.upsert_product(store, {"id": selling.cake, "vat_rate": 8})  # reduced today
    catalog.apply_catalog(store, pulled(
        {"id": "v-cat", "category_id": selling.category, "vat_rate": 10, "effective_day": "2027-01-01"},
        {"id": "v-shrimp", "product_id": selling.shrimp, "vat_rate": 8, "effective_day": "2027-01-01"}))
    return selling


def test_a_kiosk_offline_since_switches_at_its_own_midnight(store, end_of_reduction, clock):
    s = end_of_reduction
    clock.set(vn(2026, 12, 31, 23, 59))  # no pull since 20/12
    before = pay(store, ring(store, CAKE, SHRIMP, SALT), s.clerk)
    assert sold_rates(store, before) == [8, 8, 0]  # the salt: 0 % until its category goes to 10 %
    clock.set(vn(2027, 1, 1, 0, 1))
    after = pay(store, ring(store, CAKE, SHRIMP, SALT), s.clerk)
    # the category's 10 % from 01/01 for cake and salt; the shrimp's own 8 % the same day wins
    assert sold_rates(store, after) == [10, 8, 10]
    payload = last_payload(store)
    assert payload["sale"]["business_day"] == "2027-01-01"
    assert [ln["vat_rate"] for ln in payload["lines"]] == [10, 8, 10]
    assert payload["sale"]["vat_total"] == sum(ln["vat_amount"] for ln in payload["lines"])
    doc = sales.receipt_doc(store, after.sale_id)
    assert [v["rate"] for v in doc["vat"]] == [8, 10]
    assert before.rerated == () and after.rerated == ()


def test_the_rate_before_its_day_is_the_products_own(store, end_of_reduction, clock):
    s = end_of_reduction
    clock.set(vn(2026, 12, 31, 23, 59, 59))
    assert catalog.lookup(store, SALT).product["vat_rate"] == 0
    clock.set(vn(2027, 1, 1, 0, 0, 0))
    assert catalog.lookup(store, SALT).product["vat_rate"] == 10
    tiles = {p["id"]: p["vat_rate"] for p in catalog.products_in_category(store, s.category)}
    assert (tiles[s.salt], tiles[s.shrimp], tiles[s.cake]) == (10, 8, 10)
    assert {p["id"]: p["vat_rate"] for p in catalog.search(store, "bánh đa")}[s.cake] == 10
    assert catalog.get_product(store, s.cake)["vat_rate"] == 8  # the manager's record keeps the base rate


def test_a_cart_rung_up_at_2359_and_paid_at_0001_takes_the_new_days_rates(store, end_of_reduction, clock):
    s = end_of_reduction
    clock.set(vn(2026, 12, 31, 23, 59))
    cart = ring(store, CAKE, SHRIMP)
    assert [line.vat_rate for line in cart.lines] == [8, 8]
    total = cart.totals().total
    clock.set(vn(2027, 1, 1, 0, 1))
    res = pay(store, cart, s.clerk)
    assert res.rerated == (vat_schedule.Rerated(1, "Bánh đa tôm Đông Hải", 8, 10),)  # told to the clerk
    assert res.total == total  # VAT-inclusive prices: the amount paid does not change, only its split
    assert sold_rates(store, res) == [10, 8]
    lines = last_payload(store)["lines"]
    assert [(ln["vat_rate"], ln["vat_amount"]) for ln in lines] == [(10, 3_182), (8, 18_519)]


def test_a_sale_on_the_day_before_keeps_its_rate_on_a_refund_after(store, end_of_reduction, clock):
    s = end_of_reduction
    clock.set(vn(2026, 12, 31, 20, 0))
    res = pay(store, ring(store, CAKE), s.clerk)
    clock.set(vn(2027, 1, 2, 10, 0))
    line = sales.refundable_lines(store, res.sale_id)[0]
    sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], s.clerk, s.manager, "khách đổi ý")
    refund = last_payload(store)["lines"][0]
    assert refund["vat_rate"] == 8  # a refund undoes the sale as it was taxed


def test_a_cancelled_change_is_dropped_and_a_moved_one_follows(store, end_of_reduction, clock):
    s = end_of_reduction
    catalog.apply_catalog(store, pulled(
        {"id": "v-cat", "category_id": s.category, "vat_rate": 10, "effective_day": "2027-01-01",
         "status": "cancelled"},
        {"id": "v-shrimp", "product_id": s.shrimp, "vat_rate": 10, "effective_day": "2027-07-01"}))
    clock.set(vn(2027, 1, 1, 0, 1))
    assert [catalog.lookup(store, c).product["vat_rate"] for c in (CAKE, SHRIMP)] == [8, 8]
    clock.set(vn(2027, 7, 1, 0, 1))
    assert catalog.lookup(store, SHRIMP).product["vat_rate"] == 10
    assert [r["id"] for r in vat_schedule.upcoming(store, "2027-01-01")] == ["v-shrimp"]


def test_a_bad_pulled_change_is_reported_and_the_rest_applies(store, selling):
    problems: list[dict] = []
    catalog.apply_catalog(store, pulled(
        {"id": "v1", "product_id": selling.salt, "vat_rate": 7, "effective_day": "2027-01-01"},
        {"id": "v2", "product_id": selling.salt, "category_id": selling.category, "vat_rate": 5,
         "effective_day": "2027-01-01"},
        {"id": "v3", "product_id": selling.salt, "vat_rate": 5, "effective_day": "01/01/2027"},
        {"id": "v4", "product_id": selling.salt, "vat_rate": 5, "effective_day": "2027-01-01"}), problems=problems)
    assert [(p["id"], p["field"]) for p in problems] == [("v1", "vat_rate"), ("v2", "product_id"),
                                                          ("v3", "effective_day")]
    assert [r["id"] for r in vat_schedule.upcoming(store, "2026-01-01")] == ["v4"]


def test_the_kiosks_sql_follows_the_shared_rule(store, selling):
    """RATE_SQL (the scan path) and in_force (the centre) agree on every mix of days and targets."""
    days = ["2026-12-31", "2027-01-01", "2027-01-02"]
    changes = []
    for n, (who, day, rate) in enumerate(itertools.product(("product", "category", "other"), days[:2], (0, 5))):
        row = {"id": f"v{n}", "vat_rate": rate if who != "other" else 10, "effective_day": day,
               "product_id": selling.salt if who == "product" else (selling.cake if who == "other" else None),
               "category_id": selling.category if who == "category" else None}
        changes.append(row)
    for k in range(len(changes) + 1):
        subset = changes[:k]
        store.conn.execute("DELETE FROM vat_schedule")
        catalog.apply_catalog(store, pulled(*subset))
        for day in days:
            want = vat_schedule.in_force(subset, selling.salt, selling.category, day, 0)
            assert vat_schedule.rate_on(store.conn, selling.salt, selling.category, day, 0) == want, (k, day)
    # same day: the product's own wins over its category's, whatever was written first
    assert vat_schedule.in_force([{"product_id": "p", "vat_rate": 5, "effective_day": "2027-01-01"},
                                  {"category_id": "c", "vat_rate": 10, "effective_day": "2027-01-01"}],
                                 "p", "c", "2027-01-01", 8) == 5
    # a later category change replaces an earlier product change
    assert vat_schedule.in_force([{"product_id": "p", "vat_rate": 5, "effective_day": "2026-07-01"},
                                  {"category_id": "c", "vat_rate": 10, "effective_day": "2027-01-01"}],
                                 "p", "c", "2027-01-01", 8) == 10


def test_a_kiosk_made_before_the_schedule_gets_it_when_it_opens(store, selling, clock):
    """m008 on a database written by the previous schema (m001-m007, user_version 7): the table
    appears on opening and the scan path and payment use it."""
    import sqlite3

    from pos import schema
    from pos.store import Store

    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE vat_schedule")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_vat_schedule'")
    con.execute("PRAGMA user_version=7")
    con.commit()
    con.close()
    with Store(path, clock=clock) as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        catalog.apply_catalog(again, pulled({"id": "v1", "product_id": selling.cake, "vat_rate": 8,
                                             "effective_day": "2026-11-22"}))
        res = pay(again, ring(again, CAKE), selling.clerk)
        assert sold_rates(again, res) == [8]


def test_what_a_sale_keeps_of_its_products_follows_every_change(store, selling, db_path, clock):
    """pos.sales keeps each product's rate of the day and certificate expiry while catalog_rev
    (triggers on products and vat_schedule, m021) stays the same: a change by this kiosk's own
    connection, by another one (the sync thread's), or rolled back is never sold at a stale rate."""
    from pos.store import Store

    assert sold_rates(store, pay(store, ring(store, CAKE), selling.clerk)) == [10]  # kept from here on
    with Store(db_path, clock=clock) as other:  # another connection to the same file
        catalog.upsert_product(other, {"id": selling.cake, "vat_rate": 8})
    assert sold_rates(store, pay(store, ring(store, CAKE), selling.clerk)) == [8]
    with Store(db_path, clock=clock) as other:
        catalog.apply_catalog(other, pulled(
            {"id": "v-cake", "product_id": selling.cake, "vat_rate": 5, "effective_day": "2026-11-01"}))
    assert sold_rates(store, pay(store, ring(store, CAKE), selling.clerk)) == [5]
    catalog.apply_catalog(store, {"vat_changes": [{"id": "v-cake", "status": "cancelled"}]})  # own connection
    assert sold_rates(store, pay(store, ring(store, CAKE), selling.clerk)) == [8]
    with pytest.raises(RuntimeError):  # a change and a sale in one transaction, rolled back together
        with store.transaction():
            catalog.upsert_product(store, {"id": selling.cake, "vat_rate": 0})
            assert sold_rates(store, pay(store, ring(store, CAKE), selling.clerk)) == [0]
            raise RuntimeError("rolled back")
    assert sold_rates(store, pay(store, ring(store, CAKE), selling.clerk)) == [8]
    stars = lambda res: [ln["ocop_stars"] for ln in sales.get_sale(store, res.sale_id)["lines"]]  # noqa: E731
    assert stars(pay(store, ring(store, CAKE), selling.clerk)) == [3]
    cart = ring(store, CAKE)  # rung up with its stars; the certificate ends before it is paid
    with Store(db_path, clock=clock) as other:
        catalog.upsert_product(other, {"id": selling.cake, "ocop_cert_issued": "2023-01-01",
                                       "ocop_cert_expires": "2026-01-01"})
    assert stars(pay(store, cart, selling.clerk)) == [None]
