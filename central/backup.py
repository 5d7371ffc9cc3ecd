"""Backup and restore of the central database, with the database's own tools.

PostgreSQL: pg_dump / pg_restore in their custom format (compressed, restorable table by table,
consistent while the server keeps taking pushes). SQLite: the online backup API
(`sqlite3.Connection.backup`), which copies a consistent snapshot while the server writes, WAL and
all, where a file copy could catch half a transaction. A restore runs the migrations to head
afterwards, so last year's backup opens on this year's code."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa

from central import db

PG_MAGIC = b"PGDMP"              # first bytes of a pg_dump custom-format archive
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """Bad input or a failed tool: shown as one `error:` line."""


def kind_of_file(path: Path) -> str:
    """'postgresql' or 'sqlite' from the file's first bytes; BackupError for anything else."""
    if not path.is_file():
        raise BackupError(f"no backup file {path}")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(f"{path} is not a backup made by `main.py server backup` "
                      "(neither a pg_dump custom archive nor a SQLite database)")


def backup(engine: sa.Engine, target: Path) -> str:
    """Write a backup of the engine's database to `target`; returns a one-line summary."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    if db.is_postgres(engine):
        _pg("pg_dump", engine, ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
    else:
        src = _sqlite_connect(engine, must_exist=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    return f"backup of {_describe(engine)} written to {target} ({target.stat().st_size} bytes)"


def restore(engine: sa.Engine, source: Path, force: bool = False) -> str:
    """Restore `source` into the engine's database, then migrate it to head.

    A database that already holds tables is refused unless `force` (then its tables are replaced):
    restoring over live data by mistake would lose every push since the backup."""
    source = Path(source)
    kind = kind_of_file(source)
    mine = "postgresql" if db.is_postgres(engine) else "sqlite"
    if kind != mine:
        raise BackupError(f"{source} is a {kind} backup but this server's database is {mine}")
    tables = sa.inspect(engine).get_table_names()
    if tables and not force:
        raise BackupError(f"{_describe(engine)} is not empty ({len(tables)} tables); "
                          "restore into an empty database, or add --force to replace its contents")
    if mine == "postgresql":
        _pg_restore(engine, source, clean=bool(tables))
    else:
        _sqlite_restore(engine, source)
    engine.dispose()  # connections opened before the restore may cache the old schema
    db.upgrade(engine)
    return f"{source} restored into {_describe(engine)}; schema migrated to the newest revision"


def _pg_restore(engine: sa.Engine, source: Path, clean: bool) -> None:
    engine.dispose()  # our own idle connections would hold locks --clean must take
    check = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True)
    if check.returncode != 0:
        raise BackupError(f"{source} is damaged: {_last_line(check.stderr)}")
    flags = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        flags += ["--clean", "--if-exists"]
    _pg("pg_restore", engine, flags + [str(source)], dbname_flag=True)


def _sqlite_restore(engine: sa.Engine, source: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            ok = src.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            names = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} cannot be read as SQLite: {exc}") from exc
        if not ok:
            raise BackupError(f"{source} is a damaged SQLite file")
        if "alembic_version" not in names:
            raise BackupError(f"{source} is a SQLite file but not a central-server backup")
        engine.dispose()
        dst = _sqlite_connect(engine)
        try:
            src.backup(dst)  # replaces every page of the target, in one step
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_connect(engine: sa.Engine, must_exist: bool = False) -> sqlite3.Connection:
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up or restore into")
    if must_exist and not Path(path).is_file():  # connect() would make an empty one and back that up
        raise BackupError(f"no database at {path}")
    try:
        return sqlite3.connect(path, timeout=30)
    except sqlite3.OperationalError as exc:
        raise BackupError(f"cannot open {path}: {exc}") from exc


def _pg(tool: str, engine: sa.Engine, args: list[str], dbname_flag: bool = False) -> None:
    """Run a PostgreSQL client tool against the engine's database. The connection goes in PG*
    variables, so the password never appears in the process list."""
    exe = shutil.which(tool)
    if not exe:
        raise BackupError(f"{tool} not found: install the PostgreSQL client (apt install postgresql-client)")
    url = engine.url
    env = dict(os.environ)
    for var, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database),
                       ("PGOPTIONS", url.query.get("options")), ("PGAPPNAME", url.query.get("application_name")),
                       ("PGHOST", url.query.get("host"))):
        if value:
            env[var] = str(value)
    cmd = [exe] + args + ([f"--dbname={env.get('PGDATABASE', '')}"] if dbname_flag else [])
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise BackupError(f"{tool} failed: {_last_line(out.stderr)}")


def _describe(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"
