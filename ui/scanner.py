"""Keyboard-wedge barcode scanners, recognised wherever the focus is.

A USB scanner is a keyboard that types a code very fast and presses Enter. An application-wide
event filter holds back printable keys while they arrive faster than a person types; a burst
ending in Enter with enough characters is a scan: it is swallowed (never lands as text in any
field) and emitted as `scanned(code)`. Anything else is replayed, in order, to the widget it was
meant for, so typing is unaffected apart from a delay of `gap_ms` on the last key.
Serial scanners (pyserial, on the device thread) feed the same `scanned` path via
AppContext.scan_from_device.
"""
from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

SCAN_CHARS = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
_WATCHED = _ACTIVITY | {QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}


class WedgeScanner(QObject):
    scanned = Signal(str)

    def __init__(self, parent=None, gap_ms: int = 50, min_len: int = 8):
        super().__init__(parent)
        self.gap_ns = gap_ms * 1_000_000
        self.min_len = min_len
        self.enabled = True
        self._buf: list[tuple[object, QKeyEvent]] = []  # (receiver, copy of the event)
        self._last_ns = 0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(gap_ms)
        self._timer.timeout.connect(self.flush)
        self.last_scan_ns = 0  # when the last scan's Enter arrived (bench: scan -> painted)
        self.on_activity = None  # called on every key press / click (the idle lock listens)
        self._ts_base: int | None = None  # monotonic ns minus window-system ms timestamps

    def install(self, app: QApplication | None = None) -> None:
        (app or QApplication.instance()).installEventFilter(self)
        self.installed = True

    def uninstall(self, app: QApplication | None = None) -> None:
        self.flush()
        (app or QApplication.instance()).removeEventFilter(self)
        self.installed = False

    @contextlib.contextmanager
    def suspended(self):
        """Take the filter out while building screens (no user input is handled meanwhile)."""
        was = getattr(self, "installed", False)
        if was:
            self.uninstall()
        try:
            yield
        finally:
            if was:
                self.install()

    # -- the filter -------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        etype = event.type()
        if etype not in _WATCHED:
            return False
        if etype in _ACTIVITY and self.on_activity is not None:
            self.on_activity()
        if self._replaying or not self.enabled:
            return False
        if etype == QEvent.Type.ShortcutOverride:
            # inside a burst, a key that is also a shortcut ('-' in a receipt number) is ours
            fast = self._buf and self._when(event) - self._last_ns <= self.gap_ns
            is_end = event.key() in ENTER_KEYS and len(self._buf) >= self.min_len
            if fast and (_is_scan_char(event) or is_end):
                event.accept()
                return True
            return False
        if etype == QEvent.Type.KeyRelease:
            # releases of held-back keys would arrive before their presses: hold them too
            return bool(self._buf) and event.key() != Qt.Key.Key_unknown and _is_scan_char(event)
        if etype != QEvent.Type.KeyPress or not obj.isWidgetType():
            return False
        now = self._when(event)
        key = event.key()
        if key in ENTER_KEYS:
            if len(self._buf) >= self.min_len and now - self._last_ns <= self.gap_ns:
                code = "".join(ev.text() for _, ev in self._buf)
                self._buf.clear()
                self._timer.stop()
                self.last_scan_ns = now
                self.scanned.emit(code)
                return True
            self.flush()
            return False
        if _is_scan_char(event) and not event.isAutoRepeat():
            if self._buf and now - self._last_ns > self.gap_ns:
                self.flush()
            self._buf.append((obj, QKeyEvent(event.type(), key, event.modifiers(), event.text(),
                                             event.isAutoRepeat(), event.count())))
            self._last_ns = now
            self._timer.start()
            return True
        # any other key: what was held back goes first, in order
        self.flush()
        return False

    def _when(self, event) -> int:
        """When the key was pressed (ns): the window system's timestamp when it gives one, so a
        busy UI thread handling the keys late does not stretch the gaps; else the arrival time."""
        ts = event.timestamp()
        if ts:
            if self._ts_base is None or ts * 1_000_000 + self._ts_base < self._last_ns - 10**9:
                self._ts_base = time.monotonic_ns() - ts * 1_000_000
            return ts * 1_000_000 + self._ts_base
        return time.monotonic_ns()

    def flush(self) -> None:
        """Deliver held-back keys to the widgets they were typed into."""
        self._timer.stop()
        if not self._buf:
            return
        buf, self._buf = self._buf, []
        self._replaying = True
        try:
            for receiver, ev in buf:
                try:
                    QApplication.sendEvent(receiver, ev)
                    rel = QKeyEvent(QEvent.Type.KeyRelease, ev.key(), ev.modifiers(), ev.text())
                    QApplication.sendEvent(receiver, rel)
                except RuntimeError:  # the widget was deleted meanwhile
                    pass
        finally:
            self._replaying = False


def _is_scan_char(event) -> bool:
    text = event.text()
    mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
    return len(text) == 1 and text in SCAN_CHARS and mods == Qt.KeyboardModifier.NoModifier
