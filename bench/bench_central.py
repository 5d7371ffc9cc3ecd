"""Issue 6 figure: `report_1m_lines_s`, the per-producer settlement for a month over 1,000,000
sale lines on PostgreSQL (central.figures.settlement.settlement, the function behind the dashboard,
the API and the nightly files).

The month is loaded with COPY into a fresh schema (dropped afterwards): 250,000 receipts of 4 lines
at 20 locations and 40 kiosks, 500 products of 60 producers, 2 % refunds, 1 % voided receipts.
The floor is a bare scan summing sale_lines.net over the same month in the same run."""
from __future__ import annotations

import os
import random
import secrets
import statistics
import time
import uuid

PG = os.environ.get("OCOP_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
LINES = 1_000_000
PER_SALE = 4
MONTH = [f"2026-10-{d:02d}" for d in range(1, 32)]


def _rows(rng: random.Random):
    producers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(60)]
    products = [(str(uuid.UUID(int=rng.getrandbits(128))), f"SP{i:04d}", producers[i % 60],
                 rng.choice([25_000, 45_000, 60_000, 120_000, 250_000]), rng.choice([0, 5, 8, 10]))
                for i in range(500)]
    return producers, products


def _load(dsn: str, schema: str, rng: random.Random, producers, products) -> None:
    import psycopg

    with psycopg.connect(dsn) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        with conn.cursor() as cur:
            with cur.copy("COPY producers (id, code, name, commission_bp, rev) FROM STDIN") as cp:
                for i, pid in enumerate(producers):
                    cp.write_row((pid, f"P{i:03d}", f"Hợp tác xã số {i}", rng.choice([1000, 1500, 2000]), 1))
            with cur.copy("COPY products (id, sku, name_vi, producer_id, price, vat_rate, rev) FROM STDIN") as cp:
                for pid, sku, prod, price, rate in products:
                    cp.write_row((pid, sku, f"Sản phẩm {sku}", prod, price, rate, 1))
            with cur.copy("COPY locations (code, name) FROM STDIN") as cp:
                for i in range(20):
                    cp.write_row((f"LOC{i:02d}", f"Điểm bán {i}"))
            n_sales = LINES // PER_SALE
            sales_buf, lines_buf = [], []
            with cur.copy("COPY sales (id, device_code, location_code, receipt_no, kind, status, business_day, "
                          "total, vat_total, event_id) FROM STDIN") as cs:
                for s in range(n_sales):
                    sid = f"{s:08x}-0000-4000-8000-000000000000"  # unique by construction, cheap to make
                    dev = s % 40
                    loc = f"LOC{dev // 2:02d}"
                    day = MONTH[s * len(MONTH) // n_sales]
                    kind = "refund" if s % 50 == 0 else "sale"
                    status = "voided" if s % 100 == 7 else "completed"
                    total = vat = 0
                    for ln in range(PER_SALE):
                        pid, sku, prod, price, rate = products[rng.randrange(500)]
                        qty = 1 + rng.randrange(3)
                        net = price * qty
                        v = (net * rate + (100 + rate) // 2) // (100 + rate)
                        total += net
                        vat += v
                        lines_buf.append(f"{s:08x}-{ln:04x}-4000-8000-000000000001\t{sid}\tK{dev:02d}\t{loc}\t{day}\t"
                                         f"{ln + 1}\t{pid}\t{prod}\t{sku}\tSản phẩm {sku}\tcái\t{qty}\t{price}\t"
                                         f"{net}\t{net}\t{rate}\t{v}\n")
                    cs.write(f"{sid}\tK{dev:02d}\t{loc}\tK{dev:02d}-{s:07d}\t{kind}\t{status}\t{day}\t{total}\t"
                             f"{vat}\t{sid}\n")
            with cur.copy("COPY sale_lines (id, sale_id, device_code, location_code, business_day, line_no, "
                          "product_id, producer_id, sku, name_vi, unit, qty, unit_price, gross, net, vat_rate, "
                          "vat_amount) FROM STDIN") as cl:
                for i in range(0, len(lines_buf), 20_000):
                    cl.write("".join(lines_buf[i:i + 20_000]))
        conn.commit()
        conn.autocommit = True
        conn.execute(f'SET search_path TO "{schema}"')
        conn.execute("VACUUM ANALYZE sales")
        conn.execute("VACUUM ANALYZE sale_lines")


def run(results: dict) -> None:
    import psycopg
    import sqlalchemy as sa

    dsn = PG.replace("+psycopg", "")
    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure: note it and skip
        results["report_1m_lines_s_note"] = f"skipped: PostgreSQL at {PG} unreachable ({exc})"
        return
    from central import db
    from central.figures import settlement
    from central.figures.reports import Filters

    schema = "bench_central_" + secrets.token_hex(5)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    engine = None
    try:
        engine = db.make_engine(f"{PG}?options=-csearch_path%3D{schema}")
        db.upgrade(engine)
        rng = random.Random(6)
        producers, products = _rows(rng)
        t0 = time.perf_counter()
        _load(dsn, schema, rng, producers, products)
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
    finally:
        if engine is not None:
            engine.dispose()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    out: dict = {}
    run(out)
    print(out)
