"""Product content at the centre: pictures checked and stored by content hash, the certificate
document, the content fields, served with long cache headers, and pulled by kiosks (additive keys:
an old kiosk's Store still takes the pull)."""
from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from types import SimpleNamespace

import pytest
import requests
from PIL import Image

from central.catalog import media
from central.catalog.rules import CatalogError
from hubrig import SALT_GTIN, csrf, hub, picture, signed_in, upload  # noqa: F401 - hub is a fixture
from pos.store import Store

SETTINGS = dict(media_max_bytes=2 * 1024 * 1024, media_max_pixels=20_000_000, media_min_px=200,
                media_large_px=1600, media_thumb_px=320, media_max_per_product=12)


def settings(tmp_path) -> SimpleNamespace:
    return SimpleNamespace(media_dir=str(tmp_path / "media"), **SETTINGS)


def png_bomb(w: int, h: int) -> bytes:
    """A valid 1-bit PNG of w x h, all zero: a few kilobytes that decode to w*h pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = zlib.compress(b"\0" * ((w + 7) // 8 + 1) * h, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def test_a_picture_is_stored_upright_without_metadata_under_its_own_hash(tmp_path):
    s = settings(tmp_path)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS position of the producer's house
    stored = media.store_picture(picture(2400, 1200, exif=exif.tobytes()), s)
    large = media.path_of(s.media_dir, stored.sha256, "jpg").read_bytes()
    assert hashlib.sha256(large).hexdigest() == stored.sha256 and stored.bytes == len(large)
    img = Image.open(io.BytesIO(large))
    assert img.format == "JPEG" and img.size == (800, 1600) == (stored.width, stored.height)  # turned upright
    assert not img.getexif()  # no GPS, no orientation left
    thumb = Image.open(media.path_of(s.media_dir, stored.thumb_sha256, "jpg"))
    assert max(thumb.size) == 320
    again = media.store_picture(picture(2400, 1200, exif=exif.tobytes()), s)
    assert again == stored  # the same upload is the same file


def test_transparent_png_and_webp_are_taken(tmp_path):
    s = settings(tmp_path)
    rgba = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    out = io.BytesIO()
    rgba.save(out, "PNG")
    stored = media.store_picture(out.getvalue(), s)
    img = Image.open(media.path_of(s.media_dir, stored.sha256, "jpg")).convert("RGB")
    assert img.getpixel((10, 10)) == (255, 255, 255)  # transparency over white, not black
    assert media.store_picture(picture(500, 500, "WEBP"), s).width == 500


@pytest.mark.parametrize("data, words", [
    (b"", "tệp rỗng"),
    (b"hello, this is not a picture", "không đọc được ảnh"),
    (picture(800, 600)[:2000], "không đọc được ảnh"),  # cut off mid-upload
    (picture(800, 600, "GIF"), "chỉ nhận ảnh JPEG, PNG hoặc WebP"),
    (picture(150, 600), "ảnh quá nhỏ (150×600"),
    (png_bomb(8_000, 6_000), "ảnh quá nhiều điểm ảnh (8000×6000; tối đa 20 triệu)"),  # our limit
    (png_bomb(30_000, 30_000), "ảnh quá nhiều điểm ảnh (tối đa 20 triệu)"),  # Pillow's own guard, turned into ours
    (png_bomb(200_000, 200_000)[:4000], "ảnh quá nhiều điểm ảnh"),
])
def test_bad_uploads_are_refused_with_the_reason_and_nothing_is_stored(tmp_path, data, words):
    s = settings(tmp_path)
    with pytest.raises(CatalogError) as err:
        media.store_picture(data, s)
    assert words in str(err.value) and err.value.field == "file"
    assert not (tmp_path / "media").exists()


def test_a_big_file_is_refused_before_it_is_opened(tmp_path):
    s = settings(tmp_path)
    with pytest.raises(CatalogError, match="tệp lớn hơn 2 MB"):
        media.store_picture(b"\xff\xd8" + b"\0" * (3 * 1024 * 1024), s)


def test_a_bomb_small_on_disk_is_refused_before_any_pixel_is_decoded(tmp_path):
    bomb = png_bomb(20_000, 20_000)  # 400 megapixels
    assert len(bomb) < 100_000
    with pytest.raises(CatalogError, match="quá nhiều điểm ảnh"):
        media.store_picture(bomb, settings(tmp_path))


def test_the_certificate_may_be_a_pdf_or_a_picture(tmp_path):
    s = settings(tmp_path)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    stored = media.store_document(pdf, s)
    assert stored.ext == "pdf" and stored.thumb_sha256 is None
    assert media.path_of(s.media_dir, stored.sha256, "pdf").read_bytes() == pdf
    assert media.store_document(picture(), s).ext == "jpg"
    with pytest.raises(CatalogError, match="tệp PDF không trọn vẹn"):
        media.store_document(pdf[:20], s)
    with pytest.raises(CatalogError, match="giấy chứng nhận phải là tệp PDF"):
        media.store_document(b"<html>certificate</html>", s)


def test_media_addresses_name_only_stored_files(tmp_path):
    s = settings(tmp_path)
    stored = media.store_picture(picture(), s)
    assert media.read_path(s.media_dir, f"{stored.sha256}.jpg")[1] == stored.sha256
    for name in (f"{stored.sha256}.pdf", f"{stored.sha256.upper()}.jpg", "../../etc/passwd", f"{'0' * 64}.jpg",
                 f"{stored.sha256}.jpg/..", f"{stored.sha256}.png"):
        assert media.read_path(s.media_dir, name) is None, name


# -- through the office pages and the kiosk pull, on a real server ------------------------------
def test_pictures_uploaded_on_the_office_page_are_served_cached_and_pulled(hub):
    first, second = picture(1200, 900), picture(900, 900, color=(20, 90, 200))
    r = upload(hub, f"/office/catalog/product/{hub.cat.salt}/photos",
               [("muoi.jpg", first, "image/jpeg"), ("muoi2.jpg", second, "image/jpeg"),
                ("ghi-chu.txt", b"not a picture", "text/plain")])
    assert r.status_code == 200 and "Đã thêm 2 tệp." in r.text
    assert "ghi-chu.txt: không đọc được ảnh (tệp hỏng hoặc không phải ảnh)" in r.text
    photos = re.findall(r'<a href="(/media/[0-9a-f]{64}\.jpg)"><img src="(/media/[0-9a-f]{64}\.jpg)"', r.text)
    assert len(photos) == 2
    big = requests.get(hub.url + photos[0][0], timeout=30)
    sha = photos[0][0][7:71]
    assert big.status_code == 200 and hashlib.sha256(big.content).hexdigest() == sha
    assert big.headers["content-type"] == "image/jpeg" and big.headers["etag"] == f'"{sha}"'
    assert "immutable" in big.headers["cache-control"] and "max-age=31536000" in big.headers["cache-control"]
    again = requests.get(hub.url + photos[0][0], headers={"If-None-Match": f'"{sha}"'}, timeout=30)
    assert again.status_code == 304 and again.content == b""
    assert requests.get(f"{hub.url}/media/{'0' * 64}.jpg", timeout=30).status_code == 404

    pull = hub.api.get(f"{hub.url}/api/v1/office/products", timeout=30)  # the office API is unchanged
    assert pull.status_code == 200 and "photos" not in pull.json()[0]


def test_content_fields_are_checked_saved_and_shown(hub):
    s, url = hub.browser, f"{hub.url}/office/catalog/product/{hub.cat.salt}/content"
    token = csrf(s.get(url, timeout=30).text)
    bad = s.post(url, data={"csrf": token, "net_qty": "nửa ký", "description_vi": "Muối"}, timeout=30)
    assert bad.status_code == 422 and "khối lượng tịnh" in bad.text and "Muối</textarea>" in bad.text
    good = {"csrf": token, "description_vi": "Muối hột rang với ớt và tỏi.\nĐặc sản Bạc Liêu.",
            "description_en": "Sea salt roasted with chili and garlic.", "ingredients_vi": "Muối biển, ớt, tỏi",
            "ingredients_en": "Sea salt, chili, garlic", "net_qty": "500", "net_unit": "g", "shelf_life_days": "365",
            "storage_vi": "Nơi khô ráo, thoáng mát", "storage_en": "Keep dry and cool"}
    r = s.post(url, data=good, timeout=30)
    assert r.status_code == 200 and "Đã lưu (phiên bản danh mục" in r.text
    assert "Sea salt roasted with chili and garlic.</textarea>" in r.text and 'value="365"' in r.text
    viewer = signed_in(hub.url, "viewer1")
    page = viewer.get(url, timeout=30).text
    assert "Muối biển, ớt, tỏi" in page and 'id="photo-upload"' not in page  # a viewer reads, does not edit
    refused = viewer.post(url, data={"csrf": csrf(page), **{k: v for k, v in good.items() if k != "csrf"}}, timeout=30)
    assert refused.status_code == 403


def test_the_certificate_replaces_the_previous_one(hub):
    pdf = b"%PDF-1.4\n% OCOP-BL-2024-011\ntrailer<<>>\n%%EOF\n"
    upload(hub, f"/office/catalog/product/{hub.cat.salt}/certificate", [("cn.jpg", picture(), "image/jpeg")])
    r = upload(hub, f"/office/catalog/product/{hub.cat.salt}/certificate", [("cn.pdf", pdf, "application/pdf")])
    links = re.findall(r'<a href="(/media/[0-9a-f]{64}\.(?:pdf|jpg))" id="certificate-link"', r.text)
    assert links == [f"/media/{hashlib.sha256(pdf).hexdigest()}.pdf"]
    doc = requests.get(hub.url + links[0], timeout=30)
    assert doc.content == pdf and doc.headers["content-type"] == "application/pdf"


def test_a_kiosk_pulls_the_content_and_an_old_kiosk_store_still_takes_the_pull(hub, tmp_path):
    from central import accounts
    from pos import catalog
    from sync.client import enroll, sync_once

    with hub.server.engine.begin() as conn:
        one_time = accounts.create_device(conn, "HUB1", "HUB-LOC", location_name="Điểm thử", location_kind="tourist_site")
    store = Store(tmp_path / "kiosk.db")
    store.set_settings(device_code="HUB1")
    enroll(store, hub.url, "HUB1", one_time)
    report = sync_once(store)
    assert report.unsynced == 0
    assert catalog.get_product(store, hub.cat.salt)["name_vi"] == "Muối hầm Bạc Liêu 500g"  # unknown key ignored
    token = store.setting("sync_token")
    body = requests.get(f"{hub.url}/api/v1/catalog", params={"cursor": 0},
                        headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    content = {c["product_id"]: c for c in body["product_content"]}
    salt = content[hub.cat.salt]
    assert salt["net_qty"] == 500 and salt["storage_en"] == "Keep dry and cool" and salt["shelf_life_days"] == 365
    assert len(salt["photos"]) == 2 and salt["certificate"]["type"] == "application/pdf"
    for ph in salt["photos"]:
        data = requests.get(hub.url + ph["url"], timeout=30).content
        assert hashlib.sha256(data).hexdigest() == ph["sha256"] and ph["url"] == f"/media/{ph['sha256']}.jpg"
        thumb = Image.open(io.BytesIO(requests.get(hub.url + ph["thumb_url"], timeout=30).content))
        assert max(thumb.size) == 320
    assert set(body["products"][0]) >= {"id", "sku", "barcodes"} and "photos" not in body["products"][0]
    later = requests.get(f"{hub.url}/api/v1/catalog", params={"cursor": body["cursor"]},
                         headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    assert "product_content" not in later  # nothing changed since: the key is absent, as before 0011
    store.close()


def test_making_a_picture_the_main_one_and_removing_it_moves_the_pull(hub):
    s, base = hub.browser, f"{hub.url}/office/catalog/product/{hub.cat.salt}"
    page = s.get(f"{base}/content", timeout=30).text
    ids = re.findall(r'/media/([0-9a-f-]{36})/first"', page)
    assert len(ids) == 1  # the second picture can become the first
    r = s.post(f"{base}/media/{ids[0]}/first", data={"csrf": csrf(page)}, timeout=30)
    assert "Đã đặt làm ảnh chính." in r.text
    removable = re.findall(r'/media/([0-9a-f-]{36})/remove"', r.text)
    assert removable[0] == ids[0]
    r = s.post(f"{base}/media/{removable[0]}/remove", data={"csrf": csrf(r.text)}, timeout=30)
    assert "Đã gỡ tệp." in r.text and len(re.findall(r"/remove\"", r.text)) == len(removable) - 1
    r = s.post(f"{base}/media/{removable[0]}/remove", data={"csrf": csrf(r.text)}, timeout=30)
    assert "không có tệp này" in r.text


def test_content_pages_with_the_catalog_and_no_revision_is_skipped(hub):
    """Pulled a row at a time, every content change arrives exactly once, with its product's revision."""
    from central.catalog import content as co
    from central.catalog import pull

    with hub.server.engine.begin() as conn:
        for pid in (hub.cat.cake, hub.cat.shrimp, hub.cat.fish):
            co.save(conn, pid, {"storage_vi": f"Bảo quản {pid[:4]}"}, "t")
    seen, cursor = [], 0
    with hub.server.engine.connect() as conn:
        whole = pull.changes_since(conn, "HUB-LOC", 0, limit=5000)["product_content"]
        while True:
            page = pull.changes_since(conn, "HUB-LOC", cursor, limit=1)
            seen += [c["product_id"] for c in page.get("product_content", [])]
            cursor = int(page["cursor"])
            if not page["more"]:
                break
    assert sorted(seen) == sorted(c["product_id"] for c in whole) and len(seen) == len(set(seen)) == 4
