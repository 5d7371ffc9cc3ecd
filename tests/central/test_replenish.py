"""Replenishment (issue 15 item 4) on SQLite and PostgreSQL: the weighted sell rate of the four
weeks before today, days of cover from the stock ledger, the suggested order rounded up to the pack
size; the filters the producer portal uses; the weekly list as CSV and XLSX opened back (Vietnamese
intact, a formula-looking name left as text); the office page and its downloads on a real server."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from central import models as m
from central.clock import vn_today
from central.figures import replenish as rp
from central.figures.reports import ReportError
from rig import PASSWORD, Server, office_session
from settlerig import TODAY, centre_db, move, sell  # noqa: F401 - centre_db is a fixture

EVIL = '=HYPERLINK("http://x","y")'


def _trade(conn) -> None:
    """TODAY is 2026-12-07; the weeks: 30/11-06/12 (x4), 23-29/11 (x3), 16-22/11 (x2), 09-15/11 (x1)."""
    conn.execute(sa.insert(m.product_logistics).values(product_id="tra", pack_size=5))
    move(conn, "2026-11-01T02:00:00.000+00:00", "tra", 40, "receive")
    sell(conn, "2026-11-05", "tra", "p-tra", 9, 120_000)              # before the window: not counted
    move(conn, "2026-11-05T04:00:00.000+00:00", "tra", 9, "receive")  # (its stock came back in)
    for day, qty in (("2026-12-06", 8), ("2026-11-30", 6), ("2026-11-27", 7), ("2026-11-18", 7)):
        sell(conn, day, "tra", "p-tra", qty, 120_000)
    sell(conn, "2026-11-28", "tra", "p-tra", 2, 120_000, kind="refund")
    sell(conn, "2026-12-02", "tra", "p-tra", 50, 120_000, status="voided")  # voided: not a sale
    move(conn, "2026-12-02T05:00:00.000+00:00", "tra", 50, "void")          # the void puts the stock back
    sell(conn, "2026-12-07", "tra", "p-tra", 5, 120_000)              # today: stock yes, rate no
    sell(conn, "2026-11-12", "muoi", "p-muoi", 3, 45_000)              # HN: only in the oldest week
    move(conn, "2026-11-01T02:00:00.000+00:00", "muoi", 10, "receive", loc="BL-SITE")  # BL: stock, no sales


def test_rate_cover_and_order(centre_db):
    with centre_db.begin() as conn:
        _trade(conn)
    with centre_db.connect() as conn:
        rows = rp.suggestions(conn, today=TODAY)
    # by producer code (HKD02 before HTX01), location, SKU
    assert [(r["location_code"], r["product_id"]) for r in rows] == [
        ("BL-SITE", "muoi"), ("HN-BOOTH", "muoi"), ("HN-BOOTH", "tra")]
    by = {(r["location_code"], r["product_id"]): r for r in rows}
    tra = by[("HN-BOOTH", "tra")]
    # weeks, most recent first: 8+6, 7-2, 7, 0; weighted 4*14 + 3*5 + 2*7 + 1*0 = 85 over 70 -> 1.21 a day
    assert tra["weeks"] == [14, 5, 7, 0] and tra["rate_per_day"] == 1.21
    # on hand 40 - 9 + 9 - 14 - 7 + 2 - 7 - 50 + 50 - 5 = 9; cover 9 / (85/70) = 7.4 days
    assert tra["on_hand"] == 9 and tra["days_cover"] == 7.4
    # 14 days: ceil(85 * 14 / 70) = 17; 17 - 9 = 8, rounded up to packs of 5 -> 10
    assert (tra["target"], tra["pack_size"], tra["suggested"]) == (17, 5, 10)
    assert tra["producer_code"] == "HTX01" and tra["name_vi"] == "Chè búp Tân Cương 200g"
    muoi = by[("HN-BOOTH", "muoi")]
    # on hand -3 counts as 0; rate 3/70 a day; target ceil(0.6) = 1; no pack size known
    assert (muoi["weeks"], muoi["on_hand"], muoi["target"], muoi["pack_size"], muoi["suggested"]) == \
        ([0, 0, 0, 3], -3, 1, None, 1)
    bl = by[("BL-SITE", "muoi")]
    assert (bl["rate_per_day"], bl["days_cover"], bl["suggested"], bl["on_hand"]) == (0.0, None, 0, 10)


def test_filters_longer_cover_and_weeks(centre_db):
    with centre_db.begin() as conn:
        _trade(conn)
        conn.execute(sa.update(m.products).where(m.products.c.id == "muoi").values(active=0))
    with centre_db.connect() as conn:
        mine = rp.suggestions(conn, producer_id="p-tra", today=TODAY)
        assert {r["product_id"] for r in mine} == {"tra"}
        assert rp.suggestions(conn, location="BL-SITE", today=TODAY) == []  # muoi is no longer sold
        (tra,) = rp.suggestions(conn, producer_id="p-tra", today=TODAY, cover_days=30, only_orders=True)
        assert tra["target"] == 37 and tra["suggested"] == 30  # ceil(85*30/70)=37; 28 -> 30
        (one,) = rp.suggestions(conn, producer_id="p-tra", today=TODAY, weeks=1)
        assert one["weeks"] == [14] and one["rate_per_day"] == 2.0 and one["target"] == 28
        for bad in ({"weeks": 0}, {"weeks": 13}, {"cover_days": 0}, {"cover_days": "x"}):
            with pytest.raises(ReportError):
                rp.suggestions(conn, today=TODAY, **bad)
        with pytest.raises(ReportError):
            rp.suggestions(conn, location="x\x00y", today=TODAY)


def test_weekly_list_files(centre_db):
    with centre_db.begin() as conn:
        _trade(conn)
        conn.execute(sa.update(m.products).where(m.products.c.id == "tra").values(name_vi=EVIL))
    with centre_db.connect() as conn:
        rows = rp.suggestions(conn, producer_id="p-tra", today=TODAY, only_orders=True)
    meta = rp.describe(TODAY)
    text = rp.to_csv(rows, meta, "Hợp tác xã Chè Tân Cương").decode("utf-8-sig")
    got = list(csv.reader(io.StringIO(text)))
    assert got[0] == ["Đề nghị giao hàng — Hợp tác xã Chè Tân Cương"] and "30/11–06/12" in " ".join(got[4])
    header, line = got[4], got[5]
    assert header[-1] == "Đề nghị giao" and line[header.index("Tên hàng")] == "'" + EVIL and line[-1] == "10"
    wb = load_workbook(io.BytesIO(rp.to_xlsx(rows, meta, "Hợp tác xã Chè Tân Cương")))
    ws = wb.active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0][0] == "Đề nghị giao hàng — Hợp tác xã Chè Tân Cương"
    head, row = values[4], values[5]
    name = ws.cell(6, head.index("Tên hàng") + 1)
    assert name.value == EVIL and name.data_type == "s"  # text, not a formula
    assert row[head.index("Đề nghị giao")] == 10 and row[head.index("Tồn")] == 9
    assert row[head.index("Quy cách đóng gói")] == 5 and row[head.index("Điểm bán")] == "Gian hàng Hà Nội"


def test_office_page_and_downloads(database_url):
    from central import accounts as admin

    srv = Server(database_url)
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "viewer", "Phạm Văn Xem")
            conn.execute(sa.insert(m.locations), [{"code": "HN-BOOTH", "name": "Gian hàng Hà Nội"}])
            conn.execute(sa.insert(m.producers), [{"id": "p-tra", "code": "HTX01", "name": "HTX Chè Tân Cương",
                                                   "rev": 1}])
            conn.execute(sa.insert(m.products), [{"id": "tra", "sku": "TRA-01", "name_vi": "Chè búp Tân Cương",
                                                  "unit": "gói", "producer_id": "p-tra", "price": 120_000, "rev": 1}])
            day = (vn_today() - dt.timedelta(days=2)).isoformat()
            sell(conn, day, "tra", "p-tra", 7, 120_000)
        s = office_session(srv.url)
        page = s.get(f"{srv.url}/office/replenish", timeout=30)
        assert page.status_code == 200 and "HTX Chè Tân Cương" in page.text and 'id="rule"' in page.text
        one = s.get(f"{srv.url}/office/replenish", params={"producer": "p-tra"}, timeout=30)
        assert "Chè búp Tân Cương" in one.text and "TRA-01" in one.text
        bad = s.get(f"{srv.url}/office/replenish", params={"weeks": "99"}, timeout=30)
        assert bad.status_code == 200 and "từ 1 đến 12" in bad.text
        x = s.get(f"{srv.url}/office/replenish.xlsx", params={"producer": "p-tra"}, timeout=30)
        assert x.status_code == 200 and "HTX01" in x.headers["content-disposition"]
        ws = load_workbook(io.BytesIO(x.content)).active
        assert any(c.value == "Chè búp Tân Cương" for r in ws.iter_rows() for c in r)
        c = s.get(f"{srv.url}/office/replenish.csv", params={"producer": "p-tra"}, timeout=30)
        assert c.status_code == 200 and "Chè búp Tân Cương" in c.content.decode("utf-8-sig")
        assert s.get(f"{srv.url}/office/replenish.csv", params={"cover": "0"}, timeout=30).status_code == 422
        with srv.engine.begin() as conn:
            conn.execute(sa.update(m.users).where(m.users.c.username == "office").values(lang="en"))
        en = s.get(f"{srv.url}/office/replenish", params={"producer": "p-tra"}, timeout=30).text
        assert "<h1>Replenishment</h1>" in en and "Suggested delivery" in en and "Đề nghị giao" not in en
    finally:
        srv.stop()


def test_a_location_without_its_row_is_listed_in_code_order(centre_db):
    with centre_db.begin() as conn:
        _trade(conn)
        sell(conn, "2026-12-05", "tra", "p-tra", 2, 120_000, loc="AA-NEW")  # no `locations` row yet
    with centre_db.connect() as conn:
        rows = rp.suggestions(conn, producer_id="p-tra", today=TODAY)
    assert [(r["location_code"], r["location_name"]) for r in rows] == [("AA-NEW", "AA-NEW"),
                                                                        ("HN-BOOTH", "Gian hàng Hà Nội")]
    assert rows[0]["weeks"] == [2, 0, 0, 0] and rows[0]["on_hand"] == -2 and rows[0]["suggested"] == 5  # need 2, packs of 5


def test_the_callers_transaction_keeps_its_settings(centre_db):
    """On PostgreSQL the query runs with more memory and parallel workers inside a savepoint: the
    caller's transaction keeps its own settings and its own writes."""
    with centre_db.begin() as conn:
        _trade(conn)
        if conn.dialect.name == "postgresql":
            before = [conn.execute(sa.text(f"SHOW {k}")).scalar() for k in ("work_mem", "parallel_setup_cost")]
        conn.execute(sa.update(m.products).where(m.products.c.id == "muoi").values(name_vi="Muối tôm mới"))
        rows = rp.suggestions(conn, today=TODAY)
        assert {r["name_vi"] for r in rows} >= {"Muối tôm mới"}
        if conn.dialect.name == "postgresql":
            after = [conn.execute(sa.text(f"SHOW {k}")).scalar() for k in ("work_mem", "parallel_setup_cost")]
            assert after == before and after[0] != "256MB" and after[1] != "0"
    with centre_db.connect() as conn:
        assert conn.execute(sa.select(m.products.c.name_vi).where(m.products.c.id == "muoi")).scalar() == \
            "Muối tôm mới"
