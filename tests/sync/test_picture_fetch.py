"""The kiosk's picture cache filled by the fetcher thread from a real HTTP server on loopback
(files served by hash, as the centre's /media/): the size bound holds after many downloads, the
least recently used go first, a corrupt download is refused, only thumbnails are fetched ahead."""
from __future__ import annotations

import os
import time

import pytest

from picturerig import MediaServer, content_row, jpeg, sha, variant
from pos import catalog
from pos.picture_cache import HashMismatch, PictureCache, cache_dir_for
from sync.pictures import PictureFetcher

MB = 1024 * 1024


def wait_until(cond, timeout: float = 60.0) -> None:
    """Wait for the fetcher thread (a deadline against a hang, never a speed check)."""
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "the fetcher did not finish"
        time.sleep(0.01)


@pytest.fixture
def media():
    with MediaServer() as server:
        yield server


@pytest.fixture
def fetcher(store, media):
    store.set_settings(server_url=media.url, picture_cache_mb=16)
    f = PictureFetcher(store.path)
    f.start()
    yield f
    f.stop(timeout=10)


def test_the_bound_holds_after_many_downloads_and_the_oldest_go_first(fetcher, media):
    base = jpeg(1)
    shas = [media.add(variant(base, i, pad=190_000)) for i in range(120)]  # ~23 MB through a 16 MB cache
    got: list[str] = []
    fetcher.on_fetched = got.append
    for h in shas:  # a clerk browsing: each screen asks for its pictures
        fetcher.want(h, f"/media/{h}.jpg")
        wait_until(lambda h=h: h in got)
    cache = fetcher.cache
    assert fetcher.fetched == 120 and cache.evicted > 0
    assert cache.total <= 16 * MB and cache.disk_bytes() == cache.total
    kept = [h for h in shas if cache.has(h)]
    assert kept == shas[-len(kept):]  # the most recently fetched stayed
    assert not cache.has(shas[0]) and not cache.path(shas[0]).exists()
    # a picture looked at again is kept over newer ones
    first_kept = kept[0]
    assert cache.read(first_kept) is not None
    more = [media.add(variant(base, 1000 + i, pad=190_000)) for i in range(5)]
    for h in more:
        fetcher.want(h, f"/media/{h}.jpg")
        wait_until(lambda h=h: h in got)
    assert cache.has(first_kept) and not cache.has(kept[1])
    # a restarted kiosk reads the folder back in the same order and bound
    again = PictureCache(cache.root, max_mb=16)
    assert again.has(first_kept) and again.total == cache.total


def test_a_corrupt_download_is_refused_and_nothing_is_kept(fetcher, media):
    good = media.add(variant(jpeg(2), 1))
    bad = media.add(variant(jpeg(3), 2))
    media.corrupt.add(bad)
    got: list[str] = []
    fetcher.on_fetched = got.append
    fetcher.want(bad, f"/media/{bad}.jpg")
    fetcher.want(good, f"/media/{good}.jpg")
    wait_until(lambda: good in got and fetcher.idle() and fetcher.refused == 1)
    assert not fetcher.cache.has(bad) and not fetcher.cache.path(bad).exists()
    assert not list(fetcher.cache.root.glob("*/.dl-*"))  # no temporary file left
    assert fetcher.cache.read(good) == media.files[good]
    with pytest.raises(HashMismatch):
        fetcher.cache.put(good, media.files[good][:-1])


def test_a_file_damaged_on_disk_is_dropped_when_read(tmp_path):
    cache = PictureCache(tmp_path / "pictures", max_mb=1)
    data = jpeg(4)
    cache.put(sha(data), data)
    path = cache.path(sha(data))
    os.chmod(path, 0o644)
    path.write_bytes(data[:100])
    assert cache.read(sha(data)) is None and not path.exists() and cache.total == 0


def test_only_thumbnails_are_fetched_ahead_and_the_big_picture_on_demand(store, small, fetcher, media):
    rows, bigs = [], []
    for i, pid in enumerate((small.salt, small.shrimp, small.cake)):
        big, thumb = media.add(variant(jpeg(i, 1200), i)), media.add(variant(jpeg(i), i))
        bigs.append(big)
        rows.append(content_row(pid, [(big, thumb)]))
    catalog.apply_catalog(store, {"product_content": rows})
    got: list[str] = []
    fetcher.on_fetched = got.append
    fetcher.prefetch()
    wait_until(lambda: len(got) == 3 and fetcher.idle())
    assert sorted(media.requests) == sorted(f"/media/{r['photos'][0]['thumb_sha256']}.jpg" for r in rows)
    assert not any(fetcher.cache.has(b) for b in bigs)
    fetcher.want(bigs[0], f"/media/{bigs[0]}.jpg")  # the product card opened
    wait_until(lambda: bigs[0] in got)
    assert fetcher.cache.read(bigs[0]) == media.files[bigs[0]]
    fetcher.prefetch()  # nothing new: nothing asked again
    wait_until(lambda: fetcher.prefetches == 2)
    assert len(media.requests) == 4


def test_the_cache_lives_beside_the_database(tmp_path):
    assert cache_dir_for(tmp_path / "kiosk.db") == tmp_path.resolve() / "pictures"


@pytest.mark.parametrize("values, field", [({"picture_cache_mb": 8}, "picture_cache_mb"),
                                           ({"picture_cache_mb": "256"}, "picture_cache_mb"),
                                           ({"picture_prefetch": "everything"}, "picture_prefetch")])
def test_picture_settings_are_checked(store, values, field):
    from pos.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        store.set_settings(**values)
    assert err.value.details["field"] == field
    assert store.settings()["picture_cache_mb"] == 256 and store.settings()["picture_prefetch"] == "thumbs"


def test_prefetch_set_to_none_fetches_nothing_ahead(store, small, fetcher, media):
    thumb = media.add(variant(jpeg(5), 5))
    catalog.apply_catalog(store, {"product_content": [content_row(small.salt, [("e" * 64, thumb)])]})
    store.set_settings(picture_prefetch="none")
    fetcher.prefetch()
    wait_until(lambda: fetcher.prefetches == 1)
    assert media.requests == [] and not fetcher.cache.has(thumb)
