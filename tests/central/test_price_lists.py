"""Prices planned at the centre and applied by each kiosk on its own day (central/catalog/edit.py's
price changes, central/catalog/price_lists.py, the pull's `price_changes` / `price_lists`,
pos/prices.py): a price change and a weekend fair list for one location planned through the API,
pulled by two kiosks that then stay offline, each switching on the right Vietnam days; the centre
applying the change on its day and the kiosks agreeing; cancellations and ended lists forgotten;
the office page in Vietnamese and English. Real server on loopback, SQLite and PostgreSQL. Days
are in 2099, so the office's own "apply what is due today" (the machine's date) never reaches them;
the kiosks' days are their test clocks."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from central import models as m
from central.catalog import edit as ca
from central.catalog import price_lists as pl
from central.catalog import pull
from pos import catalog, price_pull
from pos.cart import Cart
from pos import sales
from rig import PASSWORD, Kiosk, Server, build_central_catalog, office_session, ok
from testclock import Clock, vn

import pytest

SALT, SHRIMP = "8930000000019", "8930000000026"
FAIR = "Hội chợ OCOP Hà Nội 2099"


@pytest.fixture
def centre(database_url, tmp_path):
    from central import accounts as admin

    srv = Server(database_url)
    kiosks = []
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
            admin.create_user(conn, "quanly", PASSWORD, "manager", "Đỗ Văn Quản")
            admin.create_user(conn, "xem", PASSWORD, "viewer", "Phạm Xem")
        api = office_session(srv.url)
        cat = build_central_catalog(api, srv.url)
        clock = Clock(vn(2099, 3, 1, 9, 0))
        kiosks = [Kiosk(tmp_path / "hn.db", srv, "HN01", "HN-BOOTH", clock, cat),
                  Kiosk(tmp_path / "bl.db", srv, "BL01", "BL-SITE", clock, cat)]
        yield srv, api, cat, clock, kiosks
    finally:
        for k in kiosks:
            k.store.close()
        srv.stop()


def plan(srv, api, cat) -> dict:
    """Salt 45.000 -> 50.000 from Wednesday 04/03/2099 everywhere; the fair's list for HN-BOOTH only,
    Saturday 07 - Sunday 08/03/2099, 08:00-21:00: shrimp 220.000."""
    o = f"{srv.url}/api/v1/office"
    ok(api.post(f"{o}/price-changes", json={"effective_day": "2099-03-04", "items": [{"sku": "MUOI-500",
                                                                                      "price": 50_000}]}))
    return ok(api.post(f"{o}/price-lists", json={
        "name": FAIR, "start_day": "07/03/2099", "end_day": "2099-03-08", "from_time": "8:00", "to_time": "21:00",
        "locations": ["HN-BOOTH"], "items": [{"sku": "TOM-200", "price": "220.000"}]}))


def price(kiosk, code):
    return catalog.lookup(kiosk.store, code).product["price"]


def test_two_kiosks_offline_for_a_week_switch_on_their_days_and_agree_with_the_centre(centre):
    srv, api, cat, clock, (hn, bl) = centre
    plan(srv, api, cat)
    hn.sync(), bl.sync()  # then offline for the week
    expected = {  # (day, hour) -> HN (salt, shrimp), BL (salt, shrimp), by hand from the plan
        (3, 10): ((45_000, 250_000), (45_000, 250_000)), (4, 0): ((50_000, 250_000), (50_000, 250_000)),
        (6, 23): ((50_000, 250_000), (50_000, 250_000)), (7, 7): ((50_000, 250_000), (50_000, 250_000)),
        (7, 8): ((50_000, 220_000), (50_000, 250_000)), (8, 20): ((50_000, 220_000), (50_000, 250_000)),
        (8, 21): ((50_000, 250_000), (50_000, 250_000)), (9, 10): ((50_000, 250_000), (50_000, 250_000))}
    for (day, hour), (at_hn, at_bl) in expected.items():
        clock.set(vn(2099, 3, day, hour, 0))
        assert ((price(hn, SALT), price(hn, SHRIMP)), (price(bl, SALT), price(bl, SHRIMP))) == (at_hn, at_bl), day
    clock.set(vn(2099, 3, 7, 10, 0))
    cart = Cart()
    cart.add(catalog.lookup(hn.store, SHRIMP).product, barcode=SHRIMP)
    sale = sales.complete_sale(hn.store, cart, [{"method": "cash", "tendered": 220_000}], hn.clerk)
    with srv.engine.begin() as conn:  # the centre applies the change on its day, under a new revision
        assert ca.apply_due_price_changes(conn, today=dt.date(2099, 3, 4)) == 1
    hn.sync()
    assert hn.store.all("SELECT * FROM price_schedule") == []  # applied: forgotten, the catalog says it now
    assert catalog.get_product(hn.store, cat.salt)["price"] == 50_000 and price(hn, SALT) == 50_000
    assert price(hn, SHRIMP) == 220_000  # the fair list stays
    with srv.engine.connect() as conn:
        line = conn.execute(sa.select(m.sale_lines).where(m.sale_lines.c.sale_id == sale.sale_id)).one()
    assert (line.unit_price, line.net) == (220_000, 220_000)


def test_the_pull_carries_changes_lists_and_their_ends_once(centre):
    srv, api, cat, clock, _ = centre
    with srv.engine.begin() as conn:
        start = pull.current_rev(conn)
    fair = plan(srv, api, cat)
    with srv.engine.begin() as conn:
        ca.set_location_price(conn, cat.cake, "BL-SITE", 33_000)
        ca.schedule_price_change(conn, ca.plan_bulk_change(conn, items=[{"sku": "BANHDA", "price": 32_000}],
                                                           location_code="BL-SITE"),
                                 "2099-03-05", "office", location_code="BL-SITE")
        hn, bl = pull.changes_since(conn, "HN-BOOTH", start), pull.changes_since(conn, "BL-SITE", start)
        assert [(r["product_id"], r["price"], r["effective_day"], r["location_code"], r["status"])
                for r in hn["price_changes"]] == [(cat.salt, 50_000, "2099-03-04", "", "pending")]
        assert sorted((r["product_id"], r["location_code"]) for r in bl["price_changes"]) == sorted(
            [(cat.salt, ""), (cat.cake, "BL-SITE")])
        assert [(r["name"], r["status"], r["from_time"], r["to_time"], r["items"]) for r in hn["price_lists"]] == [
            (FAIR, "active", "08:00", "21:00", [{"product_id": cat.shrimp, "price": 220_000}])]
        assert [(r["status"], r["items"]) for r in bl["price_lists"]] == [("elsewhere", [])]
        assert {p["id"]: p["location_priced"] for p in bl["products"]}[cat.cake] is True
        assert all(not p["location_priced"] for p in hn["products"])
        cursor = int(hn["cursor"])
        again = pull.changes_since(conn, "HN-BOOTH", cursor)
        assert "price_changes" not in again and "price_lists" not in again
        batch = conn.execute(sa.select(m.price_changes.c.batch_id).where(m.price_changes.c.product_id == cat.salt)
                             ).scalar()
        assert ca.cancel_batch(conn, batch) == 1 and ca.cancel_batch(conn, batch) == 0
        pl.end(conn, fair["id"], "office")
        ended = pull.changes_since(conn, "HN-BOOTH", cursor)
        assert [(r["product_id"], r["status"]) for r in ended["price_changes"]] == [(cat.salt, "cancelled")]
        assert [(r["id"], r["status"]) for r in ended["price_lists"]] == [(fair["id"], "ended")]
        assert "price_changes" not in pull.changes_since(conn, "HN-BOOTH", int(ended["cursor"]))


def test_an_edited_list_reaches_the_kiosk_whole_and_an_ended_one_is_forgotten(centre):
    srv, api, cat, clock, (hn, _bl) = centre
    fair = plan(srv, api, cat)
    o = f"{srv.url}/api/v1/office/price-lists/{fair['id']}"
    ok(api.put(o, json={"name": FAIR, "start_day": "2099-03-07", "end_day": "2099-03-08", "locations": ["HN-BOOTH"],
                        "items": [{"sku": "BANHDA", "price": 30_000}]}))
    hn.sync()
    clock.set(vn(2099, 3, 7, 6, 0))  # no hours any more: from midnight
    assert (price(hn, SHRIMP), price(hn, "8930000000033")) == (250_000, 30_000)
    assert [r["name"] for r in price_pull.lists_ahead(hn.store)] == [FAIR]
    assert ok(api.post(f"{o}/end"))["rev"]
    refused = api.put(o, json={"name": FAIR, "start_day": "2099-03-07", "end_day": "2099-03-08",
                               "locations": ["HN-BOOTH"], "items": [{"sku": "BANHDA", "price": 1}]})
    assert refused.status_code == 409
    hn.sync()
    assert price(hn, "8930000000033") == 35_000 and price_pull.lists_ahead(hn.store) == []
    assert api.get(f"{srv.url}/api/v1/office/price-lists/nope").status_code == 404
    assert [x["state"] for x in ok(api.get(f"{srv.url}/api/v1/office/price-lists"))] == ["ended"]


def test_bad_lists_are_refused_and_change_nothing(centre):
    srv, api, cat, clock, _ = centre
    good = {"name": FAIR, "start_day": "2099-03-07", "end_day": "2099-03-08", "locations": ["HN-BOOTH"],
            "items": [{"sku": "TOM-200", "price": 220_000}]}
    for bad, field in (({"end_day": "2099-03-06"}, "end_day"), ({"from_time": "08:00"}, "to_time"),
                       ({"from_time": "21:00", "to_time": "08:00"}, "to_time"), ({"to_time": "8h"}, "to_time"),
                       ({"locations": []}, "locations"), ({"locations": ["KHONG-CO"]}, "locations"),
                       ({"items": []}, "items"), ({"items": [{"sku": "KHONG-CO", "price": 1}]}, "items"),
                       ({"items": [{"sku": "TOM-200", "price": 1}, {"sku": "TOM-200", "price": 2}]}, "items"),
                       ({"items": [{"sku": "TOM-200", "price": -1}]}, "price"), ({"name": " "}, "name")):
        r = api.post(f"{srv.url}/api/v1/office/price-lists", json={**good, **bad})
        assert r.status_code == 422 and r.json()["detail"]["field"] == field, (bad, r.text)
    with srv.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(m.price_lists)).scalar() == 0
    viewer = office_session(srv.url, "xem")
    assert viewer.post(f"{srv.url}/api/v1/office/price-lists", json=good).status_code == 403
    assert viewer.get(f"{srv.url}/api/v1/office/price-lists").status_code == 200


def test_the_office_page_makes_edits_and_ends_a_list_in_vi_and_en(centre):
    srv, api, cat, clock, _ = centre
    url = f"{srv.url}/office/catalog/price-lists"
    manager = office_session(srv.url, "quanly")  # administrators and managers
    form = {"name": FAIR, "start_day": "07/03/2099", "end_day": "08/03/2099", "from_time": "", "to_time": "",
            "locations": ["HN-BOOTH", "BL-SITE"], "items": "TOM-200; 220.000\nMUOI-500\t42000", "note": "hội chợ"}
    r = manager.post(url, data={**form, "end_day": "06/03/2099"}, timeout=30)
    assert "Không lưu được: ngày kết thúc trước ngày bắt đầu" in r.text
    r = manager.post(url, data=form, timeout=30)
    assert "Đã lưu bảng giá với 2 sản phẩm" in r.text and "Giá hội chợ" in r.text
    assert "220.000 ₫" in r.text and "250.000 ₫" in r.text and "BL-SITE, HN-BOOTH" in r.text
    list_url = r.url.split("?")[0]
    r = manager.post(list_url, data={**form, "items": "TOM-200; 210.000"}, timeout=30)
    assert "Đã lưu bảng giá với 1 sản phẩm" in r.text and "210.000 ₫" in r.text
    listing = manager.get(url, timeout=30).text
    assert FAIR in listing and "Chờ đến ngày" in listing and "cả ngày" in listing
    r = manager.post(f"{list_url}/end", timeout=30)
    assert "Đã kết thúc bảng giá" in r.text and "Kết thúc bảng giá</button>" not in r.text
    assert office_session(srv.url, "xem").get(url, timeout=30).status_code == 403
    with srv.engine.begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.username == "quanly").values(lang="en"))
    en = manager.post(url, data={**form, "to_time": "25:00", "from_time": "08:00"}, timeout=30)
    assert "Not saved: until (time): not a time (type HH:MM, e.g. 08:00): &#x27;25:00&#x27;" in en.text
    assert "Fair price lists" in en.text
