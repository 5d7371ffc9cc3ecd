"""Issue 15 figure: `settlement_close_s`, closing a month for 70 producers over 1,000,000 sale lines
on PostgreSQL (central.figures.settlement_close.close_period: the settlement figures, the stock
section from the ledger, and the frozen statements written), goal <= 5 s.

The month is loaded with COPY into a fresh schema (dropped afterwards): 250,000 receipts of 4
lines at 20 locations and 40 kiosks, 700 products of 70 producers, 2 % refunds, 1 % voided; one
stock movement per line plus a delivery of every product at every location before the month.
Each close runs in a transaction rolled back afterwards, so the three runs close the same month.
`settlement_close_history_s` is the close of the next (empty) month with October closed: the
cost of recomputing a closed month to find late lines (carry_forward)."""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from common import copy_catalog, copy_receipts, copying, fresh_engine, pg_dsn

LINES = 1_000_000
PER_SALE = 4
PRODUCERS, PRODUCTS, LOCS = 70, 700, 20
MONTH = [f"2026-10-{d:02d}" for d in range(1, 32)]


def _load(dsn: str, schema: str, rng: random.Random) -> None:
    """The catalog, a delivery of every product at every location before the month, the month."""
    with copying(dsn, schema, ("sales", "sale_lines", "stock_moves", "products")) as cur:
        products = copy_catalog(cur, rng, PRODUCERS, PRODUCTS, LOCS)
        with cur.copy("COPY stock_moves (id, device_code, location_code, product_id, qty, kind, at) FROM STDIN") as cp:
            for i in range(LOCS):
                for j, (pid, *_r) in enumerate(products):
                    cp.write_row((f"d{i:02d}{j:05d}", f"K{i * 2:02d}", f"LOC{i:02d}", pid, 1000, "receive",
                                  "2026-09-25T02:00:00.000+00:00"))
        copy_receipts(cur, rng, products, MONTH, LINES, PER_SALE, moves=True)


def _timed(engine, start: str, end: str, today: dt.date, keep: bool = False) -> tuple[float, dict]:
    from central.figures import settlement_close as sc

    with engine.connect() as conn:
        tx = conn.begin()
        t0 = time.perf_counter()
        got = sc.close_period(conn, start, end, by="bench", today=today)
        took = time.perf_counter() - t0
        (tx.commit if keep else tx.rollback)()
    return took, got


def _measure(engine, results: dict) -> None:
    today = dt.date(2026, 12, 7)
    times = []
    for _ in range(3):
        took, got = _timed(engine, MONTH[0], MONTH[-1], today)
        times.append(took)
    assert len(got["closed"]) == PRODUCERS
    _timed(engine, MONTH[0], MONTH[-1], today, keep=True)
    hist = [_timed(engine, "2026-11-01", "2026-11-30", today)[0] for _ in range(3)]
    results["settlement_close_s"] = round(statistics.median(times), 3)
    results["settlement_close_history_s"] = round(statistics.median(hist), 3)
    results["settlement_close_s_note"] = (
        f"median of 3 (each rolled back); {PRODUCERS} producers, {LINES:,} lines, {LINES:,} stock moves; "
        f"the next month with October closed (late-line recompute): {statistics.median(hist):.3f} s; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def run(results: dict) -> None:
    dsn = pg_dsn(results, "settlement_close_s_note")
    if dsn is None:
        return
    with fresh_engine(dsn, "bench_settle_") as (schema, engine):
        t0 = time.perf_counter()
        _load(dsn, schema, random.Random(15))
        print(f"   {LINES:,} lines and stock moves loaded with COPY in {time.perf_counter() - t0:.1f} s")
        _measure(engine, results)


if __name__ == "__main__":
    out: dict = {}
    run(out)
    print(out)
