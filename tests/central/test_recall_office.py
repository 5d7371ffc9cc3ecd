"""A lot recalled at the centre, end to end on a real server on loopback (SQLite and PostgreSQL):
two kiosks receive the producer's lots and sell from them, a manager recalls one lot on the office
page (vi, then the page in en), the recall page and its CSV list every receipt that sold the lot,
per kiosk, and a kiosk that pulls the catalog (the real sync client) refuses the lot at the
counter: the scan that names it, a sale that names it, and FEFO that would have drawn it."""
from __future__ import annotations

import csv
import io
import urllib.parse

import pytest
import requests
import sqlalchemy as sa

from central import models as m
from central.figures import recalls as sold
from pos import catalog, lots, recalls, sales, stock
from pos.cart import Cart
from pos.errors import RecalledLot
from rig import PASSWORD, Kiosk, Server, build_central_catalog, office_session
from testclock import Clock, vn

GS = "\x1d"
SHRIMP14 = "08930000000026"
CASH = [{"method": "cash", "tendered": 50_000_000}]


@pytest.fixture
def centre(database_url):
    from central import accounts as admin

    srv = Server(database_url, public_url="https://truyxuat.ocop.example")
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
            admin.create_user(conn, "quanly", PASSWORD, "manager", "Đỗ Văn Quản")
            admin.create_user(conn, "xem", PASSWORD, "viewer", "Phạm Xem")
        api = office_session(srv.url)
        yield srv, api, build_central_catalog(api, srv.url)
    finally:
        srv.stop()


def with_lots(k: Kiosk) -> None:
    """The producer's delivery in two lots; the 50 packs from before lots are sold off first."""
    stock.receive_delivery(k.store, k.cat.producer_htx, [
        {"product_id": k.cat.shrimp, "qty": 6, "lot_no": "GH-0611", "produced_on": "2026-06-11", "use_by": "2027-06-11"},
        {"product_id": k.cat.shrimp, "qty": 6, "lot_no": "GH-0712", "use_by": "2027-07-12"}], k.manager, note_no="PG-7")


def sell(k: Kiosk, qty: int, lot: str | None = None):
    cart = Cart()
    cart.add(k.product(k.cat.shrimp), qty=qty, lot=lot)
    return sales.complete_sale(k.store, cart, CASH, k.clerk)




