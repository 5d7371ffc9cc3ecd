"""Keeps the open sale in the database (pos.open_cart) while the clerk rings it up.

Every change (a scan, a quantity, a discount, a payment part taken or removed) asks for a save;
the save runs on the DB worker, never on the UI thread. A scanner burst must not queue a write
per key, and the last change must never be lost, so there is at most one save in flight plus
"something changed since": when the save in flight is done, ONE more save writes the cart as it
is then. The state is read from the screen when the save is submitted (on the UI thread, where
the cart lives), so that one save carries every change made meanwhile.

Before anything that closes the cart on the worker (the sale, hold, discard) and at shutdown the
screen calls flush(): the latest state is queued at once, ahead of that job (the worker runs jobs
in order), so a late save can neither be lost nor land after the sale (pos.open_cart refuses it).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal


def save_open_cart(store, cart_id: str, cart: dict, parts: list[dict], staff_id, removed: list[dict]) -> bool:
    from pos import open_cart

    return open_cart.save(store, cart_id, cart, parts, staff_id, removed_parts=removed)


def load_open_cart(store):
    from pos import open_cart

    return open_cart.load(store)


class CartKeeper(QObject):
    """`source()` returns the screen's open sale as {"cart_id", "cart" (to_dict), "parts",
    "staff_id"}, or None when there is nothing to keep (the sale is done)."""

    failed = Signal(object)  # the exception of a save that failed (the screen shows an alert)
    saved = Signal()  # a save reached the database (tests and the bench wait on idle instead)

    def __init__(self, worker, parent=None):
        super().__init__(parent)
        self.worker = worker
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

    @property
    def idle(self) -> bool:
        """Everything the screen shows has been written (or failed and was reported)."""
        return not self.dirty and not self.in_flight

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
        job = self.worker.submit(save_open_cart, state["cart_id"], state["cart"], state["parts"],
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
