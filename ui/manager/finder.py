"""Find a product by scan, SKU or tone-insensitive name: the shared front of the delivery, count
and catalog screens.

A scan (or a typed barcode/SKU) that resolves goes straight to `picked`; a name shows a short
list to tap or pick with the arrow keys and Enter. Lookups run on the DB worker."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pos.money import fmt_vnd
from pos.names import product_name

from ..ops import catalog as catalog_ops
from .common import ErrorLabel, ScanEdit, error_text


class ProductFinder(QWidget):
    picked = Signal(dict)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = ScanEdit()
        self.edit.setPlaceholderText(self.tr("Scan a barcode, or type a SKU or name, then Enter"))
        self.edit.submitted.connect(self.find)
        self.error = ErrorLabel()
        self.results = QListWidget()
        self.results.setMinimumHeight(0)
        self.results.setMaximumHeight(220)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        self.results.hide()
        lay.addWidget(self.edit)
        lay.addWidget(self.error)
        lay.addWidget(self.results)

    def find(self, text: str) -> None:
        self.error.clear_error()
        self.ctx.worker.submit(catalog_ops.find, text, on_done=self._found, on_error=self._failed)

    def _failed(self, exc):
        self.results.hide()
        self.error.show_error(error_text(exc))

    def _found(self, result):
        kind, value = result
        if kind == "hit":
            self.results.hide()
            self.picked.emit(value)
            return
        if not value:
            self.results.hide()
            self.error.show_error(self.tr("No product matches."))
            return
        if len(value) == 1:
            self.results.hide()
            self.picked.emit(value[0])
            return
        self.results.clear()
        for p in value:
            name = product_name(p, self.ctx.lang)
            item = QListWidgetItem(f"{name}  ·  {p['sku']}  ·  {fmt_vnd(p['price'])}  ·  {p['producer_name']}")
            item.setData(Qt.UserRole, p)
            item.setSizeHint(QSize(0, 40))  # a finger's height
            self.results.addItem(item)
        self.results.show()
        self.results.setCurrentRow(0)
        self.results.setFocus()

    def _activated(self, item: QListWidgetItem):
        product = item.data(Qt.UserRole)
        self.results.hide()
        self.edit.setFocus()
        self.picked.emit(product)
