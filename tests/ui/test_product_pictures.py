"""Product pictures on the sell screen and the product card, on the real window and event loop
(offscreen): the category grid and the search results show cached thumbnails, placed after the
tiles are up (decoded on a worker thread, never on the UI thread); a picture not cached comes
from the fetcher; the card answers in Vietnamese and English. PICTURE_SHOTS=DIR keeps screenshots."""
from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import QRect, Qt

from picturerig import MediaServer, content_row, jpeg, sha, variant
from pos import catalog
from pos.store import Store
from sync.pictures import PictureFetcher
from ui.ops import catalog as catalog_ops
from ui.product_card import ProductCard
from ui.tiles import PictureTile

SALT, SAUCE = "Muối hầm Bạc Liêu 500 g", "Nước mắm Phú Quốc 40 độ đạm"
MORE = ["Muối tôm Tây Ninh", "Muối ớt xanh Nha Trang", "Mắm ruốc Huế", "Nước mắm Nam Ô", "Mắm tép Gò Công",
        "Muối tiêu chanh Phú Quốc"]


def shot(widget, name: str, tmp_path) -> str:
    path = str(tmp_path / f"{name}.png")
    assert widget.grab().save(path)
    keep = os.environ.get("PICTURE_SHOTS")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(path, os.path.join(keep, f"{name}.png"))
    return path


@pytest.fixture
def media():
    with MediaServer() as server:
        yield server


@pytest.fixture
def pictured(kiosk_db, media):
    """The salt category with eight products: all with pictures at the centre, all but the last
    thumbnail already in the kiosk's cache; the salt's content filled in."""
    from pos.picture_cache import PictureCache, cache_dir_for

    cache = PictureCache(cache_dir_for(kiosk_db.path))
    with Store(kiosk_db.path) as store:
        cat = catalog.get_product(store, kiosk_db.products[SALT])["category_id"]
        producer = catalog.get_product(store, kiosk_db.products[SALT])["producer_id"]
        ids = [kiosk_db.products[SALT], kiosk_db.products[SAUCE]]
        for i, name in enumerate(MORE):
            pid, _ = catalog.upsert_product(store, {"sku": f"M{i}", "name_vi": name, "name_en": name, "price": 30_000 + i,
                                                    "vat_rate": 8, "unit": "hũ", "producer_id": producer,
                                                    "category_id": cat, "ocop_stars": 3})
            ids.append(pid)
        rows = []
        for i, pid in enumerate(ids):
            big, thumb = variant(jpeg(i, 1200), i), variant(jpeg(i), i)
            media.add(big)
            media.add(thumb)
            if i < len(ids) - 1:
                cache.put(media.add(thumb), thumb)
            extra = {}
            if pid == kiosk_db.products[SALT]:
                extra = dict(description_vi="Muối hột rang với ớt và tỏi, đặc sản Bạc Liêu.",
                             description_en="Sea salt roasted with chili and garlic, a Bac Lieu speciality.",
                             storage_vi="Nơi khô ráo, thoáng mát", storage_en="Keep dry and cool",
                             ingredients_vi="Muối biển, ớt, tỏi", ingredients_en="Sea salt, chili, garlic",
                             net_qty=500, shelf_life_days=365)
            rows.append(content_row(pid, [(sha(big), sha(thumb))], **extra))
        catalog.apply_catalog(store, {"product_content": rows})
        store.conn.execute("UPDATE producers SET address = 'Ấp Gò Cát', commune = 'xã Điền Hải', district = 'Đông Hải'")
        store.conn.execute("UPDATE products SET origin = 'Bạc Liêu', ocop_cert_no = 'OCOP-BL-2024-011', "
                           "ocop_cert_issued = '2024-01-15', ocop_cert_expires = '2027-01-15' WHERE id = ?",
                           (kiosk_db.products[SALT],))
        store.conn.commit()
    return cat, ids


def open_salt(k, cat):
    sell = k.sell
    sell.browser.open_category(cat, "Muối & nước mắm")
    k.qtbot.waitUntil(lambda: len(sell.product_buttons) == 8)
    return sell.product_buttons


def test_the_grid_shows_cached_pictures_without_waiting_for_them(make_kiosk, kiosk_db, pictured, tmp_path):
    cat, ids = pictured
    k = make_kiosk(kiosk_db)
    k.window.fit_to(QRect(0, 0, 1024, 768))
    with Store(kiosk_db.path) as store:
        rows = catalog_ops.in_category(store, cat)
    browser = k.sell.browser
    browser._show_products(rows)  # as the DB worker's answer arrives
    tiles = browser.product_buttons
    assert len(tiles) == 8 and all(isinstance(t, PictureTile) for t in tiles)
    assert not any(t.has_picture() for t in tiles)  # the tiles are up first, with placeholders
    k.qtbot.waitUntil(lambda: sum(t.has_picture() for t in tiles) == 7)
    missing = [t for t in tiles if not t.has_picture()]
    assert [t.product["id"] for t in missing] == [ids[-1]]  # not cached, no fetcher: a placeholder stays
    # the same grid again: the pictures come from memory at once
    browser._show_products(rows)
    assert sum(t.has_picture() for t in browser.product_buttons) == 7
    k.qtbot.wait(50)
    shot(k.window, "grid_with_pictures_1024x768", tmp_path)


