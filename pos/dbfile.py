"""The database file on its disk: what must hold before SQLite may touch it, and what SQLite's
complaints about it mean for the clerk.

Why the file system is asked first: SQLite opens a file it cannot write read-only without a
word, and reading a WAL database creates the -wal and -shm files beside it (which a read-only
connection then leaves behind). A file the kiosk refuses must be left exactly as it was, so
everything the file system can tell (is it a folder, can the file and its folder be written, is
there room) is checked before SQLite opens it.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import (DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly, DatabaseUnavailable, DiskFull,
                     NotAPosDatabase)

SQLITE_MAGIC = b"SQLite format 3\x00"
# Below this the kiosk does not open: a shift needs room for its sales, the WAL and a
# checkpoint, and failing at the first sale is worse than saying so before login.
MIN_FREE_BYTES = 1 << 20

# primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 10, 11, 13, 14, 26


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside the database (WAL, shared memory, rollback journal)."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def check_path(path: Path) -> None:
    """Refuse a path that cannot hold a database file (nothing is created)."""
    path = Path(path).absolute()
    folder = path.parent
    if path.is_dir():
        raise DatabaseUnavailable("{path} is a folder, not a database file", path=str(path))
    if not folder.exists():
        raise DatabaseUnavailable("the folder {folder} does not exist", path=str(path), folder=str(folder))
    if not folder.is_dir():
        raise DatabaseUnavailable("{folder} is not a folder", path=str(path), folder=str(folder))


def check_writable(path: Path) -> None:
    """The file, its companions and its folder must be writable: the kiosk writes every sale, and
    SQLite creates the -wal/-shm files in the folder."""
    path = Path(path).absolute()
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseReadOnly("the folder {folder} cannot be written (read-only or no permission)",
                               path=str(path), folder=str(folder))
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseReadOnly("{path} cannot be written (read-only or no permission)", path=str(path))
    for other in companions(path):
        if other.exists() and not os.access(other, os.R_OK | os.W_OK):
            raise DatabaseReadOnly("{file} beside the database cannot be written (read-only or no permission)",
                                   path=str(path), file=str(other))


def free_bytes(path: Path) -> int | None:
    """Free space for an ordinary user on the disk holding `path` (None when it cannot be told)."""
    try:
        st = os.statvfs(Path(path).absolute().parent)
    except (OSError, AttributeError):  # no statvfs on Windows; a vanished folder is found elsewhere
        return None
    return st.f_bavail * st.f_frsize


def check_space(path: Path) -> None:
    free = free_bytes(path)
    if free is not None and free < MIN_FREE_BYTES:
        raise DiskFull("the disk holding {path} is full: {free_kb:num} kB free", path=str(Path(path).absolute()),
                       free_kb=free // 1024)


def check_header(path: Path) -> None:
    """A non-empty file must at least start like a SQLite database."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseUnavailable("{path} cannot be read", path=str(path), error=str(exc)) from exc
    if head != SQLITE_MAGIC:
        raise NotAPosDatabase("{path} is not a POS database (not SQLite)", path=str(path))


def check_before_open(path: Path, create: bool) -> None:
    """Everything the file system can tell before SQLite touches the file, in the order a
    technician would look: the path, then permissions, then room, then the file's first bytes."""
    check_path(path)
    if not create and not Path(path).exists():
        raise NotAPosDatabase("{path} does not exist", path=str(path))
    check_writable(path)
    check_space(path)
    check_header(path)


def remove_new(path: Path) -> None:
    """Remove a database file this process created and could not finish, with its companions."""
    for p in [Path(path), *companions(Path(path))]:
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # the reason it failed (a full or read-only disk) may stop this too
            pass


def translate(exc: BaseException, path: Path) -> BaseException:
    """The DatabaseProblem an sqlite3 error about the FILE means, or `exc` itself (constraint
    violations, SQL mistakes and everything else are not the file's fault)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or code is None:
        return exc
    primary = code & 0xFF
    where = str(Path(path).absolute()) if str(path) != ":memory:" else str(path)
    info = {"path": where, "sqlite": getattr(exc, "sqlite_errorname", "") or str(code), "error": str(exc)}
    if primary == _IOERR:
        free = free_bytes(path) if str(path) != ":memory:" else None
        if free is not None and free < MIN_FREE_BYTES:
            primary = _FULL  # SQLite reports a full disk while growing -shm as an I/O error
    if primary == _FULL:
        return DiskFull("the disk holding {path} is full: the last change was not saved", **info)
    if primary in (_READONLY, _PERM):
        return DatabaseReadOnly("{path} cannot be written: the last change was not saved", **info)
    if primary in (_CORRUPT, _NOTADB):
        return DatabaseCorrupt("{path} is damaged", **info)
    if primary in (_BUSY, _LOCKED):
        return DatabaseLocked("{path} is in use by another program", **info)
    if primary == _IOERR:
        return DatabaseUnavailable("the disk reported an error reading or writing {path}", **info)
    if primary == _CANTOPEN:
        return DatabaseUnavailable("{path} cannot be opened", **info)
    return exc
