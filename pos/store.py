"""The Store: one SQLite file, one connection, owned by one thread.

Opening checks the file before anything is written to it: the file system first (pos.dbfile: a
folder, permissions, free space), then that it really is an OCOP POS database (PRAGMA
application_id) of a version we understand (PRAGMA user_version) and not damaged (quick_check).
Only then are pending migrations applied, in one transaction, and the durability pragmas set:
WAL + synchronous=FULL, so a sale that returned survives a power cut. A refused file is left
byte for byte as it was, and a new file that could not be made is removed again.
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

import sqlite_utils
import uuid_utils

from . import clock as clocks, dbfile, schema
from .clock import VN_TZ, utc_now  # noqa: F401 - re-exported: the store's clock and zone
from .errors import DatabaseCorrupt, DatabaseTooNew, NotAPosDatabase
from .settings import DEFAULT_SETTINGS, validate_settings  # noqa: F401 - DEFAULT_SETTINGS re-exported


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
    their primary-key B-trees instead of at random pages. uuid-utils (Rust) makes one in ~0.6 µs
    where the pure-Python uuid6 took ~7 µs: a sale writes a dozen ids inside its transaction."""
    return str(uuid_utils.uuid7())


class Store:
    """Owns the kiosk database. Not thread-safe by design: give it to one worker thread.

    `clock` is the kiosk's one clock (pos.clock): every time written and every "today" the
    domain works out comes from it; the screens are handed the same callable."""

    BUSY_TIMEOUT_S = 10.0  # how long to wait for another program's write lock before DatabaseLocked

    def __init__(self, path: str | os.PathLike, clock: Callable[[], dt.datetime] = utc_now, create: bool = True):
        self.path = Path(path)
        self.clock = clock
        memory = str(path) == ":memory:"
        new = False
        if not memory:
            dbfile.check_before_open(self.path, create)
            new = not self.path.exists()
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                                   timeout=self.BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise dbfile.translate(exc, self.path) from exc
        try:
            self._open(conn)
        except BaseException as exc:
            conn.close()
            if new:  # nothing half-made stays behind: the next start begins afresh
                dbfile.remove_new(self.path)
            problem = dbfile.translate(exc, self.path)
            if problem is exc:
                raise
            raise problem from exc
        self._settings_cache: dict[str, object] | None = None
        self._settings_rows: list | None = None
        self._settings_version = -1
        self._settings_stale = True  # another connection committed since the settings were read
        self._in_write = False  # inside transaction()'s BEGIN IMMEDIATE: no other connection commits
        self._fresh = False  # data_version already checked in this write transaction
        self._memo: dict[str, object] = {}
        self._kept: dict[str, tuple[object, dict]] = {}

    # -- opening -------------------------------------------------------------------------
    def _open(self, conn: sqlite3.Connection) -> None:
        """Check, then migrate, then set the durability pragmas: a refused file gets no write.

        The checks run in a read transaction (other connections keep writing meanwhile); only
        when migrations are due is the write lock taken, and they all run in one transaction."""
        conn.execute("PRAGMA foreign_keys=ON")
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.conn = conn
        conn.execute("BEGIN")
        try:
            fresh = self._check_header(conn)
            if not fresh:
                self._check_integrity(conn)
            due = fresh or self._migrations_due(conn)
        finally:
            self._rollback()
        if due:
            self._migrate()
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")

    def _check_header(self, conn: sqlite3.Connection) -> bool:
        """Ours and not newer than this software; True for a new, empty database."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
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
        return tables == 0

    def _check_integrity(self, conn: sqlite3.Connection) -> None:
        """PRAGMA quick_check: every page of every b-tree read once, so a damaged or truncated
        file is refused at opening instead of failing half-way through a sale.

        Measured on a 130 MB database of 100,000 products (main.py seed-demo --products 100000):
        0.13 s on a read-only connection, 0.27 s on the read-write one (integrity_check, which
        also compares every index with its table: 0.5 s). So it runs on a second, read-only
        connection while `conn` stays open: `conn` owns the -wal/-shm files and removes them
        when it closes, which a read-only connection would not."""
        uri = self.path.absolute().as_uri() + "?mode=ro"
        check = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=self.BUSY_TIMEOUT_S)
        try:
            result = [row[0] for row in check.execute("PRAGMA quick_check(5)").fetchall()]
        finally:
            check.close()
        if result != ["ok"]:
            raise DatabaseCorrupt("{path} is damaged", path=str(self.path), sqlite="quick_check",
                                  error="; ".join(result))

    def _migrations_due(self, conn: sqlite3.Connection) -> bool:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return (app_id != schema.APPLICATION_ID or version != schema.SCHEMA_VERSION
                or bool(schema.migrations.pending(self.db)))

    def _migrate(self) -> None:
        """All pending migrations and the header stamps in ONE transaction: a failure (a full
        disk half-way) leaves the file as it was."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self._check_header(self.conn) or self._migrations_due(self.conn):  # re-read under the lock
                self.conn.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
                schema.migrations.apply(self.db)
                self.conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION}")
        except BaseException:
            self._rollback()
            raise
        self.conn.execute("COMMIT")

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
        kiosk) waits instead of failing half-way with SQLITE_BUSY on lock upgrade. A problem of
        the file itself (a full disk, a read-only or damaged file) rolls everything back and comes
        out as the DatabaseProblem it is (pos.dbfile.translate), so the clerk reads what to do."""
        if self.conn.in_transaction:
            try:
                with self.db.atomic():
                    yield self.conn
            except BaseException:
                self._forget_all()  # the savepoint's writes are gone
                raise
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.problem(exc) from exc
        self._in_write, self._fresh = True, False
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            problem = self.problem(exc)
            if problem is exc:
                raise
            raise problem from exc
        finally:
            self._in_write = False
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise self.problem(exc) from exc

    def _rollback(self) -> None:
        self._forget_all()  # what was cached inside the transaction may be what it wrote
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # SQLite may have rolled back itself (SQLITE_FULL, IOERR)
                pass

    def _forget_all(self) -> None:
        self._settings_cache, self._settings_rows, self._memo, self._kept = None, None, {}, {}

    def problem(self, exc: BaseException) -> BaseException:
        """`exc` as the DatabaseProblem it means for this file, or `exc` itself."""
        return dbfile.translate(exc, self.path)

    # -- time ----------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self.clock()

    def now_iso(self) -> str:
        return clocks.utc_iso(self.clock())

    def business_day(self, when: dt.datetime | None = None) -> str:
        """The Vietnam calendar date of `when` (default now): days are Vietnam days."""
        return clocks.business_day(when or self.clock())

    def business_date(self, when: dt.datetime | None = None) -> dt.date:
        return clocks.business_date(when or self.clock())

    # -- settings ------------------------------------------------------------------------
    def _changed_elsewhere(self) -> bool:
        """Did another connection commit since the last look? Several Stores share the file (UI
        worker, sync thread, print queue): what the sync thread pulls must reach the others.
        data_version changes whenever another connection commits; inside this Store's write
        transaction none can, so it is read once per transaction (a sale asks for settings a
        dozen times). A change drops the memos (memo())."""
        if self._in_write and self._fresh:
            return False
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        self._fresh = self._in_write
        if version == self._settings_version:
            return False
        self._settings_version, self._memo, self._settings_stale = version, {}, True
        return True

    def _settings(self) -> dict[str, object]:
        self._changed_elsewhere()
        if self._settings_stale or self._settings_cache is None:
            rows = self.conn.execute("SELECT key, value FROM settings").fetchall()
            if self._settings_cache is None or rows != self._settings_rows:  # another table changed: kept
                values = dict(DEFAULT_SETTINGS)
                for key, value in rows:
                    values[key] = json.loads(value)
                self._settings_cache, self._settings_rows = values, rows
            self._settings_stale = False
        return self._settings_cache

    def memo(self, key: str, load: Callable[[], object]):
        """`load()`'s answer, kept until another connection commits (data_version), this Store
        rolls back, or forget(key): for small tables a sale reads every time and that change only
        by a pull (the e-invoice setup). Whoever writes such a table calls forget(key)."""
        self._changed_elsewhere()
        if key not in self._memo:
            self._memo[key] = load()
        return self._memo[key]

    def forget(self, key: str) -> None:
        self._memo.pop(key, None)

    def kept(self, key: str, version) -> dict:
        """A dict this Store keeps under `key` for as long as `version` stays the same: the caller
        reads the version inside its transaction (a number triggers bump, e.g. catalog_rev) and
        fills the dict with what that version decides. Emptied when the version changes or this
        Store rolls back (what was read may have been its own uncommitted writes)."""
        entry = self._kept.get(key)
        if entry is None or entry[0] != version or len(entry[1]) > 20_000:
            entry = self._kept[key] = (version, {})
        return entry[1]

    def catalog_rev(self) -> int:
        """The number triggers bump at every change of the catalog and of what the kiosk applies
        from a pull (products, VAT changes m021; prices, promotions, gift sets m023), whoever makes
        it: the version for kept() of anything read from those tables."""
        return self.conn.execute("SELECT rev FROM catalog_rev").fetchone()[0]

    def settings(self) -> dict[str, object]:
        """A copy: callers may change it without touching the store's view."""
        return dict(self._settings())

    def setting(self, key: str):
        return self._settings()[key]

    def set_settings(self, **values) -> OpChanges:
        validate_settings(values)
        with self.transaction() as conn:
            for key, value in values.items():
                conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value, ensure_ascii=False)),
                )
        self._settings_cache = self._settings_rows = None
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
