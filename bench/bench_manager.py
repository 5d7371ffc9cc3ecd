"""Manager screens on a 100,000-product catalog, offscreen, in a fresh process.

No goals in the issue; figures a manager feels:
- manager_stock_screen_100k_ms: the stock screen shown -> its first page of rows on screen
  (warnings first; one keyset-paged query on the DB worker, rows inserted into the table model).
  Median of 3. Before paging (the whole list, then 500 table items): ~4,000 ms here.
- manager_stock_summary_100k_ms: shown -> the summary counts too (one aggregate over the catalog).
- manager_stock_next_page_100k_ms: scrolled to the bottom -> the next page in (fetchMore). Median of 10.
- manager_stock_filter_100k_ms: typed filter text -> the matches shown: the catalog's FTS search and
  their rows on the DB worker (after the 150 ms debounce, not counted). Median of 5.
- manager_stock_ui_stall_max_ms: the longest single event-loop pass on the UI thread during all of
  the above (what a tap or a scan would have waited at worst).
- manager_count_scan_p99_ms: a scan during a stock count -> the blind counted list updated,
  over 200 scans of 20 products. Also _p50.
- stock_list_floor_100k_ms: pos.stock.stock_list alone in this process (the whole list: what the
  screen used to wait for before its first row).
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

    def spin(pred, limit_s=600.0) -> float:
        """Run the event loop until pred(); returns the longest single pass (ms): how long the
        UI thread was busy at a stretch, i.e. how long a tap or a scan would have waited."""
        end = time.perf_counter() + limit_s
        longest = 0.0
        while not pred():
            t0 = time.perf_counter()
            app.processEvents(QEventLoop.AllEvents, 5)
            longest = max(longest, time.perf_counter() - t0)
            if time.perf_counter() > end:
                raise TimeoutError(f"bench step did not finish (pending={worker.pending if 'worker' in dir() else None})")
        return longest * 1000

    worker = DbWorker(db)
    opened = []
    worker.opened.connect(opened.append)
    spin(lambda: opened)
    ctx = AppContext(worker, settings=opened[0])
    ctx.set_staff(manager)

    screen = StockScreen(ctx)
    screen.resize(1280, 800)
    fills, summaries, stalls = [], [], []
    for _ in range(3):
        screen.summary.setText("")
        t = time.perf_counter()
        screen.show()
        stalls.append(spin(lambda: screen.model.rowCount() > 0 and not screen.model.loading))
        fills.append((time.perf_counter() - t) * 1000)
        stalls.append(spin(lambda: screen.summary.text() != "" and worker.pending == 0))
        summaries.append((time.perf_counter() - t) * 1000)
        screen.hide()
    results["manager_stock_screen_100k_ms"] = round(median(fills), 1)
    results["manager_stock_summary_100k_ms"] = round(median(summaries), 1)
    screen.show()
    spin(lambda: screen.model.rowCount() > 0 and worker.pending == 0)
    pages = []
    for _ in range(10):  # scrolling down: the view asks for the next page
        before = screen.model.rowCount()
        t = time.perf_counter()
        screen.table.scrollToBottom()
        stalls.append(spin(lambda: screen.model.rowCount() > before and not screen.model.loading))
        pages.append((time.perf_counter() - t) * 1000)
    results["manager_stock_next_page_100k_ms"] = round(median(pages), 1)
    passes = []
    for needle in ("muoi ham", "tom kho", "yen sao", "htx", "zzz"):
        screen.filter.blockSignals(True)
        screen.filter.setText(needle)
        screen.filter.blockSignals(False)
        shown = screen.model.generation
        t = time.perf_counter()
        screen._search()  # the catalog's FTS search and the rows of its matches, on the DB worker
        stalls.append(spin(lambda: screen.model.generation != shown and worker.pending == 0))
        passes.append((time.perf_counter() - t) * 1000)
    results["manager_stock_filter_100k_ms"] = round(median(passes), 1)
    results["manager_stock_ui_stall_max_ms"] = round(max(stalls), 1)
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
