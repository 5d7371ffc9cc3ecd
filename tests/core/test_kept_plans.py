"""What a sale keeps of the prices, promotions and gift sets (per catalog_rev, bumped by triggers of
m021/m023) is never stale: a price plan, a promotion, a catalog price or a set pulled between two
sales, by the sync thread's own connection or by this one, is paid at the next sale; a change
rolled back is forgotten with it. The first sale of each test fills what the Store keeps."""
from __future__ import annotations

import pytest

from pos import catalog, promotion_store, promotions, sales, sets
from pos.cart import Cart
from pos.errors import PromotionsChanged
from pos.store import Store
from testclock import vn

SALT, SHRIMP = "8930000000019", "8930000000026"


def ring(store, *codes):
    cart = Cart()
    cart.pricing = promotions.Pricing(promotion_store.book(store), store.now)
    for code in codes:
        cart.add(catalog.lookup(store, code).product, barcode=code)
    return cart


def pay(store, cart, clerk):
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": 1_000_000}], clerk)


def fair(lid, product_id, price, day="2026-11-23"):
    return {"price_lists": [{"id": lid, "name": "Hội chợ", "start_day": day, "end_day": day, "from_time": "",
                             "to_time": "", "status": "active", "created_at": "2026-11-20T02:00:00.000+00:00",
                             "items": [{"product_id": product_id, "price": price}]}]}


@pytest.fixture
def kept(store, selling, clock):
    """Monday 23/11/2026 10:00, no plan, no promotion held; one sale made: what it read is kept."""
    clock.set(vn(2026, 11, 23, 10, 0))
    assert pay(store, ring(store, SHRIMP), selling.clerk).total == 250_000
    return selling


def test_a_price_list_pulled_by_the_sync_connection_between_two_sales_is_paid(store, kept, db_path, clock):
    cart = ring(store, SHRIMP)  # rung up at 250.000
    with Store(db_path, clock=clock) as sync:
        catalog.apply_catalog(sync, fair("f1", kept.shrimp, 220_000))
    res = pay(store, cart, kept.clerk)
    assert res.total == 220_000 and [(r.rung_up, r.in_force, r.kept) for r in res.repriced] == [(250_000, 220_000,
                                                                                                False)]
    cart = ring(store, SHRIMP)  # 220.000 now; the list is forgotten (no longer for this location) before payment
    with Store(db_path, clock=clock) as sync:
        catalog.apply_catalog(sync, {"price_lists": [{**fair("f1", kept.shrimp, 220_000)["price_lists"][0],
                                                      "status": "elsewhere"}]})
    res = pay(store, cart, kept.clerk)
    assert res.total == 220_000 and [(r.in_force, r.kept) for r in res.repriced] == [(250_000, True)]
    assert pay(store, ring(store, SHRIMP), kept.clerk).total == 250_000


def test_a_price_change_pulled_by_this_connection_and_a_catalog_price_are_paid(store, kept, clock):
    cart = ring(store, SALT)  # 45.000
    catalog.apply_catalog(store, {"price_changes": [{
        "id": "pc", "product_id": kept.salt, "price": 40_000, "effective_day": "2026-11-23", "location_code": "",
        "status": "pending", "created_at": "2026-11-20T01:00:00.000+00:00"}]})
    assert pay(store, cart, kept.clerk).total == 40_000
    catalog.apply_catalog(store, {"price_changes": [{"id": "pc", "status": "cancelled"}]})
    cart = ring(store, SALT)  # 45.000 again, with no plan held; the catalog price goes down before payment
    catalog.upsert_product(store, {"id": kept.salt, "price": 41_000})
    res = pay(store, cart, kept.clerk)
    assert res.total == 41_000 and [(r.rung_up, r.in_force) for r in res.repriced] == [(45_000, 41_000)]


def test_a_plan_rolled_back_is_forgotten(store, kept):
    with pytest.raises(RuntimeError):
        with store.transaction():
            catalog.apply_catalog(store, fair("f2", kept.shrimp, 1_000))
            assert pay(store, ring(store, SHRIMP), kept.clerk).total == 1_000
            raise RuntimeError("rolled back")
    assert pay(store, ring(store, SHRIMP), kept.clerk).total == 250_000


def test_a_promotion_pulled_between_two_sales_is_checked_at_payment(store, kept, db_path, clock):
    cart = ring(store, SHRIMP)  # no promotion when rung up
    with Store(db_path, clock=clock) as sync:
        catalog.apply_catalog(sync, {"promotions": [{"id": "p10", "kind": "percent_off", "target": "product",
                                                     "target_id": kept.shrimp, "percent": 10, "name_vi": "Giảm 10%"}]})
    with pytest.raises(PromotionsChanged):
        pay(store, cart, kept.clerk)
    assert pay(store, cart, kept.clerk).total == 225_000  # the cart was given the promotion
    assert store.conn.execute("SELECT promotion_id FROM sale_promotions").fetchall() == [("p10",)]
    cart = ring(store, SHRIMP)
    catalog.apply_catalog(store, {"promotions": [{"id": "p10", "status": "ended"}]})  # this connection
    with pytest.raises(PromotionsChanged):
        pay(store, cart, kept.clerk)
    assert pay(store, cart, kept.clerk).total == 250_000


def test_a_set_pulled_between_two_sales_moves_its_components(store, kept, db_path, clock):
    assert sets.set_ids(store, [kept.shrimp, kept.salt]) == set()  # kept: no set held
    box, _ = catalog.upsert_product(store, {"sku": "HOP", "name_vi": "Hộp quà", "producer_id": kept.producer_hh,
                                            "unit": "hộp", "price": 100_000, "vat_rate": 0}, barcodes=["8930000000996"])
    assert pay(store, ring(store, "8930000000996"), kept.clerk).total == 100_000  # an ordinary product so far
    with Store(db_path, clock=clock) as sync:
        catalog.apply_catalog(sync, {"set_components": [{"set_id": box, "components": [
            {"product_id": kept.salt, "qty": 2}]}]})
    res = pay(store, ring(store, "8930000000996"), kept.clerk)
    moved = store.conn.execute("SELECT product_id, qty FROM stock_moves WHERE ref_id = ?", (res.sale_id,)).fetchall()
    assert moved == [(kept.salt, -2)]
