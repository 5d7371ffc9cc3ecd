"""Bad ground under the database: every way the FILE can be wrong is refused with its own
DatabaseProblem, and the refused file is left byte for byte as it was (no -wal/-shm beside it,
no application id stamped, no migration half-applied). Work that hits a full disk fails whole."""
from __future__ import annotations

import os
import random
import shutil
import sqlite3

import pytest

from disks import fill, read_only, remount_read_only, snapshot, tmpfs
from pos import catalog, dbfile, errors, sales, schema
from pos.cart import Cart
from pos.store import Store


@pytest.fixture
def good_db(tmp_path, small, store):
    """A real kiosk database (catalog, staff, one sale), closed, alone in its folder."""
    folder = tmp_path / "good"
    folder.mkdir()
    cart = Cart()
    cart.add(catalog.get_product(store, small.salt))
    from pos import shifts

    shifts.open_shift(store, small.clerk, 0)
    sales.complete_sale(store, cart, [{"method": "cash", "tendered": 50_000}], small.clerk)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(store.path, folder / "kiosk.db")
    return folder / "kiosk.db"


def refused(path, kind):
    """Open `path`; it must be refused with `kind`, and leave its folder exactly as it was."""
    before = snapshot(path.parent)
    with pytest.raises(kind) as info:
        Store(path)
    assert snapshot(path.parent) == before
    assert info.value.details["path"]
    return info.value


@pytest.mark.parametrize("keep", [50, 100, 4096, 3 * 4096 + 17, "half", "one page short"])
def test_a_truncated_database_is_refused_as_damaged_and_left_as_it_was(good_db, keep):
    data = good_db.read_bytes()
    cut = {"half": len(data) // 2, "one page short": len(data) - 4096}.get(keep, keep)
    good_db.write_bytes(data[:cut])
    exc = refused(good_db, errors.DatabaseCorrupt)
    assert exc.code == "database_corrupt" and str(good_db) in exc.message


def test_random_bytes_are_not_a_database_and_a_damaged_page_is_found(good_db):
    rnd = random.Random(7)
    data = good_db.read_bytes()
    good_db.write_bytes(rnd.randbytes(len(data)))
    refused(good_db, errors.NotAPosDatabase)
    # the right header but a b-tree page overwritten with noise: quick_check finds it at opening
    damaged = bytearray(data)
    damaged[4096 * 3: 4096 * 3 + 2000] = rnd.randbytes(2000)
    good_db.write_bytes(bytes(damaged))
    refused(good_db, errors.DatabaseCorrupt)


def test_a_newer_or_foreign_database_gets_no_write(good_db, tmp_path):
    con = sqlite3.connect(good_db)
    con.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    exc = refused(good_db, errors.DatabaseTooNew)
    assert exc.details["version"] == schema.SCHEMA_VERSION + 1
    foreign = tmp_path / "other" / "notes.db"
    foreign.parent.mkdir()
    con = sqlite3.connect(foreign)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE notes(x)")
    con.commit()
    con.close()
    refused(foreign, errors.NotAPosDatabase)
    assert sqlite3.connect(foreign).execute("PRAGMA application_id").fetchone()[0] == 0


def test_pending_migrations_run_in_one_transaction(good_db, monkeypatch):
    """Two migrations due, the second fails: the first is not left applied on its own."""
    con = sqlite3.connect(good_db)
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_name_prefix_index'")
    con.execute("DROP INDEX products_name_folded")
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.close()
    migrations = schema.migrations
    patched = type(migrations)(migrations.name)
    patched._migrations = list(migrations._migrations)

    @patched(name="m999_breaks")
    def m999_breaks(db):
        db.conn.execute("CREATE TABLE half_done(x)")
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count={pages + 2}")  # SQLite's SQLITE_FULL, as on a full disk
        db.conn.execute("INSERT INTO half_done SELECT zeroblob(4000) FROM products")

    monkeypatch.setattr(schema, "migrations", patched)
    refused(good_db, errors.DiskFull)  # the failure itself is translated for the clerk
    con = sqlite3.connect(good_db)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name IN ('half_done', 'products_name_folded')"
                       ).fetchone()[0] == 0
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()


def test_paths_that_cannot_hold_a_database_create_nothing(tmp_path):
    with pytest.raises(errors.DatabaseUnavailable, match="does not exist"):
        Store(tmp_path / "missing" / "kiosk.db")
    assert not (tmp_path / "missing").exists()
    with pytest.raises(errors.DatabaseUnavailable, match="is a folder"):
        Store(tmp_path)
    with pytest.raises(errors.NotAPosDatabase, match="does not exist"):
        Store(tmp_path / "kiosk.db", create=False)
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_file_or_folder_is_refused_before_sqlite_touches_it(good_db):
    with read_only(good_db):
        exc = refused(good_db, errors.DatabaseReadOnly)
    assert exc.code == "database_read_only"
    with read_only(good_db.parent):
        exc = refused(good_db, errors.DatabaseReadOnly)
        assert exc.details["folder"] == str(good_db.parent)
        with pytest.raises(errors.DatabaseReadOnly):  # nor can a new database be made there
            Store(good_db.parent / "new.db")
    # a stale, read-only -wal beside the file: SQLite could not replay or remove it
    (good_db.parent / "kiosk.db-wal").write_bytes(b"")
    with read_only(good_db.parent / "kiosk.db-wal"):
        exc = refused(good_db, errors.DatabaseReadOnly)
        assert exc.details["file"].endswith("kiosk.db-wal")


