"""Staff and PINs: create a person with a role and PIN, reset a PIN, deactivate.

PINs are typed twice and never shown; the store keeps only a salted hash (pos.staff)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..ops import staff as staff_ops
from .common import (
    BigButton, ErrorLabel, Notice, acting_manager, cell, error_text, fit_columns, make_table, title_label)


def _pin_edit() -> QLineEdit:
    e = QLineEdit()
    e.setEchoMode(QLineEdit.Password)
    e.setMaxLength(8)
    e.setMinimumHeight(40)
    e.setInputMethodHints(Qt.ImhDigitsOnly)
    return e


class StaffScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Staff & PINs")))
        body = QHBoxLayout()
        root.addLayout(body, 1)

        self.table = make_table([self.tr("Code"), self.tr("Name"), self.tr("Role"), self.tr("Status")], stretch=1)
        self.table.itemSelectionChanged.connect(self._selected)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        self._build_selected(left)
        body.addLayout(left, 3)

        self._build_new(body)

        self.notice = Notice()
        root.addWidget(self.notice)
        self._selected()

    def _build_selected(self, left: QVBoxLayout) -> None:
        """What can be done to the person chosen in the table: a new PIN, or deactivation."""
        sel = QGroupBox(self.tr("Selected person"))
        sf = QFormLayout(sel)
        self.reset_pin = _pin_edit()
        self.reset_pin2 = _pin_edit()
        sf.addRow(self.tr("New PIN"), self.reset_pin)
        sf.addRow(self.tr("New PIN again"), self.reset_pin2)
        self.sel_error = ErrorLabel()
        sf.addRow(self.sel_error)
        row = QHBoxLayout()
        self.reset_btn = BigButton(self.tr("Reset PIN"), "F6")
        self.reset_btn.clicked.connect(self.reset)
        self.deactivate_btn = BigButton(self.tr("Deactivate"), "F7")
        self.deactivate_btn.require_confirm(self.tr("Press again to deactivate"))
        self.deactivate_btn.confirmed.connect(self.deactivate)
        row.addWidget(self.reset_btn)
        row.addWidget(self.deactivate_btn)
        sf.addRow(row)
        left.addWidget(sel)

    def _build_new(self, body: QHBoxLayout) -> None:
        """The form that adds a staff member with a PIN typed twice."""
        new = QGroupBox(self.tr("New staff member"))
        nf = QFormLayout(new)
        self.code = QLineEdit()
        self.code.setMinimumHeight(40)
        self.code.setPlaceholderText("NV05")
        self.name = QLineEdit()
        self.name.setMinimumHeight(40)
        self.role = QComboBox()
        self.role.setMinimumHeight(40)
        for text, data in ((self.tr("Clerk"), "clerk"), (self.tr("Manager"), "manager"), (self.tr("Admin"), "admin")):
            self.role.addItem(text, data)
        self.pin = _pin_edit()
        self.pin2 = _pin_edit()
        nf.addRow(self.tr("Code"), self.code)
        nf.addRow(self.tr("Full name"), self.name)
        nf.addRow(self.tr("Role"), self.role)
        nf.addRow(self.tr("PIN (4-8 digits)"), self.pin)
        nf.addRow(self.tr("PIN again"), self.pin2)
        self.new_error = ErrorLabel()
        nf.addRow(self.new_error)
        self.create_btn = BigButton(self.tr("Create"), "F8", primary=True)
        self.create_btn.clicked.connect(self.create)
        nf.addRow(self.create_btn)
        body.addWidget(new, 2)

    def showEvent(self, event):
        super().showEvent(event)
        self.refresh()

    def role_name(self, role: str) -> str:
        return {"clerk": self.tr("Clerk"), "manager": self.tr("Manager"), "admin": self.tr("Admin")}.get(role, role)

    def refresh(self, *_):
        self.ctx.worker.submit(staff_ops.everyone, on_done=self.show_rows,
                               on_error=lambda e: self.notice.error(error_text(e)))

    def show_rows(self, rows: list[dict]):
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            self.table.setItem(i, 0, cell(r["code"], data=r["id"]))
            self.table.setItem(i, 1, cell(r["name"]))
            self.table.setItem(i, 2, cell(self.role_name(r["role"])))
            status = self.tr("Active") if r["active"] else self.tr("Inactive")
            if r.get("locked_until"):
                status = self.tr("Locked")
            self.table.setItem(i, 3, cell(status))
        fit_columns(self.table)
        self._selected()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows else None

    def _selected(self):
        person = self.selected()
        self.reset_btn.setEnabled(person is not None and bool(person["active"]))
        self.deactivate_btn.setEnabled(person is not None and bool(person["active"]))

    def _manager_id(self) -> str | None:
        m = acting_manager(self)
        return m["id"] if m else None

    def create(self):
        self.new_error.clear_error()
        code, name, pin = self.code.text().strip(), self.name.text().strip(), self.pin.text()
        if not code or not name:
            self.new_error.show_error(self.tr("Code and full name are required."))
            return
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            self.new_error.show_error(self.tr("The PIN must be 4 to 8 digits."))
            return
        if pin != self.pin2.text():
            self.new_error.show_error(self.tr("The two PINs differ."))
            return
        if self.role.currentData() == "admin" and (acting_manager(self) or {}).get("role") != "admin":
            self.new_error.show_error(self.tr("Only an admin can create an admin."))
            return

        def done(rows):
            for w in (self.code, self.name, self.pin, self.pin2):
                w.clear()
            self.notice.ok(self.tr("%1 can now log in.").replace("%1", name))
            self.show_rows(rows)

        self.ctx.worker.submit(staff_ops.create, code, name, self.role.currentData(), pin, on_done=done,
                               on_error=lambda e: self.new_error.show_error(error_text(e)))

    def reset(self):
        self.sel_error.clear_error()
        person, by = self.selected(), self._manager_id()
        if person is None or by is None:
            return
        pin = self.reset_pin.text()
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            self.sel_error.show_error(self.tr("The PIN must be 4 to 8 digits."))
            return
        if pin != self.reset_pin2.text():
            self.sel_error.show_error(self.tr("The two PINs differ."))
            return

        def done(rows):
            self.reset_pin.clear()
            self.reset_pin2.clear()
            self.notice.ok(self.tr("New PIN set for %1.").replace("%1", person["name"]))
            self.show_rows(rows)

        self.ctx.worker.submit(staff_ops.set_pin, person["id"], pin, by, on_done=done,
                               on_error=lambda e: self.sel_error.show_error(error_text(e)))

    def deactivate(self):
        self.sel_error.clear_error()
        person, by = self.selected(), self._manager_id()
        if person is None or by is None:
            return

        def done(rows):
            self.notice.ok(self.tr("%1 can no longer log in.").replace("%1", person["name"]))
            self.show_rows(rows)

        self.ctx.worker.submit(staff_ops.deactivate, person["id"], by, on_done=done,
                               on_error=lambda e: self.sel_error.show_error(error_text(e)))
