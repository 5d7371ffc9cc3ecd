"""VAT rates that change on a date, centre to kiosk to reports (central/catalog/vat.py, vat_plan.py,
the pull's `vat_changes`, pos/vat_schedule.py): the end of the 8 % reduced rate (Decree
174/2025/NĐ-CP) scheduled at the centre for a category with one product keeping 8 %, pulled by a
kiosk on 20/12 that then stays offline, its sales at 23:59 on 31/12 and at 00:01 on 01/01, and the
centre's VAT per rate after the kiosk comes back. Real server on loopback, SQLite and PostgreSQL;
every "today" is handed in or the kiosk's test clock (never the machine's date), except the office
page's own checks, which use days always behind or ahead of it."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from central import models as m
from central.catalog import pull, vat_plan
from central.catalog.rules import CatalogError
from pos import vat_schedule
from rig import PASSWORD, Kiosk, Server, build_central_catalog, office_session, ok
from testclock import Clock, vn

DEC20 = dt.date(2026, 12, 20)


@pytest.fixture
def centre(database_url):
    from central import accounts as admin

    srv = Server(database_url)
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
            admin.create_user(conn, "quanly", PASSWORD, "manager", "Đỗ Văn Quản")
        api = office_session(srv.url)
        cat = build_central_catalog(api, srv.url)
        with srv.engine.begin() as conn:
            pull.upsert_categories(conn, [{"id": "dac-san", "name_vi": "Đặc sản khô", "name_en": "Dried"}])
        for pid, rate in ((cat.shrimp, 8), (cat.cake, 8)):  # both at the reduced rate today
            ok(api.post(f"{srv.url}/api/v1/office/products", json={"id": pid, "category_id": "dac-san",
                                                                   "vat_rate": rate}))
        yield srv, api, cat
    finally:
        srv.stop()


def plan_end_of_reduction(srv, cat) -> tuple[dict, dict]:
    with srv.engine.begin() as conn:
        whole = vat_plan.schedule(conn, 10, "01/01/2027", category_id="dac-san", by="office",
                                  note="hết giảm thuế (Nghị định 174/2025/NĐ-CP)", today=DEC20)
        own = vat_plan.schedule(conn, 8, "2027-01-01", product_id=cat.shrimp, by="office", today=DEC20)
    return whole, own


def test_a_kiosk_offline_since_the_pull_sells_at_both_rates_and_the_centre_reports_both(centre, tmp_path):
    srv, api, cat = centre
    plan_end_of_reduction(srv, cat)
    clock = Clock(vn(2026, 12, 20, 9, 0))
    hn = Kiosk(tmp_path / "hn01.db", srv, "HN01", "HN-BOOTH", clock, cat)  # pulls the schedule, then offline
    assert [r["effective_day"] for r in vat_schedule.upcoming(hn.store)] == ["2027-01-01", "2027-01-01"]
    clock.set(vn(2026, 12, 31, 23, 59))
    before = hn.sell([(cat.cake, 1), (cat.shrimp, 1)], [{"method": "cash", "tendered": 285_000}])
    clock.set(vn(2027, 1, 1, 0, 1))
    after = hn.sell([(cat.cake, 1), (cat.shrimp, 1)], [{"method": "cash", "tendered": 285_000}])
    hn.sync()  # back online: the two days' sales reach the centre

    with srv.engine.connect() as conn:
        lines = {(r.sale_id, r.product_id): (r.business_day, r.vat_rate, r.vat_amount)
                 for r in conn.execute(sa.select(m.sale_lines))}
        flags = conn.execute(sa.select(sa.func.count()).select_from(m.event_flags)).scalar()
    assert lines[(before.sale_id, cat.cake)] == ("2026-12-31", 8, 2_593)
    assert lines[(after.sale_id, cat.cake)] == ("2027-01-01", 10, 3_182)
    assert lines[(after.sale_id, cat.shrimp)] == ("2027-01-01", 8, 18_519)  # its own 8 % over the category's
    assert flags == 0  # the centre's own check of each sale's VAT agrees
    rep = ok(api.get(f"{srv.url}/api/v1/office/report/vat", params={"start": "2026-12-31", "end": "2027-01-01"},
                     timeout=30))
    assert rep == [
        {"business_day": "2026-12-31", "vat_rate": 8, "net": 285_000, "vat": 21_112, "pre_vat": 263_888},
        {"business_day": "2027-01-01", "vat_rate": 8, "net": 250_000, "vat": 18_519, "pre_vat": 231_481},
        {"business_day": "2027-01-01", "vat_rate": 10, "net": 35_000, "vat": 3_182, "pre_vat": 31_818}]
    page = api.get(f"{srv.url}/office", params={"start": "31/12/2026", "end": "01/01/2027"}, timeout=30).text
    table = page.split('class="by-vat-rate"')[1].split("</table>")[0]
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table)]
    assert cells == ["8 %", "31/12/2026 – 01/01/2027", "535.000 ₫", "495.369 ₫", "39.631 ₫",
                     "10 %", "01/01/2027", "35.000 ₫", "31.818 ₫", "3.182 ₫"]
    hn.store.close()


def test_the_pull_carries_the_schedule_and_its_cancellations(centre):
    srv, _api, cat = centre
    whole, own = plan_end_of_reduction(srv, cat)
    with srv.engine.begin() as conn:
        first = pull.changes_since(conn, "HN-BOOTH", 0)
        assert {r["id"]: (r["category_id"], r["product_id"], r["vat_rate"], r["effective_day"], r["status"])
                for r in first["vat_changes"]} == {whole["id"]: ("dac-san", None, 10, "2027-01-01", "scheduled"),
                                                   own["id"]: (None, cat.shrimp, 8, "2027-01-01", "scheduled")}
        cursor = int(first["cursor"])
        assert "vat_changes" not in pull.changes_since(conn, "HN-BOOTH", cursor)
        vat_plan.cancel(conn, own["id"], "office", today=DEC20)
        again = pull.changes_since(conn, "HN-BOOTH", cursor)["vat_changes"]
        assert [(r["id"], r["status"]) for r in again] == [(own["id"], "cancelled")]
        with pytest.raises(CatalogError, match="đã có hiệu lực"):  # a change whose day began stays
            vat_plan.cancel(conn, whole["id"], "office", today=dt.date(2027, 1, 1))


def test_bad_schedules_are_refused_and_change_nothing(centre):
    srv, _api, cat = centre
    with srv.engine.begin() as conn:
        for kwargs, match in (
                ({"vat_rate": 10, "effective_day": "20/12/2026", "category_id": "dac-san"}, "từ ngày mai \\(21/12/2026\\)"),
                ({"vat_rate": 10, "effective_day": "19/12/2026", "category_id": "dac-san"}, "không được"),
                ({"vat_rate": 7, "effective_day": "01/01/2027", "category_id": "dac-san"}, "0, 5, 8 hoặc 10"),
                ({"vat_rate": 10, "effective_day": "31/02/2027", "category_id": "dac-san"}, "không hợp lệ"),
                ({"vat_rate": 10, "effective_day": "01/01/2027"}, "một sản phẩm hoặc một nhóm hàng"),
                ({"vat_rate": 10, "effective_day": "01/01/2027", "category_id": "dac-san", "product_id": cat.salt},
                 "không chọn cả hai"),
                ({"vat_rate": 10, "effective_day": "01/01/2027", "category_id": "khong-co"}, "không có nhóm hàng")):
            with pytest.raises(CatalogError, match=match):
                vat_plan.schedule(conn, today=DEC20, **kwargs)
        assert conn.execute(sa.select(sa.func.count()).select_from(m.vat_changes)).scalar() == 0


def test_a_rate_typed_on_the_product_wins_over_the_category_in_force(centre):
    srv, _api, cat = centre
    plan_end_of_reduction(srv, cat)
    jan2 = dt.date(2027, 1, 2)
    with srv.engine.begin() as conn:
        cake = dict(conn.execute(sa.select(m.products).where(m.products.c.id == cat.cake)).first()._mapping)
        cake = {k: v for k, v in cake.items() if k not in ("rev", "updated_at", "barcodes")}
        pull.upsert_products(conn, [{**cake, "price": 36_000}], today=jan2)  # the rate untouched: nothing recorded
        assert len(vat_plan.listing(conn)) == 2
        pull.upsert_products(conn, [{**cake, "vat_rate": 5}], by="office", today=jan2)
        rows = vat_plan.listing(conn)
        assert (rows[0]["product_id"], rows[0]["vat_rate"], rows[0]["effective_day"]) == (cat.cake, 5, "2027-01-02")
        from central.catalog import vat

        assert vat.rates_on(conn, [{**cake, "vat_rate": 5}], "2027-01-02")[cat.cake] == 5
        assert vat.rates_on(conn, [{**cake, "vat_rate": 5}], "2027-01-01")[cat.cake] == 10


def test_the_office_page_is_for_administrators_and_refuses_a_past_day_in_vi_and_en(centre):
    srv, api, cat = centre
    url = f"{srv.url}/office/catalog/vat"
    r = api.post(url, data={"effective_day": "01/01/2020", "vat_rate": "10", "category_id": "dac-san"}, timeout=30)
    assert "Không lưu được: ngày áp dụng 01/01/2020 không được: thuế suất mới chỉ áp dụng từ ngày mai" in r.text
    r = api.post(url, data={"effective_day": "01/01/2099", "vat_rate": "10", "sku": "BANHDA",
                            "note": "thử"}, timeout=30)
    assert "Đã lên lịch thuế suất 10 % từ ngày 01/01/2099" in r.text and "Chờ đến ngày" in r.text
    assert "BANHDA · Bánh đa tôm Đông Hải" in r.text
    product = api.get(f"{srv.url}/office/catalog/product/{cat.cake}", timeout=30).text
    assert "Theo lịch thuế suất: hôm nay 8 %; từ 01/01/2099: 10 %" in product  # the form keeps its own rate
    change_id = api.get(url, timeout=30).text.split('/office/catalog/vat/')[1].split('/cancel')[0]
    r = api.post(f"{url}/{change_id}/cancel", timeout=30)
    assert "Đã hủy thay đổi thuế suất." in r.text and "Đã hủy</span>" in r.text
    manager = office_session(srv.url, "quanly")
    assert manager.get(url, timeout=30).status_code == 403
    assert manager.post(url, data={"effective_day": "01/01/2099", "vat_rate": "8", "sku": "BANHDA"},
                        timeout=30).status_code == 403
    with srv.engine.begin() as conn:  # the administrator reads the office in English
        conn.execute(sa.update(m.users).where(m.users.c.username == "office").values(lang="en"))
    en = api.post(url, data={"effective_day": "01/01/2020", "vat_rate": "10", "category_id": "dac-san"}, timeout=30)
    assert "Not saved: effective day 01/01/2020 is not allowed: a new VAT rate applies from tomorrow" in en.text
