"""Report and settlement API over real kiosk sales pushed by the sync client, checked against the
kiosks' own reports (pos.reports) and against amounts worked out by hand (see rig.trade)."""
from __future__ import annotations

import csv
import io

import requests
from openpyxl import load_workbook

from pos import reports as kiosk_reports
from rig import DAY1, DAY2, ok

P01_NET = 90_000 + 135_000 + 499_800 - 45_000 - 199_920  # salt + fish, less refunds
P02_NET = 250_000 + 250_000 + 500_000 + 95_200 + 140_000  # shrimp + cake


def get(office, path, **params):
    return ok(office.api.get(f"{office.url}/api/v1/office/{path}", params=params, timeout=60))


def test_report_range_matches_hand_figures(office):
    r = get(office, "report", start=DAY1, end=DAY2)
    s = r["summary"]
    assert (s["sales_count"], s["refunds_count"]) == (6, 2)  # the voided sale does not count
    assert (s["gross"], s["refunds"], s["net"]) == (1_960_000, 244_920, 1_715_080)
    assert [(d["business_day"], d["net"]) for d in r["by_day"]] == [(DAY1, 1_280_000), (DAY2, 435_080)]
    assert {x["location_code"]: x["net"] for x in r["by_location"]} == {
        "HN-BOOTH": 340_000 + 595_000 - 45_000 + 500_000 - 199_920, "BL-SITE": 140_000 + 250_000 + 135_000}
    assert {x["device_code"]: x["net"] for x in r["by_device"]} == {"HN01": 1_190_080, "BL01": 525_000}
    assert {x["producer_code"]: x["net"] for x in r["by_producer"]} == {"P01": P01_NET, "P02": P02_NET}
    assert {x["method"]: (x["taken"], x["refunded"], x["net"]) for x in r["by_payment"]} == {
        "cash": (615_000, 45_000, 570_000), "vietqr": (550_000, 0, 550_000), "card": (795_000, 199_920, 595_080)}
    top = r["top_products"]
    assert top[0]["sku"] == "TOM-200" and top[0]["qty_sold"] == 4 and top[0]["net"] == 1_000_000


def test_report_filters_and_vietnam_days(office):
    one = get(office, "report", start=DAY2, location="BL-SITE")["summary"]
    assert (one["sales_count"], one["net"]) == (1, 135_000)
    dev = get(office, "report", start=DAY1, device="HN01")["summary"]
    assert (dev["gross"], dev["refunds"], dev["net"]) == (935_000, 45_000, 890_000)
    prod = get(office, "report", start=DAY1, end=DAY2, producer=office.cat.producer_htx)
    assert prod["summary"]["net"] == P02_NET
    assert [p["sku"] for p in prod["top_products"]] == ["TOM-200", "BANHDA"]


def test_bad_period_is_refused(office):
    r = office.api.get(f"{office.url}/api/v1/office/report", params={"start": DAY2, "end": DAY1}, timeout=30)
    assert r.status_code == 422 and "trước khi bắt đầu" in r.text
    r = office.api.get(f"{office.url}/api/v1/office/report", params={"start": "21/11/2026"}, timeout=30)
    assert r.status_code == 422 and "YYYY-MM-DD" in r.text


def test_filter_codes_with_control_characters_are_refused_not_a_server_error(office):
    """PostgreSQL refuses a NUL in text; schemathesis found /report/vat answering 500 to one."""
    for path in ("report", "report/lines", "report/vat"):
        for key in ("location", "device", "producer"):
            for bad in ("ab\x00c", "\x1f", "x" * 101):
                r = office.api.get(f"{office.url}/api/v1/office/{path}", params={"start": DAY1, key: bad}, timeout=30)
                assert r.status_code == 422, (path, key, bad, r.status_code)
                assert ("NUL" if "\x00" in bad else "không hợp lệ") in r.text  # a NUL is stopped by the guard
    assert get(office, "report/vat", start=DAY1, end=DAY2, location="HN-BOOTH")  # a real code still answers


def test_reports_need_a_signed_in_user(office):
    assert requests.get(f"{office.url}/api/v1/office/report", timeout=30).status_code == 401
    kiosk_token = office.hn.store.settings()["sync_token"]
    r = requests.get(f"{office.url}/api/v1/office/report", headers={"Authorization": f"Bearer {kiosk_token}"},
                     timeout=30)
    assert r.status_code == 401


def _comparable(rows):
    out = {}
    for r in rows:
        out[r["producer_id"]] = {
            **{k: r[k] for k in ("code", "name", "commission_bp", "gross", "refunds", "net", "vat", "commission",
                                 "payable")},
            "products": sorted((p["product_id"], p["sku"], p["qty_sold"], p["qty_refunded"], p["gross"],
                                p["refunds"], p["net"], p["vat"]) for p in r["products"])}
    return out


def test_settlement_equals_each_kiosks_own(office):
    for kiosk, loc in ((office.hn, "HN-BOOTH"), (office.bl, "BL-SITE")):
        mine = kiosk_reports.producer_settlement(kiosk.store, DAY1, DAY2)
        central = get(office, "settlement", start=DAY1, end=DAY2, location=loc)
        assert _comparable(central["producers"]) == _comparable(mine)
        assert central["totals"] == kiosk_reports.settlement_totals(mine)


