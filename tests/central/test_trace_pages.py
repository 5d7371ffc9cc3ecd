"""The public traceability pages at GS1 Digital Link addresses: found by the GTIN-14 form of a stored
EAN-13, in Vietnamese or English, honest about expired certificates and unrecorded lots, a friendly
404 otherwise; and the same pages in headless Chromium on a phone-sized screen (screenshots kept
with OCOP_SCREENSHOTS=<folder>)."""
from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from central.catalog import content as co
from central.catalog import media
from hubrig import SALT_GTIN, hub, picture  # noqa: F401 - hub is a fixture
from rig import ok

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHRIMP_GTIN = "08930000000026"
SALT = {"description_vi": "Muối hột rang với ớt và tỏi theo cách của diêm dân Đông Hải.",
        "description_en": "Sea salt roasted with chili and garlic, the Đông Hải salt makers' way.",
        "ingredients_vi": "Muối biển, ớt, tỏi", "ingredients_en": "Sea salt, chili, garlic",
        "storage_vi": "Nơi khô ráo, thoáng mát, tránh ánh nắng", "storage_en": "Keep in a dry, cool place, out of the sun",
        "net_qty": 1500, "net_unit": "g", "shelf_life_days": 365}


@pytest.fixture(scope="module")
def pages(hub):
    """The salt with content, two pictures and a valid certificate; the shrimp's certificate long expired."""
    o = f"{hub.url}/api/v1/office"
    ok(hub.api.post(f"{o}/producers", json={"id": hub.cat.producer_hh, "code": "P01", "name": "Hộ kinh doanh Muối Đông Hải",
                                            "kind": "household", "commission_bp": 1500, "province": "Cà Mau",
                                            "address": "Ấp Diêm Điền, xã Đông Hải"}))
    ok(hub.api.post(f"{o}/products", json={"id": hub.cat.salt, "ocop_cert_issued": "2025-06-01",
                                           "ocop_cert_expires": "2099-06-01", "name_en": "Đông Hải roasted salt"}))
    ok(hub.api.post(f"{o}/products", json={"id": hub.cat.shrimp, "ocop_cert_no": "OCOP-BL-2019-003",
                                           "ocop_cert_issued": "2019-05-01", "ocop_cert_expires": "2022-05-01"}))
    settings = hub.server.app.state.settings
    with hub.server.engine.begin() as conn:
        co.save(conn, hub.cat.salt, SALT, "test")
        for color in ((200, 80, 40), (40, 90, 200)):
            co.add_media(conn, hub.cat.salt, "photo", media.store_picture(picture(1200, 900, color=color), settings),
                         settings, "test")
    return hub


def get(url: str, **headers) -> requests.Response:
    return requests.get(url, headers=headers, timeout=30)


def text(r: requests.Response) -> str:
    return html.unescape(r.text)


def test_a_product_page_in_vietnamese(pages):
    r = get(f"{pages.url}/01/{SALT_GTIN}")
    page = text(r)
    assert r.status_code == 200 and '<html lang="vi">' in r.text and r.headers["content-language"] == "vi"
    assert "public" in r.headers["cache-control"] and "<script" not in r.text
    for words in ("Muối hầm Bạc Liêu 500g", "Sản phẩm OCOP 4 sao", "OCOP-BL-2024-011", "Hiệu lực đến", "01/06/2099",
                  "Hộ kinh doanh Muối Đông Hải", "Hộ kinh doanh", "Ấp Diêm Điền, xã Đông Hải, Cà Mau",
                  "Muối hột rang với ớt", "Muối biển, ớt, tỏi", "Khối lượng tịnh: 1,5 kg", "365 ngày kể từ ngày sản xuất",
                  "Nơi khô ráo, thoáng mát", f"GTIN {SALT_GTIN}"):
        assert words in page, words
    assert "hết hạn" not in page and "Lô" not in page
    photos = [u for u in r.text.split('"') if u.startswith("/media/")]
    assert len(set(photos)) == 3  # the main picture; the second one as a thumbnail linking to its full size
    assert all(get(pages.url + u).headers["content-type"] == "image/jpeg" for u in photos)


def test_english_by_address_or_by_the_browser(pages):
    for r in (get(f"{pages.url}/01/{SALT_GTIN}?lang=en"),
              get(f"{pages.url}/01/{SALT_GTIN}", **{"Accept-Language": "en-GB,en;q=0.9"})):
        page = text(r)
        assert '<html lang="en">' in r.text and r.headers["content-language"] == "en"
        for words in ("Đông Hải roasted salt", "4-star OCOP product", "Valid until", "Producer", "Household business",
                      "Sea salt roasted with chili", "Sea salt, chili, garlic", "365 days from production", "Net quantity: 1.5 kg",
                      "Keep in a dry, cool place"):
            assert words in page, words
        assert "Muối hột rang" not in page and "Bảo quản" not in page
    assert '<html lang="vi">' in get(f"{pages.url}/01/{SALT_GTIN}?lang=vi", **{"Accept-Language": "en"}).text


