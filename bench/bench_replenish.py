"""Issue 15 figure: `replenishment_s`, the replenishment suggestions for 50 locations x 15,000
products on PostgreSQL (central.figures.replenish.suggestions over every producer and location:
the weekly sales of the last 4 weeks, the stock ledger's on hand, the rate, cover and order, as
plain rows: the suggested orders; the figure for every row, those needing nothing too, is in the
note), goal <= 10 s.

Loaded with COPY into a fresh schema (dropped afterwards): 300 producers of 50 products each, 50
locations, one delivery of every product at every location (750,000 stock moves) and 1,000,000
sale lines in 250,000 receipts over the 4 weeks, each with its stock move (2 % refunds, 1 %
voided). `replenishment_producer_s` is one producer's list (what the producer portal asks)."""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
import uuid

from common import copy_locations, copy_text, copying, fresh_engine, pg_dsn

LOCS, PRODUCTS, PER_PRODUCER = 50, 15_000, 50
LINES, PER_SALE = 1_000_000, 4
TODAY = dt.date(2026, 12, 7)
DAYS = [(TODAY - dt.timedelta(days=28 - i)).isoformat() for i in range(28)]


def _catalog(cur, rng: random.Random) -> list[tuple]:
    producers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(PRODUCTS // PER_PRODUCER)]
    products = [(str(uuid.UUID(int=rng.getrandbits(128))), f"SP{i:05d}", producers[i // PER_PRODUCER],
                 rng.choice([25_000, 45_000, 120_000])) for i in range(PRODUCTS)]
    with cur.copy("COPY producers (id, code, name, rev) FROM STDIN") as cp:
        for i, pid in enumerate(producers):
            cp.write_row((pid, f"P{i:03d}", f"Hợp tác xã số {i}", 1))
    with cur.copy("COPY products (id, sku, name_vi, producer_id, price, rev) FROM STDIN") as cp:
        for pid, sku, prod, price in products:
            cp.write_row((pid, sku, f"Sản phẩm {sku}", prod, price, 1))
    with cur.copy("COPY product_logistics (product_id, pack_size) FROM STDIN") as cp:
        for pid, *_r in products[::3]:
            cp.write_row((pid, 6))
    copy_locations(cur, LOCS)
    with cur.copy("COPY stock_moves (id, device_code, location_code, product_id, qty, kind, at) FROM STDIN") as cp:
        for i in range(LOCS):
            buf = "".join(f"r{i:02d}{j:05d}\tK{i:02d}\tLOC{i:02d}\t{pid}\t{rng.randrange(1, 40)}\treceive\t"
                          f"2026-11-01T02:00:00.000+00:00\n" for j, (pid, *_r) in enumerate(products))
            cp.write(buf)
    return products


def _sales(cur, rng: random.Random, products: list[tuple]) -> None:
    n_sales = LINES // PER_SALE
    sales, lines, moves = [], [], []
    for s in range(n_sales):
        sid = f"{s:08x}-0000-4000-8000-000000000000"
        loc = s % LOCS
        day = DAYS[s * len(DAYS) // n_sales]
        kind = "refund" if s % 50 == 0 else "sale"
        status = "voided" if s % 100 == 7 else "completed"
        sales.append(f"{sid}\tK{loc:02d}\tLOC{loc:02d}\tK{loc:02d}-{s:07d}\t{kind}\t{status}\t{day}\t{sid}\n")
        for ln in range(PER_SALE):
            pid, sku, prod, price = products[rng.randrange(PRODUCTS)]
            qty = 1 + rng.randrange(3)
            lid = f"{s:08x}-{ln:04x}-4000-8000-000000000001"
            lines.append(f"{lid}\t{sid}\tK{loc:02d}\tLOC{loc:02d}\t{day}\t{ln + 1}\t{pid}\t{prod}\t{sku}\t{qty}\t"
                         f"{price}\t{price * qty}\n")
            moves.append(f"{lid}\tK{loc:02d}\tLOC{loc:02d}\t{pid}\t{qty if kind == 'refund' else -qty}\t{kind}\t"
                         f"{day}T05:00:00.000+00:00\n")
    copy_text(cur, "COPY sales (id, device_code, location_code, receipt_no, kind, status, business_day, event_id) "
                   "FROM STDIN", sales)
    copy_text(cur, "COPY sale_lines (id, sale_id, device_code, location_code, business_day, line_no, product_id, "
                   "producer_id, sku, qty, unit_price, net) FROM STDIN", lines)
    copy_text(cur, "COPY stock_moves (id, device_code, location_code, product_id, qty, kind, at) FROM STDIN", moves)


def _load(dsn: str, schema: str) -> None:
    rng = random.Random(15)
    with copying(dsn, schema, ("sales", "sale_lines", "stock_moves", "products", "producers",
                               "product_logistics")) as cur:
        _sales(cur, rng, _catalog(cur, rng))


def _timed(engine, **kw) -> tuple[float, int]:
    """One call's seconds and row count; the rows are dropped at once (a harness holding millions
    of dicts would slow every later call's garbage collection, which a server never sees)."""
    from central.figures import replenish as rp

    with engine.connect() as conn:
        t0 = time.perf_counter()
        n = len(rp.suggestions(conn, today=TODAY, **kw))
        return time.perf_counter() - t0, n


def _measure(engine, results: dict) -> None:
    import sqlalchemy as sa

    from central import models as m

    with engine.connect() as conn:
        producer = conn.execute(sa.select(m.producers.c.id).order_by(m.producers.c.code)).scalars().first()
    one = [_timed(engine, producer_id=producer) for _ in range(3)]
    runs = [_timed(engine, only_orders=True) for _ in range(3)]
    every = [_timed(engine) for _ in range(2)]
    n = every[-1][1]
    assert n >= LOCS * PRODUCTS * 0.99, n  # a pair whose voided sale emptied it, unsold, is not listed
    results["replenishment_s"] = round(statistics.median(t for t, _n in runs), 3)
    results["replenishment_all_rows_s"] = round(statistics.median(t for t, _n in every), 3)
    results["replenishment_producer_s"] = round(statistics.median(t for t, _n in one), 3)
    results["replenishment_s_note"] = (
        f"median of 3: the suggested orders ({runs[-1][1]:,} rows) computed over {LOCS} locations x "
        f"{PRODUCTS:,} products, {LINES:,} sale lines over 4 weeks, {LOCS * PRODUCTS + LINES:,} stock moves; "
        f"every row ({n:,}, with those that need nothing): {results['replenishment_all_rows_s']:.3f} s; one "
        f"producer's list ({one[-1][1]:,} rows): {results['replenishment_producer_s']:.3f} s; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def run(results: dict) -> None:
    dsn = pg_dsn(results, "replenishment_s_note")
    if dsn is None:
        return
    with fresh_engine(dsn, "bench_replenish_") as (schema, engine):
        t0 = time.perf_counter()
        _load(dsn, schema)
        print(f"   {LOCS * PRODUCTS:,} deliveries and {LINES:,} sale lines loaded with COPY in "
              f"{time.perf_counter() - t0:.1f} s")
        _measure(engine, results)


if __name__ == "__main__":
    out: dict = {}
    run(out)
    print(out)
