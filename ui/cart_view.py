"""The cart table: one row per line with producer and OCOP stars, quantity, price, amount."""
from __future__ import annotations

import time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from pos.cart import Cart
from pos.money import fmt_vnd


def stars(n) -> str:
    return "★" * int(n) if n else ""


def qty_text(qty: int, by_weight: bool, unit: str = "") -> str:
    if by_weight:
        return f"{qty:,} g".replace(",", ".")
    return f"{qty}"


class CartModel(QAbstractTableModel):
    COLS = 5

    def __init__(self, cart: Cart, lang: str = "vi", parent=None):
        super().__init__(parent)
        self.cart = cart
        self.lang = lang
        self.headers = [self.tr("Product"), self.tr("Qty"), self.tr("Price"), self.tr("Discount"), self.tr("Amount")]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.cart.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return self.COLS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def name(self, line) -> str:
        return (line.name_en or line.name_vi) if self.lang == "en" else line.name_vi

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.cart.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                sub = " · ".join(x for x in (line.producer_name, stars(line.ocop_stars)) if x)
                return f"{self.name(line)}\n{sub}" if sub else self.name(line)
            if col == 1:
                return qty_text(line.qty, line.sold_by_weight, line.unit)
            if col == 2:
                price = fmt_vnd(line.unit_price)
                return price + ("/kg" if line.sold_by_weight else "")
            if col == 3:
                return "-" + fmt_vnd(line.discount) if line.discount else ""
            if col == 4:
                return fmt_vnd(line.after_discount)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col in (1, 4):
            f = QFont()
            f.setBold(True)
            f.setPointSize(13)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return line.discount_reason or None
        return None

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def line_added(self, index: int, before: int) -> None:
        """After cart.add: a new row, or an existing row changed (same product scanned again)."""
        if len(self.cart.lines) > before:
            self.beginInsertRows(QModelIndex(), before, before)
            self.endInsertRows()
        else:
            self.dataChanged.emit(self.index(index, 0), self.index(index, self.COLS - 1))


class CartView(QTableView):
    def __init__(self, model: CartModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, model.COLS):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(54)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.last_paint_ns = 0
        self.paint_count = 0

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        self.last_paint_ns = time.monotonic_ns()
        self.paint_count += 1

    def current_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        n = self.model().rowCount()
        return n - 1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.selectRow(row)
            self.scrollTo(self.model().index(row, 0))
