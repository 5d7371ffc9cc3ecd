"""Product pictures on screen: read from the picture cache and decoded off the UI thread, kept as
pixmaps in Qt's QPixmapCache by (hash, size), and asked of the fetcher when not on disk yet.

Why a thread pool and QImageReader: a JPEG decoded at a reduced size (setScaledSize) costs a
fraction of a full decode, and a grid of 200 tiles must show at once with placeholders; each
picture then lands in its tile when ready (`ready`). QPixmap is made on the UI thread only (Qt's
rule); the workers hand over QImages."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap, QPixmapCache

from pos.picture_cache import PictureCache


class _Signals(QObject):
    loaded = Signal(str, int, QImage)
    missing = Signal(str, int)


class _Load(QRunnable):
    def __init__(self, cache: PictureCache, signals: _Signals, sha: str, size: int):
        super().__init__()
        self.cache, self.signals, self.sha, self.size = cache, signals, sha, size

    def run(self) -> None:
        data = self.cache.read(self.sha)
        if data is None:
            self.signals.missing.emit(self.sha, self.size)
            return
        buf = QBuffer()
        buf.setData(QByteArray(data))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buf)
        full = reader.size()
        if full.isValid() and max(full.width(), full.height()) > self.size:
            reader.setScaledSize(full.scaled(QSize(self.size, self.size), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            self.signals.missing.emit(self.sha, self.size)
            return
        self.signals.loaded.emit(self.sha, self.size, image)


class PictureLoader(QObject):
    """`pixmap(sha, url, size)`: the pixmap now if decoded before, else None and `ready(sha, size)`
    later. `fetcher` (sync.pictures.PictureFetcher, when the kiosk syncs) brings missing files."""

    ready = Signal(str, int)
    _fetched = Signal(str)  # from the fetcher's thread, queued to this one

    def __init__(self, cache: PictureCache, fetcher=None, parent=None):
        super().__init__(parent)
        self.cache = cache
        self.fetcher = fetcher
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 48 * 1024))  # KB: a few screens of tiles
        self._signals = _Signals()
        self._signals.loaded.connect(self._loaded)
        self._signals.missing.connect(self._missing)
        self._fetched.connect(self._on_fetched)
        self._pending: set[tuple[str, int]] = set()
        self._waiting: dict[str, tuple[str, set[int]]] = {}  # sha -> (url, sizes) asked of the fetcher

    @staticmethod
    def key(sha: str, size: int) -> str:
        return f"pic:{sha}:{size}"

    def pixmap(self, sha: str, url: str, size: int, priority: int = 0) -> QPixmap | None:
        """`priority`: a picture on screen (1) is decoded before those asked ahead of a scroll (0)."""
        found = self.decoded(sha, size)
        if found is not None:
            return found
        if (sha, size) not in self._pending:
            self._pending.add((sha, size))
            self._waiting.setdefault(sha, (url, set()))[1].add(size)
            self.pool.start(_Load(self.cache, self._signals, sha, size), priority)
        return None

    def decoded(self, sha: str, size: int) -> QPixmap | None:
        """The pixmap if decoded before (no decode is started)."""
        found = QPixmapCache.find(self.key(sha, size))
        return found if found is not None and not found.isNull() else None

    def busy(self) -> int:
        """Decodes asked for and not landed yet."""
        return len(self._pending)

    def _loaded(self, sha: str, size: int, image: QImage) -> None:
        self._pending.discard((sha, size))
        url, sizes = self._waiting.get(sha, ("", set()))
        sizes.discard(size)
        if not sizes:
            self._waiting.pop(sha, None)
        QPixmapCache.insert(self.key(sha, size), QPixmap.fromImage(image))
        self.ready.emit(sha, size)

    def _missing(self, sha: str, size: int) -> None:
        self._pending.discard((sha, size))
        if self.fetcher is not None and sha in self._waiting:
            self.fetcher.want(sha, self._waiting[sha][0])
        else:
            self._waiting.pop(sha, None)

    def fetched_from_thread(self, sha: str) -> None:
        """PictureFetcher on_fetched callback: safe from any thread."""
        self._fetched.emit(sha)

    def _on_fetched(self, sha: str) -> None:
        url, sizes = self._waiting.get(sha, ("", set()))
        for size in list(sizes):
            if (sha, size) not in self._pending:
                self._pending.add((sha, size))
                self.pool.start(_Load(self.cache, self._signals, sha, size))
