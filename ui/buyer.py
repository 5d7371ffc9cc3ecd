"""The buyer form at payment (one key, Ctrl+B): who the e-invoice is made out to, when the customer
asks for one. A returning company or person is found by tax code or phone among the profiles the
kiosk holds; the details are checked here (tax code check digit, ID, e-mail, phone: pure
pos.einvoice.buyers rules, no disk) and again where the sale is written. Left empty, the invoice
says "Bán cho người tiêu dùng"."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

from pos.einvoice import buyers
from pos.errors import PosError

from .errors import error_text
from .ops import buyers as buyer_ops


class BuyerDialog(QDialog):
    chosen = Signal(dict)  # the checked buyer; {} = no buyer (sold to a consumer)

    def __init__(self, ctx, buyer: dict | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Buyer on the invoice"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tax code or phone of a returning buyer, then Enter"))
        self.search.setProperty("typed_only", True)
        self.found = QLabel()
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in (("tax_code", self.tr("Tax code")), ("company", self.tr("Company")),
                           ("name", self.tr("Buyer's name")), ("address", self.tr("Address")),
                           ("id_no", self.tr("Citizen ID / passport")), ("email", self.tr("E-mail")),
                           ("phone", self.tr("Phone"))):
            edit = QLineEdit((buyer or {}).get(key, ""))
            edit.setProperty("typed_only", True)  # typed fast, a tax code is not a barcode scan
            self.fields[key] = edit
            form.addRow(label, edit)
        self.keep = QCheckBox(self.tr("Keep for next time"))
        self.keep.setChecked(True)
        self.error = QLabel()
        self.error.setObjectName("alert")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Use on the invoice (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self.use)
        buttons.rejected.connect(self.reject)
        self.clear_button = QPushButton(self.tr("No buyer details"))
        self.clear_button.clicked.connect(lambda _=False: self._choose({}))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.found)
        lay.addLayout(form)
        lay.addWidget(self.keep)
        lay.addWidget(self.error)
        lay.addWidget(self.clear_button)
        lay.addWidget(buttons)
        self.search.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.hasFocus():
            self.find()
            return
        super().keyPressEvent(event)

    def values(self) -> dict:
        return {k: e.text() for k, e in self.fields.items()}

    def find(self) -> None:
        text = self.search.text().strip()
        if text:
            self.ctx.worker.submit(buyer_ops.find, text, on_done=self._found, on_error=self._show_error)

    def _found(self, rows: list[dict]) -> None:
        if not rows:
            self.found.setText(self.tr("No buyer with this tax code or phone yet: type the details"))
            self.fields["tax_code"].setFocus()
            return
        self.profile_id = rows[0]["id"]
        for key, edit in self.fields.items():
            edit.setText(rows[0].get(key) or "")
        self.found.setText(self.tr("Found: %1").replace("%1", rows[0]["company"] or rows[0]["name"]))
        self.fields["tax_code"].setFocus()

    def use(self) -> None:
        try:
            buyer = buyers.check_buyer(self.values())
        except PosError as exc:
            self._show_error(exc)
            return
        if buyer and self.keep.isChecked():
            data = {**buyer, **({"id": self.profile_id} if getattr(self, "profile_id", None) else {})}
            self.ctx.worker.submit(buyer_ops.save, data, on_done=lambda _r: self._choose(buyer),
                                   on_error=self._show_error)
            return
        self._choose(buyer)

    def _choose(self, buyer: dict) -> None:
        self.chosen.emit(buyer)
        self.accept()

    def _show_error(self, exc) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
