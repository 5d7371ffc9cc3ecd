"""Manager screens on a 100,000-product catalog, offscreen, in a fresh process.

No goals in the issue; figures a manager feels:
- manager_stock_screen_100k_ms: the stock screen shown -> its table filled (stock list of every
  product with warnings, query on the DB worker + fill on the UI thread). Median of 3.
- manager_stock_filter_100k_ms: typed filter text -> table refilled: the catalog's FTS search on
  the DB worker, then one pass over the 100k rows on the UI thread (after the 150 ms debounce,
  not counted). Median of 5.
- manager_count_scan_p99_ms: a scan during a stock count -> the blind counted list updated,
  over 200 scans of 20 products. Also _p50.
- stock_list_floor_100k_ms: stock.stock_list alone in this process (the floor of the first).
Run alone: `python bench/bench_manager.py`; `bench/run.py` calls run(results).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _child(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from common import catalog_db, median, percentile
    from pos import staff, stock
    from pos.store import Store
    from ui.context import AppContext
    from ui.manager.count import CountScreen
    from ui.manager.stock import StockScreen
    from ui.worker import DbWorker

    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 <pid>` shows where a slow run is
    app = QApplication([])
    work = Path(tempfile.mkdtemp(prefix="bench_manager_"))
    db = work / "kiosk.db"
    catalog_db(100_000, copy_to=db)
    results: dict = {}

    with Store(db) as s:
        t = time.perf_counter()
        stock.stock_list(s)
        results["stock_list_floor_100k_ms"] = round((time.perf_counter() - t) * 1000, 1)
        manager = staff.find_code(s, "M1")
        codes = [r["code"] for r in s.all(
            "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
            "WHERE b.kind = 'ean13' AND p.sold_by_weight = 0 AND p.active = 1 LIMIT 20")]

    def spin(pred, limit_s=600.0):
        end = time.perf_counter() + limit_s
        while not pred():
            app.processEvents(QEventLoop.AllEvents, 5)
            if time.perf_counter() > end:
                raise TimeoutError(f"bench step did not finish (pending={worker.pending if 'worker' in dir() else None})")

    worker = DbWorker(db)
    opened = []
    worker.opened.connect(opened.append)
    spin(lambda: opened)
    ctx = AppContext(worker, settings=opened[0])
    ctx.set_staff(manager)

    screen = StockScreen(ctx)
    screen.resize(1280, 800)
    fills = []
    for _ in range(3):
        screen.rows = []
        t = time.perf_counter()
        screen.show()
        spin(lambda: screen.rows and worker.pending == 0)
        fills.append((time.perf_counter() - t) * 1000)
        screen.hide()
    results["manager_stock_screen_100k_ms"] = round(median(fills), 1)
    screen.show()
    spin(lambda: worker.pending == 0)
    passes = []
    for needle in ("muoi ham", "tom kho", "yen sao", "htx", "zzz"):
        screen.filter.blockSignals(True)
        screen.filter.setText(needle)
        screen.filter.blockSignals(False)
        screen.matches = None
        t = time.perf_counter()
        screen._search()  # FTS on the DB worker, then the filter pass on the UI thread
        spin(lambda: screen.matches is not None and worker.pending == 0)
        passes.append((time.perf_counter() - t) * 1000)
    results["manager_stock_filter_100k_ms"] = round(median(passes), 1)
    screen.hide()

    count = CountScreen(ctx)
    count.show()
    spin(lambda: worker.pending == 0)
    count.start()
    spin(lambda: count.pages.currentIndex() == count.PAGE_COUNT)
    lat = []
    for i in range(200):
        code = codes[i % len(codes)]
        before = sum(r["counted"] for r in count.counted)
        t = time.perf_counter()
        count.handle_scan(code)
        spin(lambda: sum(r["counted"] for r in count.counted) == before + 1)
        lat.append((time.perf_counter() - t) * 1000)
    results["manager_count_scan_p50_ms"] = round(percentile(lat, 50), 2)
    results["manager_count_scan_p99_ms"] = round(percentile(lat, 99), 2)
    worker.stop()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    out.write_text(json.dumps(results))


def run(results: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        subprocess.run([sys.executable, __file__, "--child", str(out)], check=True, env=env, cwd=str(ROOT))
        results.update(json.loads(out.read_text()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]))
    else:
        res: dict = {}
        run(res)
        print(json.dumps(res, indent=2))
