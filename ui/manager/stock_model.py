"""The stock-on-hand list as a lazily filled table model: pages of rows from the DB worker.

Why: listing a 100.000-product catalog at once (pos.stock.stock_list) took seconds before the
screen showed anything, and filling a widget per cell took more on the UI thread. Here the first
page (warnings first, then by name) is on screen in a few milliseconds of SQL, the view asks for
the next page (fetchMore) as the manager scrolls, and the counts of the summary come in their own
job. Every query runs on the DB worker; the UI thread only inserts rows that arrived.

The queries are the paged form of pos.stock.stock_list (same columns, same warning rules). They
sit here because this screen is their only user; they belong in pos.stock when it is next opened.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from .common import qty_fmt

PAGE = 200
LOW = QColor("#fff1d6")
EXPIRED = QColor("#f9d6d3")
WARNINGS, OTHERS, DONE = 0, 1, 2

_DAYS = "CAST(julianday(p.ocop_cert_expires) - julianday(:today) AS INTEGER)"
_WARN = f"(coalesce(h.qty, 0) <= p.low_stock OR coalesce({_DAYS} <= :days, 0))"
_SELECT = (
    "SELECT p.id AS product_id, p.sku, p.name_vi, p.name_en, p.name_folded, p.unit, p.sold_by_weight, "
    "pr.name AS producer_name, coalesce(h.qty, 0) AS on_hand, p.low_stock, "
    "coalesce(h.qty, 0) <= p.low_stock AS is_low, p.ocop_stars, p.ocop_cert_expires, "
    f"{_DAYS} AS days_to_expiry, coalesce({_DAYS} < 0, 0) AS cert_expired, "
    f"coalesce({_DAYS} BETWEEN 0 AND :days, 0) AS cert_expiring "
    "FROM products p JOIN producers pr ON pr.id = p.producer_id "
    "LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.active = 1")


def _args(store, days: int) -> dict:
    return {"today": store.business_day(), "days": int(days)}


def op_page(store, phase: int, after: tuple[str, str] | None, limit: int, days: int) -> list[dict]:
    """One page of the warnings (phase 0) or of the rest (phase 1), by name, after `after`
    (name_folded, id): keyset paging on the products_name_folded index, no OFFSET rescans."""
    args = _args(store, days)
    where = f" AND {_WARN}" if phase == WARNINGS else f" AND NOT {_WARN}"
    if after is not None:
        where += " AND (p.name_folded, p.id) > (:after_name, :after_id)"
        args.update(after_name=after[0], after_id=after[1])
    return store.all(_SELECT + where + " ORDER BY p.name_folded, p.id LIMIT :limit", {**args, "limit": int(limit)})


def op_rows(store, product_ids: list[str], days: int) -> list[dict]:
    """The current rows of these products (after a movement, a sale, a delivery)."""
    out: list[dict] = []
    ids = list(product_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join(f":id{n}" for n in range(len(chunk)))
        out += store.all(_SELECT + f" AND p.id IN ({marks})",
                         {**_args(store, days), **{f"id{n}": v for n, v in enumerate(chunk)}})
    return out


def op_match(store, text: str, limit: int, days: int) -> list[dict]:
    """Rows of the products the catalog's own tone-insensitive search (FTS) finds, warnings first."""
    from pos import catalog

    ids = [p["id"] for p in catalog.search(store, text, limit=limit)]
    rows = {r["product_id"]: r for r in op_rows(store, ids, days)}
    found = [rows[i] for i in ids if i in rows]
    found.sort(key=lambda r: not (r["is_low"] or r["cert_expired"] or r["cert_expiring"]))
    return found


def op_summary(store, days: int) -> dict:
    """Counts for the line above the table (one pass over the catalog, in its own job)."""
    return store.one(
        f"SELECT count(*) AS products, coalesce(sum(coalesce(h.qty, 0) <= p.low_stock), 0) AS low, "
        f"coalesce(sum(coalesce({_DAYS} < 0, 0)), 0) AS expired, "
        f"coalesce(sum(coalesce({_DAYS} BETWEEN 0 AND :days, 0)), 0) AS expiring "
        "FROM products p LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.active = 1",
        _args(store, days))


def has_warning(r: dict) -> bool:
    return bool(r["is_low"] or r["cert_expired"] or r["cert_expiring"])


class StockModel(QAbstractTableModel):
    """Rows of stock_list, filled a page at a time from the DB worker (fetchMore), or all at once
    for a filter's matches. `generation` drops answers to a request made before a reset."""

    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, worker, headers: list[str], warning_text: Callable[[dict], str], days: int, parent=None):
        super().__init__(parent)
        self.worker = worker
        self.headers = headers
        self.warning_text = warning_text
        self.days = days
        self.rows: list[dict] = []
        self.warnings_only = False
        self.loading = False
        self.phase = DONE
        self._after: tuple[str, str] | None = None
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
            unit = "g" if r["sold_by_weight"] else r["unit"]
            expires = r["ocop_cert_expires"] or ""
            if expires:
                y, m, d = expires.split("-")
                expires = f"{d}/{m}/{y}"
            texts = self._texts[row] = [
                r["name_vi"], r["sku"], r["producer_name"], f"{qty_fmt(r['on_hand'])} {unit}",
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
        gen, phase = self.generation, self.phase
        self.worker.submit(op_page, phase, self._after, PAGE, self.days,
                           on_done=lambda rows: self._page(gen, phase, rows),
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

    def _page(self, gen: int, phase: int, rows: list[dict]) -> None:
        if gen != self.generation:
            return  # an answer to a list that was reset meanwhile
        self.loading = False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        if len(rows) < PAGE:  # this part is exhausted: the rest (or nothing) follows
            self.phase = DONE if (phase == OTHERS or self.warnings_only) else OTHERS
            self._after = None
        else:
            self._after = (rows[-1]["name_folded"], rows[-1]["product_id"])
        self.page_loaded.emit(len(self.rows))
        if len(rows) < PAGE and self.phase != DONE:
            self.fetchMore()  # the warnings ran out mid-page: fill the page from the rest

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
