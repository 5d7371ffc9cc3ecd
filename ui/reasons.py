"""Why a receipt is voided or goods come back: big buttons for the usual reasons, "Other…" with
a text field.

Why a dialog of its own: the reason ends up on the receipt's audit trail and in the centre's
reports, so it should be one tap on a touch screen (not typing on a kiosk keyboard), yet any
reason must still be possible. Keys: 1-9 pick the numbered button, arrows and Tab move, Enter
or Space presses the focused button, Esc cancels (nothing is chosen, nothing changes).
Opened with `open()`; the answer comes through `chosen(reason)` (only when one was picked), so
nothing waits in a nested event loop; the dialog deletes itself once closed.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QVBoxLayout)

from .theme import ACCENT

COLUMNS = 2
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVES = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}


class ReasonDialog(QDialog):
    """Pick one of `reasons` (already translated) or write another; emits chosen(text)."""

    chosen = Signal(str)

    def __init__(self, parent, title: str, question: str, reasons: list[str]):
        super().__init__(parent)
        if not 0 < len(reasons) < 9:
            raise ValueError("1 to 8 reasons: each needs its own digit key, and Other takes the next")
        self.setWindowTitle(title)
        self.setModal(True)
        self.reason: str | None = None
        head = QLabel(question)
        head.setObjectName("title")
        head.setWordWrap(True)
        grid = self._build_grid(reasons)
        other_row = self._build_other()
        self.error = QLabel("")
        self.error.setObjectName("alert")
        self.error.setWordWrap(True)
        self.error.hide()
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.setAutoDefault(False)
        cancel.setMinimumHeight(52)
        cancel.clicked.connect(self.reject)
        self.cancel_button = cancel
        lay = QVBoxLayout(self)
        lay.setSpacing(12)
        lay.addWidget(head)
        lay.addLayout(grid)
        lay.addLayout(other_row)
        lay.addWidget(self.error)
        lay.addWidget(cancel)
        self.setMinimumWidth(620)
        # where the keyboard is must show: arrows and Enter work on the framed button
        self.setStyleSheet(f"QPushButton:focus {{ border: 3px solid {ACCENT}; }}")
        self.buttons[0].setFocus()

    def _build_grid(self, reasons: list[str]) -> QGridLayout:
        """One numbered tile per reason, then Other…, two to a row."""
        self.buttons: list[QPushButton] = []
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, text in enumerate([*reasons, self.tr("Other…")]):
            b = QPushButton(f"{i + 1}.  {text}".replace("&", "&&"))
            b.setProperty("role", "tile")
            b.setAutoDefault(False)  # Enter is handled below: it presses the focused button
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
            b.setMinimumHeight(72)
            if i < len(reasons):
                b.clicked.connect(lambda _=False, t=text: self.choose(t))
            else:
                b.clicked.connect(self.show_other)
            b.installEventFilter(self)  # a push button moves focus on arrows its own way: ours is the grid's
            grid.addWidget(b, i // COLUMNS, i % COLUMNS)
            self.buttons.append(b)
        self.other_button = self.buttons[-1]
        return grid

    def _build_other(self) -> QHBoxLayout:
        """The field for a reason not among the buttons, shown by Other…"""
        self.other = QLineEdit()
        self.other.setObjectName("other_reason")
        self.other.setMaxLength(200)
        self.other.setPlaceholderText(self.tr("Write the reason, then Enter"))
        self.other.setMinimumHeight(48)
        self.other_ok = QPushButton(self.tr("OK (Enter)"))
        self.other_ok.setProperty("role", "primary")
        self.other_ok.setAutoDefault(False)
        self.other_ok.setMinimumHeight(48)
        self.other_ok.clicked.connect(lambda: self.choose(self.other.text()))
        other_row = QHBoxLayout()
        other_row.addWidget(self.other, 1)
        other_row.addWidget(self.other_ok)
        self.other.hide()
        self.other_ok.hide()
        return other_row

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # the keys must reach the picker at once (a kiosk's window manager may not raise it)
        self.activateWindow()
        if self.focusWidget() is None or self.focusWidget() is self:
            self.buttons[0].setFocus()

    # -- answers ---------------------------------------------------------------------------------
    def choose(self, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            self.error.setText(self.tr("Write the reason first (or press Esc to cancel)"))
            self.error.show()
            self.other.setFocus()
            return
        self.reason = text
        self.accept()

    def done(self, result: int) -> None:
        """Closed either way: the dialog goes away by itself. A reason is handed over from the
        event loop, not from inside this key or click handler: what follows (the manager's PIN)
        runs a nested loop, which must not run inside a handler of a widget being deleted."""
        super().done(result)
        if result == QDialog.DialogCode.Accepted and self.reason:
            QTimer.singleShot(0, self, self._deliver)
        else:
            self.deleteLater()

    def _deliver(self) -> None:
        self.chosen.emit(self.reason)
        if shiboken6.isValid(self):  # the window it sat on may have closed meanwhile
            self.deleteLater()

    def show_other(self) -> None:
        self.other.show()
        self.other_ok.show()
        self.other.setFocus()

    # -- keys ------------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and obj in self.buttons and event.key() in _MOVES:
            self._move(self.buttons.index(obj), *_MOVES[event.key()])
            return True
        return super().eventFilter(obj, event)

    def _move(self, i: int, dr: int, dc: int) -> None:
        row, col = divmod(i, COLUMNS)
        row, col = row + dr, col + dc
        j = row * COLUMNS + col
        if 0 <= col < COLUMNS and 0 <= j < len(self.buttons):
            self.buttons[j].setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        focus = self.focusWidget()
        if key in _ENTER:
            if focus is self.other:
                self.choose(self.other.text())
            elif isinstance(focus, QPushButton):
                focus.click()
            return
        text = event.text()
        if focus is not self.other and len(text) == 1 and "1" <= text <= "9" and int(text) <= len(self.buttons):
            self.buttons[int(text) - 1].click()
            return
        super().keyPressEvent(event)  # Esc: reject, nothing chosen
