"""Keeps the open sale in the database (pos.open_cart) while the clerk rings it up.

Every change (a scan, a quantity, a discount, a payment part taken or removed) asks for a save,
written and fsynced (synchronous=FULL) right after the change, never on the UI thread. A scanner
burst must not queue a write per key, and the last change must never be lost, so there is at most
one save in flight plus "something changed since": when the save in flight is done, ONE more save
writes the cart as it is then. The state is read from the screen when the save is submitted (on
the UI thread, where the cart lives), so that one save carries every change made meanwhile.

Saves run on their own thread with their own connection ("cart-saver"), not on the screen's DB
worker: there, each save's commit sat in front of the next scan's barcode lookup (scan to cart
median 3-5 ms became 6-8 ms in bench/bench_ui.py). Everything else that opens or closes the open
cart but the sale - hold, the held list, resume, discard - goes through submit() onto the same
thread, after flush(), so those run in the order the clerk did them. The sale itself stays on the
DB worker and is submitted through when_written(): only once the saver has written everything
queued, so the row it closes is this cart's (had the cart's first save landed after the sale, it
would have opened the sold cart again). A save arriving after the sale is refused by
pos.open_cart. The saver starts with the first job (after a login, so after the DB worker opened
and migrated the database, and not during the kiosk's start-up) and stops with the DB worker,
after writing what was queued.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from .ops import open_cart as open_cart_ops


class CartKeeper(QObject):
    """`source()` returns the screen's open sale as {"cart_id", "cart" (to_dict), "parts",
    "staff_id"}, or None when there is nothing to keep (the sale is done)."""

    failed = Signal(object)  # the exception of a save that failed (the screen shows an alert)
    saved = Signal()  # a save reached the database (tests and the bench wait on idle instead)

    def __init__(self, db_worker, parent=None):
        super().__init__(parent)
        self.db_worker = db_worker
        self.worker = None  # the saver's own DbWorker, started by the first job
        self.source: Callable[[], dict | None] | None = None
        self.in_flight = 0
        self.dirty = False
        self.submitted = 0  # saves sent to the worker (a burst of changes sends few)
        self.unsaved = False  # the last save failed: flush() tries again
        self._removed: list[dict] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # after the change is painted, in the same turn of the loop
        self._timer.timeout.connect(self._kick)
        db_worker.stopping.connect(self.stop)
        self._stopped = False

    def _saver(self):
        if self.worker is None and not self._stopped:
            from .worker import DbWorker

            self.worker = DbWorker(self.db_worker.db_path, store_factory=self.db_worker.store_factory, parent=self,
                                   clock=self.db_worker.clock, name="cart-saver")
            self.worker.changed.connect(self.db_worker.changed)  # its jobs' changes reach the same listeners
        return self.worker

    def stop(self) -> None:
        """Write what is pending and end the saver's thread (the kiosk is closing)."""
        if self._stopped:
            return
        self.flush()
        self._stopped = True
        if self.worker is not None:
            self.worker.stop()

    @property
    def idle(self) -> bool:
        """Everything the screen shows has been written (or failed and was reported), and the
        open-cart jobs given to submit() have run."""
        return not self.dirty and not self.in_flight and (self.worker is None or self.worker.pending == 0)

    def when_written(self, fn) -> None:
        """Call `fn()` on the UI thread once every change made so far is in the database (the
        saver runs its jobs in order: a no-op queued behind them answers when they are done)."""
        self.flush()
        if self.worker is None or (not self.in_flight and self.worker.pending == 0):
            fn()
            return
        if not self.worker.submit(lambda store: None, on_done=lambda _r: fn(), on_error=lambda _e: fn()):
            fn()

    def submit(self, fn, *args, on_done=None, on_error=None) -> int:
        """Run an open-cart job (hold, resume, discard...) on the saver, after the latest save."""
        self.flush()
        saver = self._saver()
        if saver is None:
            return 0
        return saver.submit(fn, *args, on_done=on_done, on_error=on_error)

    def changed(self, removed_parts: list[dict] | None = None) -> None:
        """The open sale changed; `removed_parts` are payment parts the clerk took off (audited
        with the save that writes their removal)."""
        if removed_parts:
            self._removed.extend(removed_parts)
        self.dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Queue the latest state now, even with a save in flight (closing, selling, holding)."""
        self._timer.stop()
        if self.dirty or self.unsaved:
            self._submit()

    def _kick(self) -> None:
        if self.dirty and not self.in_flight:
            self._submit()

    def _submit(self) -> None:
        self.dirty = self.unsaved = False
        state = self.source() if self.source is not None else None
        if state is None:
            self._removed = []
            return
        removed, self._removed = self._removed, []
        saver = self._saver()
        if saver is None:  # stopped: the kiosk is closing and its last state was written
            return
        job = saver.submit(open_cart_ops.save, state["cart_id"], state["cart"], state["parts"],
                                 state.get("staff_id"), removed,
                                 on_done=self._done, on_error=lambda exc: self._failed(exc, removed))
        if job:
            self.in_flight += 1
            self.submitted += 1

    def _done(self, _written: bool) -> None:
        self.in_flight -= 1
        self.saved.emit()
        self._kick()

    def _failed(self, exc, removed: list[dict]) -> None:
        self.in_flight -= 1
        self._removed = removed + self._removed  # their audit goes with the next save
        self.unsaved = True  # tried again with the next change or at flush, not in a loop (a full disk)
        self.failed.emit(exc)
        self._kick()
