"""Keyboard-wedge barcode scanners, recognised wherever the focus is.

A USB scanner is a keyboard that types a code very fast and presses Enter. An application-wide
event filter holds back printable keys while they arrive faster than a person types; a burst
ending in Enter is a scan: it is swallowed (never lands as text in any field) and emitted as
`scanned(code)`. Anything else is replayed, in order, so typing is unaffected apart from a delay
of the gap on the last key.

How a scan is told from typing (README, "Barcode scanner set-up"):
  - by pace: at least `min_len` characters (5: the 7-digit PLU keys of weighed goods are codes
    too), every key at most `gap_ms` after the one before (30 ms: a person types 8 to 15 keys a
    second, a scanner hundreds), the Enter at most twice that after the last key;
  - with a prefix programmed into the scanner and set in the store's settings (`scanner.prefix`,
    e.g. "§"), by the prefix alone, at any pace: only what starts with it is a scan, so fast
    typing never is. A suffix (`scanner.suffix`, sent before the Enter) must then end the code too.
Fields where a scan makes no sense (a PIN, a card reference) carry the Qt property `typed_only`:
keys typed there go straight in, however fast (a prefixed scan is still a scan).
Keys held back when the clerk clicks or touches somewhere go where that click put the focus, not
back to the field the clerk just left.
2D scanners (QR, GS1 DataMatrix) type longer codes: GS1 Digital Link URLs, and GS1 element strings
whose variable-length fields end with a GS, typed as Ctrl+] (README, "2D codes"); pos/gs1.py reads them.
Serial scanners (pyserial, on the device thread) feed the same `scanned` path via
AppContext.scan_from_device.
"""
from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

# what a code may hold: GTINs and SKUs, GS1 Digital Link URLs (':' '/' '?' '=' '&' '%' ...), lots and
# serials in the GS1 character set 82, the symbology identifier's ']' and the GS (FNC1) of 2D codes
SCAN_CHARS = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"
                 "!\"%&'()*+,./:;<=>?_]\x1d")
GS = "\x1d"
_MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                            Qt.Key.Key_AltGr})
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DEFAULT_GAP_MS = 30
PREFIX_WAIT_MS = 500  # after the prefix, the rest of the code comes within this (else it was typed)
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
_POINTER = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
_WATCHED = _ACTIVITY | {QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}


