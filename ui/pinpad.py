"""A PIN pad that works by touch and by keyboard (digits, Backspace, Enter).

Enter in the PIN field submits the PIN and goes no further: in a dialog it must not also press
the dialog's default button (it once pressed Cancel, so a right PIN + Enter was "not approved").
Keys typed into the PIN field are never taken for a barcode scan (ui/scanner.py: `typed_only`)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class PinEdit(QLineEdit):
    """The PIN field: Enter emits returnPressed and is used up here (QLineEdit passes it on)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.returnPressed.emit()
            return
        super().keyPressEvent(event)


class PinPad(QWidget):
    submitted = Signal(str)

    def __init__(self, parent=None, max_len: int = 8):
        super().__init__(parent)
        self.edit = PinEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(max_len)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"), self.edit))
        self.edit.setPlaceholderText(self.tr("PIN"))
        self.edit.setObjectName("pin")
        self.edit.setProperty("typed_only", True)  # fast PIN typing is not a scan
        self.edit.returnPressed.connect(self._submit)
        grid = QGridLayout()
        grid.setSpacing(8)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        self.buttons: dict[str, QPushButton] = {}
        for i, k in enumerate(keys):
            b = QPushButton(k if k != "OK" else self.tr("OK"))
            b.setProperty("role", "primary" if k == "OK" else "key")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumSize(72, 56)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)  # OK as big as a key
            b.clicked.connect(lambda _=False, k=k: self._press(k))
            grid.addWidget(b, i // 3, i % 3)
            self.buttons[k] = b
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addLayout(grid)

    def _press(self, key: str) -> None:
        if key == "⌫":
            self.edit.backspace()
        elif key == "OK":
            self._submit()
        else:
            self.edit.insert(key)
        self.edit.setFocus()

    def _submit(self) -> None:
        pin = self.edit.text()
        if pin:
            self.submitted.emit(pin)

    def clear(self) -> None:
        self.edit.clear()
        self.edit.setFocus()
