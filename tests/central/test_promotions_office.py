"""Promotions end to end on a real server on loopback (SQLite and PostgreSQL): a manager creates one
on /office/promotions for one location (a viewer cannot, a wrong form says why in Vietnamese), the
kiosk of that location pulls it (the real sync client) and the other kiosk does not, a sale under it
reaches the centre with its uses (sale_promotions, sale_lines.promo_discount, the sale's sums
accepted), an edit and an end reach the kiosk at its next pull."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import requests
import sqlalchemy as sa

from central import models as m
from central.figures import promotions as promo_costs
from central.figures import settlement as st
from central.figures.reports import Filters
from pos import promotion_store, promotions, sales
from pos.cart import Cart
from pos.money import fmt_vnd
from rig import PASSWORD, Kiosk, Server, build_central_catalog, office_session
from testclock import Clock, vn

PAGE = "/office/promotions"


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


FORM = {"kind": "percent_off", "name_vi": "Tôm khô Gành Hào giảm 10%", "name_en": "Dried shrimp 10% off",
        "target": "product", "target_sku": "TOM-200", "percent": "10", "start_day": "01/12/2026",
        "end_day": "31/12/2026", "start_minute": "08:00", "end_minute": "20:00",
        "weekdays": list("1234567"), "locations": ["HN-BOOTH"], "carrier": "producer"}


def rows(srv, table):
    with srv.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(table))]


def ring(k: Kiosk, pid: str, qty: int) -> Cart:
    cart = Cart()
    cart.pricing = promotions.Pricing(promotion_store.book(k.store), k.store.now)
    cart.add(k.product(pid), qty)
    return cart


def test_a_promotion_from_the_office_is_sold_at_its_location_and_its_use_comes_back(centre, tmp_path):
    srv, _api, cat = centre
    clock = Clock(vn(2026, 12, 7, 9, 0))
    hn = Kiosk(tmp_path / "hn.db", srv, "HN01", "HN-BOOTH", clock, cat)
    bl = Kiosk(tmp_path / "bl.db", srv, "BL01", "BL-SITE", clock, cat)
    manager = office_session(srv.url, "quanly")
    viewer = office_session(srv.url, "xem")
    assert viewer.post(srv.url + PAGE, data=FORM, timeout=30).status_code == 403
    bad = manager.post(srv.url + PAGE, data={**FORM, "percent": "120"}, timeout=30)
    assert "Không lưu được: phần trăm giảm: phải từ 0 đến 100" in bad.text
    assert rows(srv, m.promotions) == []
    done = manager.post(srv.url + PAGE, data=FORM, timeout=30)
    assert "Đã lưu khuyến mãi “Tôm khô Gành Hào giảm 10%”" in done.text and "Đang chạy" in done.text
    (promo,) = rows(srv, m.promotions)
    assert (promo["target_id"], promo["locations"], promo["weekdays"], promo["start_minute"], promo["end_minute"],
            promo["carrier"], promo["created_by"]) == (cat.shrimp, "HN-BOOTH", "1234567", 480, 1200, "producer",
                                                       "quanly")
    for k in (hn, bl):
        k.sync()
    assert list(promotion_store.book(hn.store).promotions) == [promo["id"]]
    assert len(promotion_store.book(bl.store)) == 0  # another location: never sent whole
    cart = ring(hn, cat.shrimp, 2)
    assert cart.totals().total == 450_000  # 2 x 250.000 - 10 %
    res = sales.complete_sale(hn.store, cart, [{"method": "cash", "tendered": 450_000}], hn.clerk)
    hn.sync()
    (used,) = rows(srv, m.sale_promotions)
    assert (used["sale_id"], used["promotion_id"], used["amount"], used["carrier"], used["location_code"]) == (
        res.sale_id, promo["id"], 50_000, "producer", "HN-BOOTH")
    (line,) = [r for r in rows(srv, m.sale_lines) if r["sale_id"] == res.sale_id]
    assert (line["line_discount"], line["promo_discount"], line["net"]) == (50_000, 50_000, 450_000)
    assert rows(srv, m.event_flags) == []  # the centre's own sums agree with the kiosk's
    with srv.engine.connect() as conn:
        day = Filters.make("2026-12-07")
        costs = promo_costs.costs(conn, day)
        settled = {r["producer_id"]: r for r in st.settlement(conn, day)}
    assert [(r["id"], r["amount"], r["booth"], r["producer"], r["receipts"]) for r in costs["promotions"]] == [
        (promo["id"], 50_000, 0, 50_000, 1)]
    assert [(r["id"], r["amount"]) for r in costs["locations"]] == [("HN-BOOTH", 50_000)]
    assert (settled[cat.producer_htx]["promo_producer"], settled[cat.producer_htx]["promo_booth"]) == (50_000, 0)
    # the producer carries it: the commission on the 500.000 before it, the 50.000 off what it is owed
    htx = settled[cat.producer_htx]
    bp = htx["commission_bp"]
    assert htx["commission"] == (500_000 * bp + 5_000) // 10_000
    assert htx["payable"] == 500_000 - htx["commission"] - 50_000
    page = manager.get(f"{srv.url}/office/settlement?start=2026-12-07&end=2026-12-07", timeout=30).text
    assert 'data-promo="0/50000">0 ₫ / 50.000 ₫</td>' in page
    # an edit (15 %), then the end, each reaches the kiosk at its next pull
    page = manager.post(f"{srv.url}{PAGE}/{promo['id']}", data={**FORM, "percent": "15"}, timeout=30)
    assert "Đã lưu khuyến mãi" in page.text
    hn.sync()
    assert ring(hn, cat.shrimp, 2).totals().total == 425_000
    assert "Đã kết thúc khuyến mãi" in manager.post(f"{srv.url}{PAGE}/{promo['id']}/end", timeout=30).text
    hn.sync()
    assert len(promotion_store.book(hn.store)) == 0 and ring(hn, cat.shrimp, 2).totals().total == 500_000
    en = office_session(srv.url, "office")
    assert "Tôm khô Gành Hào giảm 10%" in en.get(srv.url + PAGE, timeout=30).text


def test_the_json_api_creates_edits_and_ends(centre):
    srv, api, cat = centre
    url = f"{srv.url}/api/v1/office/promotions"
    body = {"kind": "spend_amount", "name_vi": "Hóa đơn từ 1.000.000 ₫ giảm 50.000 ₫", "min_total": 1_000_000,
            "amount": 50_000, "locations": [], "weekdays": "67"}
    bad = api.post(url, json={**body, "amount": 0}, timeout=30)
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "amount"
    nowhere = api.post(url, json={**body, "locations": ["NO-SUCH"]}, timeout=30)
    assert nowhere.status_code == 422 and nowhere.json()["detail"]["message"] == "không có điểm bán NO-SUCH"
    made = api.post(url, json=body, timeout=30)
    assert made.status_code == 200, made.text
    pid = made.json()["id"]
    assert api.put(f"{url}/nope", json=body, timeout=30).status_code == 404
    assert api.put(f"{url}/{pid}", json={**body, "amount": 60_000}, timeout=30).json()["amount"] == 60_000
    assert api.post(f"{url}/{pid}/end", timeout=30).json() == {"id": pid, "status": "ended"}
    (row,) = api.get(url, timeout=30).json()
    assert (row["status"], row["locations"], row["weekdays"], row["amount"]) == ("ended", "", "67", 60_000)
    viewer = office_session(srv.url, "xem")
    assert viewer.post(url, json=body, timeout=30).status_code == 403


def test_the_kiosks_settlement_equals_the_centres_with_promotions_and_a_partial_refund(centre, tmp_path):
    """The kiosk's own settlement (pos.reports.producer_settlement) charges the carrier by the same
    rule as the centre's, a partial refund taking back its share: equal to the đồng after a sync;
    closed, the statement the producer reads on the portal (page and PDF) says the same."""
    from pos import reports as kiosk_reports

    srv, _api, cat = centre
    hn = Kiosk(tmp_path / "hn.db", srv, "HN01", "HN-BOOTH", Clock(vn(2026, 12, 7, 9, 0)), cat)
    manager = office_session(srv.url, "quanly")
    assert "Đã lưu khuyến mãi" in manager.post(srv.url + PAGE, data=FORM, timeout=30).text  # 10 %, producer
    hn.sync()
    cart = ring(hn, cat.shrimp, 3)  # 3 x 250.000 - 75.000
    res = sales.complete_sale(hn.store, cart, [{"method": "cash", "tendered": 675_000}], hn.clerk)
    hn.refund(res.sale_id, cat.shrimp, 1)  # round_div(675.000, 3) = 225.000 back, 25.000 of promotion
    hn.sync()
    mine = {r["producer_id"]: r for r in kiosk_reports.producer_settlement(hn.store, "2026-12-07", "2026-12-07")}
    with srv.engine.connect() as conn:
        theirs = {r["producer_id"]: r for r in st.settlement(conn, Filters.make("2026-12-07"))}
    k, c = mine[cat.producer_htx], theirs[cat.producer_htx]
    bp = c["commission_bp"]
    # 2 units left: net 450.000, promotion 50.000, basis 500.000
    assert (k["net"], k["promo_booth"], k["promo_producer"]) == (450_000, 0, 50_000)
    assert k["commission"] == (500_000 * bp + 5_000) // 10_000 and k["payable"] == 450_000 - k["commission"]
    for key in ("net", "promo_booth", "promo_producer", "commission", "payable"):
        assert k[key] == c[key], key
    # closed, the statement the producer reads on the portal (page and PDF) charges the promotion
    import datetime as dt

    from central import accounts
    from central.figures.settlement_close import close_period

    with srv.engine.begin() as conn:
        accounts.create_user(conn, "tom-ganh-hao", PASSWORD, "producer", "Anh Tú", producer_id=cat.producer_htx)
        closed = {x["producer_id"]: x for x in close_period(conn, "2026-12-07", "2026-12-07", by="office",
                                                             today=dt.date(2026, 12, 8))["closed"]}
    assert closed[cat.producer_htx]["due"] == c["payable"]
    portal = requests.Session()
    assert portal.post(f"{srv.url}/portal/login", data={"username": "tom-ganh-hao", "password": PASSWORD,
                                                        "next": "/portal"}, allow_redirects=False,
                       timeout=30).status_code == 303
    sid = closed[cat.producer_htx]["id"]
    page = portal.get(f"{srv.url}/portal/statements/{sid}", timeout=30).text
    assert "Khuyến mãi do nhà sản xuất chịu:</td><td class=n>50.000 ₫" in page
    assert "Giá trị bán trước khuyến mãi (cơ sở tính hoa hồng):</td><td class=n>500.000 ₫" in page
    assert f"Số tiền phải trả nhà sản xuất theo bảng này:</td><td class=n>{fmt_vnd(c['payable'])}" in page
    pdf = portal.get(f"{srv.url}/portal/statements/{sid}.pdf", timeout=30)
    assert pdf.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        (tmp_path / "s.pdf").write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "s.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Trừ khuyến mãi do nhà sản xuất chịu" in text and "-50.000 ₫" in text
