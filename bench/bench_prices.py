"""Issue 16 item 2: what the price in force (pos/prices.py, one indexed query per scan) adds to the
barcode lookup on the 100,000-product kiosk database, with a realistic load of plans: 20,000
scheduled changes (half past, half ahead) and three fair lists of 2,000 products each.

Machines are shared, so the figure that matters is the ratio to a floor measured in the same run,
in interleaved rounds: the same lookups reading only the VAT rate in force (the lookup as it was:
its VAT statement, now shared with the price)."""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from common import catalog_db, percentile

N = 100_000
ROUNDS = 6
PER_ROUND = 4_000


def _plans(store, rng: random.Random) -> None:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM products")]
    with store.transaction() as conn:
        conn.executemany("INSERT INTO price_schedule(id, product_id, price, effective_day, local, created_at) "
                         "VALUES (?,?,?,?,?,?)",
                         [(f"pc{n}", rng.choice(ids), rng.randrange(1_000, 500_000, 1_000),
                           f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.random() < 0.1, "")
                          for n in range(20_000)])
        for n, (start, end) in enumerate((("2026-11-01", "2026-11-30"), ("2026-11-20", "2026-11-25"),
                                          ("2026-12-01", "2026-12-31"))):
            conn.execute("INSERT INTO price_lists(id, name, start_day, end_day, from_time, to_time, created_at) "
                         "VALUES (?,?,?,?,?,?,?)", (f"l{n}", f"Hội chợ {n}", start, end,
                                                    "08:00" if n == 1 else "", "21:00" if n == 1 else "", ""))
            conn.executemany("INSERT INTO price_list_items(list_id, product_id, price, start_day, end_day, from_time, "
                             "to_time) VALUES (?,?,?,?,?,?,?)",
                             [(f"l{n}", pid, 9_000, start, end, "08:00" if n == 1 else "", "21:00" if n == 1 else "")
                              for pid in rng.sample(ids, 2_000)])


def run(results: dict) -> None:
    import datetime as dt

    from pos import catalog, prices, vat_schedule
    from pos.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench_prices_"))
    path = catalog_db(N, copy_to=work / "kiosk.db")
    when = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 in Vietnam: lists 0 and 1 running
    store = Store(path, clock=lambda: when)
    rng = random.Random(16)
    _plans(store, rng)
    plan = store.conn.execute("EXPLAIN QUERY PLAN " + prices.PRICE_SQL, {"pid": "x", "day": "2026-11-22",
                                                                        "hm": "10:00"}).fetchall()
    assert not any("SCAN" in row[-1] or "TEMP B-TREE" in row[-1] for row in plan), plan  # indexed, no sort
    codes = [r[0] for r in store.conn.execute("SELECT code FROM barcodes WHERE length(code) = 13")]
    sample = [rng.choice(codes) for _ in range(PER_ROUND)]
    real = prices.as_sold
    floor_sql = f"SELECT p.price, {vat_schedule.VAT_EXPR} FROM products p WHERE p.id = :pid"  # the VAT alone, as before
    floor_times: list[float] = []
    with_times: list[float] = []
    for n in range(ROUNDS):
        for leave_out in ((n % 2 == 0, n % 2 == 1)):
            prices.as_sold = ((lambda conn, pid, day, hm: conn.execute(floor_sql, {"pid": pid, "day": day}).fetchone())
                              if leave_out else real)
            times = floor_times if leave_out else with_times
            for code in sample[:300]:
                catalog.lookup(store, code)
            for code in sample:
                t = time.perf_counter_ns()
                catalog.lookup(store, code)
                times.append((time.perf_counter_ns() - t) / 1000)
    prices.as_sold = real
    floor, with_price = percentile(floor_times, 99), percentile(with_times, 99)
    results["price_lookup_p99_us"] = round(with_price, 1)
    results["price_lookup_floor_p99_us"] = round(floor, 1)
    results["price_lookup_ratio"] = round(with_price / floor, 2)
    results["price_lookup_p50_us"] = round(percentile(with_times, 50), 1)
    results["price_lookup_p50_ratio"] = round(percentile(with_times, 50) / percentile(floor_times, 50), 2)
    results["price_lookup_note"] = ("barcode lookup p99 with the price in force (20,000 scheduled changes, "
                                    "3 fair lists x 2,000 items) against the same lookups without the price query, "
                                    "interleaved rounds in one run")
    store.close()
