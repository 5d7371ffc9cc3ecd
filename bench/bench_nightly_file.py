"""The line-by-line nightly file of a national night (issue 12, central/figures/nightly.py).

  nightly_file_10m_lines_s   `nightly.write_nightly` in CSV (the five files of one day, the line file
                             holding every line) for a day of 10 million lines on PostgreSQL, wall
                             time in a fresh process
  nightly_file_peak_mb       that process's peak RSS growth while writing (ru_maxrss minus its RSS
                             just before), the larger of the CSV and the XLSX run

The day is loaded with COPY into a fresh schema (dropped afterwards): kiosks of 1,000 five-line sales
(2,000 kiosks for 10 million lines) at 40 locations, 700 products of 70 producers, 2 % refunds,
1 % voided, product names that look like formulas on 1 product in 50 (neutralised on the way out).
By default the day has LINES = 1,000,000 lines and the time is multiplied by 10, which the note says
in capitals; OCOP_BENCH_NIGHTLY_LINES=10000000 measures the real size. The same is measured on a day
of SMALL = 200,000 lines: memory that stays flat shows as the same peak at both sizes (the note
gives both). What the process holds besides a fetch of lines is bounded by other things than the
lines: the settlement table (products x locations: the 40 locations are the same at both sizes)
and the e-invoice check (kiosks of up to 20,000 sales at a time). OCOP_BENCH_NIGHTLY_XLSX=0 skips
the XLSX runs (openpyxl writes ~20 M cells per million lines: the slow part; with lxml installed it
was only ~20 % faster, so the project does not depend on it).

Measured 2026-12-07 on the shared 2-core machine (load 5-7): CSV 103.8 s for 1 M lines (scaled:
1,038 s for 10 M), XLSX 560.5 s for 1 M; peak growth +37 MB at 200 k and at 1 M lines, CSV and
XLSX alike."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import fresh_schema, pg_dsn

ROOT = Path(__file__).resolve().parents[1]
FULL = 10_000_000
LINES = int(os.environ.get("OCOP_BENCH_NIGHTLY_LINES", "1000000"))
SMALL = int(os.environ.get("OCOP_BENCH_NIGHTLY_SMALL", "200000"))
XLSX = os.environ.get("OCOP_BENCH_NIGHTLY_XLSX", "1") != "0"
PER_SALE, PER_KIOSK = 5, 1_000
PRODUCERS, PRODUCTS, LOCS = 70, 700, 40
DAY = "2026-11-21"

CHILD = r"""
import json, os, resource, sys, time
url, day, fmt, out = sys.argv[1:5]
from central import db
from central.figures import nightly
import openpyxl  # noqa: F401  (imported before the baseline: its code is not the file's memory)
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
engine = db.make_engine(url)
with engine.connect() as c:
    c.exec_driver_sql("SELECT 1")
