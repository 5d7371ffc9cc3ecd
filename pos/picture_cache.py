"""The kiosk's picture cache: files named by the SHA-256 of their bytes, under a size bound, the
least recently used evicted first.

Why by hash: a picture's address at the centre is its hash (/media/<sha>.jpg), so a file is checked
against its own name before it is kept, never goes stale, and the same picture shared by two
products is kept once. Why the file's modification time as its last use: the order survives a
restart without a database of its own (the index is rebuilt from the folder once, at start).
Writes are atomic (a temporary file renamed into place), so a power cut never leaves a half file
under a final name; a file whose bytes no longer match its name is dropped when read.

One object is shared by the fetching thread (sync/pictures.py) and the UI's loading threads
(ui/pictures.py): every method takes the lock only around the index, never around disk reads."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

SHA = re.compile(r"[0-9a-f]{64}")
DEFAULT_MB = 256  # about 10,000 thumbnails of 320 px, or a few hundred full pictures


class HashMismatch(ValueError):
    """The downloaded bytes are not the file asked for (cut off, altered): refused."""


def cache_dir_for(db_path) -> Path:
    """The cache's folder, beside the kiosk's database file."""
    return Path(db_path).resolve().parent / "pictures"


class PictureCache:
    def __init__(self, root, max_mb: float = DEFAULT_MB):
        self.root = Path(root)
        self.max_bytes = int(max_mb * 1024 * 1024)
        self._lock = threading.Lock()
        self._index: OrderedDict[str, int] = OrderedDict()  # sha -> size, least recently used first
        self.total = 0
        self.evicted = 0
        self._scanned = False
        self._scan_lock = threading.Lock()

    def _ready(self) -> None:
        """The folder is read once, on first use: made on the UI thread, the cache touches no disk there."""
        if self._scanned:
            return
        with self._scan_lock:
            if not self._scanned:
                self._scan()
                self._scanned = True

    def _scan(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        found = []
        for path in self.root.glob("*/*.jpg"):
            if SHA.fullmatch(path.stem):
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                found.append((st.st_mtime, path.stem, st.st_size))
        for tmp in self.root.glob("*/.dl-*"):  # left by a power cut mid-download
            tmp.unlink(missing_ok=True)
        for _mtime, sha, size in sorted(found):
            self._index[sha] = size
            self.total += size
        self._evict()

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.jpg"

    def has(self, sha: str) -> bool:
        self._ready()
        with self._lock:
            return sha in self._index

    def set_bound(self, max_mb: float) -> None:
        self.max_bytes = int(max_mb * 1024 * 1024)
        if self._scanned:
            self._evict()

    def room_for_prefetch(self, share: float = 0.8) -> bool:
        """Whether fetching ahead of need may go on: it stops at `share` of the bound, so it never
        evicts what was just shown (the rest is fetched when a screen asks for it)."""
        self._ready()
        return self.total < self.max_bytes * share

    def put(self, sha: str, data: bytes) -> Path:
        """Keep `data` as the file `sha`, after checking the hash; evicts to stay under the bound."""
        if not SHA.fullmatch(sha) or hashlib.sha256(data).hexdigest() != sha:
            raise HashMismatch(f"the bytes downloaded for {sha[:12]} do not match its hash")
        self._ready()
        target = self.path(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".dl-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        with self._lock:
            self.total += len(data) - self._index.pop(sha, 0)
            self._index[sha] = len(data)
        self._evict(keep=sha)
        return target

    def read(self, sha: str) -> bytes | None:
        """The file's bytes when cached and intact (marked as just used), else None."""
        if not self.has(sha):
            return None
        path = self.path(sha)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._forget(sha)
            return None
        if hashlib.sha256(data).hexdigest() != sha:  # damaged on disk: fetched again when wanted
            path.unlink(missing_ok=True)
            self._forget(sha)
            return None
        self.touch(sha)
        return data

    def touch(self, sha: str) -> None:
        with self._lock:
            if sha not in self._index:
                return
            self._index.move_to_end(sha)
        try:
            os.utime(self.path(sha))
        except FileNotFoundError:
            self._forget(sha)

    def _forget(self, sha: str) -> None:
        with self._lock:
            self.total -= self._index.pop(sha, 0)

    def _evict(self, keep: str | None = None) -> None:
        while True:
            with self._lock:
                if self.total <= self.max_bytes or not self._index:
                    return
                sha, size = next(iter(self._index.items()))
                if sha == keep:
                    if len(self._index) == 1:
                        return
                    self._index.move_to_end(sha)
                    continue
                del self._index[sha]
                self.total -= size
                self.evicted += 1
            self.path(sha).unlink(missing_ok=True)

    def disk_bytes(self) -> int:
        """What the folder really holds (the bench checks the index against it)."""
        return sum(p.stat().st_size for p in self.root.glob("*/*.jpg"))
