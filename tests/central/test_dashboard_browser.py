"""The dashboard in headless Chromium (Debian's /usr/bin/chromium driven by Playwright; no browser is
downloaded): sign in, read a report, download the settlement and read it back, edit the catalog.

Set OCOP_SCREENSHOTS=docs/dashboard to (re)write the screenshots kept in the repository."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook

from pos.money import fmt_vnd, parse_vnd
from rig import DAY1, DAY2, PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--lang=vi"]
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser
SQLITE = pytest.mark.parametrize("office", ["sqlite"], indirect=True)  # the browser sees the same either way


@pytest.fixture
def page(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium (browser tests never download one)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", accept_downloads=True)
        pg = ctx.new_page()
        yield pg
        ctx.close()
        browser.close()


def shot(page, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("OCOP_SCREENSHOTS") or tmp_path)
    if not folder.is_absolute():
        folder = ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, office, username="office"):
    page.goto(f"{office.url}/office?start={DAY1}&end={DAY2}")
    assert "/office/login" in page.url  # not signed in: sent to the login page
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@SQLITE
def test_sign_in_and_read_the_report(office, page, tmp_path):
    page.goto(f"{office.url}/office/login")
    page.fill("#username", "office")
    page.fill("#password", "sai-mat-khau")
    page.click("button[type=submit]")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.content()
    shot(page, "01-dang-nhap", tmp_path)
    sign_in(page, office)
    assert page.url.endswith(f"/office?start={DAY1}&end={DAY2}")  # back where the user was going
    kpis = page.locator(".kpi .v").all_inner_texts()
    assert kpis[:3] == ["1.960.000 ₫", "244.920 ₫", "1.715.080 ₫"]
    locs = {r.locator("td").nth(0).inner_text(): r.locator("td").nth(3).inner_text()
            for r in page.locator("table.by-location tbody tr").all()}
    assert locs == {"Gian hàng OCOP Hà Nội": "1.190.080 ₫", "Điểm bán Nhà Công tử Bạc Liêu": "525.000 ₫"}
    pays = page.locator("table.by-payment").inner_text()
    assert "VietQR" in pays and "595.080 ₫" in pays
    assert page.locator("svg.chart rect.bar").count() >= 2
    shot(page, "02-tong-quan", tmp_path)
    with page.expect_download() as dl:
        page.click("#dl-lines")
    lines = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))
    net = lines[0].index("Thực thu")
    assert sum(int(r[net]) for r in lines[1:]) == 1_715_080
    page.select_option("#f-location", "BL-SITE")  # a filter change reloads the page
    page.wait_for_url("**location=BL-SITE**")
    assert page.locator(".kpi .v").nth(2).inner_text() == "525.000 ₫"
    page.goto(f"{office.url}/office/stock")
    text = page.locator("table.stock").inner_text()
    assert "Sắp hết" in text and "Chứng nhận OCOP sắp hết hạn" in text
    shot(page, "03-ton-kho", tmp_path)
    from sync.client import reconcile

    reconcile(office.hn.store, days=[DAY1, DAY2])
    page.goto(f"{office.url}/office/sync")
    rows = {r.locator("td").first.inner_text(): r.inner_text() for r in page.locator("table.sync tbody tr").all()}
    assert "Khớp 2 ngày" in rows["HN01"] and "Chưa đối soát" in rows["BL01"]
    shot(page, "04-dong-bo", tmp_path)


@SQLITE
def test_settlement_download_and_statement(office, page, tmp_path):
    sign_in(page, office)
    page.goto(f"{office.url}/office/settlement")
    # days are typed and shown dd/mm/yyyy whatever the browser's locale; the URL carries ISO days
    assert page.locator("#f-start").get_attribute("type") == "text"
    page.fill("#f-start", "21/11/2026")
    page.fill("#f-end", "22/11/2026")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**/office/settlement?start={DAY1}&end={DAY2}")
    assert page.locator("#f-start").input_value() == "21/11/2026"
    assert page.locator("#f-end").input_value() == "22/11/2026"
    foot = page.locator("table.settlement tfoot").inner_text()
    assert "1.715.080 ₫" in foot and "1.396.058 ₫" in foot  # 407.898 + 988.160 payable
    shot(page, "05-quyet-toan", tmp_path)
    with page.expect_download() as dl:
        page.click("#dl-xlsx")
    assert dl.value.suggested_filename == f"quyet-toan_{DAY1}_{DAY2}.xlsx"
    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    rows = {r[0]: r for r in wb["Tổng hợp"].iter_rows(values_only=True) if r[0]}
    assert rows["P01"][10] == 407_898 and rows["P02"][10] == 988_160
    with page.expect_download() as dl:
        page.click("#dl-csv")
    table = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))
    assert {r[0]: int(r[10]) for r in table[3:5]} == {"P01": 407_898, "P02": 988_160}
    with page.context.expect_page() as new:
        page.locator("table.settlement tbody tr", has_text="P01").locator("a").click()
    st = new.value
    st.wait_for_load_state()
    body = st.locator("body").inner_text()
    assert "BẢNG QUYẾT TOÁN HÀNG KÝ GỬI" in body and "Hộ kinh doanh Muối Đông Hải" in body
    assert "407.898 ₫" in body and "từ ngày 21/11/2026 đến ngày 22/11/2026" in body
    st.set_viewport_size({"width": 900, "height": 1200})
    shot(st, "06-bang-quyet-toan", tmp_path)
    pdf = st.pdf(format="A4")  # the print-ready page prints to A4
    assert pdf[:4] == b"%PDF"


@SQLITE
def test_catalog_edit_import_and_prices(office, page, tmp_path):
    sign_in(page, office)
    page.goto(f"{office.url}/office/catalog/product/new")
    page.fill("#f-sku", "MAT-ONG")
    page.fill("#f-name_vi", "Mật ong hoa tràm U Minh")
    page.select_option("#f-producer_id", label="Hộ kinh doanh Muối Đông Hải")
    page.fill("#f-price", "185.000")
    page.fill("#f-barcodes", "8930000000071")
    page.click("form.edit button[type=submit]")
    assert "Sai" not in page.content()
    assert "Đã lưu" in page.locator(".notice").first.inner_text()
    api = office.api.get(f"{office.url}/api/v1/office/products", params={"q": "MAT-ONG"}, timeout=30).json()
    assert api[0]["price"] == 185_000 and api[0]["barcodes"] == ["8930000000071"]
    shot(page, "07-san-pham", tmp_path)
    page.fill("#f-barcodes", "8930000000072")  # wrong check digit: refused with the reason
    page.click("form.edit button[type=submit]")
    assert "số kiểm tra GS1" in page.locator(".notice.bad").inner_text()
    page.goto(f"{office.url}/office/catalog")
    assert "MAT-ONG" in page.locator("table.products").inner_text()
    shot(page, "08-danh-muc", tmp_path)
    page.goto(f"{office.url}/office/catalog/import")
    data = ("Mã hàng,Tên hàng,Mã NSX,Giá bán,Mã vạch\nNUOC-01,Nước cốt dừa,P01,30.000,8930000000088\n"
            "NUOC-02,Nước mắm,P09,40.000,\n").encode()
    page.set_input_files("#f-file", files=[{"name": "danh-muc.csv", "mimeType": "text/csv", "buffer": data}])
    page.click("form.edit button[type=submit]")
    page.wait_for_url("**/catalog/import/**")
    prev = page.locator("table.preview").inner_text()
    assert "Thêm mới" in prev and "không có nhà sản xuất mã P09" in prev
    assert page.locator("#apply").count() == 0  # a file with errors cannot be applied
    shot(page, "09-nhap-xem-truoc", tmp_path)
    page.goto(f"{office.url}/office/catalog/prices")
    page.fill("#f-items", "MAT-ONG; 190.000")
    assert page.locator("#f-effective_day").get_attribute("placeholder") == "dd/mm/yyyy"
    page.fill("#f-effective_day", "01/01/2030")
    page.once("dialog", lambda d: d.accept())
    page.click("form.edit button[type=submit]")
    assert "Đã lưu 1 giá mới từ ngày 01/01/2030" in page.locator(".notice").first.inner_text()
    assert "Chờ đến ngày" in page.locator("table.batches").inner_text()
    shot(page, "10-doi-gia", tmp_path)
    page.locator("table.batches a").first.click()
    row = page.locator("table.batch-items tbody tr").first.inner_text()
    assert "MAT-ONG" in row and "185.000 ₫" in row and "190.000 ₫" in row and "+2,7 %" in row
    # a new commission rate from a later day: the producer's current rate stays until then
    import datetime as dt

    from central.clock import vn_today

    later = (vn_today() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    page.goto(f"{office.url}/office/catalog/producer/{office.cat.producer_htx}")
    assert page.locator("#f-commission_now").input_value() == "20 %"
    page.fill("#f-percent", "18,5")
    page.fill("#f-effective_from", later)
    page.once("dialog", lambda d: d.accept())
    page.click("#save-rate")
    assert f"Đã lưu mức hoa hồng 18,5 % từ ngày {later}" in page.locator(".notice").first.inner_text()
    rates = page.locator("table.rates").inner_text()
    assert "Chờ đến ngày" in rates and "Đang áp dụng" in rates and "Từ đầu" in rates
    assert page.locator("#f-commission_now").input_value() == "20 %"


@SQLITE
def test_cookie_session_needs_csrf_and_logout_ends_it(office, page):
    sign_in(page, office)
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}["ocop_office"]
    # a forged form post with the session cookie but without the page's CSRF value is refused
    r = requests.post(f"{office.url}/office/catalog/producer/new", cookies={"ocop_office": cookie},
                      data={"code": "P99", "name": "Giả mạo"}, allow_redirects=False, timeout=30)
    assert r.status_code == 403
    page.click("header .who button")
    page.wait_for_url("**/office/login")
    r = requests.get(f"{office.url}/office", cookies={"ocop_office": cookie}, allow_redirects=False, timeout=30)
    assert r.status_code == 303 and "/office/login" in r.headers["location"]


@pytest.fixture
def month(tmp_path):
    """A fresh server and three kiosks that traded every day for 30 Vietnam days (seeded)."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from pos import stock
    from rig import Clock, Kiosk, Server, build_central_catalog, office_session
    from central import accounts as admin

    srv = Server(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    with srv.engine.begin() as conn:
        admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
    cat = build_central_catalog(office_session(srv.url), srv.url)
    clock = Clock(dt.datetime(2026, 10, 23, 2, 0, tzinfo=dt.timezone.utc))  # 09:00 in Vietnam
    kiosks = [Kiosk(tmp_path / f"{code}.db", srv, code, loc, clock, cat)
              for code, loc in (("HN01", "HN-BOOTH"), ("BL01", "BL-SITE"), ("CT01", "CT-MART"))]
    rng = random.Random(22)
    items = [(cat.salt, (1, 3)), (cat.shrimp, (1, 2)), (cat.cake, (1, 5)), (cat.fish, (300, 1500))]
    for k in kiosks:
        stock.receive_delivery(k.store, cat.producer_hh, [{"product_id": cat.salt, "qty": 400},
                                                          {"product_id": cat.fish, "qty": 60_000}], k.manager)
        stock.receive_delivery(k.store, cat.producer_htx, [{"product_id": cat.shrimp, "qty": 200},
                                                           {"product_id": cat.cake, "qty": 400}], k.manager)
    for day in range(30):
        for i, k in enumerate(kiosks):
            for _ in range(rng.randint(2 + i, 6 + 2 * i) + (4 if day % 7 in (5, 6) else 0)):
                picked = rng.sample(items, rng.randint(1, 3))
                lines = [(pid, rng.randint(*span)) for pid, span in picked]
                method = rng.choice(["cash", "cash", "vietqr", "card"])
                sale = k.sell(lines, [{"method": method, "tendered": 10_000_000} if method == "cash"
                                      else {"method": method, "amount": None}])
                if rng.random() < 0.04:
                    k.refund(sale.sale_id, lines[0][0], 1 if lines[0][0] != cat.fish else 100)
        clock.advance(days=1)
    for k in kiosks:
        k.sync()
    yield SimpleNamespace(url=srv.url, kiosks=kiosks, start="2026-10-23", end="2026-11-21")
    for k in kiosks:
        k.store.close()
    srv.stop()


def test_a_month_of_three_kiosks(month, page, tmp_path):
    from pos import reports as kiosk_reports

    expected = sum(r["net"] for k in month.kiosks
                   for r in kiosk_reports.sales_by_day(k.store, month.start, month.end))
    sign_in(page, month)
    page.goto(f"{month.url}/office?start={month.start}&end={month.end}")
    assert page.locator(".kpi .v").nth(2).inner_text() == fmt_vnd(expected)
    assert page.locator("svg.chart").first.locator("rect.bar").count() == 30
    shot(page, "11-tong-quan-30-ngay", tmp_path)
    page.goto(f"{month.url}/office/settlement?start={month.start}&end={month.end}")
    payable = sum(r["payable"] for k in month.kiosks
                  for r in kiosk_reports.producer_settlement(k.store, month.start, month.end))
    # columns: code, producer, gross, refunds, net, promotions, rate, commission, payable
    foot = page.locator("table.settlement tfoot td").nth(8).inner_text()
    # commission is rounded once per producer over all kiosks, so at most 1 đồng per producer per kiosk apart
    assert abs(parse_vnd(foot) - payable) <= 2 * len(month.kiosks)


@SQLITE
def test_english_chosen_in_the_header_follows_the_user(office, page, tmp_path):
    from central import accounts

    with office.server.engine.begin() as conn:
        accounts.create_user(conn, "fair_en", PASSWORD, "manager", "Jane Doe")
    sign_in(page, office, "fair_en")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.click("#lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/office?start={DAY1}&end={DAY2}")  # back on the same page, now in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("header nav a").all_inner_texts()[:2] == ["Overview", "Stock"]
    page.click("header .who button")  # sign out: the login page stays English (cookie)
    page.wait_for_url("**/office/login")
    assert "Central office sign-in" in page.content()
    # another browser, Vietnamese preferred: the account's choice wins after signing in
    ctx = page.context.browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    pg = ctx.new_page()
    sign_in(pg, office, "fair_en")
    assert pg.locator("html").get_attribute("lang") == "en"
    assert pg.locator(".kpi .k").first.inner_text() == "Gross sales"
    assert pg.locator(".kpi .v").all_inner_texts()[:3] == ["1.960.000 ₫", "244.920 ₫", "1.715.080 ₫"]
    assert "From 21/11/2026 to 22/11/2026" in pg.locator("main p.muted").first.inner_text()
    shot(pg, "en-01-overview", tmp_path)
    pg.goto(f"{office.url}/office/catalog/product/{office.cat.salt}")
    assert pg.locator("h1").inner_text() == "Product MUOI-500"
    assert pg.locator("#f-ocop_cert_issued").input_value() == "20/12/2023"
    shot(pg, "en-02-product", tmp_path)
    ctx.close()
