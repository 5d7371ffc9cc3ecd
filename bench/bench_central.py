"""Issue 6 figure: `report_1m_lines_s`, the per-producer settlement for a month over 1,000,000
sale lines on PostgreSQL (central.figures.settlement.settlement, the function behind the dashboard,
the API and the nightly files).

The month is loaded with COPY into a fresh schema (dropped afterwards): 250,000 receipts of 4 lines
at 20 locations and 40 kiosks, 500 products of 60 producers, 2 % refunds, 1 % voided receipts.
The floor is a bare scan summing sale_lines.net over the same month in the same run."""
from __future__ import annotations

import os
import random
import statistics
import time

from common import copy_catalog, copy_receipts, copying, fresh_engine, pg_dsn

LINES = 1_000_000
PER_SALE = 4
MONTH = [f"2026-10-{d:02d}" for d in range(1, 32)]


def run(results: dict) -> None:
    import sqlalchemy as sa

    dsn = pg_dsn(results, "report_1m_lines_s_note")
    if dsn is None:
        return
    from central.figures import settlement
    from central.figures.reports import Filters

    with fresh_engine(dsn, "bench_central_") as (schema, engine):
        rng = random.Random(6)
        t0 = time.perf_counter()
        with copying(dsn, schema, ("sales", "sale_lines")) as cur:
            copy_receipts(cur, rng, copy_catalog(cur, rng, 60, 500, 20), MONTH, LINES, PER_SALE)
        print(f"   {LINES:,} lines loaded with COPY in {time.perf_counter() - t0:.1f} s")
        f = Filters.make(MONTH[0], MONTH[-1])
        times, floors = [], []
        for _ in range(3):
            with engine.connect() as conn:
                t0 = time.perf_counter()
                rows = settlement.settlement(conn, f)
                times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                conn.execute(sa.text("SELECT count(*), sum(net) FROM sale_lines WHERE business_day BETWEEN :a AND :b"),
                             {"a": f.start, "b": f.end}).one()
                floors.append(time.perf_counter() - t0)
        assert len(rows) == 60 and sum(r["net"] for r in rows) != 0
        results["report_1m_lines_s"] = round(statistics.median(times), 3)
        results["report_1m_lines_floor_s"] = round(statistics.median(floors), 3)
        results["report_1m_lines_s_note"] = (f"median of 3; floor (bare sum over the month) "
                                             f"{statistics.median(floors):.3f} s; load average "
                                             f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    out: dict = {}
    run(out)
    print(out)