def test_a_picture_not_cached_is_fetched_and_shown(make_kiosk, kiosk_db, pictured, media):
    cat, ids = pictured
    k = make_kiosk(kiosk_db)
    with Store(kiosk_db.path) as store:
        store.set_settings(server_url=media.url)
    loader = k.ctx.pictures
    fetcher = PictureFetcher(kiosk_db.path, loader.cache, on_fetched=loader.fetched_from_thread)
    fetcher.start()
    loader.fetcher = fetcher
    try:
        tiles = open_salt(k, cat)
        k.qtbot.waitUntil(lambda: all(t.has_picture() for t in tiles), timeout=30_000)
        assert fetcher.fetched == 1
    finally:
        fetcher.stop(timeout=10)


def test_search_results_show_the_thumbnail(make_kiosk, kiosk_db, pictured):
    k = make_kiosk(kiosk_db, lang="en")
    results = k.sell.browser.results
    k.type_text(k.sell.browser.search, "muoi ham")
    k.qtbot.waitUntil(lambda: results.count() >= 1 and results.item(0).data(Qt.ItemDataRole.UserRole) is not None)
    k.qtbot.waitUntil(lambda: not results.item(0).icon().isNull())
    assert results.iconSize().width() > 0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_product_card_answers_in_both_languages(make_kiosk, kiosk_db, pictured, media, lang, tmp_path):
    k = make_kiosk(kiosk_db, lang=lang)
    k.window.fit_to(QRect(0, 0, 1024, 768))
    with Store(kiosk_db.path) as store:
        store.set_settings(server_url=media.url)
    loader = k.ctx.pictures
    fetcher = PictureFetcher(kiosk_db.path, loader.cache, on_fetched=loader.fetched_from_thread)
    fetcher.start()
    loader.fetcher = fetcher
    try:
        k.scan(kiosk_db.barcodes[SALT])
        k.qtbot.waitUntil(lambda: len(k.sell.cart.lines) == 1)
        k.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        k.qtbot.waitUntil(lambda: isinstance(getattr(k.sell, "card", None), ProductCard) and bool(k.sell.card.data))
        card = k.sell.card
        big = card.data["photos"][0]["sha256"]
        k.qtbot.waitUntil(lambda: card._shown_sha == big, timeout=30_000)  # the full picture, fetched on demand
        text = card.body.text()
        vi = ["Nhà sản xuất", "HTX Muối Bạc Liêu (hợp tác xã) — Ấp Gò Cát, xã Điền Hải, Đông Hải", "Xuất xứ:</b> Bạc Liêu", "★★★★",
              "giấy chứng nhận OCOP-BL-2024-011, còn hiệu lực đến 15/01/2027", "Khối lượng tịnh:</b> 500 g",
              "365 ngày", "Nơi khô ráo, thoáng mát", "Muối hột rang với ớt và tỏi"]
        en = ["Producer:</b> HTX Muối Bạc Liêu (cooperative)", "Origin:</b> Bạc Liêu",
              "certificate OCOP-BL-2024-011, valid until 15/01/2027", "Net quantity:</b> 500 g", "365 days",
              "Keep dry and cool", "Sea salt roasted with chili and garlic"]
        for words in (vi if lang == "vi" else en):
            assert words in text, words
        assert card.title.text() == (SALT if lang == "vi" else "Bac Lieu roasted salt 500 g")
        shot(card, f"product_card_{lang}", tmp_path)
        k.qtbot.mouseClick(card.lang_button, Qt.MouseButton.LeftButton)  # turned to the customer
        other = card.body.text()
        for words in (en if lang == "vi" else vi):
            assert words in other, words
        card.accept()
    finally:
        fetcher.stop(timeout=10)


def test_the_info_key_without_a_product_says_what_to_do(make_kiosk, kiosk_db):
    k = make_kiosk(kiosk_db, lang="en")
    k.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert getattr(k.sell, "card", None) is None
    assert "Choose a product first" in k.sell.notice.text()


def test_a_long_press_on_a_tile_opens_its_card_and_sells_nothing(make_kiosk, kiosk_db, pictured):
    cat, ids = pictured
    k = make_kiosk(kiosk_db, lang="en")
    tiles = open_salt(k, cat)
    tile = next(t for t in tiles if t.product["id"] == kiosk_db.products[SALT])
    k.qtbot.mousePress(tile, Qt.MouseButton.LeftButton)
    k.qtbot.waitUntil(lambda: isinstance(getattr(k.sell, "card", None), ProductCard) and bool(k.sell.card.data))
    k.qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton)
    k.idle()
    assert k.sell.card.data["id"] == kiosk_db.products[SALT] and k.sell.cart.lines == []
    k.sell.card.accept()
    k.qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)  # a tap still sells
    k.qtbot.waitUntil(lambda: len(k.sell.cart.lines) == 1)


