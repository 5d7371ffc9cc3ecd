"""Issue 14 figure: a 2D code (GS1 Digital Link URL or GS1 element string) to its product, on the
100,000-product file database the scan benches use (bench/common.py)."""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from common import catalog_db, percentile

N = 100_000


def _payloads(codes: list[str], rng: random.Random) -> list[str]:
    """What 2D scanners send for these products: Digital Link URLs (lot in the path, use-by and
    net weight as query parameters) and element strings with GS separators and symbology ids."""
    out = []
    for i, code in enumerate(codes):
        g14 = code.zfill(14)
        lot, day = f"L{rng.randrange(10**6):06d}", f"{rng.randrange(27, 35)}{rng.randrange(1, 13):02d}00"
        kind = i % 4
        if kind == 0:
            out.append(f"https://id.example.vn/01/{g14}/10/{lot}?17={day}")
        elif kind == 1:
            out.append(f"https://id.example.vn/01/{g14}/21/S{i}?17={day}&3103=000{rng.randrange(100, 999)}")
        elif kind == 2:
            out.append(f"]d201{g14}10{lot}\x1d17{day}\x1d21S{i}")
        else:
            out.append(f"]Q301{g14}17{day}3103000{rng.randrange(100, 999)}10{lot}")
    return out


def run(results: dict) -> None:
    from pos import catalog
    from pos.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench_gs1_"))
    store = Store(catalog_db(N, copy_to=work / "kiosk.db"))
    rng = random.Random(14)
    codes = [r[0] for r in store.conn.execute("SELECT code FROM barcodes WHERE length(code) = 13 AND code NOT LIKE '2%'")]
    eans = [rng.choice(codes) for _ in range(20_000)]
    sample = _payloads(eans, rng)
    for code in sample[:500] + eans[:500]:
        catalog.lookup(store, code)
    times, ean_times = [], []
    for code, ean in zip(sample, eans):  # interleaved: a busy machine weighs on both alike
        t = time.perf_counter_ns()
        hit = catalog.lookup(store, code)
        times.append((time.perf_counter_ns() - t) / 1000)
        t = time.perf_counter_ns()
        catalog.lookup(store, ean)
        ean_times.append((time.perf_counter_ns() - t) / 1000)
    assert hit.product and hit.use_by
    results["gs1_scan_lookup_p99_us"] = round(percentile(times, 99), 1)
    results["gs1_scan_lookup_note"] = (f"{N:,} products, Digital Link URLs and GS1 element strings (lot, use-by, "
                                       "serial, net weight) to product; lots do not exist yet (issue 14 item 2), "
                                       "so this is product lookup only, not product and lot")
    results["gs1_scan_lookup_p50_us"] = round(percentile(times, 50), 1)
    results["gs1_vs_ean_lookup_p50_ratio"] = round(percentile(times, 50) / percentile(ean_times, 50), 2)
    results["gs1_vs_ean_lookup_p50_ratio_note"] = "the same products scanned as their EAN-13, in the same run"
    results["gs1_vs_ean_lookup_p99_ratio"] = round(percentile(times, 99) / percentile(ean_times, 99), 2)
    store.close()
