"""The Store: one SQLite file, one connection, owned by one thread.

Opening checks the file really is an OCOP POS database (PRAGMA application_id) of a version we
understand (PRAGMA user_version), applies pending migrations, and sets the durability pragmas:
WAL + synchronous=FULL, so a sale that returned survives a power cut.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils
import uuid6

from . import schema
from .errors import DatabaseTooNew, NotAPosDatabase

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DEFAULT_SETTINGS: dict[str, object] = {
    "device_code": "KIOSK01",
    "location_name": "Điểm bán sản phẩm OCOP",
    "location_kind": "tourist_site",  # tourist_site | supermarket | hanoi_booth | fair
    "store_name": "OCOP Bạc Liêu",
    "receipt_header": "Trung tâm Xúc tiến Thương mại Bạc Liêu",
    "receipt_footer": "Cảm ơn quý khách! Hẹn gặp lại.",
    "tax_code": "",
    "address": "",
    "phone": "",
    "bank_bin": "",
    "bank_account": "",
    "bank_account_name": "",
    "discount_approval_pct": 10,  # discounts above this % of the amount need a manager
    "max_pin_failures": 5,
    "lockout_minutes": 5,
    "idle_lock_minutes": 5,
    "lang": "vi",
    "printer": {"kind": "none"},  # none | network | serial | usb | file
    "printer_width_px": 576,
    "scanner": {"kind": "keyboard"},  # keyboard | serial (+ port, baudrate)
    "customer_display": {"kind": "none"},  # none | serial (+ port, baudrate)
    "server_url": "",
    "reconcile_time": "23:30",
}


@dataclass
class OpChanges:
    """What a changing call touched, so a screen refreshes only what it must."""

    catalog: bool = False
    stock: set[str] = field(default_factory=set)  # product ids whose on-hand changed
    sales: bool = False
    shift: bool = False
    staff: bool = False
    settings: bool = False
    held: bool = False
    outbox: int = 0  # events added
    print_jobs: int = 0

    def merge(self, other: "OpChanges") -> "OpChanges":
        self.catalog |= other.catalog
        self.stock |= other.stock
        self.sales |= other.sales
        self.shift |= other.shift
        self.staff |= other.staff
        self.settings |= other.settings
        self.held |= other.held
        self.outbox += other.outbox
        self.print_jobs += other.print_jobs
        return self


def new_id() -> str:
    """A UUIDv7 (RFC 9562): unique without coordination like uuid4, but time-ordered, so the
    rows a kiosk writes (and the centre stores from thousands of kiosks) land at the end of
    their primary-key B-trees instead of at random pages."""
    return str(uuid6.uuid7())


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Store:
    """Owns the kiosk database. Not thread-safe by design: give it to one worker thread."""

    def __init__(self, path: str | os.PathLike, clock: Callable[[], dt.datetime] = utc_now, create: bool = True):
        self.path = Path(path)
        self.clock = clock
        if str(path) != ":memory:" and not self.path.exists() and not create:
            raise NotAPosDatabase("{path} does not exist", path=str(self.path))
        self._check_file()
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        try:
            self._check_header(conn)
        except Exception:
            conn.close()
            raise
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=10000")
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.conn = conn
        self._migrate()
        self._settings_cache: dict[str, object] | None = None
        self._settings_version = -1

    # -- opening -------------------------------------------------------------------------
    def _check_file(self) -> None:
        if str(self.path) == ":memory:" or not self.path.exists() or self.path.stat().st_size == 0:
            return
        with open(self.path, "rb") as fh:
            head = fh.read(16)
        if head != b"SQLite format 3\x00":
            raise NotAPosDatabase("{path} is not a POS database (not SQLite)", path=str(self.path))

    def _check_header(self, conn: sqlite3.Connection) -> None:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise NotAPosDatabase("{path} is not a POS database: {error}", path=str(self.path), error=str(exc)) from exc
        if app_id == 0 and tables > 0:
            raise NotAPosDatabase("{path} is a SQLite file of another program", path=str(self.path))
        if app_id not in (0, schema.APPLICATION_ID):
            raise NotAPosDatabase("{path} is not a POS database (application id {app_id:#x})", path=str(self.path),
                                  app_id=app_id)
        if version > schema.SCHEMA_VERSION:
            raise DatabaseTooNew(
                "{path} was written by a newer OCOP POS (schema {version} > {supported}); "
                "update this kiosk's software",
                version=version, path=str(self.path), supported=schema.SCHEMA_VERSION,
            )

    def _migrate(self) -> None:
        self.conn.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
        schema.migrations.apply(self.db)
        self.conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; nested calls become savepoints.

        IMMEDIATE takes the write lock up front, so a second process (a sync CLI run beside the
        kiosk) waits instead of failing half-way with SQLITE_BUSY on lock upgrade."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- time ----------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.clock()

    def now_iso(self) -> str:
        return self.clock().astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")

    def business_day(self, when: dt.datetime | None = None) -> str:
        """The Vietnam calendar date of `when` (default now): days are Vietnam days."""
        return (when or self.clock()).astimezone(VN_TZ).date().isoformat()

    # -- settings ------------------------------------------------------------------------
    def _settings(self) -> dict[str, object]:
        # Several Stores share the file (UI worker, sync thread, print queue): settings the sync
        # thread pulls from the centre must reach the others. data_version changes whenever
        # another connection commits, so the cache is re-read then (a few dozen rows).
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._settings_cache is None or version != self._settings_version:
            values = dict(DEFAULT_SETTINGS)
            for key, value in self.conn.execute("SELECT key, value FROM settings"):
                values[key] = json.loads(value)
            self._settings_cache, self._settings_version = values, version
        return self._settings_cache

    def settings(self) -> dict[str, object]:
        """A copy: callers may change it without touching the store's view."""
        return dict(self._settings())

    def setting(self, key: str):
        return self._settings()[key]

    def set_settings(self, **values) -> OpChanges:
        from .settings import validate_settings  # local: settings imports store types

        validate_settings(values)
        with self.transaction() as conn:
            for key, value in values.items():
                conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value, ensure_ascii=False)),
                )
        self._settings_cache = None
        return OpChanges(settings=True)

    @property
    def device_code(self) -> str:
        return str(self.setting("device_code"))

    # -- small helpers -------------------------------------------------------------------
    def one(self, sql: str, params=()) -> dict | None:
        cur = self.conn.execute(sql, params)
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row))

    def all(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def audit(self, action: str, staff_id: str | None, approved_by: str | None = None,
              ref_type: str = "", ref_id: str = "", **detail) -> None:
        self.conn.execute(
            "INSERT INTO audit_log(at, action, staff_id, approved_by, ref_type, ref_id, detail) "
            "VALUES (?,?,?,?,?,?,?)",
            (self.now_iso(), action, staff_id, approved_by, ref_type, ref_id,
             json.dumps(detail, ensure_ascii=False, default=str)),
        )