def test_the_info_button_opens_the_card_of_the_selected_line(make_kiosk, kiosk_db, pictured):
    k = make_kiosk(kiosk_db, lang="en")
    k.scan(kiosk_db.barcodes[SAUCE])
    k.qtbot.waitUntil(lambda: len(k.sell.cart.lines) == 1)
    k.qtbot.mouseClick(k.sell.info_button, Qt.MouseButton.LeftButton)
    k.qtbot.waitUntil(lambda: isinstance(getattr(k.sell, "card", None), ProductCard) and bool(k.sell.card.data))
    assert k.sell.card.title.text() == "Phu Quoc fish sauce"
    k.sell.card.accept()


def test_a_long_grid_decodes_the_screen_first_and_the_rest_as_decodes_end(make_kiosk, kiosk_db):
    """40 products with cached thumbnails: the first screen's pictures are asked for at once (on
    screen: high priority), the others only once the grid is complete and only as decodes end (none
    wait in the pool's queue); a scroll to the bottom asks for the tiles it reaches first."""
    from PySide6.QtGui import QPixmapCache

    from pos.picture_cache import PictureCache, cache_dir_for
    from ui.grid_pictures import AHEAD_AT_ONCE
    from ui.product_browser import FIRST_TILES

    cache = PictureCache(cache_dir_for(kiosk_db.path))
    with Store(kiosk_db.path) as store:
        producer = catalog.get_product(store, kiosk_db.products[SALT])["producer_id"]
        cat, _ = catalog.upsert_category(store, {"name_vi": "Quà biếu", "name_en": "Gifts"})
        rows = []
        for i in range(40):
            pid, _ = catalog.upsert_product(store, {"sku": f"Q{i:02d}", "name_vi": f"Quà {i:02d}", "price": 10_000 + i,
                                                    "vat_rate": 8, "unit": "hộp", "producer_id": producer,
                                                    "category_id": cat})
            thumb = variant(jpeg(i % 4), 100 + i)
            cache.put(sha(thumb), thumb)
            rows.append(content_row(pid, [("f" * 64, sha(thumb))]))
        catalog.apply_catalog(store, {"product_content": rows})
    k = make_kiosk(kiosk_db)
    k.window.fit_to(QRect(0, 0, 1024, 768))
    loader, browser = k.ctx.pictures, k.sell.browser
    asked: list[tuple[str, int, int]] = []  # (sha, priority, decodes running when asked)
    real = loader.pixmap

    def spy(sha_, url, size, priority=0):
        asked.append((sha_, priority, loader.busy()))
        return real(sha_, url, size, priority)

    loader.pixmap = spy
    with Store(kiosk_db.path) as store:
        grid = catalog_ops.in_category(store, cat)
    by_sha = {p["thumb"][0]: n for n, p in enumerate(grid)}
    browser._show_products(grid)
    assert [by_sha[s] for s, _p, _b in asked] == list(range(FIRST_TILES)) and {p for _s, p, _b in asked} == {1}
    k.qtbot.waitUntil(lambda: len(browser.product_buttons) == 40 and all(t.has_picture() for t in browser.product_buttons),
                      timeout=30_000)
    assert sorted(by_sha[s] for s, _p, _b in asked) == list(range(40))  # each asked once
    ahead = [(by_sha[s], b) for s, p, b in asked if p == 0]
    assert ahead and all(b < AHEAD_AT_ONCE for _n, b in ahead)  # asked ahead only as decodes end: none queue

    QPixmapCache.clear()  # decoded pictures forgotten: the same grid again, scrolled to its end
    asked.clear()
    real_busy = loader.busy
    loader.busy = lambda: AHEAD_AT_ONCE  # as if decodes never ended: nothing is asked ahead, only what is near the view
    browser._show_products(grid)
    k.qtbot.waitUntil(lambda: len(browser.product_buttons) == 40, timeout=30_000)
    bar = browser.prod_scroll.verticalScrollBar()
    k.qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=30_000)
    k.qtbot.wait(100)
    top = {by_sha[s] for s, _p, _b in asked}
    assert 0 in top and 39 not in top and all(p == 1 for _s, p, _b in asked)
    bar.setValue(bar.maximum())
    near_end = {by_sha[s] for s, p, _b in asked if p == 1} - top
    assert 39 in near_end  # the last tile, reached by the scroll, asked for at once, not left for later
    loader.busy = real_busy
    browser.lazy._idle.start()  # the wait is over: the rest follow one at a time
    k.qtbot.waitUntil(lambda: all(t.has_picture() for t in browser.product_buttons), timeout=30_000)
