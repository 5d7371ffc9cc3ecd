"""Marketplace listings (issue 15 item 5) on a real server, SQLite and PostgreSQL: each marketplace's
bulk-upload XLSX opened back with openpyxl (its header rows and columns as the layout says, values
in the marketplace's units, Vietnamese intact, formula-looking text left as text), products missing
what a marketplace requires left out of the file and listed row by row on the page, the stock-sync
CSV per warehouse location, the category and parcel forms, and the page closed to viewers."""
from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from central import marketplaces as mk
from central import models as m
from central.marketplaces.base import MISSING, Exporter
from rig import PASSWORD, Server, office_session

EVIL = '=HYPERLINK("http://x","y")'
PUBLIC = "https://ocop.example.vn"
SHA = {"a": "a" * 64, "b": "b" * 64, "c": "c" * 64}


def _product(pid, sku, name, category="cat-tra", **kw):
    return {"id": pid, "sku": sku, "name_vi": name, "producer_id": "p-tra", "unit": "gói", "price": 120_000,
            "category_id": category, "rev": 1, "barcodes": "[]", "active": 1, **kw}


def _content(pid, description="", ingredients="", net=None, unit="g"):
    return {"product_id": pid, "description_vi": description, "ingredients_vi": ingredients, "net_qty": net,
            "net_unit": unit, "rev": 1}


def _catalog(conn) -> None:
    conn.execute(sa.insert(m.locations), [{"code": "HN-BOOTH", "name": "Gian hàng Hà Nội"},
                                          {"code": "BL-SITE", "name": "Điểm bán Bạc Liêu"}])
    conn.execute(sa.insert(m.categories), [{"id": "cat-tra", "name_vi": "Chè và đồ uống", "rev": 1}])
    conn.execute(sa.insert(m.producers), [{"id": "p-tra", "code": "HTX01", "name": "HTX Chè Tân Cương", "rev": 1}])
    conn.execute(sa.insert(m.products), [
        _product("tra", "TRA-01", "Chè búp Tân Cương 200g", barcodes='["8930000000019"]'),
        _product("evil", "EVIL-01", EVIL),
        _product("nuoc", "NUOC-01", "Nước mắm Phú Quốc 500ml"),
        _product("muoi", "MUOI-01", "Muối tôm Tây Ninh", category=None),
        _product("old", "OLD-01", "Hàng ngừng bán", active=0)])
    conn.execute(sa.insert(m.product_content), [
        _content("tra", "Chè xanh đặc sản Thái Nguyên, búp non sao tay.", "100% búp chè", 200),
        _content("evil", "+ngon", net=500), _content("nuoc", net=500, unit="ml"),
        _content("muoi", "Muối tôm cay", net=100)])
    conn.execute(sa.insert(m.product_media), [
        {"id": f"ph-{k}-{pid}", "product_id": pid, "kind": "photo", "sha256": SHA[k], "ext": "jpg", "sort": i}
        for pid, ks in (("tra", "ab"), ("evil", "c"), ("muoi", "a")) for i, k in enumerate(ks)])
    conn.execute(sa.insert(m.product_logistics), [{"product_id": "tra", "parcel_weight_g": 250, "length_cm": 20,
                                                   "width_cm": 10, "height_cm": 8}])
    conn.execute(sa.insert(m.location_prices), [{"location_code": "BL-SITE", "product_id": "tra", "price": 110_000,
                                                 "rev": 1}])
    conn.execute(sa.insert(m.stock_moves), [
        {"id": f"mv{i}", "device_code": "K1", "location_code": loc, "product_id": pid, "qty": q, "kind": "receive",
         "at": "2026-11-01T02:00:00.000+00:00"}
        for i, (loc, pid, q) in enumerate([("HN-BOOTH", "tra", 30), ("BL-SITE", "tra", 12), ("HN-BOOTH", "evil", 4),
                                           ("HN-BOOTH", "nuoc", 6), ("HN-BOOTH", "nuoc", -9)])])


@pytest.fixture
def shop(database_url):
    from central import accounts as admin

    srv = Server(database_url, public_url=PUBLIC)
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "manager", "Lê Thị Hoa")
            admin.create_user(conn, "viewer1", PASSWORD, "viewer", "Phạm Văn Xem")
            _catalog(conn)
        s = office_session(srv.url)
        r = s.post(f"{srv.url}/office/marketplaces/categories", allow_redirects=False, timeout=30,
                   data={"code:shopee:cat-tra": "100644", "code:tiktok:cat-tra": "600001",
                         "code:lazada:cat-tra": "10000123"})
        assert r.status_code == 303 and "err=" not in r.headers["location"]
        yield srv, s
    finally:
        srv.stop()


