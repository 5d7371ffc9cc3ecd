"""Central-office test rig: the real server on a loopback port (SQLite, or PostgreSQL in a fresh
schema), a catalog made through the office API, and kiosks that pull it, sell for real with pos,
and push their events with the sync client."""
from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from pos import catalog, sales, shifts, staff, stock
from pos.cart import Cart
from pos.store import Store
from testclock import Clock

PG_BASE = os.environ.get("OCOP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "mat-khau-van-phong"
DAY1, DAY2 = "2026-11-21", "2026-11-22"


def pg_reachable() -> str | None:
    import psycopg

    try:
        psycopg.connect(PG_BASE.replace("+psycopg", ""), connect_timeout=3).close()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure: skip with the reason
        return f"PostgreSQL at {PG_BASE} unreachable: {exc}"


def head_revision() -> str:
    """The newest Alembic revision of central/migrations: what an upgraded database must say."""
    from alembic.script import ScriptDirectory

    from central import db

    return ScriptDirectory(str(db.MIGRATIONS)).get_current_head()


class PgSchema:
    """A fresh random schema, dropped afterwards."""

    def __init__(self):
        import psycopg

        self.name = "office_test_" + secrets.token_hex(6)
        self.dsn = PG_BASE.replace("+psycopg", "")
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{self.name}"')
        # application_name: tests can find this schema's sessions in pg_stat_activity
        self.url = f"{PG_BASE}?options=-csearch_path%3D{self.name}&application_name={self.name}"

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE pid <> pg_backend_pid() AND application_name = %s", (self.name,))
            conn.execute(f'DROP SCHEMA "{self.name}" CASCADE')


class Server:
    """The real app under uvicorn in a thread (lifespan on: the price loop runs too)."""

    def __init__(self, database_url: str, **settings):
        import uvicorn

        from central.app import create_app
        from central.config import Settings

        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self.app = create_app(Settings(database_url=database_url, log_level="WARNING", **settings))
        self.engine = self.app.state.engine
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_config=None, access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("server thread died")
            time.sleep(0.02)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.engine.dispose()


def office_session(url: str, username: str = "office", password: str = PASSWORD) -> requests.Session:
    s = requests.Session()
    r = s.post(f"{url}/api/v1/auth/login", json={"username": username, "password": password}, timeout=30)
    r.raise_for_status()
    s.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return s


def ok(resp: requests.Response) -> dict:
    assert resp.status_code == 200, resp.text
    return resp.json()


def build_central_catalog(api: requests.Session, url: str) -> SimpleNamespace:
    """Two producers and four products made through the office API (not the kiosk)."""
    o = f"{url}/api/v1/office"
    hh = ok(api.post(f"{o}/producers", json={"code": "P01", "name": "Hộ kinh doanh Muối Đông Hải",
                                             "kind": "household", "commission_bp": 1500, "tax_code": "1900123456",
                                             "address": "Ấp Diêm Điền, Đông Hải, Bạc Liêu"}))["id"]
    htx = ok(api.post(f"{o}/producers", json={"code": "P02", "name": "HTX Tôm khô Gành Hào", "kind": "cooperative",
                                              "commission_bp": 2000}))["id"]
    prod = {}
    for key, row in {
        "salt": {"sku": "MUOI-500", "name_vi": "Muối hầm Bạc Liêu 500g", "producer_id": hh, "unit": "hũ",
                 "price": 45_000, "vat_rate": 0, "ocop_stars": 4, "ocop_cert_no": "OCOP-BL-2024-011",
                 "ocop_cert_issued": "2023-12-20", "barcodes": ["8930000000019"], "low_stock": 98},
        "shrimp": {"sku": "TOM-200", "name_vi": "Tôm khô Gành Hào 200g", "producer_id": htx, "unit": "gói",
                   "price": 250_000, "vat_rate": 8, "ocop_stars": 4, "barcodes": ["8930000000026"]},
        "cake": {"sku": "BANHDA", "name_vi": "Bánh đa tôm Đông Hải", "producer_id": htx, "unit": "gói",
                 "price": 35_000, "vat_rate": 10, "ocop_stars": 3, "barcodes": ["8930000000033"]},
        "fish": {"sku": "KHOCA", "name_vi": "Khô cá lóc Phước Long", "producer_id": hh, "unit": "kg",
                 "sold_by_weight": 1, "price": 420_000, "vat_rate": 5, "ocop_stars": 3, "barcodes": ["2100001"]},
    }.items():
        prod[key] = ok(api.post(f"{o}/products", json=row))["id"]
    return SimpleNamespace(producer_hh=hh, producer_htx=htx, **prod)


class Kiosk:
    """A kiosk: enrolled, catalog pulled from the centre, staff, stock received, a shift open."""

    def __init__(self, path: Path, server: Server, code: str, location: str, clock: Clock, cat: SimpleNamespace):
        from sync.client import enroll
        from central import accounts as admin

        self.store = Store(path, clock=clock)
        self.store.set_settings(device_code=code)
        with server.engine.begin() as conn:
            one_time = admin.create_device(conn, code, location, location_name=LOCATION_NAMES[location],
                                           location_kind=LOCATION_KINDS[location])
        enroll(self.store, server.url, code, one_time)
        self.sync()
        self.cat = cat
        self.clerk, _ = staff.create_staff(self.store, "C1", "Nguyễn Thị Lan", "clerk", "1111")
        self.manager, _ = staff.create_staff(self.store, "M1", "Trần Văn Hùng", "manager", "9999")
        stock.receive_delivery(self.store, cat.producer_hh, [{"product_id": cat.salt, "qty": 100},
                                                             {"product_id": cat.fish, "qty": 20_000}],
                               self.manager, note_no="PN-001")
        stock.receive_delivery(self.store, cat.producer_htx, [{"product_id": cat.shrimp, "qty": 50},
                                                              {"product_id": cat.cake, "qty": 80}],
                               self.manager, note_no="PN-002")
        shifts.open_shift(self.store, self.clerk, 1_000_000)

    def product(self, pid: str) -> dict:
        return catalog.get_product(self.store, pid)

    def sync(self):
        from sync.client import sync_once

        report = sync_once(self.store)
        assert report.unsynced == 0, report.summary()
        return report

    def sell(self, items: list[tuple], payments: list[dict], line_discount: tuple | None = None,
             order_discount: int = 0):
        cart = Cart()
        for pid, qty in items:
            p = self.product(pid)
            if p["sold_by_weight"]:
                cart.add(p, grams=qty)
            else:
                cart.add(p, qty)
        if line_discount:
            cart.set_line_discount(*line_discount)
        if order_discount:
            cart.set_order_discount(order_discount, "khách đoàn")
        total = cart.totals().total
        payments = [{**p, "amount": total} if p.get("amount", 0) is None else p for p in payments]
        return sales.complete_sale(self.store, cart, payments, self.clerk)

    def refund(self, sale_id: str, pid: str, qty: int, method: str = "cash"):
        line = [ln for ln in sales.refundable_lines(self.store, sale_id) if ln["product_id"] == pid][0]
        return sales.refund(self.store, sale_id, [{"line_id": line["line_id"], "qty": qty}], self.clerk,
                            self.manager, "khách đổi ý", method=method)

    def void(self, sale_id: str):
        return sales.void_sale(self.store, sale_id, self.clerk, self.manager, "bấm nhầm")


LOCATION_NAMES = {"HN-BOOTH": "Gian hàng OCOP Hà Nội", "BL-SITE": "Điểm bán Nhà Công tử Bạc Liêu",
                  "CT-MART": "Quầy OCOP siêu thị Cần Thơ"}
LOCATION_KINDS = {"HN-BOOTH": "hanoi_booth", "BL-SITE": "tourist_site", "CT-MART": "supermarket"}


def trade(hn: Kiosk, bl: Kiosk) -> None:
    """Two Vietnam days of real trade at two locations (the kiosks' clocks start at DAY1 10:00 VN).

    HN01 day 1: A 2 salt + 1 shrimp = 340.000 cash; B fish 1.250 g (525.000) + 3 cake with a 5.000
      line discount and a 30.000 order discount = 595.000 by VietQR 300.000 + card 295.000;
      C 1 shrimp 250.000 then voided; refund 1 salt from A (45.000).
    BL01 day 1: 4 cake = 140.000 cash; 1 shrimp 250.000 VietQR.
    HN01 day 2: 2 shrimp = 500.000 card; refund of 500 g fish from B by card.
    BL01 day 2: 3 salt 135.000 cash.
    """
    c = hn.cat
    a = hn.sell([(c.salt, 2), (c.shrimp, 1)], [{"method": "cash", "tendered": 400_000}])
    b = hn.sell([(c.fish, 1_250), (c.cake, 3)], [{"method": "vietqr", "amount": 300_000},
                                                 {"method": "card", "amount": 295_000, "reference": "TID1/77"}],
                line_discount=(1, 5_000, "móp hộp"), order_discount=30_000)
    assert a.total == 340_000 and b.total == 595_000
    cc = hn.sell([(c.shrimp, 1)], [{"method": "cash", "tendered": 250_000}])
    hn.void(cc.sale_id)
    hn.refund(a.sale_id, c.salt, 1)
    bl.sell([(c.cake, 4)], [{"method": "cash", "tendered": 140_000}])
    bl.sell([(c.shrimp, 1)], [{"method": "vietqr", "amount": 250_000}])
    hn.store.clock.advance(days=1)
    if bl.store.clock is not hn.store.clock:
        bl.store.clock.advance(days=1)
    hn.sell([(c.shrimp, 2)], [{"method": "card", "amount": 500_000, "reference": "TID1/78"}])
    hn.refund(b.sale_id, c.fish, 500, method="card")
    bl.sell([(c.salt, 3)], [{"method": "cash", "tendered": 200_000}])
    hn.sync()
    bl.sync()


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def database_url(request, tmp_path):
    """An empty central database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite3'}"
        return
    why = pg_reachable()
    if why:
        pytest.skip(why)
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def office(request, tmp_path_factory):
    """A central server with a catalog, two kiosks that traded for two days and synced."""
    tmp = tmp_path_factory.mktemp("office")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'central.sqlite3'}"
    else:
        why = pg_reachable()
        if why:
            pytest.skip(why)
        schema = PgSchema()
        url = schema.url
    srv = hn = bl = None
    try:
        from central import accounts as admin

        srv = Server(url)
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
            admin.create_user(conn, "viewer1", PASSWORD, "viewer", "Phạm Văn Xem")
        api = office_session(srv.url)
        cat = build_central_catalog(api, srv.url)
        clock = Clock(dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.timezone.utc))  # 10:00 in Vietnam
        hn = Kiosk(tmp / "hn01.db", srv, "HN01", "HN-BOOTH", clock, cat)
        bl = Kiosk(tmp / "bl01.db", srv, "BL01", "BL-SITE", clock, cat)
        trade(hn, bl)
        yield SimpleNamespace(server=srv, url=srv.url, api=api, cat=cat, hn=hn, bl=bl, db=request.param,
                              database_url=url)
    finally:
        for k in (hn, bl):
            if k is not None:
                k.store.close()
        if srv is not None:
            srv.stop()
        if schema:
            schema.drop()
