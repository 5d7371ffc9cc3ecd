"""The supplement dialog (receipts screen, F4 "Bổ sung / điều chỉnh tăng"): what a completed sale
charged too little - more units of a line, the unit price a line should have had, goods handed over
but not rung up (scanned or typed here) - the amount shown as the kiosk will book it, how the
customer pays it, then a reason and a manager's PIN. The rule and the increasing adjustment invoice
are pos.supplements; the work runs on the DB thread (ui/ops/supplements.py).

Keys: Tab moves between the boxes, digits set them, Enter in the code box adds the goods, Enter
elsewhere (or the button) goes on to the reason, Esc cancels."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from pos import payment_methods
from pos.money import MAX_AMOUNT, fmt_vnd, line_amount
from pos.names import product_name

from .cart_view import qty_unit_text
from .errors import error_text
from .ops import supplements as supplement_ops
from .reasons import ReasonDialog

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _spin(top: int, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, top)
    spin.setSingleStep(step)
    spin.setGroupSeparatorShown(True)
    spin.setMinimumHeight(36)
    spin.setMinimumWidth(110)
    return spin


class SupplementDialog(QDialog):
    """Rows: the sale's lines (more units, the right unit price), then goods added by code."""

    done_result = Signal(object)

    def __init__(self, ctx, sale: dict, lines: list[dict], parent=None):
        super().__init__(parent)
        self.ctx, self.sale = ctx, sale
        self.setWindowTitle(self.tr("Supplement to %1").replace("%1", sale["receipt_no"]))
        self.resize(860, 560)
        self.rows: list[dict] = []  # {"line": sold line or None, "product": dict, "more": spin, "price": spin|None}
        self.reason_dialog: ReasonDialog | None = None
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Kept"), self.tr("Add"),
                                              self.tr("Right unit price"), self.tr("Charge")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3, 4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(44)
        for line in lines:
            self._add_row(line, line)
        self.code = QLineEdit()
        self.code.setObjectName("supplement_code")
        self.code.setPlaceholderText(self.tr("Goods not rung up: scan or type the code, Enter"))
        self.code.returnPressed.connect(self._find)
        self._build_payment()
        self.amount_label = QLabel()
        self.amount_label.setObjectName("supplement_amount")
        self.error = QLabel()
        self.error.setObjectName("alert")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Supplement… (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.code)
        pay = QHBoxLayout()
        pay.addWidget(QLabel(self.tr("Paid by")))
        pay.addWidget(self.method)
        pay.addWidget(self.reference, 1)
        lay.addLayout(pay)
        lay.addWidget(self.amount_label)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._update()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Enter in the code box adds the goods (returnPressed) and goes no further; Enter anywhere
        else goes on to the reason, whatever button has the focus frame."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is not self.code:
                self.submit()
            return
        super().keyPressEvent(event)

    def _build_payment(self) -> None:
        self.method = QComboBox()
        for m in payment_methods.all_methods():
            self.method.addItem(m.name(self.ctx.lang), m.code)
        self.reference = QLineEdit()
        self.reference.setObjectName("supplement_reference")
        self.reference.setPlaceholderText(self.tr("Transaction reference"))
        self.method.currentIndexChanged.connect(self._update)

    def _add_row(self, product: dict, line: dict | None) -> None:
        """A sold line (more units at its price, or its right price) or goods added (units only)."""
        i = self.table.rowCount()
        self.table.insertRow(i)
        weighed = bool(product.get("sold_by_weight"))
        name = product_name(product, self.ctx.lang)
        self.table.setItem(i, 0, QTableWidgetItem(name if line else self.tr("%1 (added)").replace("%1", name)))
        kept = QTableWidgetItem(qty_unit_text(int(line["refundable_qty"]), weighed, line.get("unit") or "",
                                              self.ctx.lang) if line else "")
        kept.setTextAlignment(_RIGHT)
        self.table.setItem(i, 1, kept)
        more = _spin(100_000, 50 if weighed else 1)
        more.valueChanged.connect(self._update)
        self.table.setCellWidget(i, 2, more)
        price = None
        if line and line["refundable_qty"] > 0 and not line["raised"]:
            price = _spin(min(MAX_AMOUNT, 2_000_000_000), 1_000)  # a QSpinBox holds 32 bits
            price.valueChanged.connect(self._update)
            self.table.setCellWidget(i, 3, price)
        money = QTableWidgetItem(fmt_vnd(0))
        money.setTextAlignment(_RIGHT)
        self.table.setItem(i, 4, money)
        self.rows.append({"line": line, "product": product, "more": more, "price": price,
                          "unit_price": int(line["unit_price"] if line else product["price"]), "weighed": weighed})

    def handle_scan(self, code: str) -> bool:
        """A barcode scanned while the dialog is open (ui/main_window.route_scan): goods added."""
        self.code.setText(code)
        self._find()
        return True

    def _find(self) -> None:
        code = self.code.text().strip()
        if code:
            self.ctx.worker.submit(supplement_ops.find_goods, code, on_done=self._found,
                                   on_error=lambda e: self._error(error_text(e)))

    def _found(self, product: dict) -> None:
        self.code.clear()
        self.error.hide()
        self._add_row(product, None)
        self.rows[-1]["more"].setValue(1000 if self.rows[-1]["weighed"] else 1)
        self.rows[-1]["more"].setFocus()
        self.rows[-1]["more"].selectAll()

    def _row_charge(self, r: dict) -> int:
        """What the row adds: pos.supplements books the same (no discount: the price in full)."""
        charge = line_amount(r["unit_price"], r["more"].value(), r["weighed"])
        if r["price"] is not None and r["price"].value() > r["unit_price"]:
            charge += line_amount(r["price"].value() - r["unit_price"], int(r["line"]["refundable_qty"]), r["weighed"])
        return charge

    def amount(self) -> int:
        return sum(self._row_charge(r) for r in self.rows)

    def _update(self, *_) -> None:
        for i, r in enumerate(self.rows):
            self.table.item(i, 4).setText(fmt_vnd(self._row_charge(r)))
        method = payment_methods.get(self.method.currentData())
        self.reference.setVisible(not method.gives_change)
        self.amount_label.setText(self.tr("The customer pays %1 more").replace("%1", fmt_vnd(self.amount())))

    def added(self) -> list[dict]:
        return [{"product_id": r["product"]["product_id"] if r["line"] else r["product"]["id"],
                 "qty": r["more"].value(), "unit_price": r["unit_price"]} for r in self.rows if r["more"].value() > 0]

    def raises(self) -> list[dict]:
        return [{"line_id": r["line"]["line_id"], "unit_price": r["price"].value()} for r in self.rows
                if r["price"] is not None and r["price"].value() > r["unit_price"]]

    def payments(self) -> list[dict]:
        method = payment_methods.get(self.method.currentData())
        if method.gives_change:
            return [{"method": method.code, "tendered": self.amount()}]
        return [{"method": method.code, "amount": self.amount(), "reference": self.reference.text().strip()}]

    def supplement_reasons(self) -> list[str]:
        return [self.tr("Price rung too low"), self.tr("Too few rung up"), self.tr("Goods not rung up")]

    def submit(self) -> None:
        """Something to charge, then the reason picker, then the manager's PIN."""
        if self.amount() <= 0:
            self._error(self.tr("Add goods or enter a higher unit price"))
            return
        self.error.hide()
        dlg = ReasonDialog(self, self.windowTitle(), self.tr("Why is more charged?"), self.supplement_reasons())
        self.reason_dialog = dlg
        dlg.chosen.connect(self._reason_chosen)
        dlg.destroyed.connect(lambda _o=None: setattr(self, "reason_dialog", None))
        dlg.open()

    def _reason_chosen(self, reason: str) -> None:
        if self.amount() <= 0:
            return
        manager = self.ctx.approve(self, "supplement")
        if manager is None:
            return
        self.ok.setEnabled(False)
        self.ctx.worker.submit(supplement_ops.supplement, self.sale["id"], self.ctx.staff["id"], manager["id"], reason,
                               self.payments(), self.added(), self.raises(), self.ctx.lang,
                               on_done=self._done, on_error=self._failed)

    def _done(self, result) -> None:
        if payment_methods.in_drawer(self.method.currentData()):  # the money goes into the drawer
            self.ctx.devices_call("open_drawer")
        self.done_result.emit(result)
        self.accept()

    def _failed(self, exc) -> None:
        self.ok.setEnabled(True)
        self._error(error_text(exc))

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
