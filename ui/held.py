"""The list of held (parked) sales to take one back."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from pos.clock import local_time
from pos.money import fmt_vnd


class HeldDialog(QDialog):
    chosen = Signal(str)

    def __init__(self, rows: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Held sales"))
        self.resize(560, 420)
        title = QLabel(self.tr("Choose a held sale to take back"))
        title.setObjectName("title")
        self.list = QListWidget()
        for r in rows:
            text = f"{r['label']}\n{local_time(r['created_at'])} · {r.get('clerk') or ''} · " + \
                self.tr("%1 lines").replace("%1", str(r["lines"])) + f" · {fmt_vnd(r['total'])}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self._take())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Take back (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self._take)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.list, 1)
        lay.addWidget(buttons)
        self.list.setFocus()

    def _take(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
