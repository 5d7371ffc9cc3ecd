"""Sync test rig: the real server (uvicorn on an ephemeral loopback port) on SQLite or on the
PostgreSQL of this machine (a fresh schema per test, dropped after), kiosk stores with real
sales, and a fault-injecting TCP proxy."""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pos import catalog, sales, shifts, staff, stock
from pos.cart import Cart
from pos.store import Store

ROOT = Path(__file__).resolve().parents[2]
PG_BASE = os.environ.get("OCOP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_reachable() -> str | None:
    import psycopg

    try:
        psycopg.connect(PG_BASE.replace("+psycopg", ""), connect_timeout=3).close()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means: skip with the reason
        return f"PostgreSQL at {PG_BASE} unreachable: {exc}"


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite3'}"
        return
    why = pg_reachable()
    if why:
        pytest.skip(why)
    import psycopg

    schema = "sync_test_" + secrets.token_hex(6)
    dsn = PG_BASE.replace("+psycopg", "")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}&application_name={schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE pid <> pg_backend_pid() AND application_name = %s", (schema,))
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThreadServer:
    """The real app under uvicorn in a thread, on a socket we bound (port 0 -> ephemeral)."""

    def __init__(self, database_url: str, port: int = 0, host: str = "127.0.0.1", **settings):
        self.database_url = database_url
        self.host = host
        self.settings = settings
        self.port = port
        self.thread = None

    def start(self) -> "ThreadServer":
        import uvicorn

        from central import tls
        from central.app import create_app
        from central.config import Settings

        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self.app = create_app(Settings(database_url=self.database_url, log_level="WARNING", **self.settings))
        self.engine = self.app.state.engine
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_config=None, lifespan="off", access_log=False,
                                                    **tls.uvicorn_options(self.app.state.settings)))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("server thread died")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self.thread:
            self.server.should_exit = True
            self.thread.join(30)
            self.engine.dispose()
            self.thread = None

    @property
    def url(self) -> str:
        scheme = "https" if self.settings.get("ssl_certfile") else "http"
        return f"{scheme}://{self.host}:{self.port}"


@pytest.fixture
def server(database_url):
    srv = ThreadServer(database_url).start()
    yield srv
    srv.stop()


