"""The cart table: one row per line with producer and OCOP stars, quantity, price, amount."""
from __future__ import annotations

import time

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QTableView

from pos.cart import Cart
from pos.money import fmt_vnd
from pos.names import unit_name


def stars(n) -> str:
    return "★" * int(n) if n else ""


def qty_text(qty: int, by_weight: bool, unit: str = "") -> str:
    if by_weight:
        return f"{qty:,} g".replace(",", ".")
    return f"{qty}"


def qty_unit_text(qty: int, by_weight: bool, unit: str, lang: str) -> str:
    """"2 hũ" in Vietnamese, "2 jars" in English, "350 g" for a weighed line."""
    if by_weight:
        return qty_text(qty, True)
    shown = unit_name(unit, lang, qty)
    return f"{qty} {shown}" if shown else str(qty)


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
        self.alternate = False
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
            # stars first: a long producer name is elided at its end, the OCOP stars must stay
            # the line's own promotion first ("KM: <text> −X", pos/promotions.py), then stars, producer
            km = self.tr("Promo")
            promo = " ".join(f"{km}: {a['text_vi'] if self.lang == 'vi' else a['text_en']} "
                             f"−{fmt_vnd(a['amount'])}" for a in line.promos if a["level"] == "line")
            sub = " · ".join(x for x in (promo, stars(line.ocop_stars), line.producer_name) if x)
            off = line.discount + line.promo_discount
            texts = (
                f"{self.name(line)}\n{sub}" if sub else self.name(line),
                qty_text(line.qty, line.sold_by_weight, line.unit),
                fmt_vnd(line.unit_price) + ("/kg" if line.sold_by_weight else ""),
                "-" + fmt_vnd(off) if off else "",
                # the discount under the amount (its own column took the name's room at 1024 px)
                fmt_vnd(line.after_discount) + (f"\n-{fmt_vnd(off)}" if off else ""),
                "\n".join(x for x in (line.discount_reason, promo) if x),
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
        if role == _TOOLTIP and col == 0:  # the whole name (the cell may cut it) and the discount's reason
            texts = self._texts(index.row())
            return "\n".join(x for x in (texts[0], texts[5]) if x)
        return None

    def reset(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        self.endResetModel()

    def line_added(self, index: int, before: int) -> None:
        """After cart.add: a new row, or an existing row changed (same product scanned again); the
        other rows too, as the promotions were re-evaluated (a "buy X" or a spend share moves)."""
        self._cache.clear()
        if len(self.cart.lines) > before:
            self.beginInsertRows(QModelIndex(), before, before)
            self.endInsertRows()
        if self.cart.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cart.lines) - 1, self.COLS - 1))


_SELECTED = QStyle.StateFlag.State_Selected


def fitted_font(font: QFont, text: str, width: int) -> QFont:
    """`font`, made smaller until `text` fits in `width` pixels (never below 60 %)."""
    use = QFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else font.pixelSize() * 0.75
    floor = size * 0.6
    while size > floor:
        size -= 0.5
        use.setPointSizeF(size)
        if QFontMetrics(use).horizontalAdvance(text) <= width:
            break
    return use


