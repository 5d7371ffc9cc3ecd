"""Commission at the rate in force on the day of the sale (central/catalog/commission.py), over the real
kiosk trade of rig.trade, on SQLite and PostgreSQL.

P01 (salt + fish, 15 %) nets 544.800 ₫ on DAY1 (90.000 salt + 499.800 fish - 45.000 salt refund) and
-64.920 ₫ on DAY2 (135.000 salt - 199.920 fish refund). Its rate changes to 12,34 % from DAY2:
commission = round(544.800 * 0,15 + (-64.920) * 0,1234) = round(81.720 - 8.011,128) = 73.709 ₫,
payable = 479.880 - 73.709 = 406.171 ₫. Before the change it was 71.982 / 407.898 (test_reports_api)."""
from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from rig import DAY1, DAY2, ok

P01_NET, P02_NET = 479_880, 1_235_200
DAY1_P01 = 544_800


def settle(office, start, end, **params) -> dict:
    s = ok(office.api.get(f"{office.url}/api/v1/office/settlement", params={"start": start, "end": end, **params},
                          timeout=60))
    return {r["code"]: r for r in s["producers"]}


def o(office, path):
    return f"{office.url}/api/v1/office/{path}"


def test_rate_change_mid_period(office):
    from central.catalog import commission
    from central.figures import nightly

    before_day1 = settle(office, DAY1, DAY1)
    before = settle(office, DAY1, DAY2)
    assert before["P01"]["commission"] == 71_982 and before["P01"]["commission_bp"] == 1500
    assert before_day1["P01"]["net"] == DAY1_P01 and before_day1["P01"]["commission"] == 81_720
    with office.server.engine.begin() as conn:  # "today" is DAY2: the change is made on the day it starts
        res = commission.set_rate(conn, office.cat.producer_hh, 1234, DAY2, "ke-toan", "phụ lục 02",
                                  today=dt.date.fromisoformat(DAY2))
    assert res == {"producer_id": office.cat.producer_hh, "commission_bp": 1234, "effective_from": DAY2,
                   "applied": True}
    # the rate in force today went onto the producer row kiosks pull
    prods = {p["code"]: p for p in ok(office.api.get(o(office, "producers"), timeout=30))}
    assert prods["P01"]["commission_bp"] == 1234 and prods["P02"]["commission_bp"] == 2000

    after = settle(office, DAY1, DAY2)
    p01 = after["P01"]
    assert (p01["net"], p01["commission"], p01["payable"]) == (P01_NET, 73_709, 406_171)
    assert p01["commission_bp"] is None  # two rates in the period: see commission_rates
    assert p01["commission_rates"] == [
        {"from": DAY1, "to": DAY1, "commission_bp": 1500, "net": DAY1_P01, "commission": 81_720},
        {"from": DAY2, "to": DAY2, "commission_bp": 1234, "net": -64_920, "commission": -8_011}]
    assert after["P02"] == before["P02"]  # another producer: nothing moved
    # the earlier day's settlement is what it was
    assert settle(office, DAY1, DAY1) == before_day1
    day2 = settle(office, DAY2, DAY2)["P01"]
    assert (day2["commission_bp"], day2["commission"]) == (1234, -8_011)
    # per location: HN-BOOTH alone nets 544.800 on DAY1 and -199.920 on DAY2
    hn = settle(office, DAY1, DAY2, location="HN-BOOTH")["P01"]
    assert hn["commission"] == round((DAY1_P01 * 1500 - 199_920 * 1234) / 10_000)  # 81.720 - 24.670,128

    # the files
    raw = office.api.get(o(office, "settlement"), params={"start": DAY1, "end": DAY2, "format": "xlsx"}, timeout=60)
    wb = load_workbook(io.BytesIO(raw.content))
    summary = {r[0]: r for r in wb["Tổng hợp"].iter_rows(values_only=True) if r[0]}
    assert summary["P01"][8:11] == ("1500 → 1234", 73_709, 406_171)
    assert summary["P02"][8:11] == (2000, 247_040, 988_160)
    rates = [r for r in wb["Hoa hồng theo mức"].iter_rows(values_only=True)][1:]
    assert [r for r in rates if r[0] == "P01"] == [("P01", "Hộ kinh doanh Muối Đông Hải", DAY1, DAY1, 1500, DAY1_P01,
                                                    81_720),
                                                   ("P01", "Hộ kinh doanh Muối Đông Hải", DAY2, DAY2, 1234, -64_920,
                                                    -8_011)]
    text = office.api.get(o(office, "settlement"), params={"start": DAY1, "end": DAY2, "format": "csv"},
                          timeout=60).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    row = {r[0]: r for r in table[3:5]}["P01"]
    assert (row[8], int(row[9]), int(row[10])) == ("1500 → 1234", 73_709, 406_171)
    assert [DAY2, DAY2, "1234", "-64920", "-8011"] in [r[2:] for r in table if r and r[0] == "P01"]

    # the statement shows the split per rate, then the total
    html = office.api.get(f"{office.url}/office/settlement/{office.cat.producer_hh}/statement",
                          params={"start": DAY1, "end": DAY2}, timeout=30).text
    assert "từ 21/11/2026 đến 21/11/2026: 15 % × thực thu 544.800 ₫" in html and "81.720 ₫" in html
    assert "từ 22/11/2026 đến 22/11/2026: 12,34 % × thực thu -64.920 ₫" in html and "-8.011 ₫" in html
    assert "73.709 ₫" in html and "406.171 ₫" in html
    html = office.api.get(f"{office.url}/office/settlement/{office.cat.producer_hh}/statement",
                          params={"start": DAY1, "end": DAY1}, timeout=30).text
    assert "Hoa hồng ký gửi (15 %)" in html and "81.720 ₫" in html
    # the settlement page shows both rates
    page = office.api.get(f"{office.url}/office/settlement", params={"start": DAY1, "end": DAY2}, timeout=30).text
    assert "15 % → 12,34 %" in page
    # the nightly file of a day: one rate
    with office.server.engine.connect() as conn:
        header, rows = nightly.gather(conn, DAY2)["producers"]
    got = {r[0]: dict(zip(header, r)) for r in rows}
    assert (got["P01"]["Hoa hồng (phần vạn)"], got["P01"]["Hoa hồng"]) == (1234, -8_011)


