"""The one database thread of the kiosk screen.

Why a single worker: a SQLite connection belongs to its thread, and a sale must never wait on a
second writer inside the same process. Every screen hands small functions `fn(store, *args)` (the
ops of ui/ops) to `DbWorker.submit`; they run in order on the DB thread and their result (or
exception) comes back to the UI thread through a queued Qt signal. The UI thread never waits on
the database. What a job changed (an OpChanges, or a result's `.changes`) is announced once its
on_done has run (`changed`), for every screen that listens. (The same shape as Anki's taskman +
collection ops.)
"""
from __future__ import annotations

import itertools
import logging
import sqlite3
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from pos.errors import PosError

from .ops import changes_of

log = logging.getLogger(__name__)


class _Runner(QObject):
    """Lives on the DB thread; owns the Store."""

    finished = Signal(int, int, object)  # job id, ok (1/0), result or exception
    opened = Signal(object)  # the Store's settings after opening, or the opening exception

    def __init__(self, db_path: str, store_factory: Callable[[str], Any] | None, clock: Callable | None):
        super().__init__()
        self._db_path = db_path
        self._factory = store_factory
        self._clock = clock
        self.store = None
        self.open_error: Exception | None = None

    @Slot()
    def open(self) -> None:
        self.close()  # a retry after the clerk fixed the disk opens afresh
        try:
            if self._factory is not None:
                self.store = self._factory(self._db_path)
            else:
                from pos.store import Store

                self.store = Store(self._db_path, clock=self._clock) if self._clock else Store(self._db_path)
            self.open_error = None
            self.opened.emit(self.store.settings())
        except Exception as exc:  # the UI shows it; the kiosk cannot sell without its database
            log.error("opening %s failed: %s", self._db_path, exc, exc_info=not isinstance(exc, PosError))
            self.close()
            self.open_error = exc
            self.opened.emit(exc)

    @Slot(int, object, object)
    def run(self, job_id: int, fn: Callable, args: tuple) -> None:
        if self.store is None:
            self.finished.emit(job_id, 0, self.open_error or RuntimeError("the database is not open"))
            return
        try:
            result = fn(self.store, *args)
        except Exception as exc:
            if isinstance(exc, sqlite3.Error):  # a full disk met outside a transaction, a damaged page
                exc = self.store.problem(exc)
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.finished.emit(job_id, 0, exc)
            return
        self.finished.emit(job_id, 1, result)

    @Slot()
    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class DbWorker(QObject):
    """Runs `fn(store, *args)` on the DB thread; calls back on the UI thread.

    Signals:
      opened(object)  - settings dict once the Store is open, or the exception that stopped it
                        (again after each reopen(); `open_result` keeps the last one)
      busy_changed(int) - number of jobs queued or running (0 = idle; tests wait on it)
      error(object)   - every failed job's exception that had no on_error (for a status line)
      changed(object) - the OpChanges of every job that returned some, after its on_done (and
                        even when on_done raised: the database did change); AppContext listens
      stopping()      - stop() was called: helpers tied to this worker stop with it (ui.open_cart)
    """

    opened = Signal(object)
    stopping = Signal()
    busy_changed = Signal(int)
    error = Signal(object)
    changed = Signal(object)
    _request = Signal(int, object, object)
    _open = Signal()
    _close = Signal()

    def __init__(self, db_path: str | Path, store_factory: Callable[[str], Any] | None = None, parent=None,
                 clock: Callable | None = None, name: str = "db-worker"):
        """`clock` is the kiosk's one clock (pos.clock), given to the Store it opens (a
        `store_factory` opens its own: give it the clock); the screens read the same callable from
        the AppContext, so "today" is one day on screen and in pos."""
        super().__init__(parent)
        self.db_path = str(db_path)
        self.store_factory = store_factory
        self.clock = clock
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner(self.db_path, store_factory, clock)
        self._runner.moveToThread(self._thread)
        self._request.connect(self._runner.run)
        self._open.connect(self._runner.open)
        # blocking: stop() returns once every job queued before it has run and the Store is
        # closed (QThread.quit() alone ends the loop with queued jobs never run: a cart saved
        # just before a SIGTERM would be lost)
        self._close.connect(self._runner.close, Qt.ConnectionType.BlockingQueuedConnection)
        self._runner.finished.connect(self._deliver)
        self.open_result: object = None  # None until the first opening is done
        self._runner.opened.connect(self._remember_open)
        self._runner.opened.connect(self.opened)
        self._thread.start()
        self._open.emit()
        self._stopped = False

    @Slot(object)
    def _remember_open(self, result: object) -> None:
        self.open_result = result

    @property
    def open_failed(self) -> bool:
        return isinstance(self.open_result, Exception)

    def reopen(self) -> None:
        """Open the database again (after the clerk freed space or fixed the file); `opened`
        reports the outcome. Jobs queued before it still run first, in order."""
        if not self._stopped:
            self._open.emit()

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(self, fn: Callable, *args, on_done: Callable | None = None,
               on_error: Callable | None = None) -> int:
        """Queue `fn(store, *args)`; returns a job id. Jobs run in submission order.

        After stop() (the kiosk is closing) nothing runs and 0 is returned: a late timer
        tick must not crash a shutdown."""
        if self._stopped:
            log.info("DB worker stopped: %s not run", getattr(fn, "__name__", fn))
            return 0
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._request.emit(job_id, fn, args)
        self.busy_changed.emit(len(self._callbacks))
        return job_id

    @Slot(int, int, object)
    def _deliver(self, job_id: int, ok: int, result: object) -> None:
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        try:
            if ok:
                try:
                    if on_done is not None:
                        on_done(result)
                finally:
                    self._announce(result)
            elif on_error is not None:
                on_error(result)
            elif result is self.open_result:  # not open: said once when opening failed
                log.debug("DB job not run: %s", result)
                self.error.emit(result)
            else:
                log.error("DB job failed: %s\n%s", result, getattr(result, "__traceback_text__", ""))
                self.error.emit(result)
        finally:
            self.busy_changed.emit(len(self._callbacks))

    def _announce(self, result: object) -> None:
        """Tell the listeners what the job changed: after the screen that asked has shown its
        result (as Anki runs an op's success callback before its change hooks)."""
        changes = changes_of(result)
        if changes is not None:
            self.changed.emit(changes)

    def stop(self) -> None:
        """Run the jobs already queued, close the Store on its own thread, end the thread.

        Their results are not delivered (the kiosk is closing); what they write is written."""
        if self._stopped:
            return
        self._stopped = True
        self.stopping.emit()
        self._close.emit()
        self._thread.quit()
        self._thread.wait()
