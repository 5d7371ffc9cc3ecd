"""Issue 15 figure: `portal_page_p99_ms`, a producer's dashboard (/portal: its sales of the last 30
days by day, point of sale and product, its stock at every point of sale with days of cover, and
what it is still owed) with 12 months of data, while 100 producers browse at once on loopback.

The data: 100 producers with 10 products each, 5 points of sale, 12 months of trade at
LINES_PER_DAY sale lines a day (a receipt of two lines; one receipt in 40 a refund), a stock move
per line and a monthly delivery per product and point of sale, and a closed statement and a
payout per producer per month. Served by `main.py server` (one process) on a SQLite file.

The load: 100 signed-in producers, each opening its dashboard and then again after a think time
of 5-15 s (uniform; about 10 page loads a second in all), for SECONDS seconds: an open loop
(each request due at its time, measured from then, so a slow answer that delays the next counts
against them too). The floor in the same run and at the same schedule is /healthz:
`portal_page_ratio` is the page's p99 over the floor's.

OCOP_BENCH_PORTAL_LINES_PER_DAY scales the data (default 1,000 a day = 365,000 lines a year)."""
from __future__ import annotations

import datetime as dt
import http.client
import os
import queue
import random
import sqlite3
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench_trace import _serve
from common import percentile

PRODUCERS = 100
PER_PRODUCER = 10
LOCATIONS = ("HN-BOOTH", "BL-SITE", "CT-MART", "HCM-FAIR", "DN-SITE")
LINES_PER_DAY = int(os.environ.get("OCOP_BENCH_PORTAL_LINES_PER_DAY", "1000"))
DAYS = 365
SECONDS = 45
THINK = (5.0, 15.0)  # a person reading a page of figures before the next click
WORKERS = 32


