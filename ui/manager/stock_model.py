"""The stock-on-hand list as a lazily filled table model: pages of rows from the DB worker.

Why: listing a 100.000-product catalog at once (pos.stock.stock_list) took seconds before the
screen showed anything, and filling a widget per cell took more on the UI thread. Here the first
page (warnings first, then by name) is on screen in a few milliseconds of SQL, the view asks for
the next page (fetchMore) as the manager scrolls, and the counts of the summary come in their own
job. The queries are pos.stock's (stock_page, stock_rows, stock_find, stock_summary), run on the
DB worker; the UI thread only inserts rows that arrived.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from pos.names import product_name, unit_name
from pos.stock import OTHERS, WARNINGS, has_warning

from ..ops import stock as stock_ops
from .common import qty_fmt

PAGE = 200
LOW = QColor("#fff1d6")
EXPIRED = QColor("#f9d6d3")
DONE = 2  # beside pos.stock's WARNINGS (0) and OTHERS (1): nothing more to fetch

__all__ = ["DONE", "OTHERS", "PAGE", "WARNINGS", "StockModel", "has_warning"]


class StockModel(QAbstractTableModel):
    """Rows of stock_list, filled a page at a time from the DB worker (fetchMore), or all at once
    for a filter's matches. `generation` drops answers to a request made before a reset."""

    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, worker, headers: list[str], warning_text: Callable[[dict], str], days: int, parent=None,
                 lang: str = "vi"):
        super().__init__(parent)
        self.worker = worker
        self.lang = lang  # names and units in the screen's language
        self.headers = headers
        self.warning_text = warning_text
        self.days = days
        self.rows: list[dict] = []
        self.warnings_only = False
        self.loading = False
        self.phase = DONE
        self._after: tuple | None = None  # pos.stock.stock_page's position of the next page
        self._texts: dict[int, list[str]] = {}
        self.generation = 0
        self.on_error: Callable | None = None

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def text(self, row: int, col: int) -> str:
        texts = self._texts.get(row)
        if texts is None:
            r = self.rows[row]
            unit = "g" if r["sold_by_weight"] else unit_name(r["unit"], self.lang, r["on_hand"])
            expires = r["ocop_cert_expires"] or ""
            if expires:
                y, m, d = expires.split("-")
                expires = f"{d}/{m}/{y}"
            texts = self._texts[row] = [
                product_name(r, self.lang), r["sku"], r["producer_name"], f"{qty_fmt(r['on_hand'])} {unit}",
                qty_fmt(r["low_stock"]), "★" * int(r["ocop_stars"]) if r["ocop_stars"] else "", expires,
                self.warning_text(r)]
        return texts[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            r = self.rows[row]
            return EXPIRED if r["cert_expired"] else LOW if (r["is_low"] or r["cert_expiring"]) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[row]["product_id"]
        return None

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self.phase != DONE and not self.loading

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        self.loading = True
        gen = self.generation
        self.worker.submit(stock_ops.page, self._after, PAGE, self.warnings_only, self.days,
                           on_done=lambda answer: self._page(gen, *answer),
                           on_error=lambda exc: self._failed(gen, exc))

    # -- filling ---------------------------------------------------------------------------------
    def reload(self, warnings_only: bool | None = None) -> None:
        """Start again from the first page (warnings first, then the rest by name)."""
        if warnings_only is not None:
            self.warnings_only = warnings_only
        self._reset([], WARNINGS)
        self.fetchMore()

    def set_rows(self, rows: list[dict]) -> None:
        """Show exactly these rows (a filter's matches); nothing more to fetch."""
        if self.warnings_only:
            rows = [r for r in rows if has_warning(r)]
        self._reset(rows, DONE)
        self.page_loaded.emit(len(self.rows))

    def _reset(self, rows: list[dict], phase: int) -> None:
        self.beginResetModel()
        self.generation += 1
        self.rows = list(rows)
        self._texts.clear()
        self.phase = phase
        self._after = None
        self.loading = False
        self.endResetModel()

    def _page(self, gen: int, rows: list[dict], after: tuple | None) -> None:
        if gen != self.generation:
            return  # an answer to a list that was reset meanwhile
        self.loading = False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self._after = after
        self.phase = DONE if after is None else after[0]
        self.page_loaded.emit(len(self.rows))

    def _failed(self, gen: int, exc: Exception) -> None:
        if gen == self.generation:
            self.loading = False
            if self.on_error is not None:
                self.on_error(exc)

    def update_rows(self, fresh: list[dict]) -> None:
        """Replace loaded rows in place (the manager keeps their place in the list)."""
        by_id = {r["product_id"]: r for r in fresh}
        for i, r in enumerate(self.rows):
            new = by_id.get(r["product_id"])
            if new is not None:
                self.rows[i] = new
                self._texts.pop(i, None)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.headers) - 1))

    def row_of(self, product_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r["product_id"] == product_id), None)