def test_a_read_only_mount_is_refused(good_db, tmp_path):
    with tmpfs(tmp_path / "ro", "4m") as mnt:
        shutil.copyfile(good_db, mnt / "kiosk.db")
        remount_read_only(mnt)
        refused(mnt / "kiosk.db", errors.DatabaseReadOnly)


def test_a_full_disk_is_refused_at_opening_and_a_new_file_is_not_left_behind(good_db, tmp_path):
    with tmpfs(tmp_path / "full", "2m") as mnt:
        shutil.copyfile(good_db, mnt / "kiosk.db")
        fill(mnt)
        exc = refused(mnt / "kiosk.db", errors.DiskFull)
        assert exc.details["free_kb"] == 0
        with pytest.raises(errors.DiskFull):
            Store(mnt / "new.db")
        assert not [p for p in os.listdir(mnt) if p.startswith("new.db")]


def test_a_new_database_that_does_not_fit_is_removed_again(tmp_path, monkeypatch):
    """The disk has room for the free-space check but not for the schema: SQLITE_FULL half-way
    through the first migration, and no empty or half-made file stays behind."""
    with tmpfs(tmp_path / "tiny", "64k") as mnt:
        monkeypatch.setattr(dbfile, "MIN_FREE_BYTES", 0)
        with pytest.raises(errors.DiskFull):
            Store(mnt / "kiosk.db")
        assert os.listdir(mnt) == []


def test_a_database_held_by_another_program_is_locked(good_db, monkeypatch):
    other = sqlite3.connect(good_db, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(Store, "BUSY_TIMEOUT_S", 0.05)
    try:
        with pytest.raises(errors.DatabaseLocked):
            Store(good_db)
    finally:
        other.execute("ROLLBACK")
        other.close()


def _sell_one(store, small):
    cart = Cart()
    cart.add(catalog.get_product(store, small.shrimp))
    return sales.complete_sale(store, cart, [{"method": "cash", "tendered": 300_000}], small.clerk)


def _counts(store):
    return {t: store.one(f"SELECT count(*) AS n FROM {t}")["n"]
            for t in ("sales", "sale_lines", "payments", "stock_moves", "outbox", "print_jobs")}


def test_a_sale_when_the_database_cannot_grow_fails_whole_as_disk_full(store, small):
    """SQLite's own limit gives the same SQLITE_FULL a full disk gives, on any machine."""
    from pos import shifts

    shifts.open_shift(store, small.clerk, 0)
    before = _counts(store)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(errors.DiskFull) as info:
        for _ in range(50):  # until the last free page is used
            _sell_one(store, small)
    assert info.value.details["sqlite"] == "SQLITE_FULL" and not store.conn.in_transaction
    after = _counts(store)
    sold = after["sales"] - before["sales"]
    # every sale that returned is whole, the one that failed left nothing: one line, one
    # payment, one stock move per sale
    for table in ("sale_lines", "payments", "stock_moves"):
        assert after[table] - before[table] == sold, table
    store.conn.execute("PRAGMA max_page_count=1073741823")
    _sell_one(store, small)  # room again: the kiosk sells on


class TestOnASmallDisk:
    @pytest.fixture
    def db_path(self, tmp_path):
        """The kiosk database on a 4 MB tmpfs (the store and small fixtures build on it)."""
        with tmpfs(tmp_path / "disk", "4m") as mnt:
            yield mnt / "kiosk.db"

    def test_a_sale_on_a_disk_that_filled_up_fails_whole_as_disk_full(self, store, small):
        from pos import shifts

        shifts.open_shift(store, small.clerk, 0)
        _sell_one(store, small)
        before = _counts(store)
        filler = fill(store.path.parent)
        with pytest.raises(errors.DiskFull) as info:
            for _ in range(200):
                _sell_one(store, small)
        assert "the last change was not saved" in info.value.message
        after = _counts(store)
        sold = after["sales"] - before["sales"]
        for table in ("sale_lines", "payments", "stock_moves"):
            assert after[table] - before[table] == sold, table
        filler.unlink()
        _sell_one(store, small)
        assert _counts(store)["sales"] == after["sales"] + 1


def test_errors_that_are_not_the_files_fault_pass_unchanged(store, small):
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO staff(id, code, name, role, pin_salt, pin_hash, updated_at) "
                         "SELECT id, code, name, role, pin_salt, pin_hash, updated_at FROM staff LIMIT 1")
    exc = sqlite3.OperationalError("no such table: x")
    assert dbfile.translate(exc, store.path) is exc
