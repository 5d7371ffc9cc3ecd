"""Kiosk screen speed on a 100,000-product catalog, offscreen, each measure in a fresh process.

- ui_cold_start_s: process start -> sell screen ready for a scan (DB open, clerk logged in
  through the real PIN check, categories shown). Goal <= 1.5.
- scan_to_cart_p99_ms: the scanner's Enter (key event arriving in the app) -> the cart view
  painted with the new line. Carts of 1..20 lines, like real sales. Goal <= 16. The child waits
  in a real Qt event loop, as the kiosk's app.exec() does.
- ui_rss_mb: resident memory after 500 complete sales (scan, F12, Enter, receipt preview,
  next sale). Goal <= 300.
- cart_restore_s: restart with an open 50-line cart (pos.open_cart, with a card payment taken)
  -> the clerk logged in and the 50 lines painted on the sell screen. Timed from process start,
  like ui_cold_start_s, because that is what the clerk waits for after a crash or power cut
  (Python and Qt start-up included); `cart_restore_loaded_s` is the part until the cart is back
  in the sell screen's model, behind the login screen. Goal <= 1.5.
- scan_to_cart_promo_p99_ms: the same with 50 promotions held, some applying to the carts (issue 16:
  the cart is re-evaluated with every promotion after each scan). Goal <= 16.
Run alone: `python bench/bench_ui.py` (`... bench_ui.py scan`: scan_to_cart alone, `scan_promo`: with
promotions); `bench/run.py` calls run(results).
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

N_PRODUCTS = 100_000
N_SCANS = 400
N_SALES = int(os.environ.get("BENCH_UI_SALES", 500))
RESTORE_LINES = 50


# -- child side: runs in its own process ---------------------------------------------------------
def _child(mode: str, db: str, t0: float) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from ui.app import create_kiosk

    ctx, win = create_kiosk(db, lang="vi", app=app)
    win.show()
    loaded: dict = {}
    if mode == "restore":  # when the saved cart reached the sell screen (before the login)
        def poll_loaded():
            if win.sell.model.rowCount() == RESTORE_LINES and "t" not in loaded:
                loaded["t"] = time.time() - t0
        from PySide6.QtCore import QTimer as _T

        poll = _T()
        poll.timeout.connect(poll_loaded)
        poll.start(5)

    from PySide6.QtCore import QEventLoop, QTimer

    def wait(cond, timeout=60.0):
        """processEvents + a short sleep until cond() holds (start and rss modes)."""
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise TimeoutError(mode)
            app.processEvents()
            time.sleep(0.0005)

    def wait_in_loop(cond, timeout=60.0):
        """Run a real event loop (as app.exec() does in the kiosk) until cond() holds: the UI
        thread sleeps in the loop and wakes the moment the DB worker's reply is posted, where
        the poll above adds its own sleep to every measured scan. cond() is only checked every
        10 ms: the figures are timestamps the app records itself, and a 1 ms Python timer here
        competed with the DB thread for the GIL (it starved it for seconds in long runs)."""
        if cond():
            return
        end = time.monotonic() + timeout
        loop = QEventLoop()
        check = QTimer()
        check.setInterval(10)

        def tick():
            if cond() or time.monotonic() > end:
                loop.quit()

        check.timeout.connect(tick)
        check.start()
        loop.exec()
        check.stop()
        if not cond():
            raise TimeoutError(mode)

    win.login.activated()
    wait(lambda: "C1" in win.login.tiles)
    win.login.tiles["C1"].click()
    win.login.pad.edit.setText("1111")
    win.login._try_login("1111")
    wait(lambda: ctx.staff is not None and ctx.shift is not None and win.sell.cat_grid.count() > 0
         and ctx.worker.pending == 0)
    ready = time.time() - t0
    if mode == "start":
        print(json.dumps({"ui_cold_start_s": ready}), flush=True)
        ctx.worker.stop()
        return
    if mode == "restore":
        sell = win.sell
        wait(lambda: win.current_key() == "sell" and sell.model.rowCount() == RESTORE_LINES
             and sell.view.paint_count > 0 and bool(sell.parts))
        on_screen = time.time() - t0
        print(json.dumps({"cart_restore_s": on_screen, "cart_restore_loaded_s": loaded.get("t", on_screen)}),
              flush=True)
        ctx.worker.stop()
        return

    codes = ctx_codes(db, 300)
    sell = win.sell
    view = sell.view

    def scan(code: str) -> None:
        target = QApplication.focusWidget() or win
        QTest.keyClicks(target, code)
        QTest.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_Return)

    if mode == "scan":
        lat = []
        missed = promoted = 0
        for i in range(N_SCANS):
            if i % 20 == 0:
                sell.new_sale()
                wait(lambda: view.paint_count > 0)
            rows = sell.model.rowCount()
            painted = view.paint_count
            for _attempt in range(3):
                before = win.scanner.last_scan_ns
                scan(codes[i % len(codes)])
                if win.scanner.last_scan_ns != before:
                    break
                missed += 1  # the burst was split by the OS scheduler: typed, not scanned
            start = win.scanner.last_scan_ns
            wait_in_loop(lambda: sell.model.rowCount() > rows or sell.alert.isVisible())
            wait_in_loop(lambda: view.paint_count > painted and view.last_paint_ns > sell.last_added_ns)
            lat.append((view.last_paint_ns - start) / 1e6)
            promoted += sum(1 for ln in sell.cart.lines if ln.promos)
        lat.sort()
        p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
        print(json.dumps({"scan_to_cart_p99_ms": p99, "scan_to_cart_median_ms": lat[len(lat) // 2],
                          "scan_missed_bursts": missed, "promotions_held": len(ctx.pricing.book),
                          "lines_promoted": promoted}), flush=True)
    elif mode == "rss":
        missed = 0
        for i in range(N_SALES):
            for k in range(3):
                n = sum(ln.qty for ln in sell.cart.lines)
                for _attempt in range(3):  # a burst split by the OS scheduler is typing, not a scan
                    scan(codes[(i * 3 + k) % len(codes)])
                    try:
                        wait(lambda: sum(ln.qty for ln in sell.cart.lines) > n or sell.alert.isVisible(), 5)
                        break
                    except TimeoutError:
                        missed += 1
            QTest.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_F12)
            QTest.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_Return)
            wait(lambda: sell.pages.currentIndex() == sell.PAGE_DONE)
            wait(lambda: sell.done.preview.doc is not None and ctx.worker.pending == 0)
            QTest.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_Return)
        app.processEvents()
        rss = _rss_mb()
        print(json.dumps({"ui_rss_mb": rss, "ui_sales_done": N_SALES, "ui_missed_scans": missed}), flush=True)
    ctx.worker.stop()


def ctx_codes(db: str, n: int) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
                            "WHERE p.sold_by_weight = 0 AND length(b.code) = 13 AND b.code NOT LIKE '2%' "
                            "ORDER BY b.code LIMIT ?", (n,)).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def open_cart_db(db: Path, lines: int = RESTORE_LINES) -> Path:
    """Leave an open cart of `lines` different products (and a card payment taken) in `db`,
    as a kiosk killed mid-sale does."""
    from pos import catalog, open_cart
    from pos.cart import Cart
    from pos.store import Store

    with Store(db) as store:
        clerk = store.one("SELECT id FROM staff WHERE code = 'C1'")["id"]
        cart = Cart()
        for code in ctx_codes(str(db), lines):
            cart.add(catalog.lookup(store, code).product)
        open_cart.save(store, "bench-restore", cart, [{"method": "card", "amount": 10_000, "reference": "TID1"}],
                       clerk)
    return db


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# -- parent side --------------------------------------------------------------------------------------
def _spawn(mode: str, db: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    t0 = time.time()
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode, str(db), repr(t0)],
                         capture_output=True, text=True, env=env, timeout=1800, cwd=str(ROOT))
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"bench_ui {mode} child failed:\n{out.stderr[-3000:]}")


def lotted_db(db: Path) -> Path:
    """The scanned products kept in lots (two each, as bench_core sells them): a scan then reads
    the product's lots for the expired-lot check at the counter (pos.lots.expired_at_scan)."""
    from bench.common import stock_in_lots
    from pos import catalog
    from pos.store import Store

    with Store(db) as store:
        stock_in_lots(store, [catalog.lookup(store, code).product for code in ctx_codes(str(db), 300)])
    return db


