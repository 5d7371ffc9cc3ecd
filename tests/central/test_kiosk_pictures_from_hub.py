"""End to end with the real central server on loopback: pictures uploaded on the office page are
pulled by a kiosk (its product content kept, pos/content.py) and fetched by the kiosk's picture
fetcher from /media/ into its cache, each file checked against its hash."""
from __future__ import annotations

import time

from hubrig import hub, picture, upload  # noqa: F401 - hub is a fixture
from pos import content, product_card
from pos.store import Store


def test_a_kiosk_pulls_the_pictures_and_fetches_the_thumbnails(hub, tmp_path):
    from central import accounts
    from sync.client import enroll, sync_once
    from sync.pictures import PictureFetcher

    r = upload(hub, f"/office/catalog/product/{hub.cat.salt}/photos", [("m.jpg", picture(1000, 800), "image/jpeg")])
    assert r.status_code == 200
    with hub.server.engine.begin() as conn:
        one_time = accounts.create_device(conn, "PIC1", "PIC-LOC", location_name="Điểm ảnh", location_kind="fair")
    store = Store(tmp_path / "kiosk.db")
    store.set_settings(device_code="PIC1")
    enroll(store, hub.url, "PIC1", one_time)
    sync_once(store)
    card = product_card.card(store, hub.cat.salt)
    assert card["photos"] and all(len(p["sha256"]) == 64 for p in card["photos"])
    wanted = content.wanted(store)
    main = card["photos"][0]
    assert (main["thumb_sha256"], main["thumb_url"]) in wanted
    fetcher = PictureFetcher(store.path)
    fetcher.start()
    try:
        fetcher.prefetch()
        end = time.monotonic() + 60
        while fetcher.prefetches < 1:
            assert time.monotonic() < end, "the fetcher did not finish"
            time.sleep(0.01)
        assert fetcher.refused == 0 and fetcher.failed == 0
        assert all(fetcher.cache.read(sha) is not None for sha, _url in wanted)
        assert not fetcher.cache.has(main["sha256"])  # the big picture waits for the card
    finally:
        fetcher.stop(timeout=10)
        store.close()
