"""Issue 14 figure: a 2D code (GS1 Digital Link URL or GS1 element string) to its product and lot,
on the 100,000-product file database the scan benches use (bench/common.py), each product with 5
lots in stock and 1 lot in 1,000 recalled: the code names one of the product's lots, and the scan
checks that lot against the recalls as the counter does (pos.catalog.lookup)."""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from common import catalog_db, percentile

N = 100_000


LOTS = 5


def _lots(store) -> None:
    """5 lots of every product (L000001 … L000005, use-by from 2027), 1 in 1,000 recalled."""
    conn = store.conn
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO lots(id, product_id, lot_no, produced_on, use_by, qty_received, received_at) "
        "SELECT p.id || '-' || n.k, p.id, 'L' || printf('%06d', n.k), '2026-11-01', '2027-0' || n.k || '-28', 20, "
        "'2026-11-20T02:00:00Z' FROM products p, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 "
        "UNION ALL SELECT 4 UNION ALL SELECT 5) n")
    conn.execute("INSERT INTO lot_on_hand(lot_id, product_id, qty) SELECT id, product_id, 20 FROM lots")
    conn.execute("INSERT INTO lot_recalls(product_id, lot_no, reason, recalled_at) SELECT product_id, lot_no, "
                 "'bench', '2026-12-01T02:00:00Z' FROM lots WHERE rowid % 1000 = 0")
    conn.execute("COMMIT")


def _payloads(codes: list[str], rng: random.Random) -> list[str]:
    """What 2D scanners send for these products: Digital Link URLs (lot in the path, use-by and
    net weight as query parameters) and element strings with GS separators and symbology ids."""
    out = []
    for i, code in enumerate(codes):
        g14 = code.zfill(14)
        lot, day = f"L{rng.randrange(1, LOTS + 1):06d}", f"{rng.randrange(27, 35)}{rng.randrange(1, 13):02d}00"
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


def _scan(store, code: str):
    """What the counter does with a scan: the Hit, or None when the lot is refused as recalled."""
    from pos import catalog
    from pos.errors import RecalledLot

    try:
        return catalog.lookup(store, code)
    except RecalledLot:
        return None


def run(results: dict) -> None:
    from pos import catalog
    from pos.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench_gs1_"))
    store = Store(catalog_db(N, copy_to=work / "kiosk.db"))
    _lots(store)
    rng = random.Random(14)
    codes = [r[0] for r in store.conn.execute("SELECT code FROM barcodes WHERE length(code) = 13 AND code NOT LIKE '2%'")]
    eans = [rng.choice(codes) for _ in range(20_000)]
    sample = _payloads(eans, rng)
    recalled = {(r[0], r[1]) for r in store.conn.execute("SELECT product_id, lot_no FROM lot_recalls")}
    for code in sample[:500] + eans[:500]:
        _scan(store, code)
    times, ean_times, lots_found, refused = [], [], 0, 0
    for code, ean in zip(sample, eans):  # interleaved: a busy machine weighs on both alike
        t = time.perf_counter_ns()
        hit = _scan(store, code)
        times.append((time.perf_counter_ns() - t) / 1000)
        if hit is None:
            refused += 1
        elif hit.lot:
            lots_found += 1
            assert (hit.product["id"], hit.lot) not in recalled
        t = time.perf_counter_ns()
        catalog.lookup(store, ean)
        ean_times.append((time.perf_counter_ns() - t) / 1000)
    assert lots_found > len(sample) // 3, "the codes must find their lots"
    results["gs1_scan_lookup_p99_us"] = round(percentile(times, 99), 1)
    results["gs1_scan_lookup_p99_us_note"] = (f"{N:,} products with {LOTS} lots each ({N * LOTS // 1000:,} recalled), "
                                       f"{len(sample):,} Digital Link URLs and GS1 element strings (lot, use-by, serial, "
                                       f"net weight) to product and lot, the lot checked against the recalls; "
                                       f"{lots_found:,} found their lot, {refused} refused as recalled")
    results["gs1_scan_lookup_p50_us"] = round(percentile(times, 50), 1)
    results["gs1_vs_ean_lookup_p50_ratio"] = round(percentile(times, 50) / percentile(ean_times, 50), 2)
    results["gs1_vs_ean_lookup_p50_ratio_note"] = "the same products scanned as their EAN-13, in the same run"
    results["gs1_vs_ean_lookup_p99_ratio"] = round(percentile(times, 99) / percentile(ean_times, 99), 2)
    store.close()
