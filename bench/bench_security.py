"""Issue 12 figure: `login_throttle_holds` — 1 when 1,000 wrong passwords from one address within a
minute are all refused, every one after the address's allowance with 429, and the right password
still works afterwards from another address. The server is `main.py server --workers 2` on
PostgreSQL (SQLite when PostgreSQL is unreachable), so the counters must hold across processes.

Notes: how fast refusals are answered, and the median time of a wrong password for an unknown and
a known username (they should be alike: both run one scrypt check)."""
from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_sync import Server, drop_schema, pg_schema  # noqa: E402

PASSWORD = "mat-khau-that-dai-2026"
WRONG = 1000


def _login(port: int, user: str, password: str, source: str, conn=None) -> int:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        conn.request("POST", "/api/v1/auth/login", json.dumps({"username": user, "password": password}),
                     {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        if own:
            conn.close()


def _timed(port: int, user: str, source: str) -> float:
    t0 = time.perf_counter()
    assert _login(port, user, "sai-mat-khau", source) == 401
    return (time.perf_counter() - t0) * 1000


def _hammer(port: int, results: dict) -> None:
    from central.config import Settings

    allowance = Settings(database_url="sqlite://").login_per_address
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=("127.0.0.1", 0))
    t0 = time.perf_counter()
    codes = [_login(port, "office", f"sai-{i}", "127.0.0.1", conn) for i in range(WRONG)]
    elapsed = time.perf_counter() - t0
    conn.close()
    right = _login(port, "office", PASSWORD, "127.0.0.2")
    refused = all(c in (401, 429) for c in codes)
    first_429 = codes.index(429) if 429 in codes else WRONG
    holds = refused and first_429 <= allowance and all(c == 429 for c in codes[first_429:]) \
        and elapsed <= 60 and right == 200
    results["login_throttle_holds"] = int(holds)
    results["login_throttle_holds_note"] = (
        f"{WRONG} wrong passwords in {elapsed:.1f} s ({WRONG / elapsed:.0f}/s): {codes.count(401)}×401 then "
        f"{codes.count(429)}×429 (from attempt {first_429 + 1}); right password from another address: {right}")


def run(results: dict) -> None:
    import sqlalchemy as sa

    from central import accounts as admin
    from central import db
    from central.config import normalize_url

    try:
        schema, url = pg_schema()
        where = "PostgreSQL, 2 workers"
    except Exception:  # noqa: BLE001 - no PostgreSQL here: the embedded default
        schema, url = None, f"sqlite:///{tempfile.mkdtemp(prefix='bench_security_')}/central.sqlite3"
        where = "SQLite, 2 workers"
    server = Server(url, workers=2)
    engine = db.make_engine(normalize_url(url))
    try:
        with engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin")
        _hammer(server.port, results)
        results["login_throttle_holds_note"] += f" ({where})"
        unknown, known = [], []
        for i in range(1, 10):  # interleaved, each from a fresh address (none is throttled)
            unknown.append(_timed(server.port, f"khong-co-{i}", f"127.0.1.{i}"))
            known.append(_timed(server.port, "office", f"127.0.2.{i}"))
        results["login_unknown_known_ratio"] = round(statistics.median(unknown) / statistics.median(known), 2)
        results["login_unknown_known_ratio_note"] = (
            f"median wrong-password reply: unknown user {statistics.median(unknown):.0f} ms, "
            f"known user {statistics.median(known):.0f} ms (ratio)")
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT count(*) FROM auth_refusals")).scalar()
        results["login_throttle_holds_note"] += f"; {rows} audit rows"
    finally:
        server.stop()
        engine.dispose()
        if schema:
            drop_schema(schema)