def test_the_ean13_and_its_gtin14_reach_the_same_page(pages):
    assert "Muối hầm Bạc Liêu 500g" in text(get(f"{pages.url}/01/8930000000019"))


def test_an_expired_certificate_is_said_plainly(pages):
    vi, en = text(get(f"{pages.url}/01/{SHRIMP_GTIN}")), text(get(f"{pages.url}/01/{SHRIMP_GTIN}?lang=en"))
    assert "Chứng nhận OCOP này đã hết hạn ngày 01/05/2022." in vi and "OCOP-BL-2019-003" in vi
    assert "This OCOP certificate expired on 01/05/2022." in en
    assert "★" not in vi and "Sản phẩm OCOP 4 sao" not in vi  # expired stars are not advertised (as at the till)
    assert "None" not in vi and "Giới thiệu" not in vi  # no content yet: nothing to show, nothing made up
    assert "hết hạn" not in text(get(f"{pages.url}/01/{SALT_GTIN}"))


def record_lots(hub) -> None:
    """Two kiosks reported the salt's lot DH-2611 (typed with use-by dates a day apart); lot DH-0901
    was delivered and then recalled at the centre."""
    from central import models as m
    from central.catalog import recalls

    with hub.server.engine.begin() as conn:
        if conn.execute(sa.select(m.delivery_lots.c.lot_id).where(m.delivery_lots.c.lot_id == "lot-hn")).first():
            return
        for kiosk, use_by, lot_id, lot_no in (("HN01", "2027-11-01", "lot-hn", "DH-2611"),
                                              ("BL01", "2027-10-31", "lot-bl", "DH-2611"),
                                              ("HN01", "2027-09-01", "lot-old", "DH-0901")):
            did = f"d-{lot_id}"
            where = {"device_code": kiosk, "location_code": "HN-BOOTH"}
            conn.execute(sa.insert(m.deliveries).values(id=did, producer_id=hub.cat.producer_hh,
                                                        received_at="2026-11-20T02:00:00Z", **where))
            conn.execute(sa.insert(m.delivery_lots).values(delivery_id=did, lot_id=lot_id, product_id=hub.cat.salt,
                                                           lot_no=lot_no, produced_on="2026-11-01", use_by=use_by,
                                                           qty=20, **where))
        recalls.recall(conn, hub.cat.salt, "DH-0901", "vượt ngưỡng vi sinh (phiếu kiểm nghiệm 12/2026)", "office")


def test_a_recorded_lot_shows_its_dates_and_producer(pages):
    record_lots(pages)
    vi = text(get(f"{pages.url}/01/{SALT_GTIN}/10/DH-2611"))
    lot = vi.split('<section id="lot">')[1].split("</section>")[0]
    assert "Lô DH-2611" in lot and "01/11/2026" in lot and "31/10/2027" in lot  # the earlier of the two use-by dates
    assert "Hộ kinh doanh Muối Đông Hải" in lot and "chưa được ghi nhận" not in vi and "thu hồi" not in vi
    en = text(get(f"{pages.url}/01/{SALT_GTIN}/10/DH-2611?lang=en"))
    assert "Production date" in en and "Use by" in en and "Delivered by" in en


def test_a_recalled_lot_says_so_first_with_its_reason(pages):
    record_lots(pages)
    vi = text(get(f"{pages.url}/01/{SALT_GTIN}/10/DH-0901"))
    assert vi.index('id="recall"') < vi.index("<h1>")
    assert "Lô DH-0901 đã bị thu hồi ngày" in vi and "Lý do: vượt ngưỡng vi sinh (phiếu kiểm nghiệm 12/2026)." in vi
    assert "Xin đừng dùng sản phẩm thuộc lô này" in vi
    en = text(get(f"{pages.url}/01/{SALT_GTIN}/10/DH-0901?lang=en"))
    assert "Lot DH-0901 was recalled on" in en and "Please do not use products from this lot" in en
    assert 'id="recall"' not in text(get(f"{pages.url}/01/{SALT_GTIN}/10/DH-2611"))


def test_an_unknown_lot_shows_the_product_and_says_the_lot_is_not_recorded(pages):
    r = get(f"{pages.url}/01/{SALT_GTIN}/10/L2026-11A")
    assert r.status_code == 200 and "Lô L2026-11A: lô này chưa được ghi nhận trên hệ thống." in text(r)
    assert "Muối hầm Bạc Liêu 500g" in text(r) and 'id="recall"' not in text(r)
    en = text(get(f"{pages.url}/01/{SALT_GTIN}/10/L2026-11A?lang=en"))
    assert "Lot L2026-11A: this lot is not recorded." in en
    slash = get(f"{pages.url}/01/{SALT_GTIN}/10/GH-06%2F11")  # as the receipt's Digital Link writes "/"
    assert slash.status_code == 200 and "Lô GH-06/11: lô này chưa được ghi nhận trên hệ thống." in text(slash)
    too_long = get(f"{pages.url}/01/{SALT_GTIN}/10/{'X' * 21}")
    assert too_long.status_code == 404 and "Số lô không hợp lệ (tối đa 20 ký tự)." in text(too_long)


