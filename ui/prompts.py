"""Small non-blocking input dialogs (amount, grams, quantity, discount with a reason).

They are opened with `open()` and report through `on_value`, so nothing waits in a nested
event loop and tests can fill them like a clerk would."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

from pos.errors import InvalidAmount
from pos.money import fmt_vnd, parse_vnd


class NumberPrompt(QDialog):
    """Ask for a whole number (đồng, grams, units); an optional reason; touch keys included."""

    def __init__(self, parent, title: str, label: str, on_value: Callable, value: int | None = None,
                 reasons: list[str] | None = None, allow_percent_of: int | None = None, money: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_value = on_value
        self.money = money
        self.percent_base = allow_percent_of
        head = QLabel(label)
        head.setObjectName("title")
        head.setWordWrap(True)
        self.edit = QLineEdit("" if value is None else str(value))
        self.edit.setObjectName("number")
        pattern = r"[0-9.]*%?" if allow_percent_of is not None else r"[0-9.]*"
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self.edit))
        self.edit.selectAll()
        self.hint = QLabel("")
        self.hint.setObjectName("muted")
        self.edit.textChanged.connect(self._hint)
        self.error = QLabel("")
        self.error.setObjectName("alert")
        self.error.hide()
        self.reason: QComboBox | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.edit)
        lay.addWidget(self.hint)
        if reasons is not None:
            self.reason = QComboBox()
            self.reason.setEditable(True)
            self.reason.addItems(reasons)
            lay.addWidget(QLabel(self.tr("Reason")))
            lay.addWidget(self.reason)
        grid = QGridLayout()
        for i, k in enumerate(["7", "8", "9", "4", "5", "6", "1", "2", "3", "000", "0", "⌫"]):
            b = QPushButton(k)
            b.setProperty("role", "key")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, k=k: self._key(k))
            grid.addWidget(b, i // 3, i % 3)
        lay.addLayout(grid)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setProperty("role", "primary")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.edit.setFocus()
        self._hint()

    def _key(self, k: str) -> None:
        if k == "⌫":
            self.edit.backspace()
        else:
            self.edit.insert(k)
        self.edit.setFocus()

    def value(self) -> int:
        text = self.edit.text().strip()
        if text.endswith("%") and self.percent_base is not None:
            pct = int(parse_vnd(text[:-1]))
            return (self.percent_base * pct + 50) // 100
        return parse_vnd(text)

    def _hint(self) -> None:
        try:
            v = self.value()
        except InvalidAmount:
            self.hint.setText("")
            return
        self.hint.setText(fmt_vnd(v) if self.money else f"{v:,}".replace(",", "."))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _accept(self) -> None:
        try:
            v = self.value()
        except InvalidAmount:
            self.show_error(self.tr("Enter a number"))
            return
        reason = self.reason.currentText().strip() if self.reason is not None else None
        result = self.on_value(v, reason) if self.reason is not None else self.on_value(v)
        if result is False:  # the caller showed why and wants the dialog to stay
            return
        self.accept()
