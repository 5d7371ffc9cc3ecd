"""Product pictures at the kiosk (issue 14), each measure in a fresh process.

- grid_with_images_paint_ms: a category of 200 products whose thumbnails are all in the picture
  cache; from the tap on the category (the DB worker's query included) to the product grid's first
  paint, in the sell screen's product panel at its size on a 1024x768 screen. Goal <= 100. The pictures are decoded off the UI thread and land after; the time until
  every one of the 200 is on its tile is `grid_images_all_shown_ms`. Median of 3 categories, each
  with a cold QPixmapCache (pictures never shown before in this process).
- image_cache_mb: the picture cache's size on disk after browsing 10,000 products (each screen of
  200 asking the fetcher for its thumbnails, fetched from a loopback HTTP server serving them by
  hash, as the centre's /media/ does), with the setting picture_cache_mb at 32: it must stay under.
Run alone: `python bench/bench_pictures.py` (prints the figures; run.py writes results.json).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

GRID = 200
VISIBLE = 8  # the tiles a 1024x768 screen shows at once (2 a row, 4 rows)
CATEGORIES = 3
BROWSED = 10_000
BOUND_MB = 32
THUMB_PAD = 12_000  # a real 320 px thumbnail of a product photo is 15-25 kB; the drawn one is smaller


def _grid_db(tmp: Path) -> tuple[str, list[str]]:
    """A kiosk with CATEGORIES categories of GRID products, every thumbnail cached."""
    from picturerig import content_row, jpeg, sha, variant
    from pos import catalog
    from pos.picture_cache import PictureCache, cache_dir_for
    from pos.store import Store

    db = str(tmp / "kiosk.db")
    cache = PictureCache(cache_dir_for(db), max_mb=1024)
    bases = [jpeg(i) for i in range(6)]
    cats = []
    with Store(db) as store:
        store.set_settings(device_code="HN01", idle_lock_minutes=0)
        producer, _ = catalog.upsert_producer(store, {"code": "P1", "name": "HTX Muối Bạc Liêu", "kind": "cooperative"})
        rows = []
        for c in range(CATEGORIES):
            cat, _ = catalog.upsert_category(store, {"name_vi": f"Danh mục {c}", "name_en": f"Category {c}"})
            cats.append(cat)
            for i in range(GRID):
                n = c * GRID + i
                pid, _ = catalog.upsert_product(store, {"sku": f"S{n:05d}", "name_vi": f"Sản phẩm {n:05d}",
                                                        "name_en": f"Product {n}", "price": 10_000 + n, "vat_rate": 8,
                                                        "unit": "hũ", "producer_id": producer, "category_id": cat,
                                                        "ocop_stars": 3 + n % 3})
                thumb = variant(bases[n % 6], n, pad=THUMB_PAD)
                cache.put(sha(thumb), thumb)
                rows.append(content_row(pid, [("f" * 64, sha(thumb))]))
        catalog.apply_catalog(store, {"product_content": rows})
    return db, cats


def _child_grid(db: str, cats: list[str]) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QRect
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from ui.app import create_kiosk

    from ui.product_browser import ProductBrowser

    ctx, win = create_kiosk(db, lang="vi", app=app)
    browser = ProductBrowser(ctx)  # the sell screen's left panel, at its size on a 1024x768 screen
    browser.setGeometry(QRect(0, 0, 372, 690))
    browser.show()
    browser.load_categories()
    painted: list[float] = []

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and browser.product_buttons:
                painted.append(time.perf_counter())
            return False

    def spin(until, limit=30.0):
        end = time.perf_counter() + limit
        while not until():
            app.processEvents()
            if time.perf_counter() > end:
                raise RuntimeError("the grid did not show")

    spin(lambda: ctx.worker.pending == 0 and bool(browser.categories))
    browser.browse.setCurrentIndex(0)
    watcher = Paints()
    firsts, visible, alls = [], [], []
    for cat in cats:
        browser.browse.setCurrentIndex(0)
        spin(lambda: True)
        painted.clear()
        browser.prod_grid_host.installEventFilter(watcher)
        t0 = time.perf_counter()
        browser.open_category(cat, "Danh mục")
        spin(lambda: bool(painted))
        firsts.append((painted[0] - t0) * 1000)
        spin(lambda: len(browser.product_buttons) >= VISIBLE
             and all(t.has_picture() for t in browser.product_buttons[:VISIBLE]))
        visible.append((time.perf_counter() - t0) * 1000)
        spin(lambda: len(browser.product_buttons) == GRID and all(t.has_picture() for t in browser.product_buttons))
        app.processEvents()
        alls.append((time.perf_counter() - t0) * 1000)
        browser.prod_grid_host.removeEventFilter(watcher)
    ctx.pictures.pool.waitForDone(10_000)
    ctx.worker.stop()
    return {"grid_with_images_paint_ms": statistics.median(firsts),
            "grid_visible_pictures_ms": statistics.median(visible),
            "grid_images_all_shown_ms": statistics.median(alls)}


def _browse(tmp: Path) -> dict:
    """10,000 products browsed a screen of 200 at a time; returns the cache's size on disk."""
    from picturerig import MediaServer, jpeg, variant
    from pos.store import Store
    from sync.pictures import PictureFetcher

    (tmp / "browse").mkdir()
    db = str(tmp / "browse" / "kiosk.db")  # a cache of its own, not the grid's
    with MediaServer() as media:
        bases = [jpeg(i) for i in range(6)]
        shas = [media.add(variant(bases[n % 6], n, pad=THUMB_PAD)) for n in range(BROWSED)]
        with Store(db) as store:
            store.set_settings(server_url=media.url, picture_cache_mb=BOUND_MB)
        done: set[str] = set()
        fetcher = PictureFetcher(db, on_fetched=done.add)
        fetcher.start()
        peak = 0
        try:
            for at in range(0, BROWSED, GRID):
                screen = shas[at:at + GRID]
                for h in screen:
                    fetcher.want(h, f"/media/{h}.jpg")
                end = time.monotonic() + 120
                while not all(h in done for h in screen) and time.monotonic() < end:
                    time.sleep(0.005)
                peak = max(peak, fetcher.cache.total)
            disk = fetcher.cache.disk_bytes()
        finally:
            fetcher.stop(timeout=10)
        served = sum(len(media.files[h]) for h in shas)
    mb = 1024 * 1024
    return {"image_cache_mb": round(disk / mb, 2), "image_cache_peak_mb": round(peak / mb, 2),
            "image_cache_note": f"bound {BOUND_MB} MB (picture_cache_mb); {BROWSED} thumbnails of "
                                f"{served / BROWSED / 1024:.0f} kB fetched ({served / mb:.0f} MB), "
                                f"{fetcher.fetched} fetched, {fetcher.failed} failed, {fetcher.refused} refused, "
                                f"{fetcher.cache.evicted} evicted"}


def run(results: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="bench_pictures_") as tmp:
        db, cats = _grid_db(Path(tmp))
        out = subprocess.run([sys.executable, __file__, "--child", db, json.dumps(cats)], capture_output=True,
                             text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if out.returncode:
            raise RuntimeError(f"grid child failed ({out.returncode}): {out.stderr[-2000:]}")
        grid = json.loads(out.stdout.strip().splitlines()[-1])
        results.update({k: round(v, 1) for k, v in grid.items()})
        results["grid_with_images_paint_ms_note"] = (f"tap -> first paint of a {GRID}-product grid with cached "
                                                     "thumbnails at 1024x768 (median of 3 categories); "
                                                     "grid_visible_pictures_ms: until the pictures of the "
                                                     f"first {VISIBLE} tiles are on them; grid_images_all_shown_ms: "
                                                     "until all 200 are")
        results.update(_browse(Path(tmp)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child_grid(sys.argv[2], json.loads(sys.argv[3]))))
    else:
        res: dict = {}
        run(res)
        print(json.dumps(res, indent=2, ensure_ascii=False))
