"""einvoice_send_per_s: invoices the centre delivers per second to a provider that answers each call
after 50 ms (the local fake of Viettel S-Invoice, tests/central/einvoice_fakes.py, on loopback), on
SQLite: a backlog pushed through the real ingest path, sent by `Sender.run_once` (claim, request,
record; a thread pool hides the provider's latency). Goal >= 100 (a day's 10,000 in under 2 minutes)."""
from __future__ import annotations

import sys
import tempfile
import time

from common import ROOT

sys.path.insert(0, str(ROOT / "tests" / "central"))
sys.path.insert(0, str(ROOT / "tests"))

N = 2000
LATENCY_S = 0.05


def run(results: dict) -> None:
    from einvoice_fakes import FakeViettel, Served
    from einvoice_rig import OPERATOR, SimClock, central, invoice_payload, push, register_seller, sender

    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench_einvoice_')}/central.sqlite3"
    engine = central(url)
    served = Served(FakeViettel(OPERATOR))
    try:
        register_seller(engine, "viettel", served.url)
        for start in range(0, N, 500):
            push(engine, [invoice_payload(n) for n in range(start + 1, start + 501)], first_seq=start + 1)
        served.fake.latency = LATENCY_S
        send = sender(engine, SimClock(), workers=32, batch=400)
        t0 = time.perf_counter()
        counts = send.run_once()
        elapsed = time.perf_counter() - t0
        assert counts["accepted"] == N and served.fake.creates == N, counts
        results["einvoice_send_per_s"] = round(N / elapsed, 1)
        results["einvoice_send_per_s_note"] = (f"{N} invoices in {elapsed:.1f} s, provider answering after "
                                               f"{LATENCY_S * 1000:.0f} ms, 32 threads, SQLite")
    finally:
        served.stop()
        engine.dispose()
