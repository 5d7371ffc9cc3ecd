"""Sync figures (issue 5).

  sync_push_sales_per_s   10,000 real five-line sales (pos.sales.complete_sale) in one kiosk file,
                          pushed by sync.client.sync_once to the server (`main.py server`, its own
                          process, SQLite) over loopback, batches of 500; sales / wall time of the push.
  sync_pg_ingest_ratio    the same 10,000 sale events ingested as POST /events does it, minus the
                          socket (each 500-event request body the kiosk sends, decoded by
                          sync.protocol and applied by central.events.ingest, PostgreSQL) against COPY of the
                          very rows that ingest wrote (events, sales, lines, payments, stock moves)
                          into an empty copy of the schema, same run: COPY time / ingest time.
  sync_push_tls_ratio     the same push (a copy of that kiosk file, the same 10,000 sales) to a server on
                          HTTPS (`main.py server --cert --key`, a throwaway CA from trustme that the kiosk
                          was given with enroll's ca_file) and to the same server on plain HTTP, each twice
                          alternately, fresh server database each time; best TLS rate / best plain rate.
  nightly_500_kiosks_s    500 simulated kiosks x 1,000 sales each: every kiosk's events (cloned from
                          real sales, new ids per kiosk) pushed over HTTP by 8 concurrent senders to
                          the server on PostgreSQL, then each kiosk's day reconciled (POST /reconcile);
                          wall time of push + reconcile.
"""
from __future__ import annotations

import json
import os
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get("OCOP_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
N_SALES = int(os.environ.get("OCOP_BENCH_SALES", "10000"))
KIOSKS = int(os.environ.get("OCOP_BENCH_KIOSKS", "500"))  # the real night: about 6 min here; fewer = scaled
PER_KIOSK = min(1_000, N_SALES)
PUSH_BATCH = int(os.environ.get("OCOP_BENCH_PUSH_BATCH", "500"))
PUSH_WORKERS = int(os.environ.get("OCOP_BENCH_PUSH_WORKERS", "1"))
WORKERS = int(os.environ.get("OCOP_BENCH_WORKERS", "2"))  # server processes for the 500-kiosk night
ONLY = os.environ.get("OCOP_BENCH_ONLY", "")  # "push": the push figure alone (skips PG ratio and nightly)


# -- fixtures ----------------------------------------------------------------------------------
def build_kiosk(path: Path, device_code: str, n: int):
    """A kiosk file with n real five-line sales (durability relaxed while building only)."""
    from pos import catalog, sales, shifts, staff, stock
    from pos.cart import Cart
    from pos.store import Store

    store = Store(path)
    store.conn.execute("PRAGMA synchronous=OFF")  # fixture building only; the push reads a normal file
    store.set_settings(device_code=device_code)
    prod, _ = catalog.upsert_producer(store, {"code": "P1", "name": "HTX Muối Đông Hải", "kind": "cooperative"})
    ids = [catalog.upsert_product(store, {"sku": f"SP{i}", "name_vi": f"Đặc sản {i}", "producer_id": prod,
                                          "price": 20_000 + 5_000 * i, "vat_rate": (0, 5, 8, 10)[i % 4]})[0]
           for i in range(12)]
    clerk, _ = staff.create_staff(store, "C1", "Nguyễn Thị Lan", "clerk", "1111")
    stock.receive_delivery(store, prod, [{"product_id": p, "qty": 1_000_000} for p in ids], clerk)
    shifts.open_shift(store, clerk, 1_000_000)
    products = [catalog.get_product(store, p) for p in ids]
    for i in range(n):
        cart = Cart()
        for j in range(5):
            cart.add(products[(i + j * 2) % 12], qty=1 + j % 2)
        sales.complete_sale(store, cart, [{"method": "cash", "tendered": cart.totals().total}], clerk)
    store.conn.execute("PRAGMA synchronous=FULL")
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, database_url: str, workers: int = 1, tls: tuple[str, str, str] | None = None):
        """tls: (ca, cert, key) PEM files: serve HTTPS with cert/key (the client trusts ca)."""
        import requests

        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "server", "--port", str(self.port),
                                      "--database-url", database_url, "--log-level", "WARNING",
                                      "--workers", str(workers), *(["--cert", tls[1], "--key", tls[2]] if tls else [])],
                                     cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                requests.get(self.url + "/api/v1/health", timeout=10, verify=tls[0] if tls else True)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def test_ca(work: Path) -> tuple[str, str, str]:
    """A throwaway CA and a certificate for 127.0.0.1 it signed: (ca, cert, key) PEM files."""
    import trustme

    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1")
    files = (str(work / "ca.pem"), str(work / "cert.pem"), str(work / "key.pem"))
    for pem, path in zip((ca.cert_pem, issued.cert_chain_pems[0], issued.private_key_pem), files):
        pem.write_to_path(path)
    return files


