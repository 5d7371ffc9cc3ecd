"""The status bar's message line (ui/status.py): a warning or an error said in passing, for a few
seconds, left of the permanent labels (sync, printer, shift, staff).

Why its own label and not QStatusBar.showMessage: at 1024 px the permanent labels leave the
message about 30 px, and QStatusBar clips it ("Khôn" of "Không gửi được ..."), with no way to read
the rest. Here the message takes all the room there is: the permanent labels that say all is
well step aside while a message needs their room (StatusBar._make_room; one asking for attention
stays). A message still too long is elided at its end with "…"; its whole text is the tooltip
(for a mouse) and is shown, wrapped, above the bar when the clerk taps it (MessagePopup)."""
from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

COLORS = {"error": "#b3261e", "warn": "#b26a00"}


def wrapped(text: str) -> str:
    """As rich text, so the tooltip wraps it at a readable width instead of one screen-wide line."""
    return f"<p>{html.escape(text)}</p>"


class MessageLabel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.full_text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        # takes what the permanent labels leave, never asks for more (an elided line fits any width)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(80)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.popup = MessagePopup(self)

    def set_message(self, text: str, level: str = "info") -> None:
        self.full_text = text or ""
        self.popup.hide()
        self.setStyleSheet(f"color: {COLORS[level]}; font-weight: bold;" if level in COLORS and text else "")
        self._elide()

    def needed_width(self) -> int:
        """What the whole message takes on one line, in px."""
        return self.fontMetrics().horizontalAdvance(self.full_text) + self.contentsMargins().left() * 2 + 4

    def elided(self) -> bool:
        return bool(self.full_text) and self.text() != self.full_text

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(width, 0))
        if shown != self.text():
            super().setText(shown)
        self.setToolTip(wrapped(self.full_text) if self.full_text else "")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        """A tap shows the whole message, wrapped, above the bar; a second tap hides it."""
        super().mouseReleaseEvent(event)
        if self.popup.isVisible():
            self.popup.hide()
        elif self.full_text:
            self.popup.show_over(self, self.full_text)


class MessagePopup(QLabel):
    """The whole message, word-wrapped, in a frameless tool-tip window over the status bar. Not a
    QToolTip (the next mouse event hides one before a finger has read it, and hover is no use on a
    touch screen), nor a Popup (it would take the keyboard from the scanner): it takes no focus and
    goes by itself after SHOW_MS, with a tap, or when the message changes."""

    SHOW_MS = 12_000

    def __init__(self, owner: QWidget):
        super().__init__(owner, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setMargin(10)
        self.setStyleSheet("background: #fffbe6; color: #1b1b1b; border: 1px solid #b26a00;")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)

    def show_over(self, anchor: QWidget, text: str) -> None:
        bar = anchor.parentWidget() or anchor
        width = max(bar.width() - 16, 200)
        self.setText(text)
        self.setFixedWidth(width)
        height = self.heightForWidth(width)
        corner = bar.mapToGlobal(QPoint(8, 0))
        self.setFixedHeight(height)
        self.move(corner.x(), corner.y() - height - 4)
        self.show()
        self.raise_()
        self.timer.start(self.SHOW_MS)