def test_settlement_all_locations(office):
    s = get(office, "settlement", start=DAY1, end=DAY2)
    by = {r["code"]: r for r in s["producers"]}
    assert by["P01"]["net"] == P01_NET and by["P01"]["commission"] == 71_982 and by["P01"]["payable"] == 407_898
    assert by["P02"]["net"] == P02_NET and by["P02"]["commission"] == 247_040 and by["P02"]["payable"] == 988_160
    cake = [p for p in by["P02"]["products"] if p["sku"] == "BANHDA"][0]
    assert {x["location_code"]: (x["qty_sold"], x["net"]) for x in cake["by_location"]} == {
        "HN-BOOTH": (3, 95_200), "BL-SITE": (4, 140_000)}
    assert {x["location_code"]: x["net"] for x in by["P01"]["locations"]} == {
        "HN-BOOTH": 45_000 + 499_800 - 199_920, "BL-SITE": 135_000}


def test_settlement_files_read_back(office):
    raw = office.api.get(f"{office.url}/api/v1/office/settlement",
                         params={"start": DAY1, "end": DAY2, "format": "xlsx"}, timeout=60)
    assert raw.status_code == 200
    wb = load_workbook(io.BytesIO(raw.content))
    rows = list(wb["Tổng hợp"].iter_rows(values_only=True))
    assert rows[0][1] == "Nhà sản xuất"
    got = {r[0]: (r[6], r[9], r[10]) for r in rows[1:] if r[0]}
    assert got == {"P01": (P01_NET, 71_982, 407_898), "P02": (P02_NET, 247_040, 988_160)}
    detail = list(wb["Chi tiết"].iter_rows(values_only=True))
    assert sum(r[10] for r in detail[1:]) == P01_NET + P02_NET
    raw = office.api.get(f"{office.url}/api/v1/office/settlement",
                         params={"start": DAY1, "end": DAY2, "format": "csv"}, timeout=60)
    text = raw.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    summary = {r[0]: r for r in table[3:5]}
    assert summary["P01"][1] == "Hộ kinh doanh Muối Đông Hải" and int(summary["P01"][10]) == 407_898


def test_stock_on_hand_with_warnings(office):
    s = get(office, "stock")
    by = {(r["location_code"], r["sku"]): r for r in s["stock"]}
    # HN: 100 salt received, 2 sold, 1 refunded back
    assert by[("HN-BOOTH", "MUOI-500")]["qty"] == 99 and "low" not in by[("HN-BOOTH", "MUOI-500")]["warnings"]
    assert by[("BL-SITE", "MUOI-500")]["qty"] == 97 and "low" in by[("BL-SITE", "MUOI-500")]["warnings"]
    assert by[("HN-BOOTH", "KHOCA")]["qty"] == 20_000 - 1_250 + 500
    assert by[("HN-BOOTH", "TOM-200")]["qty"] == 50 - 1 - 2  # the voided sale's stock came back
    # the salt's certificate was issued 2023-12-20: expires 2026-12-20, within 60 days of today
    certs = {c["sku"]: c for c in s["cert_warnings"]}
    assert certs["MUOI-500"]["ocop_cert_expires"] == "2026-12-20"


def test_sync_health(office):
    from sync.client import reconcile

    reconcile(office.hn.store, days=[DAY1, DAY2])
    rows = {r["device_code"]: r for r in get(office, "sync-health")}
    hn = rows["HN01"]
    assert hn["missing_events"] == 0 and hn["ack"] == office.hn.store.conn.execute(
        "SELECT max(seq) FROM outbox").fetchone()[0]
    assert hn["reconciled_days"] == 2 and hn["mismatch_days"] == [] and hn["state"] == "ok"
    assert rows["BL01"]["reconciled_at"] is None


def test_printable_statement(office):
    ok(office.api.put(f"{office.url}/api/v1/admin/catalog",
                      json={"settings": {"": {"store_name": "Trung tâm XTTM tỉnh Bạc Liêu"}}}))
    r = office.api.get(f"{office.url}/office/settlement/{office.cat.producer_hh}/statement",
                       params={"start": DAY1, "end": DAY2}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Trung tâm XTTM tỉnh Bạc Liêu" in html and "BẢNG QUYẾT TOÁN HÀNG KÝ GỬI" in html
    assert "từ ngày 21/11/2026 đến ngày 22/11/2026" in html
    assert "Hoa hồng ký gửi (15 %)" in html and "71.982 ₫" in html and "407.898 ₫" in html
    assert "1,25 kg" in html and "0,5 kg" in html  # weighed fish sold and refunded
    r = office.api.get(f"{office.url}/office/settlement/{office.cat.producer_hh}/statement",
                       params={"start": "2026-01-01", "end": "2026-01-31"}, timeout=30)
    assert r.status_code == 200 and "0 ₫" in r.text  # a period without sales still prints
    r = office.api.get(f"{office.url}/office/settlement/nobody/statement", params={"start": DAY1}, timeout=30)
    assert r.status_code == 404


def test_sync_health_shows_a_gap_until_it_is_filled(office):
    """Runs last in this module: it adds two sales at BL01."""
    from pos import outbox
    from sync.client import client_for

    bl = office.bl
    bl.sell([(office.cat.cake, 1)], [{"method": "cash", "tendered": 35_000}])
    bl.sell([(office.cat.cake, 2)], [{"method": "cash", "tendered": 70_000}])
    pending = outbox.pending(bl.store, limit=10)
    assert len(pending) == 2
    client = client_for(bl.store)
    try:
        client.push([pending[1]])  # the first one is lost on the way
    finally:
        client.close()
    row = {r["device_code"]: r for r in get(office, "sync-health")}["BL01"]
    assert row["missing_events"] == 1 and row["missing"] == [[pending[0]["seq"], pending[0]["seq"]]]
    assert row["state"] == "gap"
    bl.sync()
    row = {r["device_code"]: r for r in get(office, "sync-health")}["BL01"]
    assert row["missing_events"] == 0 and row["ack"] == pending[1]["seq"] and row["state"] == "ok"
