"""Dashboard pages over HTTP (bearer token, real server, SQLite and PostgreSQL): bad catalog rows
shown to the office in Vietnamese, and days typed and shown as dd/mm/yyyy with ISO in URLs."""
from __future__ import annotations

import re

import sqlalchemy as sa

from rig import DAY1, DAY2, ok, office_session


def page(office, path, session=None, **params):
    r = (session or office.api).get(f"{office.url}{path}", params=params, timeout=30)
    assert r.status_code == 200, r.text[:500]
    return r.text


def test_no_banner_while_the_catalog_is_clean(office):
    assert 'id="catalog-problems"' not in page(office, "/office/catalog")
    assert "Không có dòng nào bị lỗi" in page(office, "/office/catalog/problems")


def test_bad_catalog_rows_are_listed_with_the_reason(office):
    with office.server.engine.begin() as c:  # rows put in behind the admin API's back
        c.execute(sa.text("UPDATE products SET price = -5 WHERE sku = 'BANHDA'"))
        c.execute(sa.text("""UPDATE products SET barcodes = '["8930000000027"]' WHERE sku = 'TOM-200'"""))
        c.execute(sa.text("UPDATE producers SET kind = 'xyz' WHERE code = 'P02'"))
    admin = ok(office.api.get(f"{office.url}/api/v1/admin/catalog/problems", timeout=30))
    assert admin["count"] == 3
    for path in ("/office/catalog", f"/office?start={DAY1}&end={DAY2}"):
        html = page(office, path)
        banner = re.search(r'<div class="notice bad" id="catalog-problems">(.*?)</div>', html).group(1)
        assert "3 dòng danh mục bị lỗi" in banner and "/office/catalog/problems" in banner
    viewer = office_session(office.url, "viewer1")  # read-only users see the list too
    html = page(office, "/office/catalog/problems", viewer)
    rows = re.findall(r"<tr>(.*?)</tr>", html.split('<table class="problems">')[1].split("</table>")[0])
    text = {re.findall(r"<td[^>]*>(.*?)</td>", r)[1]: r for r in rows if "<td" in r}  # by code / SKU
    assert set(text) == {"BANHDA", "TOM-200", "P02"}
    assert "Sản phẩm" in text["BANHDA"] and "giá bán phải là số nguyên đồng" in text["BANHDA"]
    assert "mã vạch 8930000000027 không hợp lệ" in text["TOM-200"]
    assert "Nhà sản xuất" in text["P02"] and "loại hình nhà sản xuất không hợp lệ" in text["P02"]
    assert f'/office/catalog/producer/{office.cat.producer_htx}' in text["P02"]
    # fixing a row through the office API takes it off the list
    prod = ok(office.api.get(f"{office.url}/api/v1/office/products", params={"q": "BANHDA"}, timeout=30))[0]
    ok(office.api.post(f"{office.url}/api/v1/office/products", json={"id": prod["id"], "price": 35_000}))
    assert "2 dòng danh mục bị lỗi" in page(office, "/office/catalog")


def test_typed_days_go_to_iso_urls(office):
    r = office.api.get(f"{office.url}/office/settlement", params={"start": "21/11/2026", "end": "22/11/2026"},
                       allow_redirects=False, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == f"/office/settlement?start={DAY1}&end={DAY2}"
    html = page(office, "/office/settlement", start=DAY1, end=DAY2)
    assert 'name="start" id="f-start" value="21/11/2026"' in html and 'value="22/11/2026"' in html
    assert 'type="date"' not in html and 'placeholder="dd/mm/yyyy"' in html
    assert "Từ 21/11/2026 đến 22/11/2026" in html
    r = office.api.get(f"{office.url}/office", params={"start": "1/11/2026", "end": "2026-11-22"},
                       allow_redirects=False, timeout=30)
    assert r.headers["location"] == "/office?start=2026-11-01&end=2026-11-22"


def test_a_bad_day_is_a_clear_error(office):
    html = page(office, "/office/settlement", start="31/02/2026", end="22/11/2026")
    assert "Từ ngày không hợp lệ: &#x27;31/02/2026&#x27; — nhập theo dạng dd/mm/yyyy" in html
    html = page(office, "/office", start="11/30/2026")  # mm/dd/yyyy is not taken for a day
    assert "không hợp lệ" in html and "dd/mm/yyyy" in html
    # the JSON API keeps ISO only
    r = office.api.get(f"{office.url}/api/v1/office/report", params={"start": "21/11/2026"}, timeout=30)
    assert r.status_code == 422


def test_product_dates_typed_dd_mm_yyyy(office):
    pid = office.cat.salt
    html = page(office, f"/office/catalog/product/{pid}")
    assert 'name="ocop_cert_issued" id="f-ocop_cert_issued" value="20/12/2023"' in html
    assert 'name="ocop_cert_expires" id="f-ocop_cert_expires" value="20/12/2026"' in html
    form = {"sku": "MUOI-500", "name_vi": "Muối hầm Bạc Liêu 500g", "producer_id": office.cat.producer_hh,
            "unit": "hũ", "price": "45.000", "vat_rate": "0", "ocop_stars": "4", "barcodes": "8930000000019",
            "ocop_cert_issued": "05/01/2024", "ocop_cert_expires": "", "low_stock": "98", "active": "1"}
    r = office.api.post(f"{office.url}/office/catalog/product/{pid}", data=form, allow_redirects=False, timeout=30)
    assert r.status_code == 303
    prod = ok(office.api.get(f"{office.url}/api/v1/office/products", params={"q": "MUOI-500"}, timeout=30))[0]
    assert (prod["ocop_cert_issued"], prod["ocop_cert_expires"]) == ("2024-01-05", "2027-01-05")
    r = office.api.post(f"{office.url}/office/catalog/product/{pid}", data={**form, "ocop_cert_issued": "32/01/2024"},
                        allow_redirects=False, timeout=30)
    assert r.status_code == 422 and "ngày cấp chứng nhận: không phải ngày (nhập dd/mm/yyyy" in r.text
    prod = ok(office.api.get(f"{office.url}/api/v1/office/products", params={"q": "MUOI-500"}, timeout=30))[0]
    assert prod["ocop_cert_issued"] == "2024-01-05"  # the refused save changed nothing
    html = page(office, "/office/catalog/prices")
    assert 'name="effective_day" id="f-effective_day"' in html and 'type="date"' not in html
