"""Return goods to their producer: pick the producer, scan what goes back, choose each line's lot,
say why, book it; the signed note prints (pos/producer_returns.py, printers/return_note.py).

Like a delivery, backwards: the producer follows the first scan, a product of another producer is
refused on screen (and again by pos). Each line names the lot going back, chosen from the lots
that still hold stock (a 2D code from the package names it; otherwise the lot nearest its use-by
is offered first); its quantity can never exceed what that lot holds here, and pos checks it
again under the write lock."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from pos.names import unit_name

from ..ops import returns as return_ops
from .common import BigButton, acting_manager, cell, error_text, fit_columns, qty_fmt, title_label
from .producer_lines import ProducerLines

NO_LOT = ""


class ReturnScreen(ProducerLines, QWidget):
    COL_NAME, COL_SKU, COL_LOT, COL_QTY, COL_UNIT, COL_REMOVE = range(6)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list[dict] = []  # {"product", "lot": QComboBox, "spin": QSpinBox, "held": {lot_no: on hand}}
        root = QVBoxLayout(self)
        self.title = title_label(self.tr("Return goods to the producer"))
        root.addWidget(self.title)
        self.form = form = QFormLayout()
        self.producer = QComboBox()
        self.producer.setMinimumHeight(44)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setMinimumHeight(44)
        self.reason.addItems(["", self.tr("Near its use-by date"), self.tr("Past its use-by date"), self.tr("Damaged"),
                              self.tr("Not selling"), self.tr("Lot recalled")])
        self.note = QLineEdit()
        self.note.setMinimumHeight(40)
        form.addRow(self.tr("Producer"), self.producer)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Remarks"), self.note)
        root.addLayout(form)
        bar = self.build_lines(root, [self.tr("Product"), self.tr("SKU"), self.tr("Lot"), self.tr("Quantity"),
                                      self.tr("Unit")], self.tr("Return and print the note"))
        self.copy_btn = BigButton(self.tr("Print a copy of the note"), "F6")
        self.copy_btn.clicked.connect(self.print_copy)
        self.copy_btn.setEnabled(False)
        bar.insertWidget(1, self.copy_btn)
        self.last_return: tuple[str, str] | None = None  # (id, number) of the return booked last
        ctx.catalog_changed.connect(lambda *_: self.isVisible() and self.load_producers())

    # -- main-window protocol ------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        self.load_producers()
        self.finder.edit.setFocus()

    # -- lines -----------------------------------------------------------------------------
    def add_product(self, product: dict):
        if not self.producer_takes(product):
            return
        self.ctx.worker.submit(return_ops.choices, product["id"], on_done=lambda c: self._place(product, c),
                               on_error=lambda e: self.error.show_error(error_text(e)))

    def _place(self, product: dict, choices: dict) -> None:
        """Add one (a unit, or a scale label's grams) to the line of the lot scanned or offered."""
        held = {c["lot_no"]: c["on_hand"] for c in choices["lots"]}
        if choices["unlotted"] > 0:
            held[NO_LOT] = choices["unlotted"]
        scanned = product.get("label_lot") or ""
        if scanned and scanned not in held:
            self.error.show_error(self.tr("%1: lot %2 is not in stock here.").replace("%1", self.name_of(product))
                                  .replace("%2", scanned))
            return
        if not held:
            self.error.show_error(self.tr("%1: nothing in stock to return.").replace("%1", self.name_of(product)))
            return
        lot = scanned if scanned else next(iter(held))
        step = (product.get("label_grams") or 1000) if product.get("sold_by_weight") else 1
        for line in self.lines:
            if line["product"]["id"] == product["id"] and line["lot"].currentData() == lot:
                self._set_qty(line, line["spin"].value() + step)
                self.table.selectRow(self.lines.index(line))
                return
        self._add_row(product, choices, held, lot, step)

    def _lot_text(self, lot: dict) -> str:
        day = dt.date.fromisoformat(lot["use_by"]).strftime("%d/%m/%Y") if lot.get("use_by") else ""
        words = self.tr("lot %1").replace("%1", lot["lot_no"])
        if day:
            words += " · " + self.tr("use by %1").replace("%1", day)
        return words + " · " + self.tr("%1 on hand").replace("%1", qty_fmt(lot["on_hand"]))

    def _add_row(self, product: dict, choices: dict, held: dict, lot: str, step: int) -> None:
        row = len(self.lines)
        self.table.insertRow(row)
        self.table.setItem(row, self.COL_NAME, cell(self.name_of(product)))
        self.table.setItem(row, self.COL_SKU, cell(product["sku"]))
        combo = QComboBox()
        for c in choices["lots"]:
            combo.addItem(self._lot_text(c), c["lot_no"])
        if choices["unlotted"] > 0:
            combo.addItem(self.tr("no lot · %1 on hand").replace("%1", qty_fmt(choices["unlotted"])), NO_LOT)
        combo.setCurrentIndex(combo.findData(lot))
        self.table.setCellWidget(row, self.COL_LOT, combo)
        spin = QSpinBox()
        spin.setMinimumWidth(140)
        spin.setAlignment(Qt.AlignRight)
        spin.setSingleStep(step)
        self.table.setCellWidget(row, self.COL_QTY, spin)
        self.table.setItem(row, self.COL_UNIT, cell("g" if product.get("sold_by_weight") else
                                                    unit_name(product["unit"], self.ctx.lang, 2)))
        line = {"product": product, "lot": combo, "spin": spin, "held": held}
        self.put_remove_button(row, line)
        combo.currentIndexChanged.connect(lambda *_, line=line: self._set_qty(line, line["spin"].value()))
        self.lines.append(line)
        self._set_qty(line, step)
        fit_columns(self.table)
        self.table.selectRow(row)

    def _set_qty(self, line: dict, qty: int) -> None:
        """At most what the chosen lot holds: the screen says so at once, pos refuses it anyway."""
        most = line["held"].get(line["lot"].currentData(), 0)
        line["spin"].setRange(0, most)
        if qty > most:
            self.error.show_error(self.tr("%1: only %2 in this lot.").replace("%1", self.name_of(line["product"]))
                                  .replace("%2", qty_fmt(most)))
        line["spin"].setValue(min(qty, most))

    def clear(self):
        self.table.setRowCount(0)
        self.lines = []
        self.note.clear()
        self.reason.setCurrentIndex(0)
        self.reason.setEditText("")
        self.error.clear_error()

    # -- booking ---------------------------------------------------------------------------
    def save(self):
        if self._saving:
            return
        self.error.clear_error()
        producer_id = self.producer.currentData()
        lines = [{"product_id": ln["product"]["id"], "qty": ln["spin"].value(), "lot_no": ln["lot"].currentData()}
                 for ln in self.lines if ln["spin"].value() > 0]
        reason = self.reason.currentText().strip()
        if producer_id is None:
            self.error.show_error(self.tr("Choose the producer."))
        elif not lines:
            self.error.show_error(self.tr("Scan or search the products going back."))
        elif not reason:
            self.error.show_error(self.tr("Say why the goods go back."))
            self.reason.setFocus()
        else:
            manager = acting_manager(self) or {}
            self._saving = True
            self.ctx.worker.submit(return_ops.book, producer_id, lines, manager.get("id"), reason,
                                   self.note.text().strip(), on_done=self._saved, on_error=self._refused)

    def _saved(self, result):
        self._saving = False
        self.last_return = result.value
        self.copy_btn.setEnabled(True)
        self.notice.ok(self.tr("Return %1 booked; its note is printing: both sides sign it.")
                       .replace("%1", result.value[1]))
        self.clear()
        self.finder.edit.setFocus()

    def print_copy(self):
        """The note again, marked as a copy: one for the producer to take, one signed for the kiosk."""
        if self.last_return is None:
            return
        staff = self.ctx.staff or acting_manager(self) or {}
        self.ctx.worker.submit(return_ops.reprint, self.last_return[0], staff.get("id"),
                               on_done=lambda _r: self.notice.ok(self.tr("A copy of %1 is printing.")
                                                                 .replace("%1", self.last_return[1])),
                               on_error=self._refused)

    def _refused(self, exc):
        self._saving = False
        self.error.show_error(error_text(exc))
