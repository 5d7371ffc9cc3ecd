"""Issue 14 figure: `trace_page_p99_ms`, the public lot page (/01/<GTIN-14>/10/<lot>) under 200
requests/s on loopback, each request for a different one of 10,000 lots (one lot of each of
10,000 products, each with content, a producer and a picture; the lot's dates from a kiosk's
delivery, one lot in 50 recalled), served by `main.py server` (one process) on a SQLite file.

Open loop: request i is due at t0 + i/200 s and its time runs from when it was due, so a slow
answer that delays the next ones is counted against them too (no coordinated omission). The
floor, in the same run and at the same rate, is /healthz (the server's cheapest answer):
`trace_page_ratio` is the page's p99 over the floor's."""
from __future__ import annotations

import http.client
import json
import queue
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from common import ROOT, percentile

PRODUCTS = 10_000
RATE = 200
SECONDS = 10
WORKERS = 16


def _gtin13(i: int) -> str:
    from pos import gs1

    body = f"893{i:09d}"
    return body + str(gs1.check_digit(body))


def _seed(url: str) -> list[str]:
    """10,000 products of 100 producers, each with content and a picture row; their GTIN-14s."""
    import sqlalchemy as sa

    from central import db
    from central import models as m

    engine = db.make_engine(url)
    db.upgrade(engine)
    producers = [{"id": str(uuid.uuid4()), "code": f"P{i:03d}", "name": f"Hợp tác xã số {i}", "kind": "cooperative",
                  "province": "Cà Mau", "address": f"Ấp {i}, xã Đông Hải", "rev": 1} for i in range(100)]
    products, content, pictures, gtins = [], [], [], []
    deliveries, lots, recalls = [], [], []
    for i in range(PRODUCTS):
        pid, code = str(uuid.uuid4()), _gtin13(i)
        gtins.append("0" + code)
        products.append({"id": pid, "sku": f"SP{i:05d}", "name_vi": f"Sản phẩm OCOP số {i}", "name_en": f"OCOP product {i}",
                         "producer_id": producers[i % 100]["id"], "price": 45_000, "ocop_stars": 3 + i % 3,
                         "ocop_cert_no": f"OCOP-{i:05d}", "ocop_cert_issued": "2025-01-01",
                         "ocop_cert_expires": "2028-01-01", "barcodes": json.dumps([code]), "rev": 1})
        content.append({"product_id": pid, "description_vi": "Đặc sản vùng biển Bạc Liêu, làm theo cách truyền thống. " * 3,
                        "description_en": "A coastal speciality made the traditional way. " * 3,
                        "storage_vi": "Nơi khô ráo, thoáng mát", "storage_en": "Keep dry and cool", "net_qty": 500,
                        "shelf_life_days": 365, "rev": 1})
        sha = uuid.UUID(int=i).hex * 2
        did = str(uuid.uuid4())
        deliveries.append({"id": did, "device_code": "HN01", "location_code": "HN-BOOTH",
                           "producer_id": producers[i % 100]["id"], "received_at": "2026-11-20T02:00:00Z"})
        lots.append({"delivery_id": did, "lot_id": str(uuid.uuid4()), "device_code": "HN01", "location_code": "HN-BOOTH",
                     "product_id": pid, "lot_no": f"L{i:05d}", "produced_on": "2026-11-01", "use_by": "2027-11-01",
                     "qty": 20})
        if i % 50 == 0:
            recalls.append({"product_id": pid, "lot_no": f"L{i:05d}", "reason": "kiểm nghiệm không đạt",
                            "recalled_by": "office", "recalled_at": "2026-12-01T02:00:00Z", "rev": 1})
        pictures.append({"id": str(uuid.uuid4()), "product_id": pid, "kind": "photo", "sha256": sha,
                         "thumb_sha256": sha[::-1], "width": 1200, "height": 900, "sort": 1})
    with engine.begin() as conn:
        conn.execute(sa.insert(m.producers), producers)
        conn.execute(sa.insert(m.products), products)
        conn.execute(sa.insert(m.product_content), content)
        conn.execute(sa.insert(m.product_media), pictures)
        conn.execute(sa.insert(m.deliveries), deliveries)
        conn.execute(sa.insert(m.delivery_lots), lots)
        conn.execute(sa.insert(m.lot_recalls), recalls)
        conn.execute(sa.update(m.counters).where(m.counters.c.name == "catalog_rev").values(value=1))
    engine.dispose()
    return gtins


def _load(port: int, paths: list[str]) -> list[float]:
    """Open-loop GETs at RATE per second; milliseconds from each request's due time to its answer."""
    due: queue.Queue = queue.Queue()
    times: list[float] = []
    failures: list[str] = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            item = due.get()
            if item is None:
                return
            at, path = item
            delay = at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                failures.append(f"{path}: {resp.status}")
            times.append((time.perf_counter() - at) * 1000)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    t0 = time.perf_counter() + 0.2
    for i, path in enumerate(paths):
        due.put((t0 + i / RATE, path))
    for _ in threads:
        due.put(None)
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, first {failures[:3]}")
    return times


def _serve(url: str, port: int):
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "server", "--port", str(port), "--database-url", url,
                             "--log-level", "WARNING"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("server did not start")


def run(results: dict) -> None:
    import socket

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'central.sqlite3'}"
        gtins = _seed(url)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = _serve(url, port)
        try:
            n = RATE * SECONDS
            _load(port, [f"/01/{g}" for g in gtins[-200:]])  # warm the process (index, templates), not measured
            floor = _load(port, ["/healthz"] * n)
            pages = _load(port, [f"/01/{gtins[j]}/10/L{j:05d}" + ("?lang=en" if i % 3 == 0 else "")
                                 for i, j in ((i, i * 7919 % PRODUCTS) for i in range(n))])
        finally:
            proc.terminate()
            proc.wait(30)
    p99, floor_p99 = percentile(pages, 99), percentile(floor, 99)
    results["trace_page_p99_ms"] = round(p99, 2)
    results["trace_page_p99_ms_note"] = (f"{n} requests at {RATE}/s over {PRODUCTS:,} distinct lot pages (one lot per "
                                         f"product, dates from delivery_lots, 1 in 50 recalled); p50 "
                                         f"{percentile(pages, 50):.2f} ms; floor /healthz p99 {floor_p99:.2f} ms; "
                                         f"one server process, SQLite")
    results["trace_page_ratio"] = round(p99 / floor_p99, 2) if floor_p99 else 0.0
