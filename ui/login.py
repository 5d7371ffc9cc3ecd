"""Login: pick your tile, type your PIN (touch pad or keyboard).

Locking or switching staff comes back here; the sell screen is not touched, so the open sale
survives a change of clerk."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget)

from .errors import error_text
from .pinpad import PinPad


class LoginScreen(QWidget):
    logged_in = Signal(dict)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.staff_list: list[dict] = []
        self.selected: dict | None = None
        self.tiles: dict[str, QPushButton] = {}

        title = QLabel(self.tr("Who is selling?"))
        title.setObjectName("title")
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(10)
        left = QVBoxLayout()
        left.addWidget(title)
        left.addLayout(self.tile_grid)
        left.addStretch(1)

        self.who = QLabel(self.tr("Choose your name"))
        self.who.setObjectName("title")
        self.message = QLabel("")
        self.message.setObjectName("alert")
        self.message.setWordWrap(True)
        self.message.hide()
        self.pad = PinPad(self)
        self.pad.submitted.connect(self._try_login)
        self.pad.setEnabled(False)
        right = QVBoxLayout()
        right.addWidget(self.who)
        right.addWidget(self.message)
        right.addWidget(self.pad)
        right.addStretch(1)
        rw = QWidget()
        rw.setLayout(right)
        rw.setMaximumWidth(380)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(40, 30, 40, 30)
        lay.addLayout(left, 2)
        lay.addSpacing(30)
        lay.addWidget(rw, 1)
        ctx.staff_changed.connect(lambda s: None)

    def activated(self) -> None:
        self.selected = None
        self.pad.clear()
        self.pad.setEnabled(False)
        self.message.hide()
        self.who.setText(self.tr("Choose your name"))
        self.reload()

    def reload(self) -> None:
        def load(store):
            from pos import staff

            return staff.list_staff(store)

        self.ctx.worker.submit(load, on_done=self._show_staff)

    def _show_staff(self, rows: list[dict]) -> None:
        self.staff_list = rows
        while self.tile_grid.count():
            item = self.tile_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.tiles = {}
        roles = {"clerk": self.tr("Clerk"), "manager": self.tr("Manager"), "admin": self.tr("Administrator")}
        for i, row in enumerate(rows):
            b = QPushButton(f"{row['name']}\n{roles.get(row['role'], row['role'])}")
            b.setProperty("role", "tile")
            b.setMinimumSize(200, 80)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, r=row: self.select(r))
            self.tile_grid.addWidget(b, i // 3, i % 3)
            self.tiles[row["code"]] = b
        if len(rows) == 1:
            self.select(rows[0])

    def select(self, row: dict) -> None:
        self.selected = row
        self.who.setText(row["name"])
        self.message.hide()
        self.pad.setEnabled(True)
        self.pad.clear()

    def select_code(self, code: str) -> None:
        row = next((r for r in self.staff_list if r["code"] == code), None)
        if row is not None:
            self.select(row)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _try_login(self, pin: str) -> None:
        if self.selected is None:
            return

        def login(store, staff_id, pin):
            from pos import staff

            return staff.login(store, staff_id, pin)

        self.pad.setEnabled(False)
        self.ctx.worker.submit(login, self.selected["id"], pin, on_done=self._ok, on_error=self._failed)

    def _ok(self, staff: dict) -> None:
        self.pad.clear()
        self.message.hide()
        self.logged_in.emit(staff)

    def _failed(self, exc: Exception) -> None:
        self.pad.setEnabled(True)
        self.pad.clear()
        self.show_message(error_text(exc))
