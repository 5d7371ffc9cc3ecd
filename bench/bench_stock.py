"""Demo/synthetic seeding and the manager's stock list on a 100,000-product file database.

Figures (no goals in the issue besides "a 100k catalog seeds in a few seconds"):
  seed_synthetic_100k_s   seed_synthetic(store, 100_000) into a fresh WAL file, one transaction
  seed_floor_100k_s       the same rows (already built) inserted with plain sqlite3 executemany
  seed_synthetic_ratio    the two above: the price of generating rows in Python
  seed_demo_s             the 50-product demo through the normal catalog/staff/stock calls
  stock_list_100k_ms      stock.stock_list over the 100k catalog (median of 3)
"""
from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from common import catalog_db, median

N = 100_000


def run(results: dict) -> None:
    from pos import demo, stock
    from pos.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench_stock_"))
    try:
        t = time.perf_counter()
        with Store(work / "seed.db") as store:
            demo.seed_synthetic(store, N)
        results["seed_synthetic_100k_s"] = round(time.perf_counter() - t, 2)

        # floor: the same final rows, built beforehand, inserted by plain sqlite3 into the same schema
        with Store(work / "floor.db"):
            pass
        src = sqlite3.connect(work / "seed.db")
        tables = {t: src.execute(f"SELECT * FROM {t}").fetchall()
                  for t in ("categories", "producers", "products", "barcodes")}
        search = src.execute("SELECT product_id, body, producer FROM product_search").fetchall()
        src.close()
        conn = sqlite3.connect(work / "floor.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for name, rows in tables.items():
            conn.executemany(f"INSERT INTO {name} VALUES ({','.join('?' * len(rows[0]))})", rows)
        conn.executemany("INSERT INTO product_search(product_id, body, producer) VALUES (?,?,?)", search)
        conn.execute("COMMIT")
        floor = time.perf_counter() - t
        conn.close()
        results["seed_floor_100k_s"] = round(floor, 2)
        results["seed_synthetic_ratio"] = round(results["seed_synthetic_100k_s"] / floor, 2)

        t = time.perf_counter()
        with Store(work / "demo.db") as store:
            demo.seed_demo(store)
        results["seed_demo_s"] = round(time.perf_counter() - t, 2)

        path = catalog_db(N, copy_to=work / "kiosk.db")
        with Store(path) as store:
            times = []
            for _ in range(3):
                t = time.perf_counter()
                rows = stock.stock_list(store)
                times.append(time.perf_counter() - t)
            assert len(rows) >= N
        results["stock_list_100k_ms"] = round(median(times) * 1000, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
