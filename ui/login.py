"""Login: type your staff code (or scan your badge, or tap your name), then your PIN.

The fastest keyboard path is two short entries, each ending in Enter: "nv01⏎" picks the person
(any case), "1111⏎" logs in. Esc goes back to the code. The same lookup (pos.staff.by_code) takes a
badge scan and refuses a locked person before a PIN is typed.

The screen also says whether a shift is open (since when, by whom, with what float), so whoever
comes to the counter knows before logging in. Locking or switching staff comes back here; the sell
screen is not touched, so the open sale survives a change of clerk."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.clock import short_time
from pos.money import fmt_vnd

from .errors import error_text
from .ops import shifts as shift_ops, staff as staff_ops
from .pinpad import PinPad
from .tiles import TileButton


class LoginScreen(QWidget):
    logged_in = Signal(dict)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.staff_list: list[dict] = []
        self.selected: dict | None = None
        self._pin_waiting: str | None = None  # a PIN entered before the typed staff code was found
        self.tiles: dict[str, TileButton] = {}
        self.shift_info: dict | None = None

        title = QLabel(self.tr("Who is selling?"))
        title.setObjectName("title")
        self.shift_label = QLabel("")
        self.shift_label.setObjectName("shift_state")
        self.shift_label.setWordWrap(True)
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(10)
        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(self.shift_label)
        left.addLayout(self.tile_grid)
        left.addStretch(1)

        self.who = QLabel()
        self.who.setObjectName("title")
        self.who.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("staff_code")
        self.code_edit.setPlaceholderText(self.tr("Staff code, e.g. NV01"))
        self.code_edit.setMaxLength(20)
        self.code_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_edit.returnPressed.connect(lambda: self.find_code(self.code_edit.text()))
        self.message = QLabel("")
        self.message.setObjectName("alert")
        self.message.setWordWrap(True)
        self.message.hide()
        self.pad = PinPad(self)
        self.pad.submitted.connect(self._try_login)
        self.pad.setEnabled(False)
        right = QVBoxLayout()
        right.addWidget(self.who)
        right.addWidget(self.code_edit)
        right.addWidget(self.message)
        right.addWidget(self.pad)
        right.addStretch(1)
        rw = QWidget()
        rw.setLayout(right)
        rw.setMaximumWidth(380)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(30, 20, 30, 20)
        lay.addLayout(left, 2)
        lay.addSpacing(24)
        lay.addWidget(rw, 1)
        back = QShortcut(QKeySequence("Escape"), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_to_code)
        ctx.shift_changed.connect(self._shift_changed)
        self._show_choose()

    # -- state -------------------------------------------------------------------------------
    def activated(self) -> None:
        self.selected = None
        self.message.hide()
        self._show_choose()
        self.reload()
        self.load_shift()

    def _show_choose(self) -> None:
        """Nobody chosen: the code field takes the keys, the PIN pad waits."""
        self._pin_waiting = None
        self.who.setText(self.tr("Type your code or tap your name"))
        self.pad.clear()
        self.pad.setEnabled(False)
        self.code_edit.show()
        self.code_edit.setEnabled(True)
        self.code_edit.clear()
        self.code_edit.setFocus()

    def focus_home(self) -> None:
        """The PIN field once someone is chosen, else the staff code field."""
        if self.selected is not None and self.pad.isEnabled():
            self.pad.edit.setFocus()
        elif self.code_edit.isVisible():
            self.code_edit.setFocus()

    def back_to_code(self) -> None:
        if self.selected is not None and len(self.staff_list) != 1:
            self.selected = None
            self.message.hide()
            self._show_choose()

    def reload(self) -> None:
        self.ctx.worker.submit(staff_ops.active, on_done=self._show_staff)

    def _show_staff(self, rows: list[dict]) -> None:
        self.staff_list = rows
        while self.tile_grid.count():
            item = self.tile_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.tiles = {}
        roles = {"clerk": self.tr("Clerk"), "manager": self.tr("Manager"), "admin": self.tr("Administrator")}
        for i, row in enumerate(rows):
            b = TileButton(f"{row['name']}\n{roles.get(row['role'], row['role'])} · {row['code']}")
            b.setMinimumSize(180, 80)
            b.clicked.connect(lambda _=False, r=row: self.select(r))
            self.tile_grid.addWidget(b, i // 3, i % 3)
            self.tiles[row["code"]] = b
        if len(rows) == 1:
            self.select(rows[0])

    def select(self, row: dict, keep_pin: bool = False) -> None:
        self.selected = row
        self.who.setText(row["name"])
        self.message.hide()
        self.code_edit.hide()
        self.pad.setEnabled(True)
        if not keep_pin:
            self.pad.clear()
        self.pad.edit.setFocus()

    def select_code(self, code: str) -> None:
        row = next((r for r in self.staff_list if r["code"] == code), None)
        if row is not None:
            self.select(row)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- by code: typed or scanned -----------------------------------------------------------
    def find_code(self, code: str, scanned: bool = False) -> None:
        """Pick the person with this staff code (checked on the DB worker, lockout included)."""
        code = code.strip()
        if not code:
            return
        if not scanned:  # typing ahead: the PIN typed while the code is looked up goes to the PIN field
            self._pin_waiting = None
            self.pad.clear()
            self.pad.setEnabled(True)
            self.pad.edit.setFocus()

        def found(row: dict) -> None:
            listed = next((r for r in self.staff_list if r["id"] == row["id"]), row)
            self.select(listed, keep_pin=not scanned)
            pin, self._pin_waiting = self._pin_waiting, None
            if pin:
                self._try_login(pin)

        def failed(exc) -> None:
            self._pin_waiting = None
            if self.selected is None:
                self.pad.clear()
                self.pad.setEnabled(False)
            if scanned and getattr(exc, "code", "") != "staff_locked":
                self.show_message(self.tr("Log in first, then scan"))  # a product, not a badge
            elif getattr(exc, "code", "") == "staff_locked":
                self.show_message(error_text(exc))
            else:
                self.show_message(self.tr("No staff member has the code “%1”. Check it, or tap your name.")
                                  .replace("%1", code))
            if self.selected is None:
                self.code_edit.selectAll()
                self.code_edit.setFocus()

        self.ctx.worker.submit(staff_ops.by_code, code, on_done=found, on_error=failed)

    def handle_scan(self, code: str) -> bool:
        """A badge scanned at the login screen picks its person; anything else is refused."""
        self.find_code(code, scanned=True)
        return True

    # -- PIN -----------------------------------------------------------------------------------
    def _try_login(self, pin: str) -> None:
        if self.selected is None:
            self._pin_waiting = pin  # Enter came before the staff code was found: log in once it is
            return
        self.pad.setEnabled(False)
        self.ctx.worker.submit(staff_ops.login, self.selected["id"], pin, on_done=self._ok, on_error=self._failed)

    def _ok(self, staff: dict) -> None:
        self.pad.clear()
        self.message.hide()
        self.logged_in.emit(staff)

    def _failed(self, exc: Exception) -> None:
        self.pad.setEnabled(True)
        self.pad.clear()
        self.show_message(error_text(exc))

    # -- the shift, as it really is ------------------------------------------------------------
    def load_shift(self) -> None:
        self.ctx.worker.submit(shift_ops.current_with_opener, on_done=self._show_shift)

    def _shift_changed(self, _shift) -> None:
        if self.isVisible():
            self.load_shift()

    def _show_shift(self, info: dict | None) -> None:
        self.shift_info = info
        shift = info["shift"] if info else None
        if shift is None:
            self.shift_label.setText(self.tr("No open shift: after logging in you will be asked to open one "
                                             "with the cash float in the drawer."))
            self.shift_label.setProperty("state", "closed")
        else:
            self.shift_label.setText(
                self.tr("Shift #%1 open since %2 by %3 · float %4")
                .replace("%1", str(shift.get("number", ""))).replace("%2", short_time(shift["opened_at"], self.ctx.now()) or "")
                .replace("%3", info["opened_by_name"]).replace("%4", fmt_vnd(int(shift["opening_float"]))))
            self.shift_label.setProperty("state", "open")
        self.shift_label.style().unpolish(self.shift_label)
        self.shift_label.style().polish(self.shift_label)
        if shift != self.ctx.shift:  # the status bar says the same as this screen
            self.ctx.set_shift(shift)
