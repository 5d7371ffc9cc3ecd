"""Prices the kiosk applies on its own clock (pos/prices.py, pos/price_pull.py): scheduled changes and
a fair's price list pulled ahead through the function the sync client uses (pos.catalog.apply_catalog),
then a kiosk offline for a week switching on the right Vietnam days and hours, the 23:59 / 00:01
boundary, a location's own price, cancelled and applied changes forgotten, a page applied twice,
and the payment rule (the lower of the price rung up and the price in force at payment).
The clock is the test's (tests/testclock.py), never the machine's hour or zone."""
from __future__ import annotations

import os
import time

import pytest

from pos import catalog, price_pull, prices, sales
from pos.cart import Cart
from pos.errors import InvalidAmount, ValidationError
from testclock import vn

SALT, SHRIMP, CAKE = "8930000000019", "8930000000026", "8930000000033"
FAIR = "Hội chợ OCOP Hà Nội 2026"


def change(cid, product_id, price, day, **kw):
    return {"id": cid, "product_id": product_id, "price": price, "effective_day": day, "location_code": "",
            "status": "pending", "created_at": "2026-11-20T01:00:00.000+00:00", **kw}


def fair(lid, start, end, items, **kw):
    return {"id": lid, "name": FAIR, "start_day": start, "end_day": end, "from_time": "", "to_time": "",
            "status": "active", "created_at": "2026-11-20T02:00:00.000+00:00",
            "items": [{"product_id": p, "price": x} for p, x in items], **kw}


def price(store, code):
    return catalog.lookup(store, code).product["price"]


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        cart.add(catalog.lookup(store, code).product, barcode=code)
    return cart


@pytest.fixture
def planned(store, selling, clock):
    """Pulled on Monday 23/11 at 09:00, then offline: salt 45.000 -> 50.000 from Wednesday 25/11,
    and the fair's weekend list (Saturday 28 - Sunday 29/11): shrimp 220.000, salt 42.000."""
    clock.set(vn(2026, 11, 23, 9, 0))
    page = {"price_changes": [change("pc-salt", selling.salt, 50_000, "2026-11-25")],
            "price_lists": [fair("fair-hn", "2026-11-28", "2026-11-29", [(selling.shrimp, 220_000),
                                                                          (selling.salt, 42_000)])]}
    catalog.apply_catalog(store, page)
    return selling, page


def test_an_offline_week_applies_the_change_and_the_weekend_fair_on_their_days(store, planned, clock):
    expected = {  # Vietnam day -> (salt, shrimp), by hand from the plan above
        23: (45_000, 250_000), 24: (45_000, 250_000), 25: (50_000, 250_000), 26: (50_000, 250_000),
        27: (50_000, 250_000), 28: (42_000, 220_000), 29: (42_000, 220_000), 30: (50_000, 250_000)}
    for day, (salt, shrimp) in expected.items():
        for hour, minute in ((0, 1), (12, 0), (23, 59)):
            clock.set(vn(2026, 11, day, hour, minute))
            assert (price(store, SALT), price(store, SHRIMP)) == (salt, shrimp), (day, hour)
            assert catalog.lookup(store, CAKE).product["price"] == 35_000  # in no plan