def _text(event) -> str:
    """The key's character. A scanner types the GS (ASCII 29) that stands for FNC1 in a GS1 code as
    Ctrl+] (its control character); some window systems give that key no text."""
    text = event.text()
    if text == GS or (not text and event.key() == Qt.Key.Key_BracketRight
                      and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
        return GS
    return text


class WedgeScanner(QObject):
    scanned = Signal(str)

    def __init__(self, parent=None, gap_ms: int = DEFAULT_GAP_MS, min_len: int = 5):
        super().__init__(parent)
        self.min_len = min_len
        self.enabled = True
        self.prefix = ""
        self.suffix = ""
        self._buf: list[tuple[object, QKeyEvent]] = []  # (receiver, copy of the event)
        self._last_ns = 0
        self._replaying = False
        self._to_focus = False  # a click came while keys were held: they go to the new focus
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self.set_gap(gap_ms)
        self.last_scan_ns = 0  # when the last scan's Enter arrived (bench: scan -> painted)
        self.on_activity = None  # called on every key press / click (the idle lock listens)
        self._ts_base: int | None = None  # monotonic ns minus window-system ms timestamps

    def set_gap(self, gap_ms: int) -> None:
        self.gap_ms = int(gap_ms)
        self.gap_ns = self.gap_ms * 1_000_000
        self._timer.setInterval(PREFIX_WAIT_MS if self.prefix else self.gap_ms * 2)

    def configure(self, settings: dict) -> None:
        """Take the store setting `scanner` ({"prefix", "suffix", "max_gap_ms"}, all optional)."""
        conf = (settings or {}).get("scanner") or {}
        self.flush()
        self.prefix = str(conf.get("prefix") or "")
        self.suffix = str(conf.get("suffix") or "")
        self.set_gap(int(conf.get("max_gap_ms") or DEFAULT_GAP_MS))

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
        if etype in _POINTER:
            if self._buf and not self._to_focus:  # the click goes first; then the keys, to its focus
                self._to_focus = True
                QTimer.singleShot(0, self.flush)
            return False
        if etype == QEvent.Type.ShortcutOverride:
            # inside a burst, a key that is also a shortcut ('-' in a receipt number) is ours
            # the Enter that ends a scan is not a shortcut (on the payment screen Enter pays)
            is_end = event.key() in ENTER_KEYS and self._scan_code(self._when(event)) is not None
            if is_end or (self._holds(event) and (self._buf or self._starts_prefix(event)) and self._fast(event)):
                event.accept()
                return True
            return False
        if etype == QEvent.Type.KeyRelease:
            # releases of held-back keys would arrive before their presses: hold them too
            return bool(self._buf) and event.key() != Qt.Key.Key_unknown and self._holds(event)
        if not obj.isWidgetType() or event.key() in _MODIFIER_KEYS:
            return False  # Shift / Ctrl pressed on their own (a scanner's ':' or GS) type nothing
        if event.key() in ENTER_KEYS:
            return self._enter(event)
        if not self._holds(event) or event.isAutoRepeat():
            self.flush()  # any other key: what was held back goes first, in order
            return False
        now = self._when(event)
        if self._buf and not self.prefix and now - self._last_ns > self.gap_ns:
            self.flush()  # too slow for a scanner: a person typed what was held
        if self.prefix and not self._prefix_so_far(_text(event)):
            self.flush()
            if not self._starts_prefix(event):
                return False
        if not self._buf and not self.prefix and obj.property("typed_only"):
            return False  # a PIN, a card reference: typed straight in
        self._buf.append((obj, QKeyEvent(event.type(), event.key(), event.modifiers(), _text(event),
                                         event.isAutoRepeat(), event.count())))
        self._last_ns = now
        self._timer.start()
        return True

    def _scan_code(self, now: int) -> str | None:
        """The code, if what is held followed by an Enter at `now` is a scan; else None."""
        code = "".join(ev.text() for _, ev in self._buf)
        if self.prefix:
            if not code.startswith(self.prefix) or len(code) <= len(self.prefix):
                return None
            code = code[len(self.prefix):]
        elif len(code) < self.min_len or now - self._last_ns > 2 * self.gap_ns:
            return None
        if self.suffix:
            if not code.endswith(self.suffix) or len(code) <= len(self.suffix):
                return None
            code = code[:-len(self.suffix)]
        return code

    def _enter(self, event) -> bool:
        """Enter ends a scan, or is a key like any other (what was held goes first)."""
        now = self._when(event)
        code = self._scan_code(now)
        if code is None:
            self.flush()
            return False
        self._buf.clear()
        self._timer.stop()
        self.last_scan_ns = now
        self.scanned.emit(code)
        return True

    def _holds(self, event) -> bool:
        """A key that can be part of a scan: a code character, or one of the prefix / suffix."""
        text = _text(event)
        if text == GS:
            return True
        mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if len(text) != 1 or mods != Qt.KeyboardModifier.NoModifier:
            return False
        if self.prefix:
            return text.isprintable()  # after a prefix any printable character belongs to the code
        return text in SCAN_CHARS or text in self.suffix

    def _fast(self, event) -> bool:
        return bool(self.prefix) or not self._buf or self._when(event) - self._last_ns <= self.gap_ns

    def _starts_prefix(self, event) -> bool:
        return bool(self.prefix) and event.text() == self.prefix[0]

    def _prefix_so_far(self, text: str) -> bool:
        """With a prefix: is what is held, plus `text`, still a prefix or a code after it?"""
        held = "".join(ev.text() for _, ev in self._buf) + text
        return held.startswith(self.prefix) or self.prefix.startswith(held)

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
        """Deliver held-back keys to the widgets they were typed into (or, after a click, to
        the widget that click gave the focus)."""
        self._timer.stop()
        to_focus, self._to_focus = self._to_focus, False
        if not self._buf:
            return
        buf, self._buf = self._buf, []
        focus = QApplication.focusWidget() if to_focus else None
        self._replaying = True
        try:
            for receiver, ev in buf:
                target = focus or receiver
                try:
                    QApplication.sendEvent(target, ev)
                    rel = QKeyEvent(QEvent.Type.KeyRelease, ev.key(), ev.modifiers(), ev.text())
                    QApplication.sendEvent(target, rel)
                except RuntimeError:  # the widget was deleted meanwhile
                    pass
        finally:
            self._replaying = False
