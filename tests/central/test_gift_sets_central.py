"""Gift sets from the office to settlement, on SQLite and PostgreSQL: the set made through the
office API reaches the kiosk in its pull; the kiosk sells boxes at the counter and from boxes made
ahead, refunds one, syncs; the centre stores each set line's component rows and the settlement
credits the components' producers with hand-computed shares (the set's owner gets nothing), the
totals unchanged to the đồng; consignment stock counts the component moves and the assembly."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from central import accounts as admin
from central import models as m
from central.figures import consignment as cs
from central.figures import settlement as st
from central.figures.reports import Filters
from pos import sales, set_assembly, sets
from pos.cart import Cart
from rig import PASSWORD, Kiosk, PgSchema, Server, build_central_catalog, office_session, ok, pg_reachable
from testclock import Clock

DAY = "2026-11-21"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def boxed(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sets")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'central.sqlite3'}"
    else:
        why = pg_reachable()
        if why:
            pytest.skip(why)
        schema = PgSchema()
        url = schema.url
    srv = hn = None
    try:
        srv = Server(url)
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
        api = office_session(srv.url)
        cat = build_central_catalog(api, srv.url)
        o = f"{srv.url}/api/v1/office"
        cat.booth = ok(api.post(f"{o}/producers", json={"code": "GH", "name": "Gian hàng OCOP", "kind": "enterprise",
                                                         "commission_bp": 0}))["id"]
        cat.box = ok(api.post(f"{o}/products", json={
            "sku": "HOPQUA-TET", "name_vi": "Hộp quà Tết Bạc Liêu", "producer_id": cat.booth, "unit": "hộp",
            "price": 500_000, "vat_rate": 8, "barcodes": ["8930000000101"]}))["id"]
        bad = api.put(f"{o}/products/{cat.box}/components", json={"components": [{"sku": "KHOCA", "qty": 1}]})
        assert bad.status_code == 422 and bad.json()["detail"]["field"] == "components"  # weighed goods
        saved = ok(api.put(f"{o}/products/{cat.box}/components", json={"components": [
            {"sku": "MUOI-500", "qty": 2}, {"product_id": cat.shrimp, "qty": 1}, {"sku": "BANHDA", "qty": 1}]}))
        assert [(c["sku"], c["qty"]) for c in saved["components"]] == [("MUOI-500", 2), ("TOM-200", 1), ("BANHDA", 1)]
        clock = Clock(dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.timezone.utc))
        hn = Kiosk(tmp / "hn01.db", srv, "HN01", "HN-BOOTH", clock, cat)
        assert [(c["product_id"], c["per_set"]) for c in sets.components(hn.store, cat.box)] == [
            (cat.salt, 2), (cat.shrimp, 1), (cat.cake, 1)]
        cart = Cart()
        cart.add(hn.product(cat.box), 2)
        first = sales.complete_sale(hn.store, cart, [{"method": "cash", "tendered": 1_000_000}], hn.clerk)
        set_assembly.assemble(hn.store, cat.box, 1, hn.manager)
        cart = Cart()
        cart.add(hn.product(cat.box), 1)
        sales.complete_sale(hn.store, cart, [{"method": "card", "amount": 500_000, "reference": "T1"}], hn.clerk)
        hn.refund(first.sale_id, cat.box, 1)
        hn.sync()
        yield SimpleNamespace(server=srv, api=api, cat=cat, hn=hn, db=request.param)
    finally:
        if hn is not None:
            hn.store.close()
        if srv is not None:
            srv.stop()
        if schema:
            schema.drop()


def test_the_centre_stores_each_set_lines_components(boxed):
    with boxed.server.engine.connect() as conn:
        rows = conn.execute(sa.select(m.sale_line_components)).mappings().all()
        kiosk = boxed.hn.store.all("SELECT id, net, qty, producer_id FROM sale_line_components ORDER BY id")
    assert sorted((r["id"], r["net"], r["qty"], r["producer_id"]) for r in rows) == [
        (k["id"], k["net"], k["qty"], k["producer_id"]) for k in kiosk]
    assert {r["location_code"] for r in rows} == {"HN-BOOTH"} and {r["business_day"] for r in rows} == {DAY}


def test_settlement_credits_the_components_producers(boxed):
    c = boxed.cat
    with boxed.server.engine.connect() as conn:
        rows = {r["producer_id"]: r for r in st.settlement(conn, Filters(DAY, DAY))}
        sold = conn.execute(sa.select(sa.func.sum(m.sales.c.total)).where(m.sales.c.kind == "sale")).scalar()
        back = conn.execute(sa.select(sa.func.sum(m.sales.c.total)).where(m.sales.c.kind == "refund")).scalar()
        vat = conn.execute(sa.select(sa.func.sum(sa.case((m.sales.c.kind == "sale", m.sales.c.vat_total),
                                                         else_=-m.sales.c.vat_total)))).scalar()
    assert c.booth not in rows  # the box's owner sold the box but is owed nothing for it
    # sale 1 (2 boxes, 1.000.000): salt 240.000, shrimp 666.667, cake 93.333; box made ahead
    # (500.000): 120.000, 333.333, 46.667; refund of 1 box of sale 1 (500.000): 120.000, 333.334, 46.666
    salt = rows[c.producer_hh]
    assert (salt["gross"], salt["refunds"], salt["net"], salt["commission"], salt["payable"]) == (
        360_000, 120_000, 240_000, 36_000, 204_000)
    assert [(p["product_id"], p["qty_sold"], p["qty_refunded"]) for p in salt["products"]] == [(c.salt, 6, 2)]
    htx = rows[c.producer_htx]
    assert (htx["gross"], htx["refunds"], htx["net"], htx["commission"]) == (1_140_000, 380_000, 760_000, 152_000)
    by_product = {p["product_id"]: (p["gross"], p["refunds"], p["qty_sold"]) for p in htx["products"]}
    assert by_product == {c.shrimp: (1_000_000, 333_334, 3), c.cake: (140_000, 46_666, 3)}
    assert sum(r["net"] for r in rows.values()) == sold - back == 1_000_000
    assert sum(r["vat"] for r in rows.values()) == vat


def test_the_producer_portal_counts_the_shares_too(boxed):
    from central.figures import portal

    c = boxed.cat
    with boxed.server.engine.connect() as conn:
        htx = portal.line_sums(conn, c.producer_htx, DAY, DAY, ["product_id", "lot_no"])
        booth = portal.line_sums(conn, c.booth, DAY, DAY, ["product_id"])
    assert {k: (d["qty_sold"], d["gross"], d["refunds"]) for k, d in htx.items()} == {
        (c.shrimp, ""): (3, 1_000_000, 333_334), (c.cake, ""): (3, 140_000, 46_666)}
    assert booth == {}


def test_consignment_counts_component_moves_and_assembly(boxed):
    c = boxed.cat
    with boxed.server.engine.connect() as conn:
        rows = cs.stock(conn, location="HN-BOOTH")
    salt = next(r for r in rows if r["product_id"] == c.salt)
    # 100 received; 4 sold in the 2 boxes made at the counter; 2 back with the refunded box; 2 into the box made ahead
    assert (salt["received"], salt["sold"], salt["refunded"], salt["sets"], salt["other"], salt["on_hand"]) == (
        100, 4, 2, -2, 0, 96)
    box = next(r for r in rows if r["product_id"] == c.box)
    assert (box["producer_id"], box["sets"], box["sold"], box["on_hand"]) == (c.booth, 1, 1, 0)
    assert cs.table(rows)[0][12] == "Vào/ra hộp quà (±)"


def test_an_old_kiosks_sale_without_component_rows_still_validates():
    import msgspec

    from sync import protocol as p

    old = {"sale": {"id": "s1", "business_day": DAY}, "lines": [], "payments": [], "stock_moves": []}
    assert msgspec.convert(old, p.SalePayload).sale_line_components == []


def test_the_office_page_edits_a_set_in_both_languages(boxed):
    import re

    from hubrig import signed_in

    c, url = boxed.cat, boxed.server.url
    s = signed_in(url)
    page = s.get(f"{url}/office/catalog/product/{c.box}/set", timeout=30)
    assert page.status_code == 200 and "Hộp quà HOPQUA-TET: thành phần" in page.text
    assert "MUOI-500 2\nTOM-200 1\nBANHDA 1" in page.text and 'id="vat-differs"' in page.text  # salt at 0 %
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    bad = s.post(f"{url}/office/catalog/product/{c.box}/set", data={"csrf": token, "components": "KHOCA 1"},
                 timeout=30)
    assert bad.status_code == 422 and "bán theo cân" in bad.text
    ok_ = s.post(f"{url}/office/catalog/product/{c.box}/set", data={"csrf": token,
                                                                   "components": "MUOI-500 2\nTOM-200 1\nBANHDA × 1"},
                 timeout=30)
    assert ok_.status_code == 200 and "Đã lưu thành phần hộp quà" in ok_.text
    s.post(f"{url}/office/lang", data={"lang": "en", "csrf": token, "next": "/office"}, timeout=30)
    en = s.get(f"{url}/office/catalog/product/{c.box}/set", timeout=30).text
    assert "Gift set HOPQUA-TET: components" in en and "Quantity per box" in en
    product = s.get(f"{url}/office/catalog/product/{c.box}", timeout=30).text
    assert 'id="set-link"' in product


def test_component_rows_that_do_not_add_up_are_flagged():
    import msgspec

    from central.events import sums
    from sync import protocol as p

    sale = {"sale": {"id": "s1", "business_day": DAY, "kind": "sale", "total": 500_000, "subtotal": 500_000,
                     "vat_total": 37_037, "paid_total": 500_000},
            "lines": [{"id": "l1", "sale_id": "s1", "product_id": "box", "producer_id": "gh", "line_no": 1, "qty": 1,
                       "unit_price": 500_000, "gross": 500_000, "net": 500_000, "vat_rate": 8, "vat_amount": 37_037}],
            "payments": [{"id": "p1", "sale_id": "s1", "method": "cash", "amount": 500_000}],
            "sale_line_components": [
                {"id": "c1", "sale_id": "s1", "sale_line_id": "l1", "product_id": "salt", "producer_id": "p01",
                 "net": 120_000, "vat_amount": 8_889},
                {"id": "c2", "sale_id": "s1", "sale_line_id": "l1", "product_id": "tom", "producer_id": "p02",
                 "net": 380_000, "vat_amount": 28_148}]}
    assert sums.sale_problems(msgspec.convert(sale, p.SalePayload)) == []
    sale["sale_line_components"][1]["net"] = 379_999
    assert sums.sale_problems(msgspec.convert(sale, p.SalePayload)) == [
        "line 1 set components 499999/37037 != line 500000/37037"]