def register(engine, code: str, location: str = "BENCH") -> str:
    from central import accounts as admin

    with engine.begin() as c:
        return admin.create_device(c, code, location)


def pg_schema():
    import psycopg

    name = "bench_sync_" + secrets.token_hex(5)
    dsn = PG.replace("+psycopg", "")
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as c:
        c.execute(f'CREATE SCHEMA "{name}"')
    return name, f"{PG}?options=-csearch_path%3D{name}"


def drop_schema(name: str) -> None:
    import psycopg

    with psycopg.connect(PG.replace("+psycopg", ""), autocommit=True) as c:
        c.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


# -- figures -----------------------------------------------------------------------------------
def push_once(work: Path, template: Path, name: str, tls: tuple[str, str, str] | None) -> tuple[float, int]:
    """A fresh copy of the kiosk file pushed to a fresh server database: (seconds, sales on the server)."""
    import sqlalchemy as sa

    from central import db
    from pos.store import Store
    from sync.client import enroll, sync_once

    shutil.copy(template, work / f"{name}.db")
    url = f"sqlite:///{work / f'{name}.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    srv = Server(url, workers=PUSH_WORKERS, tls=tls)
    try:
        with Store(work / f"{name}.db") as store:
            enroll(store, srv.url, store.device_code, register(engine, store.device_code),
                   ca_file=tls[0] if tls else None)
            t = time.perf_counter()
            report = sync_once(store, batch_size=PUSH_BATCH, pull=False)
            elapsed = time.perf_counter() - t
        with engine.connect() as c:
            n = c.execute(sa.text("SELECT count(*) FROM sales")).scalar()
        assert report.unsynced == 0 and n == N_SALES, (report, n)
        return elapsed, n
    finally:
        srv.stop()
        engine.dispose()


def bench_push_tls(work: Path, results: dict, template: Path) -> None:
    tls = test_ca(work)
    best = {"http": float("inf"), "https": float("inf")}
    for i in range(2):
        for mode in ("http", "https"):
            elapsed, _n = push_once(work, template, f"{mode}{i}", tls if mode == "https" else None)
            best[mode] = min(best[mode], elapsed)
    plain, secure = N_SALES / best["http"], N_SALES / best["https"]
    results["sync_push_tls_ratio"] = round(secure / plain, 3)
    results["sync_push_tls_ratio_note"] = (
        f"same {N_SALES} five-line sales pushed over HTTPS at {secure:,.0f} sales/s and plain HTTP at "
        f"{plain:,.0f} sales/s (best of 2 each, alternating; server on SQLite, {PUSH_WORKERS} process(es), "
        f"batches of {PUSH_BATCH}, two in flight; TLS by uvicorn with its defaults, kiosk verifying a private CA)")


def bench_push(work: Path, results: dict, store) -> None:
    from sync.client import SyncClient, enroll, sync_once
    from central import db

    url = f"sqlite:///{work / 'central.sqlite3'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    code = register(engine, store.device_code)
    srv = Server(url, workers=PUSH_WORKERS)
    try:
        enroll(store, srv.url, store.device_code, code)
        t = time.perf_counter()
        report = sync_once(store, batch_size=PUSH_BATCH, pull=False)
        elapsed = time.perf_counter() - t
        with engine.connect() as c:
            import sqlalchemy as sa

            n = c.execute(sa.text("SELECT count(*) FROM sales")).scalar()
        assert report.unsynced == 0 and n == N_SALES, (report, n)
        results["sync_push_sales_per_s"] = round(N_SALES / elapsed)
        results["sync_push_sales_per_s_note"] = (
            f"{N_SALES} five-line sales ({report.pushed} events incl. delivery and shift) in {elapsed:.2f} s; "
            f"server ({PUSH_WORKERS} process(es)) on SQLite, loopback HTTP, batches of {PUSH_BATCH} (two in flight); "
            "2-core shared machine")
    finally:
        srv.stop()
        engine.dispose()