base = rss_mb()
t = time.perf_counter()
paths = nightly.write_nightly(engine, day, fmt, out)
took = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": took, "peak_mb": peak - base, "base_mb": base, "bytes": sum(p.stat().st_size for p in paths)}))
"""


def _catalog(cur, rng: random.Random) -> list[tuple]:
    producers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(PRODUCERS)]
    products = [(str(uuid.UUID(int=rng.getrandbits(128))), f"SP{i:04d}", producers[i % PRODUCERS],
                 rng.choice([25_000, 45_000, 60_000, 120_000, 250_000]), rng.choice([0, 5, 8, 10]),
                 f'=HYPERLINK("http://x/{i}","Sản phẩm {i}")' if i % 50 == 0 else f"Sản phẩm OCOP số {i}")
                for i in range(PRODUCTS)]
    with cur.copy("COPY producers (id, code, name, commission_bp, rev) FROM STDIN") as cp:
        for i, pid in enumerate(producers):
            cp.write_row((pid, f"P{i:03d}", f"Hợp tác xã số {i}", rng.choice([1000, 1500, 2000]), 1))
    with cur.copy("COPY products (id, sku, name_vi, producer_id, price, vat_rate, rev) FROM STDIN") as cp:
        for pid, sku, prod, price, rate, name in products:
            cp.write_row((pid, sku, name, prod, price, rate, 1))
    with cur.copy("COPY locations (code, name) FROM STDIN") as cp:
        for i in range(LOCS):
            cp.write_row((f"LOC{i:03d}", f"Điểm bán {i}"))
    return products


def _sale_rows(s: int, products, rng: random.Random) -> tuple[str, list[str]]:
    sid = f"{s:08x}-0000-4000-8000-000000000000"
    dev = f"K{s // PER_KIOSK:04d}"
    loc = f"LOC{(s // PER_KIOSK) % LOCS:03d}"
    kind = "refund" if s % 50 == 0 else "sale"
    status = "voided" if s % 100 == 7 else "completed"
    total = vat = 0
    lines = []
    for ln in range(PER_SALE):
        pid, sku, prod, price, rate, name = products[rng.randrange(PRODUCTS)]
        qty = 1 + rng.randrange(3)
        net = price * qty
        v = (net * rate + (100 + rate) // 2) // (100 + rate)
        total, vat = total + net, vat + v
        lines.append(f"{s:08x}-{ln:04x}-4000-8000-000000000001\t{sid}\t{dev}\t{loc}\t{DAY}\t{ln + 1}\t{pid}\t{prod}\t"
                     f"{sku}\t{name}\tcái\t{qty}\t{price}\t{net}\t{net}\t{rate}\t{v}\n")
    at = f"{DAY}T{2 + s % 12:02d}:{s % 60:02d}:00.000+00:00"
    sale = f"{sid}\t{dev}\t{loc}\t{dev}-{s % PER_KIOSK + 1:06d}\t{kind}\t{status}\t{DAY}\t{at}\t{total}\t{vat}\t{sid}\n"
    return sale, lines


def _load(dsn: str, schema: str, n_lines: int) -> None:
    """Sales and their lines go in by two COPYs at once (one connection each: a connection runs one
    COPY at a time), so a 10-million-line day is never held here either."""
    import psycopg

    rng = random.Random(12)
    with psycopg.connect(dsn) as cs_conn, psycopg.connect(dsn) as cl_conn:
        for c in (cs_conn, cl_conn):
            c.execute(f'SET search_path TO "{schema}"')
        products = _catalog(cs_conn.cursor(), rng)
        with cs_conn.cursor().copy("COPY sales (id, device_code, location_code, receipt_no, kind, status, "
                                   "business_day, created_at, total, vat_total, event_id) FROM STDIN") as cs, \
                cl_conn.cursor().copy("COPY sale_lines (id, sale_id, device_code, location_code, business_day, "
                                      "line_no, product_id, producer_id, sku, name_vi, unit, qty, unit_price, gross, "
                                      "net, vat_rate, vat_amount) FROM STDIN") as cl:
            sales: list[str] = []
            lines: list[str] = []
            for s in range(n_lines // PER_SALE):
                sale, more = _sale_rows(s, products, rng)
                sales.append(sale)
                lines += more
                if len(lines) >= 20_000:
                    cs.write("".join(sales))
                    cl.write("".join(lines))
                    sales, lines = [], []
            cs.write("".join(sales))
            cl.write("".join(lines))
        cs_conn.commit()
        cl_conn.commit()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        for t in ("sales", "sale_lines", "products", "producers", "locations"):
            conn.execute(f"VACUUM ANALYZE {t}")


def _child(url: str, fmt: str, out: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, url, DAY, fmt, str(out)], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if res.returncode:
        raise RuntimeError(f"nightly file ({fmt}) failed: {res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _measure(dsn: str, n_lines: int, work: Path) -> dict:
    """Load a day of n_lines into a fresh schema and write its files (CSV, then XLSX)."""
    with fresh_schema(dsn, "bench_nightly_") as (schema, url):
        t0 = time.perf_counter()
        _load(dsn, schema, n_lines)
        print(f"   {n_lines:,} lines loaded with COPY in {time.perf_counter() - t0:.1f} s", flush=True)
        got = {"csv": _child(url, "csv", work / f"csv{n_lines}")}
        if XLSX:
            got["xlsx"] = _child(url, "xlsx", work / f"xlsx{n_lines}")
        for fmt, r in got.items():
            print(f"   {fmt}: {r['s']:.1f} s, peak +{r['peak_mb']:.0f} MB (process {r['base_mb']:.0f} MB before), "
                  f"{r['bytes'] / 2**20:.0f} MB written", flush=True)
        return got


def run(results: dict) -> None:
    dsn = pg_dsn(results, "nightly_file_10m_lines_s_note")
    if dsn is None:
        return
    with tempfile.TemporaryDirectory(prefix="bench_nightly_") as tmp:
        small = _measure(dsn, SMALL, Path(tmp))
        big = _measure(dsn, LINES, Path(tmp))
    scale = FULL / LINES
    results["nightly_file_10m_lines_s"] = round(big["csv"]["s"] * scale, 1)
    results["nightly_file_peak_mb"] = round(max(r["peak_mb"] for r in big.values()), 1)
    how = ("full size" if LINES == FULL else
           f"SCALED UP, NOT MEASURED AT FULL SIZE: {LINES:,} lines written in {big['csv']['s']:.1f} s and multiplied "
           f"by {scale:g} (OCOP_BENCH_NIGHTLY_LINES={FULL} for the real day)")
    xlsx = (f"; XLSX (write-only, {-(-LINES // 1_048_575)} line sheet(s)): {big['xlsx']['s']:.1f} s for {LINES:,} "
            f"lines" if "xlsx" in big else "; XLSX not measured")
    results["nightly_file_10m_lines_s_note"] = (
        f"CSV, the day's five files, PostgreSQL; {how}{xlsx}; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs")
    peaks = "; ".join(f"{fmt.upper()}: +{small[fmt]['peak_mb']:.0f} MB at {SMALL:,} lines, +{big[fmt]['peak_mb']:.0f} "
                      f"MB at {LINES:,}" for fmt in big)
    results["nightly_file_peak_mb_note"] = (
        f"peak RSS growth of the writing process (flat memory: about equal at both sizes): {peaks}")


if __name__ == "__main__":
    out: dict = {}
    run(out)
    print(json.dumps(out, indent=2, ensure_ascii=False))
