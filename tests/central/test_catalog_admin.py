"""Catalog management from the office, seen from the kiosks: every change takes a new catalog
revision and arrives through the kiosks' ordinary pull."""
from __future__ import annotations

import datetime as dt
import io

import requests
from openpyxl import Workbook

from pos import catalog as kcat
from rig import PASSWORD, office_session, ok
from central import models as m
from central.catalog import edit as catalog_admin
from central.clock import vn_today


def o(office, path):
    return f"{office.url}/api/v1/office/{path}"


def rev(office) -> int:
    return ok(requests.get(f"{office.url}/api/v1/health", timeout=30))["catalog_rev"]


def test_product_made_centrally_reaches_the_kiosk(office):
    before = rev(office)
    res = ok(office.api.post(o(office, "products"), json={
        "sku": "TRA-100", "name_vi": "Trà mãng cầu Tam Giang", "producer_code": "P02", "price": "120.000",
        "vat_rate": 5, "ocop_stars": 5, "ocop_cert_issued": "01/03/2025", "barcodes": "8930000000040"}))
    assert res["rev"] > before
    office.hn.sync()
    p = kcat.find_sku(office.hn.store, "TRA-100")
    assert p["name_vi"] == "Trà mãng cầu Tam Giang" and p["price"] == 120_000 and p["ocop_stars"] == 5
    assert p["ocop_cert_expires"] == "2028-03-01"  # 36 months after issue
    assert kcat.lookup(office.hn.store, "8930000000040").product["sku"] == "TRA-100"


def test_bad_input_is_refused_and_changes_nothing(office):
    before = rev(office)
    r = office.api.post(o(office, "products"), json={"sku": "X1", "name_vi": "Hàng thử", "producer_code": "P01",
                                                     "price": 10_000, "barcodes": ["8930000000018"]})
    assert r.status_code == 422 and "GS1" in r.json()["detail"]["message"] and r.json()["detail"]["field"] == "barcodes"
    r = office.api.post(o(office, "products"), json={"sku": "X1", "name_vi": "Hàng thử", "producer_code": "P01",
                                                     "price": 10_000, "barcodes": ["8930000000019"]})
    assert r.status_code == 422 and "MUOI-500" in r.json()["detail"]["message"]  # already on the salt
    r = office.api.post(o(office, "products"), json={"sku": "X1", "name_vi": "Hàng thử", "producer_code": "P01",
                                                     "price": 10_000, "vat_rate": 7})
    assert r.status_code == 422 and r.json()["detail"]["field"] == "vat_rate"
    r = office.api.post(o(office, "producers"), json={"code": "P09", "name": "NSX", "commission_bp": 12_000})
    assert r.status_code == 422 and r.json()["detail"]["field"] == "commission_bp"
    assert rev(office) == before
    viewer = office_session(office.url, "viewer1", PASSWORD)
    r = viewer.post(o(office, "producers"), json={"code": "P09", "name": "NSX"})
    assert r.status_code == 403
    assert ok(viewer.get(o(office, "producers")))  # but may read


def test_location_price_only_at_that_location(office):
    cat = office.cat
    ok(office.api.put(o(office, f"products/{cat.salt}/prices/HN-BOOTH"), json={"price": 48_000}))
    office.hn.sync()
    office.bl.sync()
    assert kcat.get_product(office.hn.store, cat.salt)["price"] == 48_000
    assert kcat.get_product(office.bl.store, cat.salt)["price"] == 45_000
    ok(office.api.put(o(office, f"products/{cat.salt}/prices/HN-BOOTH"), json={"price": None}))
    office.hn.sync()
    assert kcat.get_product(office.hn.store, cat.salt)["price"] == 45_000
    r = office.api.put(o(office, f"products/{cat.salt}/prices/NOWHERE"), json={"price": 1})
    assert r.status_code == 422


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_previews_errors_per_row_then_applies(office):
    bad_csv = ("Mã hàng;Tên hàng;Mã NSX;Nhà sản xuất;Giá bán;Thuế GTGT;Mã vạch\n"
               "MAM-01;Mắm ba khía Cà Mau;P07;Cơ sở Mắm Bà Giao;60.000;8;8930000000057\n"
               "MAM-02;Mắm tôm chua;P01;;55.000;8;8930000000058\n"
               "MAM-01;Trùng mã;P01;;1;8;\n"
               "MAM-03;;P01;;40.000;8;\n").encode()
    prev = ok(office.api.post(o(office, "imports"), files={"file": ("danh-muc.csv", bad_csv, "text/csv")}))
    rows = {p["row"]: p for p in prev["preview"]}
    assert rows[2]["action"] == "create" and rows[2]["errors"] == [] and rows[2]["new_producer"] == "P07"
    assert "GS1" in rows[3]["errors"][0]
    assert "trùng với dòng 2" in rows[4]["errors"][0]
    assert "tên hàng" in rows[5]["errors"][0]
    assert prev["error_rows"] == 3
    before = rev(office)
    r = office.api.post(o(office, f"imports/{prev['id']}/apply"))
    assert r.status_code == 409 and rev(office) == before
    good = _xlsx([["sku", "name_vi", "producer_code", "producer_name", "price", "vat_rate", "barcodes", "ocop_stars"],
                  ["MAM-01", "Mắm ba khía Cà Mau", "P07", "Cơ sở Mắm Bà Giao", 60000, 8, "8930000000057", 4],
                  ["MAM-02", "Mắm tôm chua", "P01", None, 55000.0, 8, 8930000000064, None],  # numbers as Excel keeps them
                  ["MUOI-500", "Muối hầm Bạc Liêu 500g", "P01", None, 46000, 0, "8930000000019", 4]])
    prev = ok(office.api.post(o(office, "imports"), files={"file": ("danh-muc.xlsx", good, "application/octet-stream")}))
    assert [p["action"] for p in prev["preview"]] == ["create", "create", "update"], prev["preview"]
    res = ok(office.api.post(o(office, f"imports/{prev['id']}/apply")))
    assert (res["created"], res["updated"], res["producers_created"]) == (2, 1, 1)
    r = office.api.post(o(office, f"imports/{prev['id']}/apply"))
    assert r.status_code == 409  # once only
    office.bl.sync()
    store = office.bl.store
    assert kcat.find_sku(store, "MAM-01")["price"] == 60_000
    assert kcat.get_producer(store, kcat.find_sku(store, "MAM-01")["producer_id"])["name"] == "Cơ sở Mắm Bà Giao"
    assert kcat.find_sku(store, "MUOI-500")["price"] == 46_000
    assert kcat.lookup(store, "8930000000064").product["sku"] == "MAM-02"