def _sheet(resp):
    assert resp.status_code == 200, resp.text[:300]
    ws = load_workbook(io.BytesIO(resp.content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def row_key(head, r) -> str:
    for name in ("ps_sku_parent_short", "Seller SKU", "SellerSku"):
        if name in head:
            return r[head.index(name)]
    raise AssertionError(head)


def test_registry_and_layouts():
    assert set(mk.REGISTRY) == {"shopee", "tiktok", "lazada"}
    for name, exp in mk.REGISTRY.items():
        assert isinstance(exp, Exporter) and exp.layout["marketplace"] == name
        fields = {c["field"] for c in exp.columns if c.get("required")}
        assert {"name", "price", "stock", "images", "weight_g", "category"} <= fields, name
        assert all(c["format"] in ("text", "int", "g", "kg", "cm", "image") for c in exp.columns)
        item = {"sku": "X1", "name": "Bánh pía Sóc Trăng", "product_id": "x", "category_id": "c", "price": 0,
                "stock": 3, "images": [], "weight_g": None}
        got = exp.export([item], {"c": "123"})  # nothing listable: still a whole file, plus the reasons
        ws = load_workbook(io.BytesIO(got.data)).active
        assert got.listed == 0 and ws.max_row == len(exp.layout["header_rows"])
        (err,) = got.errors
        words = [(p["msgid"], p["params"]["what"]) for p in err["problems"]]
        assert err["sku"] == "X1" and (MISSING, "ảnh sản phẩm") in words and (MISSING, "cân nặng kiện hàng") in words
        assert ("{what} phải lớn hơn 0", "giá bán") in words and (MISSING, "ngành hàng trên sàn") not in words


def test_shopee_file(shop):
    srv, s = shop
    r = s.get(f"{srv.url}/office/marketplaces/shopee.xlsx", params={"location": "HN-BOOTH"}, timeout=60)
    ws, values = _sheet(r)
    assert ws.title == "Bản đăng tải" and ws.row_dimensions[1].hidden
    assert values[0][:3] == ["ps_category", "ps_product_name", "ps_product_description"]
    assert values[1][:3] == ["Ngành hàng", "Tên sản phẩm", "Mô tả sản phẩm"] and values[2][0] == "Bắt buộc"
    rows = {row_key(values[0], r): dict(zip(values[0], r)) for r in values[3:]}
    assert set(rows) == {"TRA-01", "EVIL-01"} and r.headers["X-Left-Out"] == "2"
    tra = rows["TRA-01"]
    assert tra["ps_category"] == "100644" and tra["ps_product_name"] == "Chè búp Tân Cương 200g"
    assert tra["ps_product_description"] == "Chè xanh đặc sản Thái Nguyên, búp non sao tay.\n\nThành phần: 100% búp chè"
    assert (tra["ps_price"], tra["ps_stock"], tra["ps_weight"], tra["ps_length"]) == (120_000, 30, 250, 20)
    assert tra["ps_item_cover_image"] == f"{PUBLIC}/media/{SHA['a']}.jpg"
    assert tra["ps_item_image_1"] == f"{PUBLIC}/media/{SHA['b']}.jpg" and tra["ps_item_image_2"] is None
    assert tra["ps_gtin_code"] == "08930000000019"
    evil = rows["EVIL-01"]
    assert evil["ps_product_name"] == EVIL and evil["ps_product_description"] == "+ngon"
    assert evil["ps_weight"] == 500  # no parcel recorded: the net weight in grams
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+":
                assert cell.data_type == "s"  # text, never a formula
    bl = s.get(f"{srv.url}/office/marketplaces/shopee.xlsx", params={"location": "BL-SITE"}, timeout=60)
    _ws, v2 = _sheet(bl)
    tra_bl = {row_key(v2[0], r): dict(zip(v2[0], r)) for r in v2[3:]}["TRA-01"]
    assert (tra_bl["ps_price"], tra_bl["ps_stock"]) == (110_000, 12)


def test_tiktok_and_lazada_files(shop):
    srv, s = shop
    _ws, values = _sheet(s.get(f"{srv.url}/office/marketplaces/tiktok.xlsx", params={"location": "HN-BOOTH"},
                               timeout=60))
    assert values[0][:5] == ["Category", "Brand", "Product Name", "Product Description", "Main Product Image"]
    assert values[1][0] == "Mandatory" and values[1][1] == "Optional"
    rows = {row_key(values[0], r): dict(zip(values[0], r)) for r in values[2:]}
    tra = rows["TRA-01"]
    assert (tra["Category"], tra["Package Weight(g)"], tra["Retail Price (Local Currency)"], tra["Quantity"]) == \
        ("600001", 250, 120_000, 30)
    assert (tra["Identifier Code Type"], tra["Identifier Code"]) == ("GTIN", "08930000000019")
    assert rows["EVIL-01"]["Identifier Code Type"] is None and set(rows) == {"TRA-01", "EVIL-01"}
    r = s.get(f"{srv.url}/office/marketplaces/lazada.xlsx", params={"location": "HN-BOOTH"}, timeout=60)
    _ws, values = _sheet(r)
    rows = {row_key(values[0], x): dict(zip(values[0], x)) for x in values[1:]}
    assert set(rows) == {"TRA-01"} and r.headers["X-Left-Out"] == "3"  # EVIL-01 has no parcel sides
    tra = rows["TRA-01"]
    assert (tra["PrimaryCategory"], tra["package_weight"], tra["package_height"], tra["brand"]) == \
        ("10000123", 0.25, 8, "No Brand")
    assert tra["package_content"] == "1 gói Chè búp Tân Cương 200g" and tra["MainImage"].endswith(".jpg")
    assert s.get(f"{srv.url}/office/marketplaces/amazon.xlsx", timeout=30).status_code == 404


def test_page_lists_what_is_missing_and_the_forms_fix_it(shop):
    srv, s = shop
    page = s.get(f"{srv.url}/office/marketplaces", timeout=60)
    assert page.status_code == 200
    text = page.text
    assert 'class="errors-shopee"' in text and "NUOC-01" in text and "MUOI-01" in text
    assert "thiếu mô tả" in text and "thiếu ảnh sản phẩm" in text and "thiếu cân nặng kiện hàng" in text
    assert "thiếu ngành hàng trên sàn" in text and "thiếu chiều dài kiện hàng" in text  # the last: Lazada's
    assert "OLD-01" not in text
    bad = s.post(f"{srv.url}/office/marketplaces/logistics", data={"sku": "NUOC-01", "parcel_weight_g": "nặng"},
                 allow_redirects=False, timeout=30)
    assert bad.status_code == 303 and "err=" in bad.headers["location"]
    ok = s.post(f"{srv.url}/office/marketplaces/logistics", data={"sku": "NUOC-01", "parcel_weight_g": "560",
                                                                   "pack_size": "12"}, allow_redirects=False, timeout=30)
    assert ok.status_code == 303 and "msg=" in ok.headers["location"]
    with srv.engine.connect() as conn:
        from central.catalog import logistics
        from central.marketplaces import listings
        assert logistics.get(conn, "nuoc")["pack_size"] == 12
        items = {i["sku"]: i for i in listings.listings(conn, PUBLIC, "HN-BOOTH")}
    exp = mk.get("shopee")
    _ready, errors = exp.check([items["NUOC-01"]], {"cat-tra": "100644"})
    assert [p["params"]["what"] for p in errors[0]["problems"]] == ["mô tả", "ảnh sản phẩm"]
    assert errors[0]["problems"][0]["msgid"] == MISSING and items["NUOC-01"]["stock"] == 0  # 6 - 9: none to sell
    form = s.get(f"{srv.url}/office/marketplaces", params={"sku": "NUOC-01"}, timeout=30).text
    assert 'id="logistics-form"' in form and 'value="560"' in form
    with srv.engine.begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.username == "office").values(lang="en"))
    en = s.get(f"{srv.url}/office/marketplaces", timeout=60).text
    assert "missing description" in en and "missing product picture" in en and "thiếu" not in en