def scan_to_cart(tmp: Path) -> dict:
    from bench.common import catalog_db

    out = {k: round(v, 3) for k, v in _spawn("scan", lotted_db(catalog_db(N_PRODUCTS, copy_to=tmp / "scan.db"))).items()
           if k not in ("promotions_held", "lines_promoted")}
    out["scan_to_cart_p99_ms_note"] = ("EAN-13 scans of products kept in two lots each (FEFO and the expired-lot "
                                       "check at the scan), carts of 1..20 lines")
    return out


def promo_db(db: Path) -> Path:
    """50 promotions held (bench/common.py hold_promotions): three on scanned products, one on every
    cart of 100.000 ₫ or more, the rest on products the bench never scans; the sell screen loads the
    book when it starts and evaluates the cart with it after every scan."""
    from bench.common import hold_promotions
    from pos import catalog
    from pos.store import Store

    with Store(db) as store:
        scanned = [catalog.lookup(store, code).product for code in ctx_codes(str(db), 300)]
        ids = {p["id"] for p in scanned}
        others = [catalog.get_product(store, r[0]) for r in store.conn.execute(
            "SELECT id FROM products WHERE sold_by_weight = 0 ORDER BY id DESC LIMIT 100")]
        hold_promotions(store, scanned[::100], scanned, [p for p in others if p["id"] not in ids])
    return db


