"""Vouchers on the office pages and API, on a real server (SQLite and PostgreSQL): a manager
issues a batch allotted to a kiosk (a viewer may not), the batch prints with one QR per code and
comes as CSV, the API issues and reads vouchers; a kiosk pulls them, spends one offline and
syncs; the report shows the use per location and day and the liability (hand-computed), as CSV
too; the double-use page and sync health stay quiet until a voucher is used twice."""
from __future__ import annotations

import csv
import io
import re

import pytest

from pos import sales, voucher_codes, vouchers
from pos.cart import Cart
from rig import PASSWORD, Kiosk, Server, build_central_catalog, office_session
from testclock import Clock, vn


@pytest.fixture
def centre(database_url):
    from central import accounts as admin

    srv = Server(database_url)
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
            admin.create_user(conn, "quanly", PASSWORD, "manager", "Đỗ Văn Quản")
            admin.create_user(conn, "xem", PASSWORD, "viewer", "Phạm Xem")
        api = office_session(srv.url)
        yield srv, api, build_central_catalog(api, srv.url)
    finally:
        srv.stop()


def test_a_batch_issued_on_the_office_page_is_spent_at_a_kiosk_and_reported(centre, tmp_path):
    srv, api, cat = centre
    hn = Kiosk(tmp_path / "hn.db", srv, "HN01", "HN-BOOTH", Clock(vn(2026, 12, 7, 9, 0)), cat)
    manager, viewer = office_session(srv.url, "quanly"), office_session(srv.url, "xem")
    page = f"{srv.url}/office/vouchers"
    form = {"count": "3", "kind": "amount", "value": "100.000", "uses": "1", "expires_on": "31/12/2026",
            "locations": "HN-BOOTH", "allot": "HN01", "name": "Hội chợ OCOP Tết", "batch_no": "TET-2027"}
    assert viewer.post(page, data=form, timeout=30).status_code == 403
    bad = manager.post(page, data={**form, "allot": "HN01:2"}, timeout=30)  # 2 uses of a single-use voucher
    assert "Không phát hành được" in bad.text and "nhiều hơn số lượt của phiếu" in bad.text
    r = manager.post(page, data=form, timeout=30)
    assert r.url.endswith("/office/vouchers/batch/TET-2027?msg=" + r.url.split("msg=")[1])
    assert "Đã phát hành 3 phiếu, lô TET-2027." in r.text and r.text.count("<svg") == 3
    codes = re.findall(r"<code>([0-9A-Z-]{19})</code>", r.text)
    assert len(codes) == 3 and all(voucher_codes.valid(c) for c in codes)
    rows = list(csv.DictReader(io.StringIO(viewer.get(f"{page}/batch/TET-2027.csv", timeout=30)
                                           .content.decode("utf-8-sig"))))
    assert sorted(x["code"] for x in rows) == sorted(codes)
    assert {(x["value"], x["allot"], x["locations"], x["qr"] == x["code"]) for x in rows} == {
        ("100000", "HN01:1", "HN-BOOTH", True)}
    # the API: a percentage voucher for every location, read back
    made = api.post(f"{srv.url}/api/v1/office/vouchers", json={"kind": "percent", "value": 10, "cap": 50_000,
                                                               "uses": 5, "expires_on": "2026-12-31"}, timeout=30)
    assert made.status_code == 200, made.text
    pct = made.json()["vouchers"][0]["code"]
    got = api.get(f"{srv.url}/api/v1/office/vouchers/{pct}", timeout=30).json()
    assert (got["kind"], got["value"], got["cap"], got["uses"], got["allot"]) == ("percent", 10, 50_000, 5, {})
    assert api.post(f"{srv.url}/api/v1/office/vouchers", json={"kind": "percent", "value": 120,
                                                               "expires_on": "2026-12-31"}, timeout=30).status_code == 422
    # the kiosk pulls them and spends one offline (its allotment)
    hn.sync()
    assert sorted(v["code"] for v in vouchers.listed(hn.store)) == sorted(codes + [pct])
    cart = Cart()
    cart.add(hn.product(cat.shrimp), qty=1)  # 250.000
    sales.complete_sale(hn.store, cart, [{"method": "voucher", "amount": 100_000, "voucher_code": codes[0]},
                                         {"method": "cash", "tendered": 150_000}], hn.clerk)
    hn.sync()
    report = viewer.get(f"{page}/report?start=2026-12-01&end=2026-12-07", timeout=30).text
    assert "07/12/2026" in report and "100.000 ₫" in report
    uses = list(csv.DictReader(io.StringIO(viewer.get(f"{page}/report/uses.csv?start=2026-12-01&end=2026-12-07",
                                                      timeout=30).content.decode("utf-8-sig"))))
    assert [(u["business_day"], u["location_code"], u["device_code"], u["uses"], u["amount"]) for u in uses] == [
        ("2026-12-07", "HN-BOOTH", "HN01", "1", "100000")]
    owed = {x["kind"]: x for x in csv.DictReader(io.StringIO(
        viewer.get(f"{page}/report/liability.csv", timeout=30).content.decode("utf-8-sig")))}
    # three 100.000 vouchers, one use spent: issued 300.000, redeemed 100.000, outstanding 200.000
    assert (owed["amount"]["issued"], owed["amount"]["redeemed"], owed["amount"]["outstanding"],
            owed["amount"]["uses_outstanding"]) == ("300000", "100000", "200000", "2")
    assert (owed["percent"]["vouchers"], owed["percent"]["uses_issued"], owed["percent"]["outstanding"]) == \
        ("1", "5", "0")
    assert "Không có phiếu nào bị dùng trùng." in viewer.get(f"{page}/double", timeout=30).text
    # a voucher withdrawn leaves the kiosk's list at the next pull
    manager.post(f"{page}/void", data={"code": codes[1]}, timeout=30)
    hn.sync()
    assert codes[1] not in {v["code"] for v in vouchers.listed(hn.store)}
    listing = viewer.get(page, timeout=30).text
    assert codes[0] in listing and "1 / 1" in listing and 'name="allot"' not in listing
