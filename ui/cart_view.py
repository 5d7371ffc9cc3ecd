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


_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class CartModel(QAbstractTableModel):
    COLS = 5

    def __init__(self, cart: Cart, lang: str = "vi", parent=None):
        super().__init__(parent)
        self.cart = cart
        self.lang = lang
        self._cache: dict[int, tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._bold.setPointSize(13)
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

    def _texts(self, row: int) -> tuple[str, ...]:
        """The five cell texts of a row, cached until the cart changes (paints ask many times)."""
        texts = self._cache.get(row)
        if texts is None:
            line = self.cart.lines[row]
            sub = " · ".join(x for x in (line.producer_name, stars(line.ocop_stars)) if x)
            texts = (
                f"{self.name(line)}\n{sub}" if sub else self.name(line),
                qty_text(line.qty, line.sold_by_weight, line.unit),
                fmt_vnd(line.unit_price) + ("/kg" if line.sold_by_weight else ""),
                "-" + fmt_vnd(line.discount) if line.discount else "",
                fmt_vnd(line.after_discount),
                line.discount_reason or "",
            )
            self._cache[row] = texts
        return texts

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == _DISPLAY:
            return self._texts(index.row())[index.column()]
        col = index.column()
        if role == _ALIGN:
            return _RIGHT if col else None
        if role == _FONT:
            return self._bold if col in (1, 4) else None
        if role == _TOOLTIP and col == 0:
            return self._texts(index.row())[5] or None
        return None

    def reset(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        self.endResetModel()

    def line_added(self, index: int, before: int) -> None:
        """After cart.add: a new row, or an existing row changed (same product scanned again)."""
        self._cache.clear()
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
        self.setWordWrap(False)  # names carry their own line break; wrapping costs paint time
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # fixed widths: ResizeToContents would measure every cell on every scan
        for c, width in zip(range(1, model.COLS), (80, 130, 120, 150)):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            h.resizeSection(c, width)
        self.verticalHeader().setDefaultSectionSize(54)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.last_paint_ns = 0
        self.paint_count = 0

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        self.last_paint_ns = time.monotonic_ns()
        self.paint_count += 1

    def paint_row_now(self, row: int) -> None:
        """Paint one row synchronously (a scanned line appears without waiting for a frame)."""
        model = self.model()
        rect = self.visualRect(model.index(row, 0)).united(self.visualRect(model.index(row, model.COLS - 1)))
        if rect.isValid():
            self.viewport().repaint(rect)

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