def _seed(path: Path, today: dt.date) -> list[str]:
    """The database (migrated, then filled with sqlite3 for speed); the 100 producers' session tokens."""
    from central import db, security

    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    rnd = random.Random(15)
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO locations(code, name, kind, created_at) VALUES (?, ?, 'tourist_site', '')",
                    [(c, f"Điểm bán {c}") for c in LOCATIONS])
    producers = [str(uuid.uuid4()) for _ in range(PRODUCERS)]
    con.executemany("INSERT INTO producers(id, code, name, kind, commission_bp, rev) VALUES (?, ?, ?, 'cooperative', "
                    "1500, 1)", [(p, f"P{i:03d}", f"Hợp tác xã số {i}") for i, p in enumerate(producers)])
    products = [(str(uuid.uuid4()), producers[i // PER_PRODUCER], i) for i in range(PRODUCERS * PER_PRODUCER)]
    con.executemany("INSERT INTO products(id, sku, name_vi, producer_id, unit, price, vat_rate, rev, barcodes) "
                    "VALUES (?, ?, ?, ?, 'gói', 45000, 8, 1, '[]')",
                    [(pid, f"SP{i:05d}", f"Sản phẩm OCOP số {i}", prod) for pid, prod, i in products])
    start = today - dt.timedelta(days=DAYS)
    sales, lines, moves = [], [], []
    n = 0
    for d in range(DAYS):
        day = (start + dt.timedelta(days=d)).isoformat()
        for _r in range(LINES_PER_DAY // 2):
            n += 1
            sid, loc = f"s{n}", LOCATIONS[rnd.randrange(len(LOCATIONS))]
            kind = "refund" if n % 40 == 0 else "sale"
            sales.append((sid, "K1", loc, f"R{n}", kind, day, 90_000, f"e{n}"))
            for j in range(2):
                pid, prod, _i = products[rnd.randrange(len(products))]
                lines.append((f"{sid}-{j}", sid, "K1", loc, day, j, pid, prod, 1, 45_000, 45_000, 45_000, 8, 3_333))
                moves.append((f"m{sid}-{j}", "K1", loc, pid, 1 if kind == "refund" else -1, kind, f"{day}T03:00:00Z"))
        if d % 30 == 0:
            for pid, _prod, _i in products:
                for loc in LOCATIONS:
                    moves.append((str(uuid.uuid4()), "K1", loc, pid, 80, "receive", f"{day}T01:00:00Z"))
    con.executemany("INSERT INTO sales(id, device_code, location_code, receipt_no, kind, business_day, total, event_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sales)
    con.executemany("INSERT INTO sale_lines(id, sale_id, device_code, location_code, business_day, line_no, product_id, "
                    "producer_id, qty, unit_price, gross, net, vat_rate, vat_amount) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)
    con.executemany("INSERT INTO stock_moves(id, device_code, location_code, product_id, qty, kind, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", moves)
    statements, payouts = [], []
    for i, prod in enumerate(producers):
        for mo in range(12):
            s = (start + dt.timedelta(days=30 * mo)).isoformat()
            e = (start + dt.timedelta(days=30 * mo + 29)).isoformat()
            statements.append((prod, s, e, 1_000_000, 850_000, 850_000, "{}"))
            payouts.append((prod, e, 800_000, "bank_transfer", f"CK{i}-{mo}"))
    con.executemany("INSERT INTO settlement_statements(producer_id, period_start, period_end, gross, payable, due, body) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", statements)
    con.executemany("INSERT INTO settlement_payouts(producer_id, paid_on, amount, method, reference) "
                    "VALUES (?, ?, ?, ?, ?)", payouts)
    pw = security.hash_password("mat-khau-bench")
    tokens = []
    for i, prod in enumerate(producers):
        cur = con.execute("INSERT INTO users(username, password_hash, role, active, producer_id) "
                          "VALUES (?, ?, 'producer', 1, ?)", (f"nsx{i:03d}", pw, prod))
        token = security.new_user_token()
        con.execute("INSERT INTO user_tokens(token_hash, user_id, created_at, expires_at) VALUES (?, ?, '', ?)",
                    (security.token_hash(token), cur.lastrowid, "2999-01-01T00:00:00"))
        tokens.append(token)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return tokens


def _schedule(rnd: random.Random, tokens: list[str], path_of) -> list[tuple[float, str, str]]:
    """(due offset s, path, token): each producer's first visit within the first think time, then
    one every think time."""
    out = []
    for token in tokens:
        t = rnd.uniform(0, THINK[1])
        while t < SECONDS:
            out.append((t, path_of(token), token))
            t += rnd.uniform(*THINK)
    return sorted(out)


def _load(port: int, plan: list[tuple[float, str, str]]) -> list[float]:
    due: queue.Queue = queue.Queue()
    times: list[float] = []
    failures: list[str] = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            item = due.get()
            if item is None:
                return
            at, path, token = item
            delay = at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200 or (path.startswith("/portal") and b"kpi-net" not in body):
                failures.append(f"{path}: {resp.status}")
            times.append((time.perf_counter() - at) * 1000)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    t0 = time.perf_counter() + 0.2
    for offset, path, token in plan:
        due.put((t0 + offset, path, token))
    for _ in threads:
        due.put(None)
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests, first {failures[:3]}")
    return times


def run(results: dict) -> None:
    import socket

    from central.clock import vn_today

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "central.sqlite3"
        t0 = time.perf_counter()
        tokens = _seed(path, vn_today())
        seeded = time.perf_counter() - t0
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = _serve(f"sqlite:///{path}", port)
        try:
            rnd = random.Random(3)
            _load(port, [(i * 0.01, "/portal", t) for i, t in enumerate(tokens)])  # warm up, not measured
            floor = _load(port, _schedule(random.Random(3), tokens, lambda t: "/healthz"))
            pages = _load(port, _schedule(rnd, tokens, lambda t: "/portal"))
        finally:
            proc.terminate()
            proc.wait(30)
    p99, floor_p99 = percentile(pages, 99), percentile(floor, 99)
    results["portal_page_p99_ms"] = round(p99, 2)
    results["portal_page_p99_ms_note"] = (
        f"{len(pages)} dashboard loads by {PRODUCERS} signed-in producers browsing at once (think time "
        f"{THINK[0]:g}-{THINK[1]:g} s, open loop, {SECONDS} s) over {DAYS} days x {LINES_PER_DAY:,} sale lines/day "
        f"({DAYS * LINES_PER_DAY:,} lines, {PRODUCERS * PER_PRODUCER} products, {len(LOCATIONS)} points of sale); "
        f"p50 {percentile(pages, 50):.1f} ms; floor /healthz p99 {floor_p99:.1f} ms; seeded in {seeded:.0f} s; "
        f"one server process, SQLite")
    results["portal_page_ratio"] = round(p99 / floor_p99, 2) if floor_p99 else 0.0