class ProcessServer:
    """The server as `python main.py server` in its own process, so a test can SIGKILL it."""

    def __init__(self, database_url: str, port: int | None = None):
        self.database_url = database_url
        self.port = port or free_port()
        self.proc = None

    def start(self) -> "ProcessServer":
        import requests

        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "server", "--port", str(self.port),
             "--database-url", self.database_url, "--log-level", "WARNING"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                requests.get(self.url + "/api/v1/health", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# -- kiosks ------------------------------------------------------------------------------------
def make_kiosk(path: Path, device_code: str, clock=None) -> tuple[Store, dict]:
    """A kiosk store with a small catalog, stock received, a shift open."""
    store = Store(path, clock=clock) if clock else Store(path)
    store.set_settings(device_code=device_code, location_name="Gian hàng OCOP")
    hh, _ = catalog.upsert_producer(store, {"code": "P01", "name": "Hộ Muối Đông Hải", "kind": "household"})
    htx, _ = catalog.upsert_producer(store, {"code": "P02", "name": "HTX Tôm khô Gành Hào", "kind": "cooperative"})
    products, makers = [], []
    for i, (name, price, vat) in enumerate([("Muối hầm Bạc Liêu", 45_000, 0), ("Tôm khô Gành Hào", 250_000, 8),
                                            ("Bánh đa tôm", 35_000, 10), ("Mắm ba khía", 60_000, 8),
                                            ("Trà mãng cầu", 120_000, 5)]):
        pid, _ = catalog.upsert_product(store, {"sku": f"SP{i}", "name_vi": name, "producer_id": hh if i % 2 else htx,
                                                "price": price, "vat_rate": vat})
        products.append(pid)
        makers.append(hh if i % 2 else htx)
    clerk, _ = staff.create_staff(store, "C1", "Nguyễn Thị Lan", "clerk", "1111")
    manager, _ = staff.create_staff(store, "M1", "Trần Văn Hùng", "manager", "9999")
    for prod in (hh, htx):
        stock.receive_delivery(store, prod, [{"product_id": p, "qty": 100_000}
                                             for p, mk in zip(products, makers) if mk == prod], manager, note_no="PN-1")
    shifts.open_shift(store, clerk, 1_000_000)
    return store, {"products": products, "clerk": clerk, "manager": manager}


def sell(store: Store, ids: dict, n: int, lines: int = 5) -> list:
    """n real five-line sales (cash, some by VietQR)."""
    out = []
    prods = [catalog.get_product(store, p) for p in ids["products"]]
    for i in range(n):
        cart = Cart()
        for j in range(lines):
            cart.add(prods[(i + j) % len(prods)], qty=1 + (i + j) % 3)
        total = cart.totals().total
        pay = [{"method": "cash", "tendered": total + 50_000}] if i % 3 else \
            [{"method": "vietqr", "amount": total, "reference": f"FT{i}"}]
        out.append(sales.complete_sale(store, cart, pay, ids["clerk"]))
    return out


def register(server, code: str, location: str = "HN-BOOTH") -> str:
    from central import accounts as admin

    with server.engine.begin() as conn:
        return admin.create_device(conn, code, location, location_name="Gian hàng Hà Nội",
                                   location_kind="hanoi_booth")


def enroll(server, store: Store, location: str = "HN-BOOTH") -> None:
    from sync.client import enroll as do_enroll

    code = register(server, store.device_code, location)
    do_enroll(store, server.url, store.device_code, code)


def fast_client(store: Store, url: str | None = None, retries: int = 1, read_timeout: float = 5.0):
    from sync.client import SyncClient, make_session

    s = store.settings()
    return SyncClient(url or s["server_url"], s["sync_token"], session=make_session(retries, 0.05),
                      timeout=(2.0, read_timeout))


def sync_until_done(store: Store, client, attempts: int = 30) -> int:
    """Keep syncing through faults, as the worker would; returns how many passes failed."""
    from sync.client import SyncError, sync_once

    failures = 0
    for _ in range(attempts):
        try:
            report = sync_once(store, client, batch_size=7, pull=False)
            if report.unsynced == 0:
                return failures
        except SyncError:
            failures += 1
    raise AssertionError(f"still unsynced after {attempts} passes")


# -- the check every fault test ends with -------------------------------------------------------
def books(store: Store) -> dict:
    one = lambda sql: store.conn.execute(sql).fetchone()  # noqa: E731
    return {
        "events": one("SELECT count(*) FROM outbox")[0],
        "sales": sorted(tuple(r) for r in store.conn.execute(
            "SELECT id, receipt_no, kind, status, total, vat_total, business_day FROM sales")),
        "lines": one("SELECT count(*), coalesce(sum(net),0), coalesce(sum(vat_amount),0), coalesce(sum(qty),0) FROM sale_lines"),
        "payments": one("SELECT count(*), coalesce(sum(amount),0), coalesce(sum(tendered),0) FROM payments"),
        "stock_moves": one("SELECT count(*), coalesce(sum(qty),0) FROM stock_moves"),
        "shifts": one("SELECT count(*) FROM shifts")[0],
        "cash_moves": one("SELECT count(*), coalesce(sum(amount),0) FROM cash_moves"),
    }


def server_books(engine, device_code: str) -> dict:
    with engine.connect() as c:
        one = lambda sql: tuple(c.execute(sa.text(sql), {"d": device_code}).one())  # noqa: E731
        return {
            "events": one("SELECT count(*) FROM events WHERE device_code = :d")[0],
            "sales": sorted(tuple(r) for r in c.execute(sa.text(
                "SELECT id, receipt_no, kind, status, total, vat_total, business_day FROM sales "
                "WHERE device_code = :d"), {"d": device_code})),
            "lines": one("SELECT count(*), coalesce(sum(net),0), coalesce(sum(vat_amount),0), coalesce(sum(qty),0) "
                         "FROM sale_lines WHERE device_code = :d"),
            "payments": one("SELECT count(*), coalesce(sum(amount),0), coalesce(sum(tendered),0) FROM payments "
                            "WHERE device_code = :d"),
            "stock_moves": one("SELECT count(*), coalesce(sum(qty),0) FROM stock_moves WHERE device_code = :d"),
            "shifts": one("SELECT count(*) FROM shifts WHERE device_code = :d")[0],
            "cash_moves": one("SELECT count(*), coalesce(sum(amount),0) FROM cash_moves WHERE device_code = :d"),
        }


def assert_same_books(store: Store, engine) -> None:
    kiosk = books(store)
    central = server_books(engine, store.device_code)
    central["lines"] = tuple(int(x) for x in central["lines"])
    for k in ("payments", "stock_moves", "cash_moves"):
        central[k] = tuple(int(x) for x in central[k])
    assert central == kiosk
    # and no event or sale twice (the constraints say so; the data agrees)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT count(*) - count(DISTINCT event_id) FROM events")).scalar() == 0
        assert c.execute(sa.text("SELECT count(*) - count(DISTINCT receipt_no) FROM sales")).scalar() == 0


@pytest.fixture
def kiosk(tmp_path, clock):
    """A kiosk on the test's clock: its sales all fall on one Vietnam day, whatever the hour."""
    store, ids = make_kiosk(tmp_path / "kiosk.db", "HN01", clock=clock)
    yield store, ids
    store.close()
