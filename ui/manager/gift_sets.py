"""Gift boxes made ahead (pos/set_assembly.py): before Tết the manager fills boxes in the back room
so the counter only scans them. The list shows each gift set with its boxes on hand, what one box
holds with each component's stock, and how many more boxes that stock makes; choose a set, a
number of boxes, then Make boxes (F8) or Take apart (F7). Nothing is printed: the ledger
(movement 'set_assembly') and the audit log keep it, and the centre sees it in consignment."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from pos.names import product_name

from ..ops import sets as set_ops
from .common import BigButton, ErrorLabel, Notice, acting_manager, cell, error_text, fit_columns, make_table, \
    qty_fmt, title_label


class GiftSetScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self._dirty = True
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Gift boxes made ahead")))
        hint = QLabel(self.tr("A box sold at the counter is taken from the boxes made ahead first; without "
                              "them, its products are taken from stock one by one."))
        hint.setWordWrap(True)
        root.addWidget(hint)
        self.table = make_table([self.tr("Gift set"), self.tr("Boxes in stock"), self.tr("One box holds"),
                                 self.tr("Can still make")], stretch=2)
        self.table.itemSelectionChanged.connect(self._selected)
        root.addWidget(self.table, 1)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Boxes")))
        self.qty = QSpinBox()
        self.qty.setRange(1, 10_000)
        self.qty.setMinimumHeight(44)
        bar.addWidget(self.qty)
        self.make_btn = BigButton(self.tr("Make boxes"), "F8", primary=True)
        self.make_btn.clicked.connect(lambda: self._act(set_ops.assemble, self.tr("%1 boxes of %2 made.")))
        self.apart_btn = BigButton(self.tr("Take apart"), "F7")
        self.apart_btn.clicked.connect(lambda: self._act(set_ops.disassemble,
                                                          self.tr("%1 boxes of %2 taken apart; their products are back in stock.")))
        bar.addWidget(self.make_btn, 1)
        bar.addWidget(self.apart_btn, 1)
        root.addLayout(bar)
        self.error = ErrorLabel()
        root.addWidget(self.error)
        self.notice = Notice()
        root.addWidget(self.notice)
        self._selected()
        ctx.stock_changed.connect(self._mark_dirty)
        ctx.catalog_changed.connect(self._mark_dirty)

    def _mark_dirty(self, *_):
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        self.ctx.worker.submit(set_ops.overview, on_done=self._show, on_error=lambda e: self.error.show_error(error_text(e)))

    def _show(self, rows: list[dict]) -> None:
        chosen = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            holds = "; ".join(f"{c['per_set']} × {product_name(c, self.ctx.lang)} ({qty_fmt(c['on_hand'])})"
                              for c in r["components"])
            for col, item in enumerate((cell(product_name(r, self.ctx.lang), data=r["id"]),
                                        cell(qty_fmt(r["on_hand"]), True), cell(holds), cell(qty_fmt(r["can_make"]), True))):
                self.table.setItem(i, col, item)
            if chosen and r["id"] == chosen["id"]:
                self.table.selectRow(i)
        fit_columns(self.table)
        self._selected()

    def selected(self) -> dict | None:
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) and self.table.selectedItems() else None

    def _selected(self) -> None:
        r = self.selected()
        self.make_btn.setEnabled(bool(r))
        self.apart_btn.setEnabled(bool(r and r["on_hand"] > 0))

    def _act(self, op, done_text: str) -> None:
        r = self.selected()
        if r is None:
            return
        self.error.clear_error()
        manager = acting_manager(self) or {}
        name = product_name(r, self.ctx.lang)
        self.ctx.worker.submit(op, r["id"], self.qty.value(), manager.get("id"),
                               on_done=lambda res: self.notice.ok(done_text.replace("%1", qty_fmt(res.value))
                                                                  .replace("%2", name)),
                               on_error=lambda e: self.error.show_error(error_text(e)))
