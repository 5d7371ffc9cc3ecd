"""Pull: catalog, per-location prices, producers, staff and settings flow to kiosks by cursor."""
from __future__ import annotations

import os

import requests

from pos import catalog, sales, staff
from pos.cart import Cart
from sync.client import sync_once
from central import accounts as admin
from central.catalog import pull as central

from syncrig import enroll, make_kiosk

PRODUCER = {"id": "prod-0001", "code": "BL-HTX1", "name": "HTX Muối Đông Hải", "kind": "cooperative",
            "province": "Bạc Liêu", "commission_bp": 1500}
CATEGORY = {"id": "cat-0001", "name_vi": "Đặc sản biển", "name_en": "Seafood specialties", "sort": 1}


def product(price: int, name: str = "Muối hầm Bạc Liêu đặc biệt") -> dict:
    return {"id": "sp-0001", "sku": "BL-MUOI-01", "name_vi": name, "name_en": "Special roasted salt",
            "producer_id": "prod-0001", "category_id": "cat-0001", "unit": "hũ", "price": price, "vat_rate": 8,
            "ocop_stars": 5, "barcodes": ["8934567890120"]}


def admin_headers(server) -> dict:
    with server.engine.begin() as c:
        admin.create_user(c, "catalog-admin", "mat-khau-quan-tri", "admin")
    tok = requests.post(server.url + "/api/v1/auth/login",
                        json={"username": "catalog-admin", "password": "mat-khau-quan-tri"}, timeout=10).json()["token"]
    return {"Authorization": f"Bearer {tok}"}


def put(server, headers, **changes) -> int:
    r = requests.put(server.url + "/api/v1/admin/catalog", json=changes, headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["rev"]


def test_catalog_prices_staff_and_settings_reach_the_right_kiosks(server, tmp_path):
    h = admin_headers(server)
    salt = os.urandom(16)
    pin_hash = staff.hash_pin("4321", salt)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)],
        staff=[{"id": "st-hn", "code": "HNC1", "name": "Lê Thị Hoa", "role": "clerk", "pin_salt": salt.hex(),
                "pin_hash": pin_hash.hex(), "location_code": "HN-BOOTH"},
               {"id": "st-hcm", "code": "HCMC1", "name": "Phạm Văn Đức", "role": "clerk", "pin_salt": salt.hex(),
                "pin_hash": pin_hash.hex(), "location_code": "HCM-MART"}],
        prices=[{"location_code": "HN-BOOTH", "product_id": "sp-0001", "price": 55_000}],
        settings={"": {"receipt_footer": "Cảm ơn quý khách!"}, "HN-BOOTH": {"receipt_footer": "Hẹn gặp lại ở Hà Nội"}})
    hn, ids_hn = make_kiosk(tmp_path / "hn.db", "HN01")
    hcm, ids_hcm = make_kiosk(tmp_path / "hcm.db", "HCM01")
    try:
        enroll(server, hn, "HN-BOOTH")
        enroll(server, hcm, "HCM-MART")
        r1 = sync_once(hn)
        sync_once(hcm)
        assert r1.pulled["products"] == 1 and r1.pulled["staff"] == 1
        p_hn, p_hcm = catalog.find_sku(hn, "BL-MUOI-01"), catalog.find_sku(hcm, "BL-MUOI-01")
        assert (p_hn["price"], p_hcm["price"]) == (55_000, 50_000)  # the location's own price
        assert catalog.lookup(hn, "8934567890120").product["id"] == "sp-0001"
        assert [x["id"] for x in catalog.search(hn, "muoi ham dac biet")] == ["sp-0001"]  # tones and đ folded
        assert staff.find_code(hn, "HNC1") and staff.find_code(hn, "HCMC1") is None  # only its location's staff
        assert staff.login(hn, "st-hn", "4321")["id"] == "st-hn"
        assert hn.settings()["receipt_footer"] == "Hẹn gặp lại ở Hà Nội"
        assert hcm.settings()["receipt_footer"] == "Cảm ơn quý khách!"
        assert sync_once(hn).pulled["products"] == 0  # the cursor moved: nothing again

        # A price change applies to the next sale, not to a cart being paid.
        cart = Cart()
        cart.add(catalog.find_sku(hn, "BL-MUOI-01"), qty=2)
        put(server, h, prices=[{"location_code": "HN-BOOTH", "product_id": "sp-0001", "price": 60_000}])
        assert sync_once(hn).pulled["products"] == 1
        paid = sales.complete_sale(hn, cart, [{"method": "cash", "tendered": 200_000}], ids_hn["clerk"])
        assert paid.total == 110_000
        nxt = Cart()
        nxt.add(catalog.find_sku(hn, "BL-MUOI-01"), qty=2)
        assert nxt.totals().total == 120_000
        # a change to the central product (renamed) reaches both; the HN price stays the HN price
        put(server, h, products=[product(52_000, "Muối hầm Bạc Liêu thượng hạng")])
        sync_once(hn)
        sync_once(hcm)
        assert catalog.find_sku(hn, "BL-MUOI-01")["price"] == 60_000
        assert catalog.find_sku(hcm, "BL-MUOI-01")["price"] == 52_000
        assert [x["id"] for x in catalog.search(hcm, "thuong hang")] == ["sp-0001"]
    finally:
        hn.close()
        hcm.close()


def test_cursor_pages_never_skip_a_row(server):
    with server.engine.begin() as c:
        central.upsert_producers(c, [PRODUCER])
        for i in range(7):  # seven revisions, some with several rows
            central.upsert_products(c, [{**product(10_000 + i), "id": f"p{i}-{j}", "sku": f"S{i}-{j}",
                                         "barcodes": []} for j in range(i % 3 + 1)])
        central.upsert_prices(c, [{"location_code": "L1", "product_id": "p0-0", "price": 1}])
    seen, cursor, pages = {}, 0, 0
    with server.engine.connect() as c:
        while True:
            page = central.changes_since(c, "L1", cursor, limit=2)
            pages += 1
            for p in page["products"]:
                seen[p["id"]] = p["price"]
            assert int(page["cursor"]) >= cursor
            cursor = int(page["cursor"])
            if not page["more"]:
                break
    assert pages > 3
    assert len(seen) == sum(i % 3 + 1 for i in range(7)) and seen["p0-0"] == 1