def scan_to_cart_promo(tmp: Path) -> dict:
    """scan_to_cart with 50 promotions held, some applying to the cart (issue 16)."""
    from bench.common import catalog_db

    out = _spawn("scan", promo_db(lotted_db(catalog_db(N_PRODUCTS, copy_to=tmp / "scan_promo.db"))))
    assert out["promotions_held"] == 50 and out["lines_promoted"] > 0, out  # the screen evaluated with them
    return {"scan_to_cart_promo_p99_ms": round(out["scan_to_cart_p99_ms"], 3),
            "scan_to_cart_promo_median_ms": round(out["scan_to_cart_median_ms"], 3),
            "scan_to_cart_promo_p99_ms_note": "as scan_to_cart, with 50 promotions held: 4 apply to some carts, "
                                              "every cart is evaluated with all of them after each scan"}


def run(results: dict) -> None:
    from bench.common import catalog_db

    with tempfile.TemporaryDirectory(prefix="bench_ui_") as tmp:
        base = catalog_db(N_PRODUCTS)
        starts = []
        for i in range(3):
            db = catalog_db(N_PRODUCTS, copy_to=Path(tmp) / f"start{i}.db")
            starts.append(_spawn("start", db)["ui_cold_start_s"])
        results["ui_cold_start_s"] = round(sorted(starts)[1], 3)  # median of 3
        results.update(scan_to_cart(Path(tmp)))
        results.update(scan_to_cart_promo(Path(tmp)))
        rss = _spawn("rss", catalog_db(N_PRODUCTS, copy_to=Path(tmp) / "rss.db"))
        results["ui_rss_mb"] = round(rss["ui_rss_mb"], 1)
        results["ui_missed_scans"] = rss["ui_missed_scans"]
        restores = [_spawn("restore", open_cart_db(catalog_db(N_PRODUCTS, copy_to=Path(tmp) / f"restore{i}.db")))
                    for i in range(3)]
        restores.sort(key=lambda r: r["cart_restore_s"])
        results["cart_restore_s"] = round(restores[1]["cart_restore_s"], 3)  # median of 3
        results["cart_restore_loaded_s"] = round(restores[1]["cart_restore_loaded_s"], 3)
        results["cart_restore_s_note"] = ("process start -> clerk logged in (real PIN check) and the restored "
                                          f"{RESTORE_LINES}-line cart painted; median of 3; "
                                          "cart_restore_loaded_s: until the cart is in the sell screen, "
                                          "behind the login")
        assert base.exists()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif sys.argv[1:] == ["scan"]:  # scan_to_cart alone
        with tempfile.TemporaryDirectory(prefix="bench_ui_") as tmp:
            print(json.dumps(scan_to_cart(Path(tmp)), indent=2))
    elif sys.argv[1:] == ["scan_promo"]:  # scan_to_cart_promo alone
        with tempfile.TemporaryDirectory(prefix="bench_ui_") as tmp:
            print(json.dumps(scan_to_cart_promo(Path(tmp)), indent=2))
    else:
        res: dict = {}
        run(res)
        print(json.dumps(res, indent=2))