class CartDelegate(QStyledItemDelegate):
    """Paints a cart cell from the model's cached texts with laid-out, cached QStaticText.

    Why: QTableView repaints its whole viewport whenever a row is added, and the stock delegate
    asks the model for ~9 roles and lays the text out again for every cell on every paint (about
    0.1 ms a cell here): a scan then cost a full table of that. Here a cell is one Python call,
    a fill and one or two cached text draws."""

    MARGIN = 6

    def __init__(self, model: "CartModel", parent=None):
        super().__init__(parent)
        self.model = model
        self._static: dict[tuple, tuple[QStaticText, int, int]] = {}
        self._metrics: dict[bool, QFontMetrics] = {}

    def clear(self) -> None:
        """Forget laid-out texts (the view's font changed)."""
        self._static.clear()
        self._metrics.clear()

    def _line(self, text: str, font: QFont, bold: bool, width: int,
              fit: bool = False) -> tuple[QStaticText, int, int, QFont]:
        """A laid-out line: names are elided at their end; amounts (`fit`) are never elided, a
        figure too wide for its column is drawn in a smaller font ("149.985.000 ₫", not "149.985.00…")."""
        key = (text, bold, width, fit)
        hit = self._static.get(key)
        if hit is None:
            fm = self._metrics.get(bold)
            if fm is None:
                fm = self._metrics[bold] = QFontMetrics(font)
            shown, use = text, QFont(font)  # a copy: option.font belongs to a style option that goes away
            if fm.horizontalAdvance(text) > width:
                if fit:
                    use = fitted_font(font, text, width)
                    fm = QFontMetrics(use)
                else:
                    shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
            st = QStaticText(shown)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=use)
            hit = (st, fm.horizontalAdvance(shown), fm.height(), use)
            if len(self._static) > 4000:
                self._static.clear()
            self._static[key] = hit
        return hit

    def paint(self, painter, option, index) -> None:
        row, col = index.row(), index.column()
        if row >= len(self.model.cart.lines):
            return
        rect = option.rect
        pal = option.palette
        selected = bool(option.state & _SELECTED)
        if selected:
            painter.fillRect(rect, pal.brush(QPalette.ColorRole.Highlight))
        elif row % 2 and self.model.alternate:
            painter.fillRect(rect, pal.brush(QPalette.ColorRole.AlternateBase))
        text = self.model._texts(row)[col]
        if not text:
            return
        bold = col in (1, 4)
        font = self.model._bold if bold else option.font
        width = rect.width() - 2 * self.MARGIN
        lines = [self._line(t, font if i == 0 else option.font, bold and i == 0, width, fit=col > 0)
                 for i, t in enumerate(text.split("\n"))]  # a second line (producer, discount) plain
        height = sum(line[2] for line in lines)
        y = rect.top() + (rect.height() - height) // 2
        painter.save()
        painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.setClipRect(rect)
        for st, w, h, use in lines:
            painter.setFont(use)
            x = rect.right() - self.MARGIN - w if col else rect.left() + self.MARGIN
            painter.drawStaticText(x, y, st)
            y += h
        painter.restore()


class CartView(QTableView):
    def __init__(self, model: CartModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.delegate = CartDelegate(model, self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        model.alternate = True
        self.setWordWrap(False)  # names carry their own line break; wrapping costs paint time
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # fixed widths: ResizeToContents would measure every cell on every scan. Narrow enough to
        # leave the name room at 1024 px; a wider amount is drawn smaller, never cut (CartDelegate)
        for c, width in zip(range(1, model.COLS), (64, 108, 100, 134)):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            h.resizeSection(c, width)
        self.setColumnHidden(3, True)  # the discount is shown under the line's amount
        v = self.verticalHeader()
        v.setDefaultSectionSize(54)
        v.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # fixed geometry: a row number gaining a digit, or the scroll bar appearing at the 8th
        # line, would resize the viewport and repaint the whole table in the middle of a scan
        v.setFixedWidth(v.fontMetrics().horizontalAdvance("8888") + 16)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # an opaque viewport (it fills its own background in paintEvent): Qt then neither repaints
        # the window behind the table on every paint nor repaints the whole table on a scroll
        # (it moves the pixels and paints only the row that came into view)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.last_paint_ns = 0
        self.paint_count = 0

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange and hasattr(self, "delegate"):
            self.delegate.clear()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        bg = QPainter(self.viewport())
        bg.fillRect(event.rect(), self.viewport().palette().base())
        bg.end()
        super().paintEvent(event)
        self.last_paint_ns = time.monotonic_ns()
        self.paint_count += 1

    def show_row_now(self, row: int) -> None:
        """Select `row`, scroll it into view and paint it synchronously (a scanned line appears
        without waiting for a frame). Layout first, so the scroll lands on the new row and the
        one paint covers it; painting before scrolling would paint a row still out of view."""
        self.executeDelayedItemsLayout()
        self.select_row(row)
        self.paint_row_now(row)

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