def bench_pg_ratio(results: dict, events: list[dict], device_code: str, bodies: list[bytes]) -> None:
    import sqlalchemy as sa

    from central import db
    from central.events import ingest
    from sync import protocol

    try:
        ingest_schema, ingest_url = pg_schema()
    except Exception as exc:  # noqa: BLE001
        results["sync_pg_ingest_ratio_note"] = f"skipped: PostgreSQL at {PG} unreachable ({exc})"
        return
    copy_schema, copy_url = pg_schema()
    e1, e2 = db.make_engine(ingest_url), db.make_engine(copy_url)
    try:
        db.upgrade(e1)
        db.upgrade(e2)
        register(e1, device_code)
        # what POST /events does with each request body, minus the socket: decode it (msgspec,
        # payloads kept as the bytes sent) and ingest it in one transaction
        t = time.perf_counter()
        for body in bodies:
            envelopes = protocol.decode_push(body).events
            with e1.begin() as c:
                ingest.ingest(c, device_code, envelopes)
        t_ingest = time.perf_counter() - t
        tables = ["events", "sales", "sale_lines", "payments", "stock_moves", "shifts", "deliveries",
                  "delivery_lines"]
        data = {}
        with e1.connect() as c:
            for tname in tables:
                cols = [r[0] for r in c.execute(sa.text(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t "
                    "ORDER BY ordinal_position"), {"s": ingest_schema, "t": tname})
                        if not (tname == "events" and r[0] == "id")]  # the serial key: COPY lets it default
                data[tname] = (cols, [tuple(r) for r in c.execute(sa.text(f"SELECT {', '.join(cols)} FROM {tname}"))])
        rows = sum(len(r) for _, r in data.values())
        raw = e2.raw_connection()
        try:
            t = time.perf_counter()
            with raw.cursor() as cur:
                for tname, (cols, trows) in data.items():
                    with cur.copy(f"COPY {tname} ({', '.join(cols)}) FROM STDIN") as cp:
                        for r in trows:
                            cp.write_row(r)
            raw.commit()
            t_copy = time.perf_counter() - t
        finally:
            raw.close()
        results["sync_pg_ingest_ratio"] = round(t_copy / t_ingest, 3)
        results["sync_pg_ingest_ratio_note"] = (
            f"{len(events)} events -> {rows} rows: server ingest {t_ingest:.2f} s "
            f"({rows / t_ingest:,.0f} rows/s) vs COPY {t_copy:.2f} s ({rows / t_copy:,.0f} rows/s); "
            "ingest measured in-process: the route's own work per request body (msgspec decode + ingest), without HTTP")
    finally:
        e1.dispose()
        e2.dispose()
        drop_schema(ingest_schema)
        drop_schema(copy_schema)


_UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


def template_bodies(template: list[dict], old_code: str) -> list[str]:
    """Batch bodies with a marker where each kiosk's id prefix and device code go (made once)."""
    out = []
    for i in range(0, len(template), 500):
        text = '{"events":' + json.dumps(template[i:i + 500], ensure_ascii=False) + "}"
        text = _UUID.sub(lambda m: "@KIOSK@" + m.group(1), text)
        out.append(text.replace(f'"{old_code}"', '"@CODE@"').replace(f'"{old_code}-', '"@CODE@-'))
    return out


def clone_bodies(batches: list[str], k: int, code: str) -> list[bytes]:
    """Kiosk k's request bodies: fresh ids (its own 8-hex prefix) and its code, by plain text
    replacement, so the simulated kiosks do not eat the CPU the server needs."""
    prefix = f"{k:08x}"
    return [t.replace("@KIOSK@", prefix).replace("@CODE@", code).encode() for t in batches]