def test_a_recall_from_the_office_reaches_a_kiosk_that_refuses_the_lot(centre, tmp_path):
    srv, api, cat = centre
    clock = Clock(vn(2026, 12, 7, 9, 0))
    hn = Kiosk(tmp_path / "hn.db", srv, "HN01", "HN-BOOTH", clock, cat)
    bl = Kiosk(tmp_path / "bl.db", srv, "BL01", "BL-SITE", clock, cat)
    for k in (hn, bl):
        with_lots(k)
        sell(k, 50)  # the packs from before lots
    first = sell(hn, 2, lot="GH-0611")
    sell(hn, 1, lot="GH-0712")
    other = sell(bl, 1)  # FEFO: GH-0611 has the earlier use-by
    for k in (hn, bl):
        k.sync()
    manager = office_session(srv.url, "quanly")
    page = f"{srv.url}/office/recalls"
    before = manager.post(page, data={"sku": "TOM-200", "lot_no": "GH-0611", "reason": "  "}, timeout=30)
    assert "Không thu hồi được: ghi lý do thu hồi" in before.text
    viewer = office_session(srv.url, "xem")
    assert viewer.post(page, data={"sku": "TOM-200", "lot_no": "GH-0611", "reason": "x"}, timeout=30).status_code == 403
    with srv.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(m.lot_recalls)).scalar() == 0
    r = manager.post(page, data={"sku": "TOM-200", "lot_no": "GH-0611", "reason": "nhiễm nấm mốc (kiểm nghiệm 05/12)"},
                     timeout=30)
    assert "Đã thu hồi lô GH-0611" in r.text and "nhiễm nấm mốc" in r.text
    assert first.receipt_no in r.text and other.receipt_no in r.text and "HN01" in r.text and "BL01" in r.text
    again = manager.post(page, data={"sku": "TOM-200", "lot_no": "GH-0611", "reason": "lần hai"}, timeout=30)
    assert "lô GH-0611 của sản phẩm này đã bị thu hồi" in again.text
    listing = viewer.get(page, timeout=30).text  # a viewer reads the list, without the recall form
    assert "GH-0611" in listing and "nhiễm nấm mốc" in listing and 'name="lot_no"' not in listing
    assert 'name="lot_no"' in manager.get(page, timeout=30).text
    csv_url = f"{page}/{cat.shrimp}/{urllib.parse.quote('GH-0611')}.csv"
    rows = list(csv.DictReader(io.StringIO(viewer.get(csv_url, timeout=30).content.decode("utf-8-sig"))))
    assert sorted((x["device_code"], x["receipt_no"], x["qty"]) for x in rows) == sorted(
        [("HN01", first.receipt_no, "2"), ("BL01", other.receipt_no, "1")])
    with srv.engine.begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.username == "quanly").values(lang="en"))
    en = manager.get(f"{page}/{cat.shrimp}/GH-0611", timeout=30).text
    assert "Recall of lot GH-0611" in en and "sold 2" in en and "sold 1" in en

    report = hn.sync()  # the real pull brings the recall
    assert report.pulled["lot_recalls"] == 1
    with pytest.raises(RecalledLot) as exc:
        catalog.lookup(hn.store, f"01{SHRIMP14}17270611{GS}10GH-0611")
    assert "nhiễm nấm mốc" in str(exc.value)
    with pytest.raises(RecalledLot):
        sell(hn, 1, lot="GH-0611")
    res = sell(hn, 2)  # FEFO would take GH-0611 first: it takes GH-0712
    assert hn.store.all("SELECT lot_no, qty FROM sale_lines WHERE sale_id = ?", (res.sale_id,)) == [
        {"lot_no": "GH-0712", "qty": 2}]
    assert [(x["lot_no"], x["on_hand"]) for x in recalls.recalled_on_hand(hn.store)] == [("GH-0611", 4)]
    assert {x["lot_no"]: x["on_hand"] for x in lots.lots_of(hn.store, cat.shrimp)} == {"GH-0611": 4, "GH-0712": 3}

    # the first customer's receipt points at the lot's public page, which now says it is recalled
    link = sales.receipt_doc(hn.store, first.sale_id, reprint=True)["trace_qr"]["payload"]
    assert link == f"https://truyxuat.ocop.example/01/{SHRIMP14}/10/GH-0611"
    public = requests.get(srv.url + link.removeprefix("https://truyxuat.ocop.example"), timeout=30).text
    assert "Lô GH-0611 đã bị thu hồi ngày" in public and "nhiễm nấm mốc (kiểm nghiệm 05/12)" in public


