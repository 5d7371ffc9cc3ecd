"""Real bad ground for tests: a tiny tmpfs that fills up, a file system remounted read-only, a
file or folder nobody may write.

Why not chmod: the tests run as root here, and root writes through file permissions. What stops
root too: a read-only mount (EROFS) and the immutable attribute (`chattr +i`, EPERM); both need
root (mount also CAP_SYS_ADMIN). As an ordinary user chmod does the job and is used instead.
Where none of this is possible the test is skipped and says why, never passed silently.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True)


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "2m"):
    """A fresh tmpfs of `size` mounted on `where` (skips the test where mounting is not allowed)."""
    if not ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    where.mkdir(parents=True, exist_ok=True)
    r = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    if r.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield where
    finally:
        _run("umount", "-l", str(where))


def remount_read_only(where: Path) -> None:
    r = _run("mount", "-o", "remount,ro", str(where))
    assert r.returncode == 0, r.stderr


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte; returns the filler file."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        block = b"\0" * 65536
        while True:
            try:
                os.write(fd, block)
            except OSError:
                if len(block) == 1:
                    break
                block = block[: len(block) // 2]
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free == 0
    return filler


@contextlib.contextmanager
def read_only(path: Path):
    """`path` (a file or a folder) cannot be written by this process, root included."""
    if ROOT:
        r = _run("chattr", "+i", str(path))
        if r.returncode:
            pytest.skip(f"chattr +i does not work here: {r.stderr.strip()}")
        try:
            yield path
        finally:
            _run("chattr", "-i", str(path))
    else:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield path
        finally:
            path.chmod(mode)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes: 'left exactly as it was' is an equality of these."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