def enroll_many(engine, codes: list[str], locations: int) -> dict[str, str]:
    """Kiosks enrolled straight into the database (enrollment is not the figure), spread over
    `locations` points of sale: code -> device token."""
    import datetime as dt

    import sqlalchemy as sa

    from central import accounts as admin
    from central import models as m
    from central import security

    tokens = {}
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    with engine.begin() as c:
        for i in range(locations):
            admin.ensure_location(c, f"BENCH{i:03d}", f"Điểm bán {i}")
        for k, code in enumerate(codes):
            tokens[code] = security.new_device_token()
            c.execute(sa.insert(m.devices).values(code=code, location_code=f"BENCH{k % locations:03d}", kind="kiosk",
                                                  name=code, token_hash=security.token_hash(tokens[code]),
                                                  created_at=now))
    return tokens


def day_figures(template: list[dict]) -> dict[str, dict]:
    """What each simulated kiosk reports for its days at reconcile (they all sold the template)."""
    day_figs: dict[str, dict] = {}
    for ev in template:
        fig = day_figs.setdefault(ev["business_day"], {"events": 0, "sales": 0, "sales_total": 0, "refunds": 0,
                                                       "refunds_total": 0, "voids": 0})
        fig["events"] += 1
        if ev["type"] == "sale.completed":
            fig["sales"] += 1
            fig["sales_total"] += ev["payload"]["sale"]["total"]
    return day_figs


def night_summaries(engine, days: list[str]) -> int:
    """The office's morning after: the day's totals, the per-location table and the producers'
    settlement (the summary parts of the nightly files), read from the server's database."""
    from central.figures import reports as rp
    from central.figures import settlement as st

    rows = 0
    with engine.connect() as c:
        for day in days:
            f = rp.Filters.make(day, day)
            rp.summary(c, f)
            rows += len(rp.by_location(c, f)) + len(st.settlement(c, f))
    return rows


def postgres_cpu_s() -> float | None:
    """CPU seconds used so far by every process named postgres on this machine (ended backends are
    in the postmaster's children's time), from /proc; None where that cannot be read. Every user
    of the PostgreSQL server is counted, so over a run it is an upper bound for the run's share."""
    total, seen = 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if name.startswith("postgres"):
            total += sum(int(v) for v in rest[11:15])  # utime stime cutime cstime
            seen = True
    return total / os.sysconf("SC_CLK_TCK") if seen else None


def night(template: list[dict], old_code: str, *, kiosks: int, workers: int, senders: int = 8,
          locations: int = 1, summaries: bool = False) -> dict:
    """A simulated night: `kiosks` kiosks each push the template's events (fresh ids, own code)
    over HTTP with `senders` concurrent senders to a server of `workers` processes on PostgreSQL
    (SQLite when unreachable), each kiosk then reconciles its day; with `summaries`, the office's
    summaries of the night are computed afterwards. Returns the timings and what was checked."""
    import sqlalchemy as sa

    from sync.client import SyncClient, make_session
    from central import db

    try:
        schema, url = pg_schema()
        backend = "PostgreSQL"
    except Exception:  # noqa: BLE001
        schema, url, backend = None, f"sqlite:///{tempfile.mkdtemp()}/nightly.sqlite3", "SQLite (no PostgreSQL)"
    engine = db.make_engine(url)
    db.upgrade(engine)
    codes = [f"K{k:04d}" for k in range(kiosks)]
    tokens = enroll_many(engine, codes, locations)
    batches = template_bodies(template, old_code)
    day_figs = day_figures(template)
    srv = Server(url, workers=workers)
    mismatches, lock = [], threading.Lock()

    def one_kiosk(k: int) -> None:
        code = codes[k]
        client = SyncClient(srv.url, tokens[code], session=make_session(3, 0.2), timeout=(5, 300))
        try:
            for body in clone_bodies(batches, k, code):
                client.push_raw(body)
            bad = [d for d in client.reconcile(day_figs)["days"] if d["status"] != "match"]
            if bad:
                with lock:
                    mismatches.append((code, bad))
        finally:
            client.close()

    try:
        own0, reaped0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        pg0 = postgres_cpu_s()
        t = time.perf_counter()
        with ThreadPoolExecutor(senders) as pool:
            list(pool.map(one_kiosk, range(kiosks)))
        t_sync = time.perf_counter() - t
        srv.stop()  # reaped: its CPU time, and its workers', is now in RUSAGE_CHILDREN
        own1, reaped1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        pg1 = postgres_cpu_s()
        cpu = {"senders_cpu_s": own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime,
               "server_cpu_s": reaped1.ru_utime + reaped1.ru_stime - reaped0.ru_utime - reaped0.ru_stime,
               "postgres_cpu_s": None if pg0 is None or pg1 is None else pg1 - pg0}
        t = time.perf_counter()
        summary_rows = night_summaries(engine, sorted(day_figs)) if summaries else 0
        t_summaries = time.perf_counter() - t
        with engine.connect() as c:
            n = c.execute(sa.text("SELECT count(*) FROM sales")).scalar()
        assert not mismatches and n == kiosks * PER_KIOSK, (mismatches[:2], n)
        return {"sync_s": t_sync, "summaries_s": t_summaries, "sales": n, "events": len(template) * kiosks,
                "backend": backend, "summary_rows": summary_rows, "days": sorted(day_figs), **cpu}
    finally:
        srv.stop()
        engine.dispose()
        if schema:
            drop_schema(schema)