def test_the_midnight_boundary_is_the_kiosks_vietnam_midnight_whatever_the_machine_zone(store, planned, clock,
                                                                                      monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # the machine's zone must not matter
    time.tzset()
    try:
        clock.set(vn(2026, 11, 24, 23, 59))
        assert price(store, SALT) == 45_000
        clock.set(vn(2026, 11, 25, 0, 1))
        assert price(store, SALT) == 50_000
        clock.set(vn(2026, 11, 27, 23, 59, 59))
        assert price(store, SHRIMP) == 250_000
        clock.set(vn(2026, 11, 28, 0, 0))
        assert price(store, SHRIMP) == 220_000
        clock.set(vn(2026, 11, 29, 23, 59))
        assert price(store, SHRIMP) == 220_000
        clock.set(vn(2026, 11, 30, 0, 0))
        assert price(store, SHRIMP) == 250_000
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert os.environ.get("TZ") is None


def test_search_grid_and_card_show_the_price_in_force(store, planned, clock):
    s, _ = planned
    clock.set(vn(2026, 11, 28, 10, 0))
    assert {p["id"]: p["price"] for p in catalog.search(store, "tôm")}[s.shrimp] == 220_000
    grid = {p["id"]: p["price"] for p in catalog.products_in_category(store, s.category)}
    assert grid[s.shrimp] == 220_000 and grid[s.salt] == 42_000 and grid[s.cake] == 35_000
    from pos import product_card
    assert product_card.card(store, s.shrimp)["price"] == 220_000


def test_a_fair_with_hours_applies_only_within_them(store, selling, clock):
    catalog.apply_catalog(store, {"price_lists": [fair("fair-evening", "2026-11-28", "2026-11-29",
                                                        [(selling.cake, 30_000)], from_time="08:00",
                                                        to_time="21:00")]})
    for (d, h, m), want in {(28, 7, 59): 35_000, (28, 8, 0): 30_000, (28, 20, 59): 30_000, (28, 21, 0): 35_000,
                            (29, 12, 0): 30_000, (30, 12, 0): 35_000}.items():
        clock.set(vn(2026, 11, d, h, m))
        assert price(store, CAKE) == want, (d, h, m)


def test_the_fair_list_wins_over_a_change_of_the_same_day_and_the_later_list_over_the_earlier(store, selling,
                                                                                               clock):
    catalog.apply_catalog(store, {
        "price_changes": [change("pc-1", selling.shrimp, 260_000, "2026-11-28")],
        "price_lists": [fair("fair-long", "2026-11-20", "2026-11-30", [(selling.shrimp, 230_000)]),
                        fair("fair-weekend", "2026-11-28", "2026-11-29", [(selling.shrimp, 215_000)])]})
    clock.set(vn(2026, 11, 27, 10, 0))
    assert price(store, SHRIMP) == 230_000
    clock.set(vn(2026, 11, 28, 10, 0))
    assert price(store, SHRIMP) == 215_000  # started later
    clock.set(vn(2026, 12, 1, 10, 0))
    assert price(store, SHRIMP) == 260_000  # no list: the change in force


def test_a_chain_wide_change_does_not_reach_a_location_price_but_the_locations_own_does(store, selling, clock):
    catalog.apply_catalog(store, {"products": [{**catalog.get_product(store, selling.salt), "price": 47_000,
                                                "location_priced": True}],
                                  "price_changes": [change("pc-all", selling.salt, 50_000, "2026-11-25"),
                                                    change("pc-here", selling.salt, 49_000, "2026-11-27",
                                                           location_code="HN")]})
    clock.set(vn(2026, 11, 26, 10, 0))
    assert price(store, SALT) == 47_000  # the chain's change leaves this location's price, as at the centre
    clock.set(vn(2026, 11, 27, 10, 0))
    assert price(store, SALT) == 49_000
    catalog.apply_catalog(store, {"products": [{**catalog.get_product(store, selling.salt), "price": 45_000,
                                                "location_priced": False}]})
    clock.set(vn(2026, 11, 26, 10, 0))
    assert price(store, SALT) == 50_000  # no own price any more: the chain's change reaches it


def test_cancelled_and_applied_changes_are_forgotten_and_a_page_applied_twice_changes_nothing(store, planned,
                                                                                              clock):
    s, page = planned

    def state():
        return (store.all("SELECT * FROM price_schedule ORDER BY id"), store.all("SELECT * FROM price_lists"),
                store.all("SELECT * FROM price_list_items ORDER BY product_id"))

    before = state()
    catalog.apply_catalog(store, page)
    assert state() == before
    catalog.apply_catalog(store, {"price_changes": [{**page["price_changes"][0], "status": "cancelled"}],
                                  "price_lists": [{**page["price_lists"][0], "status": "ended", "items": []}]})
    clock.set(vn(2026, 11, 28, 10, 0))
    assert (price(store, SALT), price(store, SHRIMP)) == (45_000, 250_000)
    assert state()[0] == [] and state()[1] == [] and state()[2] == []
    catalog.apply_catalog(store, {"price_changes": [{**page["price_changes"][0], "status": "cancelled"}]})
    assert state()[0] == []
    # applied at the centre: the catalog price comes in the same page and the change is forgotten
    catalog.apply_catalog(store, page)
    clock.set(vn(2026, 11, 26, 10, 0))
    catalog.apply_catalog(store, {"products": [{**catalog.get_product(store, s.salt), "price": 50_000}],
                                  "price_changes": [{**page["price_changes"][0], "status": "applied"}]})
    assert state()[0] == [] and price(store, SALT) == 50_000


def test_a_price_list_is_replaced_whole_and_forgotten_when_no_longer_for_this_location(store, planned, clock):
    s, page = planned
    clock.set(vn(2026, 11, 28, 10, 0))
    catalog.apply_catalog(store, {"price_lists": [fair("fair-hn", "2026-11-28", "2026-11-29",
                                                       [(s.shrimp, 225_000)])]})
    assert (price(store, SALT), price(store, SHRIMP)) == (50_000, 225_000)
    catalog.apply_catalog(store, {"price_lists": [{**page["price_lists"][0], "status": "elsewhere"}]})
    assert price(store, SHRIMP) == 250_000


@pytest.mark.parametrize("bad", [
    {"start_day": "2026-11-29", "end_day": "2026-11-28"},
    {"from_time": "08:00", "to_time": ""},
    {"from_time": "21:00", "to_time": "08:00"},
    {"from_time": "8h", "to_time": "21:00"},
    {"end_day": "29/11/2026"},
])
def test_a_bad_price_list_is_refused_and_changes_nothing(store, selling, bad):
    with pytest.raises(ValidationError):
        catalog.apply_catalog(store, {"price_lists": [{**fair("x", "2026-11-28", "2026-11-29",
                                                              [(selling.salt, 1)]), **bad}]})
    assert store.all("SELECT * FROM price_lists") == []


def test_a_bad_row_in_a_sync_pull_is_reported_and_the_rest_applied(store, selling):
    problems: list = []
    catalog.apply_catalog(store, {"price_changes": [change("ok", selling.salt, 1_000, "2026-12-01"),
                                                    change("bad", selling.salt, -5, "2026-12-01")]}, problems)
    assert [r["id"] for r in store.all("SELECT id FROM price_schedule")] == ["ok"]
    assert [(p["kind"], p["id"], p["field"]) for p in problems] == [("price_changes", "bad", "price")]


def test_a_cart_across_midnight_keeps_a_price_that_went_up_and_takes_one_that_went_down(store, planned, clock):
    s, _ = planned
    clock.set(vn(2026, 11, 24, 23, 59))
    cart = ring(store, SALT, SALT)  # 2 x 45.000 rung up; 50.000 from midnight
    clock.set(vn(2026, 11, 25, 0, 1))
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 100_000}], s.clerk)
    assert res.total == 90_000 and res.change_due == 10_000
    assert res.repriced == (prices.Repriced(1, "Muối hầm Bạc Liêu 500g", 45_000, 50_000, kept=True),)
    clock.set(vn(2026, 11, 28, 7, 59))
    cart = ring(store, SHRIMP, CAKE)  # the fair starts at midnight of the 28th: already 220.000
    assert cart.totals().total == 255_000
    clock.set(vn(2026, 11, 27, 23, 58))
    cart = ring(store, SHRIMP, CAKE)  # 250.000 + 35.000 the evening before
    clock.set(vn(2026, 11, 28, 0, 2))
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 300_000}], s.clerk)
    assert res.total == 255_000 and res.change_due == 45_000
    assert [(r.line_no, r.rung_up, r.in_force, r.kept, r.paid) for r in res.repriced] == [(1, 250_000, 220_000,
                                                                                            False, 220_000)]
    lines = sales.get_sale(store, res.sale_id)["lines"]
    assert [(ln["unit_price"], ln["net"]) for ln in lines] == [(220_000, 220_000), (35_000, 35_000)]