def test_stock_sync_csv_and_viewers_kept_out(shop):
    srv, s = shop
    r = s.get(f"{srv.url}/office/marketplaces/stock.csv", timeout=30)
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    head = rows[0]
    assert head[:3] == ["SKU", "GTIN", "Tên hàng"]
    got = {(x[0], x[head.index("Mã kho (điểm bán)")]): x for x in rows[1:]}
    assert got[("TRA-01", "HN-BOOTH")][head.index("Có thể bán")] == "30"
    assert got[("TRA-01", "BL-SITE")][head.index("Giá bán (đồng)")] == "110000"
    assert got[("NUOC-01", "HN-BOOTH")][head.index("Tồn theo sổ")] == "-3"
    assert got[("EVIL-01", "HN-BOOTH")][2] == "'" + EVIL and got[("TRA-01", "BL-SITE")][5] == "Điểm bán Bạc Liêu"
    one = s.get(f"{srv.url}/office/marketplaces/stock.csv", params={"location": "BL-SITE"}, timeout=30)
    assert len(list(csv.reader(io.StringIO(one.content.decode("utf-8-sig"))))) == 2
    viewer = office_session(srv.url, "viewer1")
    for path in ("/office/marketplaces", "/office/marketplaces/shopee.xlsx", "/office/marketplaces/stock.csv"):
        assert viewer.get(f"{srv.url}{path}", timeout=30).status_code == 403
    assert viewer.post(f"{srv.url}/office/marketplaces/categories", data={"code:shopee:cat-tra": "1"},
                       allow_redirects=False, timeout=30).status_code == 403