def test_a_recall_lifted_at_the_office_lets_the_kiosk_sell_the_lot_again(centre, tmp_path):
    """Recall, pull (refused), lift on the recall's page (reason required, viewers cannot), pull
    (sold again: named, scanned and by FEFO); the recall and its lift stay on the office page, the
    public page no longer warns; recalled again, the kiosk refuses again and the history keeps both."""
    srv, api, cat = centre
    hn = Kiosk(tmp_path / "hn.db", srv, "HN01", "HN-BOOTH", Clock(vn(2026, 12, 7, 9, 0)), cat)
    with_lots(hn)
    sell(hn, 50)
    hn.sync()
    manager = office_session(srv.url, "quanly")
    page = f"{srv.url}/office/recalls"
    manager.post(page, data={"sku": "TOM-200", "lot_no": "GH-0611", "reason": "nghi nhiễm khuẩn"}, timeout=30)
    assert hn.sync().pulled["lot_recalls"] == 1
    with pytest.raises(RecalledLot):
        sell(hn, 1, lot="GH-0611")
    one = f"{page}/{cat.shrimp}/GH-0611"
    assert "Gỡ lệnh thu hồi" in manager.get(one, timeout=30).text
    viewer = office_session(srv.url, "xem")
    assert viewer.post(one + "/lift", data={"reason": "x"}, timeout=30).status_code == 403
    assert 'id="f-lift-reason"' not in viewer.get(one, timeout=30).text
    blank = manager.post(one + "/lift", data={"reason": " "}, timeout=30)
    assert "Không gỡ được lệnh thu hồi: ghi lý do gỡ lệnh thu hồi" in blank.text
    assert hn.sync().pulled["lot_recalls"] == 0  # nothing changed at the centre
    lifted = manager.post(one + "/lift", data={"reason": "kiểm nghiệm lại đạt (phiếu 12/KN)"}, timeout=30)
    assert "Đã gỡ lệnh thu hồi lô GH-0611" in lifted.text and "kiểm nghiệm lại đạt" in lifted.text
    assert "nghi nhiễm khuẩn" in lifted.text and "quanly" in lifted.text and 'id="f-lift-reason"' not in lifted.text
    twice = manager.post(one + "/lift", data={"reason": "lần hai"}, timeout=30)
    assert "lệnh thu hồi lô GH-0611 đã được gỡ" in twice.text
    assert "Đã gỡ" in viewer.get(page, timeout=30).text
    with srv.engine.connect() as conn:
        row = conn.execute(sa.select(m.lot_recalls)).one()
    assert row.reason == "nghi nhiễm khuẩn" and row.lifted_by == "quanly" and row.lifted_at

    assert hn.sync().pulled["lot_recalls"] == 1  # the real pull brings the lift
    assert recalls.recall_of(hn.store, cat.shrimp, "GH-0611") is None and recalls.recalled_on_hand(hn.store) == []
    found = catalog.lookup(hn.store, f"01{SHRIMP14}17270611{GS}10GH-0611")
    assert found is not None
    res = sell(hn, 1, lot="GH-0611")
    fefo = sell(hn, 1)  # FEFO takes the earliest use-by again
    assert [hn.store.one("SELECT lot_no FROM sale_lines WHERE sale_id = ?", (x.sale_id,))["lot_no"]
            for x in (res, fefo)] == ["GH-0611", "GH-0611"]
    public = requests.get(f"{srv.url}/01/{SHRIMP14}/10/GH-0611", timeout=30).text
    assert "đã bị thu hồi ngày" not in public and 'id="recall"' not in public
    assert "lệnh thu hồi đã được gỡ ngày" in public and "kiểm nghiệm lại đạt" in public

    again = manager.post(page, data={"sku": "TOM-200", "lot_no": "GH-0611", "reason": "nhãn sai hạn dùng"}, timeout=30)
    assert "Đã thu hồi lô GH-0611" in again.text and "Các lần thu hồi trước của lô này" in again.text
    assert "nghi nhiễm khuẩn" in again.text and "kiểm nghiệm lại đạt" in again.text
    assert hn.sync().pulled["lot_recalls"] == 1
    with pytest.raises(RecalledLot) as exc:
        sell(hn, 1, lot="GH-0611")
    assert "nhãn sai hạn dùng" in str(exc.value)
    assert "nhãn sai hạn dùng" in requests.get(f"{srv.url}/01/{SHRIMP14}/10/GH-0611", timeout=30).text


def test_the_receipts_csv_is_formula_safe():
    rows = [{"device_code": "HN01", "location_code": "HN-BOOTH", "business_day": "2026-12-07",
             "created_at": "2026-12-07T02:00:00Z", "receipt_no": "HN01-000001", "kind": "sale", "status": "completed",
             "sku": "TOM-200", "name_vi": '=HYPERLINK("http://x","y")', "lot_no": "@L1", "qty": -1, "net": 250_000}]
    got = list(csv.reader(io.StringIO(sold.csv_text(rows))))[1]
    assert got[8] == '\'=HYPERLINK("http://x","y")' and got[9] == "'@L1" and got[10] == "-1"