def test_a_transfer_for_the_old_total_is_refused_when_the_price_went_down(store, planned, clock):
    s, _ = planned
    clock.set(vn(2026, 11, 27, 23, 59))
    cart = ring(store, SHRIMP)
    clock.set(vn(2026, 11, 28, 0, 1))
    with pytest.raises(InvalidAmount) as err:
        sales.complete_sale(store, cart, [{"method": "card", "amount": 250_000, "reference": "FT12345"}],
                            s.clerk)
    assert str(err.value) == ("the price of Tôm khô Gành Hào 200g went down at payment (250.000 ₫ → 220.000 ₫): "
                              "the total is now 220.000 ₫; remove the line, scan it again and take the payment again")
    assert store.one("SELECT count(*) AS n FROM sales")["n"] == 0


def test_a_price_labelled_piece_keeps_its_labels_price(store, planned, clock):
    s, _ = planned
    cart = Cart()
    cart.add(catalog.get_product(store, s.shrimp) | {"producer_name": "HTX"}, price=240_000, barcode="x")
    assert prices.reprice(store, cart, vn(2026, 11, 28, 10, 0)) == []
    assert cart.lines[0].unit_price == 240_000


def test_the_manager_is_told_what_is_coming(store, planned, clock):
    s, _ = planned
    assert [(r["name"], r["price"], r["effective_day"]) for r in price_pull.changes_ahead(store)] == [
        ("Muối hầm Bạc Liêu 500g", 50_000, "2026-11-25")]
    assert [(r["name"], r["items"]) for r in price_pull.lists_ahead(store)] == [(FAIR, 2)]
    assert price_pull.lists_ahead(store, "2026-11-30") == []