@pytest.mark.parametrize("code, vi, en", [
    ("08930000000018", "“08930000000018” không phải là mã GTIN hợp lệ", "“08930000000018” is not a valid GTIN"),
    ("0893000000001", "không phải là mã GTIN hợp lệ", "is not a valid GTIN"),
    ("abc", "không phải là mã GTIN hợp lệ", "is not a valid GTIN"),
    ("08930000000040", "Chưa có sản phẩm nào mang mã 08930000000040.", "No product carries the code 08930000000040."),
])
def test_unknown_or_bad_codes_get_a_friendly_404_in_the_visitors_language(pages, code, vi, en):
    r = get(f"{pages.url}/01/{code}")
    assert r.status_code == 404 and "Không tìm thấy sản phẩm" in text(r) and vi in text(r)
    r = get(f"{pages.url}/01/{code}", **{"Accept-Language": "en"})
    assert r.status_code == 404 and "Product not found" in text(r) and en in text(r)


def test_a_product_saved_in_the_office_has_its_page_at_once(pages):
    o = f"{pages.url}/api/v1/office"
    assert get(f"{pages.url}/01/08930000000057").status_code == 404
    ok(pages.api.post(f"{o}/products", json={"sku": "MAT-ONG", "name_vi": "Mật ong U Minh", "producer_id": pages.cat.producer_htx,
                                             "price": 120_000, "barcodes": ["8930000000057"]}))
    r = get(f"{pages.url}/01/08930000000057")
    assert r.status_code == 200 and "Mật ong U Minh" in text(r) and "OCOP" not in text(r).split("</header>")[1].split("<footer")[0]


# -- in a phone's browser ---------------------------------------------------------------------
@pytest.fixture
def phone():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install -y chromium (browser tests never download one)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        made = []

        def open_page(locale: str):
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale=locale, java_script_enabled=False)
            made.append(ctx)
            return ctx.new_page()
        yield open_page
        for ctx in made:
            ctx.close()
        browser.close()


def shot(page, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("OCOP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.browser
def test_the_page_on_a_phone_in_both_languages(pages, phone, tmp_path):
    for locale, words, name in (("vi-VN", "Sản phẩm OCOP 4 sao", "trace-vi"), ("en-US", "4-star OCOP product", "trace-en")):
        page = phone(locale)
        page.goto(f"{pages.url}/01/{SALT_GTIN}")
        assert page.locator("#product").inner_text().count(words) == 1
        main = page.locator("img.photo")
        assert main.evaluate("img => img.complete && img.naturalWidth") == 1200
        box = main.bounding_box()
        assert box["x"] == 0 and box["width"] == 390  # the picture fills the phone's width
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
        assert page.locator(".thumbs img").count() == 1
        assert page.locator("#storage").is_visible() and page.locator("#producer").is_visible()
        assert shot(page, name, tmp_path).stat().st_size > 10_000
    page = phone("vi-VN")
    page.goto(f"{pages.url}/01/{SHRIMP_GTIN}/10/LOT7")
    assert page.locator("#expired").is_visible() and page.locator("#lot").is_visible()
    shot(page, "trace-expired-lot", tmp_path)
    record_lots(pages)
    for locale, lot, name in (("vi-VN", "DH-0901", "trace-recalled-lot-vi"), ("en-US", "DH-0901", "trace-recalled-lot-en"),
                              ("vi-VN", "DH-2611", "trace-lot-vi")):
        page = phone(locale)
        page.goto(f"{pages.url}/01/{SALT_GTIN}/10/{lot}")
        assert page.locator("#lot").is_visible()
        assert page.locator("#recall").count() == (lot == "DH-0901")
        if lot == "DH-0901":  # the recall is the first thing on the phone's screen
            assert page.locator("#recall").bounding_box()["y"] < page.locator("img.photo").bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, name, tmp_path)
    page = phone("vi-VN")
    page.goto(f"{pages.url}/01/08930000000018")
    assert "Không tìm thấy sản phẩm" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "trace-404", tmp_path)


@pytest.mark.browser
def test_a_picture_uploaded_in_the_browser_reaches_the_public_page(pages, phone, tmp_path):
    from rig import PASSWORD

    page = phone("vi-VN")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{pages.url}/office/login")
    page.fill("#username", "office")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{pages.url}/office/catalog/product/{pages.cat.cake}")
    page.click("#content-link")
    photo = tmp_path / "banh-da.png"
    photo.write_bytes(picture(640, 480, "PNG", color=(230, 200, 90)))
    page.set_input_files("#photo-upload input[type=file]", str(photo))
    page.click("#photo-upload button")
    assert "Đã thêm 1 tệp." in page.locator(".notice").inner_text()
    assert page.locator("#photos img").count() == 1
    shot(page, "office-content", tmp_path)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{pages.url}/01/08930000000033")
    assert page.locator("img.photo").evaluate("img => img.complete && img.naturalWidth") == 640
