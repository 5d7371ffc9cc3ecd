"""Issue 13 figure at the kiosk: finding a returning buyer among 100,000 profiles (buyer_lookup_ms)."""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from common import percentile

N = 100_000


def _tax_code(rng: random.Random) -> str:
    """A 10-digit tax code with a valid check digit (python-stdnum's weights)."""
    from stdnum.vn import mst

    while True:
        head = f"{rng.randint(1, 99):02d}{rng.randint(1, 9_999_999):07d}"
        for d in "0123456789":
            if mst.is_valid(head + d):
                return head + d


def run(results: dict) -> None:
    from pos.einvoice import buyers
    from pos.store import Store

    rng = random.Random(13)
    with Store(Path(tempfile.mkdtemp(prefix="bench_einv_")) / "kiosk.db") as store:
        rows = [(f"b{i:06d}", _tax_code(rng) if i % 2 == 0 else "", "", f"Khách {i}", f"Công ty {i}", "Hà Nội",
                 "", f"09{rng.randint(0, 99_999_999):08d}", "2026-11-22T03:00:00.000+00:00") for i in range(N)]
        with store.transaction() as conn:
            conn.executemany(f"INSERT INTO buyers({','.join(buyers.PROFILE_COLS)}) VALUES (?,?,?,?,?,?,?,?,?)", rows)
        typed = [r[1] if r[1] and rng.random() < 0.5 else r[7] for r in rng.sample(rows, 2000)]
        for t in typed[:100]:
            buyers.find(store, t)
        times = []
        for t in typed:
            start = time.perf_counter()
            found = buyers.find(store, t)
            times.append((time.perf_counter() - start) * 1000)
            assert found, t
    results["buyer_lookup_ms"] = round(percentile(times, 99), 3)
    results["buyer_lookup_ms_note"] = f"p99 of 2000 lookups by tax code or phone among {N:,} profiles"