def test_price_change_waits_for_its_vietnam_day(office):
    tomorrow = vn_today() + dt.timedelta(days=1)
    res = ok(office.api.post(o(office, "price-changes"), json={
        "effective_day": tomorrow.isoformat(), "items": [{"sku": "TOM-200", "price": "260.000"}],
        "note": "Giá mới từ ngày mai"}))
    assert res["applied"] == 0
    office.hn.sync()
    assert kcat.find_sku(office.hn.store, "TOM-200")["price"] == 250_000
    with office.server.engine.begin() as conn:  # the day comes (the server's loop or cron does this)
        assert catalog_admin.apply_due_price_changes(conn, today=tomorrow) == 1
        assert catalog_admin.apply_due_price_changes(conn, today=tomorrow) == 0
    office.hn.sync()
    assert kcat.find_sku(office.hn.store, "TOM-200")["price"] == 260_000


def test_percent_change_from_today_for_one_producer(office):
    htx = office.cat.producer_htx
    before = {p["sku"]: p["price"] for p in ok(office.api.get(o(office, "products"), params={"producer_id": htx}))}
    res = ok(office.api.post(o(office, "price-changes"), json={
        "effective_day": vn_today().isoformat(), "percent_bp": 1000, "producer_id": htx, "round_to": 1000}))
    assert res["applied"] == len(before)
    plan = {p["sku"]: p["price"] for p in res["plan"]}
    assert plan["BANHDA"] == 39_000  # 35.000 + 10 % = 38.500, rounded to the thousand
    office.bl.sync()
    for sku, price in plan.items():
        assert kcat.find_sku(office.bl.store, sku)["price"] == price
    r = office.api.post(o(office, "price-changes"), json={"effective_day": "mai", "percent_bp": 1000})
    assert r.status_code == 422


def test_server_applies_due_prices_by_itself(office):
    """A change whose day has come is applied by the server itself (its loop runs at start and every minute)."""
    import time

    import sqlalchemy as sa

    from rig import Server

    plan = [{"product_id": office.cat.fish, "old_price": 420_000, "price": 440_000}]
    with office.server.engine.begin() as conn:
        catalog_admin.schedule_price_change(conn, plan, (vn_today() + dt.timedelta(days=3)).isoformat(), "office")
        conn.execute(sa.update(m.price_changes)
                     .where(m.price_changes.c.status == "pending",
                            m.price_changes.c.product_id == office.cat.fish)
                     .values(effective_day=vn_today().isoformat()))  # as if three days went by
    second = Server(office.database_url)  # e.g. the server restarted after the day began
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with second.engine.connect() as conn:
                if catalog_admin.get_product(conn, office.cat.fish)["price"] == 440_000:
                    break
            time.sleep(0.2)
        office.hn.sync()
        assert kcat.get_product(office.hn.store, office.cat.fish)["price"] == 440_000
    finally:
        second.stop()


def test_scheduled_change_for_one_location(office):
    res = ok(office.api.post(o(office, "price-changes"), json={
        "effective_day": vn_today().isoformat(), "location_code": "BL-SITE",
        "items": [{"sku": "KHOCA", "price": 399_000}], "note": "Khuyến mãi tại điểm Bạc Liêu"}))
    assert res["applied"] == 1
    office.hn.sync()
    office.bl.sync()
    assert kcat.find_sku(office.bl.store, "KHOCA")["price"] == 399_000
    assert kcat.find_sku(office.hn.store, "KHOCA")["price"] != 399_000
    batches = ok(office.api.get(o(office, "price-changes")))
    assert batches[0]["location_code"] == "BL-SITE" and batches[0]["status"] == "applied"
