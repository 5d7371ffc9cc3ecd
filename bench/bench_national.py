"""A national-scale night (issue 12).

  nightly_2000_kiosks_s   2,000 simulated kiosks x 1,000 five-line sales each (2 million sales, 10 million
                          lines), spread over 100 points of sale: every kiosk's events (cloned from 1,000
                          real sales made by pos.sales.complete_sale, fresh ids and its own device code per
                          kiosk) pushed over loopback HTTP in the kiosk's 500-event batches by 8 concurrent
                          senders to `main.py server --workers N` on PostgreSQL, each kiosk then reconciling
                          its day (POST /reconcile, every day must match); then the office's summaries of the
                          night (the day's totals, the per-location table, the producers' settlement) read
                          from the server's database. Wall time of all of it, from the first push to the
                          last summary.

The full night takes long on a shared 2-core machine; OCOP_BENCH_NATIONAL_KIOSKS measures fewer kiosks,
and then the figure is the measured time multiplied by 2,000 / kiosks, which the note says in capitals.
The line-by-line nightly file is not part of the figure: it is measured on its own (bench_nightly_file.py:
nightly_file_10m_lines_s, nightly_file_peak_mb; central/figures/nightly.py streams the lines).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for p in (HERE, HERE.parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import bench_sync  # noqa: E402  (its server, kiosk builder and the simulated night)

FULL = 2_000
KIOSKS = int(os.environ.get("OCOP_BENCH_NATIONAL_KIOSKS", str(FULL)))
WORKERS = int(os.environ.get("OCOP_BENCH_NATIONAL_WORKERS", str(max(2, os.cpu_count() or 2))))  # one per core
SENDERS = int(os.environ.get("OCOP_BENCH_NATIONAL_SENDERS", "8"))
LOCATIONS = 100


def run(results: dict) -> None:
    from pos import outbox

    work = Path(tempfile.mkdtemp(prefix="bench_national_"))
    try:
        store = bench_sync.build_kiosk(work / "kiosk.db", "BK01", bench_sync.PER_KIOSK)
        template = outbox.pending(store, limit=bench_sync.PER_KIOSK + 2)  # a delivery, a shift, 1,000 sales
        store.close()
        print(f"   {KIOSKS} kiosks, {WORKERS} server processes, {SENDERS} senders", flush=True)
        t = time.perf_counter()
        got = bench_sync.night(template, "BK01", kiosks=KIOSKS, workers=WORKERS, senders=SENDERS,
                               locations=min(LOCATIONS, KIOSKS), summaries=True)
        elapsed = time.perf_counter() - t
        total = got["sync_s"] + got["summaries_s"]
        results["nightly_2000_kiosks_s"] = round(total * (FULL / KIOSKS), 1)
        pg = "unknown" if got["postgres_cpu_s"] is None else (
            f"{got['postgres_cpu_s']:.1f} s (all its processes, other users' included)")
        scaled = ("full size, measured once" if KIOSKS == FULL else
                  f"SCALED UP, NOT MEASURED AT FULL SIZE: {KIOSKS} kiosks measured in {total:.1f} s and multiplied "
                  f"by {FULL / KIOSKS:g} (linear; OCOP_BENCH_NATIONAL_KIOSKS={FULL} for the real night)")
        results["nightly_2000_kiosks_s_note"] = (
            f"{scaled}; {KIOSKS} kiosks over {min(LOCATIONS, KIOSKS)} points of sale x {bench_sync.PER_KIOSK} "
            f"five-line sales ({got['sales']:,} sales, {got['events']:,} events) pushed in batches of 500 by "
            f"{SENDERS} concurrent senders and reconciled (every day matched) in {got['sync_s']:.1f} s, server "
            f"({WORKERS} uvicorn worker processes) on {got['backend']}; CPU during the push: server processes "
            f"{got['server_cpu_s']:.1f} s, the simulated kiosks {got['senders_cpu_s']:.1f} s, PostgreSQL "
            f"{pg} (of {os.cpu_count()} cores x {got['sync_s']:.0f} s; the rest went to the machine's other work); "
            f"then the night's summaries (totals, "
            f"{got['summary_rows']} location and producer rows) in {got['summaries_s']:.1f} s; the line-by-line "
            f"nightly file is not included (bench_nightly_file.py measures it); setup and teardown "
            f"excluded ({elapsed:.0f} s in all); 2-core machine shared with other work")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    import json

    out: dict = {}
    run(out)
    print(json.dumps(out, indent=2, ensure_ascii=False))
