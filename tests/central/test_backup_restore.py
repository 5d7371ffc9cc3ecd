"""`main.py server backup` / `restore`: a backup taken while the server runs, restored into an empty
database, serves the kiosks as before: their nightly check finds every day matching without
resending anything. Also the refusals (non-empty target, missing or foreign files) and the
migration of an older backup to head."""
from __future__ import annotations

import datetime as dt
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from rig import (PASSWORD, PG_BASE, Kiosk, Server, build_central_catalog, head_revision, office_session,
                 pg_reachable, trade)
from testclock import Clock

ROOT = Path(__file__).resolve().parents[2]
DAY3 = "2026-11-23"


def server_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "server", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


class PgDatabases:
    """Whole fresh databases (pg_dump/pg_restore work on a database), dropped afterwards."""

    def __init__(self):
        import psycopg

        self.dsn = PG_BASE.replace("+psycopg", "")
        self.names: list[str] = []
        self._psycopg = psycopg

    def new(self) -> str:
        name = "ocop_backup_" + secrets.token_hex(5)
        with self._psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return PG_BASE.rsplit("/", 1)[0] + "/" + name

    def drop(self) -> None:
        with self._psycopg.connect(self.dsn, autocommit=True) as conn:
            for name in self.names:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def new_database(request, tmp_path):
    """A factory of empty central databases of one kind."""
    if request.param == "sqlite":
        names = iter(range(100))
        yield lambda: f"sqlite:///{tmp_path / f'central-{next(names)}.sqlite3'}"
        return
    why = pg_reachable()
    if why:
        pytest.skip(why)
    dbs = PgDatabases()
    try:
        yield dbs.new
    finally:
        dbs.drop()


def three_days_of_trade(srv: Server, tmp: Path) -> tuple[Kiosk, Kiosk]:
    from central import accounts as admin

    with srv.engine.begin() as conn:
        admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
    cat = build_central_catalog(office_session(srv.url), srv.url)
    clock = Clock(dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.timezone.utc))  # 10:00 in Vietnam
    hn = Kiosk(tmp / "hn01.db", srv, "HN01", "HN-BOOTH", clock, cat)
    bl = Kiosk(tmp / "bl01.db", srv, "BL01", "BL-SITE", clock, cat)
    trade(hn, bl)  # days 1 and 2
    clock.advance(days=1)
    hn.sell([(cat.cake, 2)], [{"method": "cash", "tendered": 70_000}])
    bl.sell([(cat.shrimp, 1), (cat.salt, 1)], [{"method": "card", "amount": 295_000, "reference": "TID9/1"}])
    hn.sync()
    bl.sync()
    return hn, bl


def test_backup_restore_into_empty_database_and_kiosks_reconcile_every_day(new_database, tmp_path):
    from sync.client import client_for, kiosk_figures, reconcile

    source, target = new_database(), new_database()
    backup = tmp_path / "central.backup"
    srv = Server(source)
    kiosks = []
    try:
        kiosks = list(three_days_of_trade(srv, tmp_path))
        out = server_cli("backup", str(backup), "--database-url", source)  # while the server runs
        assert out.returncode == 0, out.stderr
        assert "written to" in out.stdout and backup.stat().st_size > 0
    finally:
        srv.stop()
    days = ["2026-11-21", "2026-11-22", DAY3]
    out = server_cli("restore", str(backup), "--database-url", target)
    assert out.returncode == 0, out.stderr
    restored = Server(target)
    try:
        for k in kiosks:
            k.store.set_settings(server_url=restored.url)
            client = client_for(k.store)
            try:  # the server's own figures, before the kiosk could resend anything
                first = client.reconcile(kiosk_figures(k.store, days))["days"]
            finally:
                client.close()
            assert [(d["business_day"], d["status"]) for d in first] == [(d, "match") for d in days]
            assert all(d["server"]["sales"] > 0 for d in first)
            result = reconcile(k.store)  # the nightly check, as `main.py sync --reconcile` runs it
            assert result and all(d["status"] == "match" for d in result)
            last = k.store.settings()["sync_last_reconcile"]
            assert last["mismatch"] == [] and last["resent_days"] == []
        kiosks[0].sell([(kiosks[0].cat.salt, 1)], [{"method": "cash", "tendered": 45_000}])
        kiosks[0].sync()  # the restored server takes new pushes where the old one left off
    finally:
        for k in kiosks:
            k.store.close()
        restored.stop()


def test_restore_refuses_a_non_empty_database_unless_forced(new_database, tmp_path):
    from central import db

    source, target = new_database(), new_database()
    engine = db.make_engine(source)
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO locations (code, name, kind) VALUES ('HN-BOOTH', 'Hà Nội', 'hanoi_booth')"))
    engine.dispose()
    backup = tmp_path / "b.backup"
    assert server_cli("backup", str(backup), "--database-url", source).returncode == 0
    other = db.make_engine(target)
    db.upgrade(other)  # a live database: tables, no data from the backup
    other.dispose()
    out = server_cli("restore", str(backup), "--database-url", target)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: ") and "--force" in out.stderr
    out = server_cli("restore", str(backup), "--database-url", target, "--force")
    assert out.returncode == 0, out.stderr
    other = db.make_engine(target)
    with other.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM locations")).scalars().all() == ["Hà Nội"]
    other.dispose()


def test_restore_of_an_older_backup_migrates_it_to_head(new_database, tmp_path):
    from alembic import command
    from central import db

    source, target = new_database(), new_database()
    engine = db.make_engine(source)
    command.upgrade(db.alembic_config(engine), "0004")  # last season's schema
    engine.dispose()
    backup = tmp_path / "old.backup"
    assert server_cli("backup", str(backup), "--database-url", source).returncode == 0
    out = server_cli("restore", str(backup), "--database-url", target)
    assert out.returncode == 0, out.stderr
    engine = db.make_engine(target)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert "server_leases" in sa.inspect(conn).get_table_names()
    engine.dispose()


def test_bad_backup_files_get_one_error_line(new_database, tmp_path):
    target = new_database()
    text = tmp_path / "notes.txt"
    text.write_text("không phải bản sao lưu\n", encoding="utf-8")
    wrong_kind = tmp_path / "wrong.backup"
    if target.startswith("sqlite"):
        wrong_kind.write_bytes(b"PGDMP" + b"\0" * 100)
    else:
        import sqlite3

        sqlite3.connect(wrong_kind).execute("CREATE TABLE t (x)").connection.commit()
    for path, words in ((tmp_path / "missing.backup", "no backup file"), (text, "not a backup"),
                        (wrong_kind, "backup but this server's database is")):
        out = server_cli("restore", str(path), "--database-url", target)
        assert out.returncode == 1, (path, out.stderr)
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: ") and words in out.stderr, out.stderr
    out = server_cli("backup", str(tmp_path / "no-such-folder" / "x.backup"), "--database-url", target)
    assert out.returncode == 1 and out.stderr.startswith("error: ") and out.stderr.count("\n") == 1
    if target.startswith("sqlite"):  # nothing there: refused, not an empty database backed up
        out = server_cli("backup", str(tmp_path / "x.backup"), "--database-url", target)
        assert out.returncode == 1 and out.stderr.startswith("error: no database at"), out.stderr
        assert not (tmp_path / "x.backup").exists()