def bench_nightly(results: dict, template: list[dict], old_code: str) -> None:
    got = night(template, old_code, kiosks=KIOSKS, workers=WORKERS)
    elapsed = got["sync_s"]
    results["nightly_500_kiosks_s"] = round(elapsed * (500 / KIOSKS), 1)
    scaled = "" if KIOSKS == 500 else (f" SCALED DOWN: measured {KIOSKS} kiosks in {elapsed:.1f} s and multiplied by "
                                       f"{500 / KIOSKS:g} (linear; set OCOP_BENCH_KIOSKS=500 for the full run);")
    results["nightly_500_kiosks_s_note"] = (
        f"{KIOSKS} kiosks x {PER_KIOSK} five-line sales ({got['sales']} sales, {got['events']} events) pushed in "
        f"batches of 500 by 8 concurrent senders and reconciled, server ({WORKERS} processes) on {got['backend']};"
        f"{scaled} kiosk events cloned from real sales with fresh ids per kiosk")


def run(results: dict) -> None:
    from pos import outbox
    from sync.client import raw_batch

    work = Path(tempfile.mkdtemp(prefix="bench_sync_"))
    try:
        t = time.perf_counter()
        store = build_kiosk(work / "kiosk.db", "BK01", N_SALES)
        print(f"   kiosk with {N_SALES} sales built in {time.perf_counter() - t:.1f} s", flush=True)
        events = outbox.pending(store, limit=N_SALES + 100)
        template = outbox.pending(store, limit=PER_KIOSK + 2)  # a delivery, a shift, then 1,000 sales
        bodies, after = [], 0  # the request bodies the kiosk sends (for the PostgreSQL ingest figure)
        while True:
            seqs, body = raw_batch(store, 500, after)
            if not seqs:
                break
            bodies.append(body)
            after = seqs[-1]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(work / "kiosk.db", work / "template.db")  # unsynced, for the TLS figure
        bench_push(work, results, store)
        print(f"   push: {results.get('sync_push_sales_per_s')} sales/s", flush=True)
        store.close()
        if os.environ.get("OCOP_BENCH_SKIP_TLS") != "1":
            bench_push_tls(work, results, work / "template.db")
            print(f"   push TLS / plain: {results.get('sync_push_tls_ratio')}", flush=True)
        if ONLY == "push":
            return
        bench_pg_ratio(results, events, "BK01", bodies)
        print(f"   pg ratio: {results.get('sync_pg_ingest_ratio')}", flush=True)
        if os.environ.get("OCOP_BENCH_SKIP_NIGHTLY") != "1":
            bench_nightly(results, template, "BK01")
            print(f"   nightly: {results.get('nightly_500_kiosks_s')} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    out: dict = {}
    run(out)
    print(json.dumps(out, indent=2, ensure_ascii=False))
