"""What is being paid for, beside the payment: the lines, their discounts, the total and its VAT.

Why: the payment screen used to show one figure ("To pay: 149.000 ₫"), so neither the clerk nor
the customer could check what the money was for while paying. This is a compact, read-only copy
of the cart (it scrolls when long); amounts are never elided, long names are cut at their end with
the whole name as a tooltip.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pos.cart import Cart
from pos.money import fmt_vnd
from pos.names import product_name

from .cart_view import qty_unit_text

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MUTED = QColor("#5f6b65")


class OrderSummary(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("summary_title")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("summary")
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Qty"), self.tr("Amount")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.rows: list[tuple[str, str, str]] = []  # what the table shows (tests read it)

        self.totals = QGridLayout()
        self.totals.setHorizontalSpacing(12)
        self.totals.setVerticalSpacing(2)
        self.total_value = QLabel()
        self.total_value.setObjectName("summary_total")
        self.total_value.setAlignment(_RIGHT)
        self.vat_value = QLabel()
        self.vat_value.setObjectName("muted")
        self.vat_value.setAlignment(_RIGHT)
        self.discount_value = QLabel()
        self.discount_value.setAlignment(_RIGHT)
        self.discount_name = QLabel()
        self.discount_name.setWordWrap(True)
        self.total_name = QLabel(self.tr("Total"))
        self.total_name.setObjectName("summary_total")
        self.vat_name = QLabel(self.tr("incl. VAT"))
        self.vat_name.setObjectName("muted")
        for r, (name, value) in enumerate(((self.discount_name, self.discount_value),
                                           (self.total_name, self.total_value), (self.vat_name, self.vat_value))):
            self.totals.addWidget(name, r, 0)
            self.totals.addWidget(value, r, 1)
        self.totals.setColumnStretch(0, 1)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.table, 1)
        lay.addLayout(self.totals)

    def show_cart(self, cart: Cart, lang: str) -> None:
        t = cart.totals()
        self.title.setText(self.tr("Paying for %1 items").replace("%1", str(t.item_count)))
        rows: list[tuple[str, str, str, str]] = []  # name, qty, amount, tooltip
        for line in cart.lines:
            name = product_name({"name_vi": line.name_vi, "name_en": line.name_en}, lang)
            rows.append((name, qty_unit_text(line.qty, line.sold_by_weight, line.unit, lang),
                         fmt_vnd(line.gross), name))
            if line.discount:
                what = self.tr("Discount") + (f": {line.discount_reason}" if line.discount_reason else "")
                rows.append(("    " + what, "", "-" + fmt_vnd(line.discount), what))
        self.rows = [r[:3] for r in rows]
        self.table.setRowCount(len(rows))
        muted_font = QFont(self.font())
        muted_font.setItalic(True)
        for i, (name, qty, amount, tip) in enumerate(rows):
            discount_row = amount.startswith("-")
            for c, text in enumerate((name, qty, amount)):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(_RIGHT)
                if c == 0:
                    item.setToolTip(tip)
                if discount_row:
                    item.setForeground(MUTED)
                    item.setFont(muted_font)
                self.table.setItem(i, c, item)
        self.table.scrollToTop()
        if t.order_discount:
            reason = f" ({cart.order_discount_reason})" if cart.order_discount_reason else ""
            self.discount_name.setText(self.tr("Order discount") + reason)
            self.discount_value.setText("-" + fmt_vnd(t.order_discount))
        self.discount_name.setVisible(bool(t.order_discount))
        self.discount_value.setVisible(bool(t.order_discount))
        self.total_value.setText(fmt_vnd(t.total))
        self.vat_value.setText(fmt_vnd(t.vat_total))