def test_rates_from_today_or_later_only(office):
    from central.catalog import commission, rates
    from central.clock import vn_today

    htx = office.cat.producer_htx
    url = o(office, f"producers/{htx}/commission")
    hist = ok(office.api.get(url, timeout=30))
    assert [(h["effective_from"], h["commission_bp"]) for h in hist] == [(rates.BEGINNING, 2000)]
    today = vn_today()
    r = office.api.post(url, json={"commission_bp": 1800, "effective_from": (today - dt.timedelta(days=1)).isoformat()},
                        timeout=30)
    assert r.status_code == 422 and "đã qua" in r.json()["detail"]["message"]
    r = office.api.post(url, json={"commission_bp": 1800, "effective_from": "21/11/2026"}, timeout=30)
    assert r.status_code == 422 and r.json()["detail"]["field"] == "effective_from"
    r = office.api.post(url, json={"commission_bp": 12_000}, timeout=30)
    assert r.status_code == 422
    assert len(ok(office.api.get(url, timeout=30))) == 1  # refused changes left nothing behind
    later = (today + dt.timedelta(days=30)).isoformat()
    res = ok(office.api.post(url, json={"commission_bp": 1800, "effective_from": later, "note": "HĐ 2027"},
                             timeout=30))
    assert res["applied"] is False and res["effective_from"] == later
    prods = {p["code"]: p for p in ok(office.api.get(o(office, "producers"), timeout=30))}
    assert prods["P02"]["commission_bp"] == 2000  # kiosks keep 20 % until that day
    hist = ok(office.api.get(url, timeout=30))
    assert [(h["effective_from"], h["commission_bp"], h["created_by"]) for h in hist][0] == (later, 1800, "office")
    with office.server.engine.begin() as conn:  # the day comes: the scheduled round puts it on the producer
        rev = commission.apply_due_rates(conn, dt.date.fromisoformat(later))
    assert rev > 0
    prods = {p["code"]: p for p in ok(office.api.get(o(office, "producers"), timeout=30))}
    assert prods["P02"]["commission_bp"] == 1800 and prods["P02"]["rev"] == rev
    assert settle(office, DAY1, DAY2)["P02"]["commission"] == 247_040  # past sales keep 20 %


def test_producer_edit_keeps_past_rates(office):
    """The producer form: other fields save without touching the rate; a changed rate through the
    API's producer save is a change from today, never from the beginning."""
    from central.clock import vn_today

    hh = office.cat.producer_hh
    before = settle(office, DAY1, DAY1)["P01"]["commission"]
    r = office.api.post(f"{office.url}/office/catalog/producer/{hh}",
                        data={"code": "P01", "name": "Hộ kinh doanh Muối Đông Hải", "kind": "household",
                              "phone": "0291 3888 999", "active": "1"}, allow_redirects=False, timeout=30)
    assert r.status_code == 303
    p = {x["code"]: x for x in ok(office.api.get(o(office, "producers"), timeout=30))}["P01"]
    assert p["phone"] == "0291 3888 999" and p["commission_bp"] == 1234
    ok(office.api.post(o(office, "producers"), json={"id": hh, "code": "P01", "name": p["name"], "commission_bp": 1000}))
    hist = ok(office.api.get(o(office, f"producers/{hh}/commission"), timeout=30))
    assert (hist[0]["effective_from"], hist[0]["commission_bp"]) == (vn_today().isoformat(), 1000)
    assert settle(office, DAY1, DAY1)["P01"]["commission"] == before
    # the page form: a rate as a percentage from a dd/mm/yyyy day; a past day is refused on the page
    r = office.api.post(f"{office.url}/office/catalog/producer/{hh}/commission",
                        data={"percent": "9,5", "effective_from": "01/01/2020"}, allow_redirects=False, timeout=30)
    assert r.status_code == 422 and "01/01/2020 đã qua" in r.text
    later = vn_today() + dt.timedelta(days=10)
    r = office.api.post(f"{office.url}/office/catalog/producer/{hh}/commission",
                        data={"percent": "9,5", "effective_from": later.strftime("%d/%m/%Y")},
                        allow_redirects=False, timeout=30)
    assert r.status_code == 303
    page = office.api.get(f"{office.url}/office/catalog/producer/{hh}", timeout=30).text
    assert "9,5 %" in page and "Chờ đến ngày" in page and later.strftime("%d/%m/%Y") in page