def test_a_kiosk_made_before_m018_gets_the_tables_when_it_opens(store, selling, clock):
    """m018 on a database written by the previous schema (user_version 18, products without
    location_priced): it appears on opening with the products and sales kept, and the scan uses it."""
    import sqlite3

    from pos import schema
    from pos.store import Store

    path = store.path
    store.close()
    con = sqlite3.connect(path)
    for table in ("price_list_items", "price_lists", "price_schedule"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE products DROP COLUMN location_priced")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm018_price_schedule'")
    con.execute("PRAGMA user_version=18")
    con.commit()
    con.close()
    with Store(path, clock=clock) as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert price(again, SHRIMP) == 250_000
        catalog.apply_catalog(again, {"price_lists": [fair("f", "2026-11-22", "2026-11-22", [(selling.shrimp, 1_000)])]})
        assert price(again, SHRIMP) == 1_000


def test_a_moment_is_read_in_vietnam_time_and_a_time_without_zone_is_refused():
    import datetime as dt

    from pos.errors import InvalidState

    assert prices.moment(dt.datetime(2026, 11, 27, 17, 1, tzinfo=dt.timezone.utc)) == ("2026-11-28", "00:01")
    with pytest.raises(InvalidState):
        prices.moment(dt.datetime(2026, 11, 28, 0, 1))


def test_a_shelf_label_carries_the_price_the_till_charges_that_day(store, planned, clock):
    from pos import labels

    selling, _ = planned
    items = [{"product_id": selling.salt, "kind": "shelf"}, {"product_id": selling.shrimp, "kind": "barcode"}]
    for day, expected in ((24, [45_000, 250_000]), (25, [50_000, 250_000]), (28, [42_000, 220_000])):
        clock.set(vn(2026, 11, day, 7, 30))  # labels printed before opening, the kiosk still offline
        assert [s["price"] for s in labels.label_specs(store, items)] == expected, day
        assert [s["price"] for s in labels.label_specs(store, items)] == [price(store, SALT), price(store, SHRIMP)]
