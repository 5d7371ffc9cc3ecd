"""Receive a producer's delivery: pick the producer, scan what came, check quantities, book it.

Why the producer comes first: a delivery note is one producer's, and settlement with producers
(pos.reports.producer_settlement) depends on stock being booked to the right one. Scanning a
product of another producer is refused on screen before the store refuses it; on an empty
delivery the producer simply follows the first scan. Each line carries the producer's lot number
and use-by date (pos/lots.py: a sale draws the earliest use-by first); a 2D code scanned from the
package fills them, and a product that came in two lots takes two lines.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.names import unit_name

from .common import acting_manager, cell, error_text, fit_columns, title_label
from ..ops import stock as stock_ops
from .producer_lines import ProducerLines
from .receive_announced import ReceiveAnnounced


class ReceiveScreen(ReceiveAnnounced, ProducerLines, QWidget):
    COL_NAME, COL_SKU, COL_LOT, COL_USE_BY, COL_QTY, COL_UNIT, COL_REMOVE = range(7)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list[dict] = []  # {"product": dict, "spin": QSpinBox, "lot": QLineEdit, "use_by": QLineEdit}
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Receive a delivery")))

        form = QFormLayout()
        self.producer = QComboBox()
        self.producer.setMinimumHeight(44)
        self.producer.currentIndexChanged.connect(self._producer_changed)
        self.note_no = QLineEdit()
        self.note_no.setMinimumHeight(40)
        self.note_no.setPlaceholderText(self.tr("e.g. PN-0123"))
        self.note = QLineEdit()
        self.note.setMinimumHeight(40)
        self.build_announced(form)
        form.addRow(self.tr("Producer"), self.producer)
        form.addRow(self.tr("Delivery note no."), self.note_no)
        form.addRow(self.tr("Remarks"), self.note)
        root.addLayout(form)
        root.addWidget(self.compare_title)
        root.addWidget(self.compare)

        self.build_lines(root, [self.tr("Product"), self.tr("SKU"), self.tr("Lot no."), self.tr("Use by"),
                                self.tr("Quantity"), self.tr("Unit")], self.tr("Book delivery"))
        ctx.catalog_changed.connect(lambda *_: self.isVisible() and (self.load_producers(), self.load_announcements()))

    # -- main-window protocol ------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        self.load_producers()
        self.load_announcements()
        self.finder.edit.setFocus()

    # -- producers -------------------------------------------------------------------------
    def _producer_changed(self, *_):
        pid = self.producer.currentData()
        if self.lines and any(line["product"]["producer_id"] != pid for line in self.lines):
            self.error.show_error(self.tr("The lines below belong to another producer: clear them first."))

    # -- lines -----------------------------------------------------------------------------
    def add_product(self, product: dict):
        if not self.producer_takes(product):
            return
        # weighed goods are booked in grams: a scale label's weight, else a kilogram to correct
        step = (product.get("label_grams") or 1000) if product.get("sold_by_weight") else 1
        lot = product.get("label_lot") or ""
        for line in self.lines:
            # a code without a lot adds to the product's line; one naming a lot, to that lot's (or a blank one)
            if line["product"]["id"] == product["id"] and (not lot or line["lot"].text().strip() in ("", lot)):
                if lot:
                    line["lot"].setText(lot)
                line["spin"].setValue(line["spin"].value() + step)
                self.table.selectRow(self.lines.index(line))
                return
        self._add_row(product, step, lot, product.get("label_use_by") or "")

    def _add_row(self, product: dict, step: int, lot: str, use_by: str) -> None:
        row = len(self.lines)
        self.table.insertRow(row)
        self.table.setItem(row, self.COL_NAME, cell(self.name_of(product)))
        self.table.setItem(row, self.COL_SKU, cell(product["sku"]))
        lot_edit = QLineEdit(lot)
        lot_edit.setMaxLength(20)
        lot_edit.setPlaceholderText(self.tr("on the package"))
        self.table.setCellWidget(row, self.COL_LOT, lot_edit)
        use_by_edit = QLineEdit(dt.date.fromisoformat(use_by).strftime("%d/%m/%Y") if use_by else "")
        use_by_edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.table.setCellWidget(row, self.COL_USE_BY, use_by_edit)
        spin = QSpinBox()
        spin.setRange(0, 1_000_000_000 if product.get("sold_by_weight") else 1_000_000)
        spin.setSingleStep(step)
        spin.setValue(step)
        spin.setMinimumWidth(140)
        spin.setAlignment(Qt.AlignRight)
        self.table.setCellWidget(row, self.COL_QTY, spin)
        self.table.setItem(row, self.COL_UNIT, cell("g" if product.get("sold_by_weight") else
                                                    unit_name(product["unit"], self.ctx.lang, 2)))
        line = {"product": product, "spin": spin, "lot": lot_edit, "use_by": use_by_edit}
        self.put_remove_button(row, line)
        self.lines.append(line)
        self.watch_line(line)
        fit_columns(self.table)
        self.table.selectRow(row)
        self.refresh_compare()

    def lines_changed(self) -> None:
        self.refresh_compare()

    def remove(self, product_id: str):
        for line in self.lines:
            if line["product"]["id"] == product_id:
                self._remove_line(line)
                return

    def qty_of(self, product_id: str) -> int | None:
        for line in self.lines:
            if line["product"]["id"] == product_id:
                return line["spin"].value()
        return None

    def clear(self):
        self.table.setRowCount(0)
        self.lines = []
        self.note_no.clear()
        self.note.clear()
        self.error.clear_error()
        self.announced_pick.setCurrentIndex(0)
        self.refresh_compare()

    # -- booking ---------------------------------------------------------------------------
    def save(self):
        if self._saving:
            return
        self.error.clear_error()
        producer_id = self.producer.currentData()
        if producer_id is None:
            self.error.show_error(self.tr("Choose the producer."))
            return
        lines = []
        for line in self.lines:
            if line["spin"].value() <= 0:
                continue
            use_by = self._use_by(line)
            if use_by is False:
                return
            lines.append({"product_id": line["product"]["id"], "qty": line["spin"].value(),
                          "lot_no": line["lot"].text().strip(), "use_by": use_by})
        if not lines:
            self.error.show_error(self.tr("Scan or search the products that came."))
            return
        staff = self.ctx.staff or acting_manager(self) or {}
        self._saving = True
        self.ctx.worker.submit(stock_ops.receive, producer_id, lines, staff.get("id"), self.note_no.text().strip(),
                               self.note.text().strip(), self.announced["id"] if self.announced else "",
                               on_done=self._saved, on_error=self._refused)

    def _use_by(self, line: dict):
        """The line's use-by as YYYY-MM-DD (None when blank), or False after saying why it is not a date."""
        text = line["use_by"].text().strip()
        if not text:
            return None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        self.error.show_error(self.tr("%1: use-by %2 is not a date (dd/mm/yyyy).")
                              .replace("%1", self.name_of(line["product"])).replace("%2", text))
        line["use_by"].setFocus()
        return False

    def _saved(self, result):
        self._saving = False
        _delivery_id, after, compared = result.value
        names = {line["product"]["id"]: self.name_of(line["product"]) for line in self.lines}
        summary = ", ".join(f"{names.get(pid, pid)}: {qty}" for pid, qty in after.items())
        note_no = self.announced["note_no"] if self.announced else ""
        self.clear()
        if compared is not None:  # stays on screen: what was recorded against the announcement
            self.show_compare(compared, self.tr("Announced %1 against what was received").replace("%1", note_no), True)
            text = self.differences_text(compared)
            (self.notice.error if any(r["difference"] for r in compared) else self.notice.ok)(
                self.tr("Delivery booked. On hand now: %1").replace("%1", summary) + " " + text)
        else:
            self.notice.ok(self.tr("Delivery booked. On hand now: %1").replace("%1", summary))
        self.load_announcements()
        self.finder.edit.setFocus()

    def _refused(self, exc):
        self._saving = False
        self.error.show_error(error_text(exc))
