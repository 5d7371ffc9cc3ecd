"""Stock on hand, with the two warnings a manager acts on: low stock (reorder from the producer)
and OCOP certificates expired or expiring within 60 days (an expired star rating must not be
advertised on the shelf or the receipt)."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout,
                               QWidget)

from . import acting_manager
from .common import BigButton, ErrorLabel, Notice, cell, error_text, fit_columns, make_table, qty_fmt, title_label

EXPIRY_DAYS = 60
MAX_ROWS = 500
LOW = QColor("#fff1d6")
EXPIRED = QColor("#f9d6d3")


def op_ledger(store, product_id):
    from pos import stock

    return stock.ledger(store, product_id, limit=50)


def op_move(store, product_id, qty, kind, reason, staff_id, manager_id):
    from pos import stock

    changes = stock.record_move(store, product_id, qty, kind, reason, staff_id, manager_id)
    return changes, stock.ledger(store, product_id, limit=50)


def op_match(store, text):
    """Product ids matching the filter text: the catalog's own tone-insensitive search (FTS),
    so the screen never folds 100.000 names itself."""
    from pos import catalog

    return {p["id"] for p in catalog.search(store, text, limit=MAX_ROWS)}


def op_list(store):
    from pos import stock

    return stock.stock_list(store, expiring_days=EXPIRY_DAYS)


class StockScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self.shown: list[dict] = []
        self._dirty = True
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Stock on hand")))
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size:16px;font-weight:bold")
        root.addWidget(self.summary)
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setMinimumHeight(44)
        self.filter.setPlaceholderText(self.tr("Filter by name, SKU or producer (no tones needed)"))
        # a 100.000-product catalog is filtered in Python: wait for a pause in the typing
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._search)
        self.matches: set[str] | None = None  # product ids the filter text found (None: no filter)
        self.filter.textChanged.connect(self._debounce.start)
        self.low_only = BigButton(self.tr("Warnings only"), "F6")
        self.low_only.setCheckable(True)
        self.low_only.toggled.connect(self.apply_filter)
        self.refresh_btn = BigButton(self.tr("Refresh"), "F5")
        self.refresh_btn.clicked.connect(self.refresh)
        bar.addWidget(self.filter, 3)
        bar.addWidget(self.low_only, 1)
        bar.addWidget(self.refresh_btn, 1)
        root.addLayout(bar)
        self.table = make_table([
            self.tr("Product"), self.tr("SKU"), self.tr("Producer"), self.tr("On hand"), self.tr("Low at"),
            self.tr("OCOP"), self.tr("Certificate expires"), self.tr("Warning")])
        root.addWidget(self.table, 1)
        self.more = QLabel()
        self.more.setObjectName("muted")
        self.more.hide()
        root.addWidget(self.more)
        self.ledger_title = QLabel()
        self.ledger_title.setStyleSheet("font-weight:bold")
        self.ledger = make_table([self.tr("When"), self.tr("Movement"), self.tr("Quantity"), self.tr("Balance"),
                                  self.tr("Staff"), self.tr("Reason")])
        self.ledger.setMaximumHeight(170)
        self.ledger.verticalHeader().setDefaultSectionSize(30)
        self.ledger_title.hide()
        self.ledger.hide()
        root.addWidget(self.ledger_title)
        root.addWidget(self.ledger)
        root.addWidget(self._move_box())
        self.table.itemSelectionChanged.connect(self._selected)
        self.notice = Notice()
        root.addWidget(self.notice)
        for name in ("stock_changed", "catalog_changed", "sales_changed"):
            sig = getattr(ctx, name, None)
            if sig is not None:
                sig.connect(self._mark_dirty)
        # no load here: the list covers the whole catalog, and the kiosk's start-up (and its
        # first scan) must not queue behind it. It loads when the screen is shown.

    def showEvent(self, event):
        super().showEvent(event)
        self.refresh()

    def _mark_dirty(self, *_):
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self, *_):
        self._dirty = False
        self.ctx.worker.submit(op_list, on_done=self.show_rows, on_error=lambda e: self.notice.error(error_text(e)))

    def warning_of(self, r: dict) -> str:
        parts = []
        if r["cert_expired"]:
            parts.append(self.tr("Certificate expired %1 days ago").replace("%1", str(-r["days_to_expiry"])))
        elif r["cert_expiring"]:
            parts.append(self.tr("Certificate expires in %1 days").replace("%1", str(r["days_to_expiry"])))
        if r["is_low"]:
            parts.append(self.tr("Low stock"))
        return "; ".join(parts)

    def show_rows(self, rows: list[dict]):
        self.rows = rows
        low = sum(1 for r in rows if r["is_low"])
        expired = sum(1 for r in rows if r["cert_expired"])
        expiring = sum(1 for r in rows if r["cert_expiring"])
        self.summary.setText(
            self.tr("%1 products · %2 low on stock · %3 certificates expired · %4 expire within %5 days")
            .replace("%1", str(len(rows))).replace("%2", str(low)).replace("%3", str(expired))
            .replace("%4", str(expiring)).replace("%5", str(EXPIRY_DAYS)))
        self.apply_filter()

    def _search(self):
        text = self.filter.text().strip()
        if not text:
            self.matches = None
            self.apply_filter()
            return

        def found(ids):
            if self.filter.text().strip() == text:  # an answer to older typing is dropped
                self.matches = ids
                self.apply_filter()

        self.ctx.worker.submit(op_match, text, on_done=found, on_error=lambda e: self.notice.error(error_text(e)))

    def apply_filter(self, *_):
        keep = self.selected_row() if self.shown else None
        matches = self.matches if self.filter.text().strip() else None
        warn_only = self.low_only.isChecked()
        shown = []
        for r in self.rows:
            if warn_only and not (r["is_low"] or r["cert_expired"] or r["cert_expiring"]):
                continue
            if matches is not None and r["product_id"] not in matches:
                continue
            shown.append(r)
        # warnings first; a big catalog shows its first rows and asks for a filter
        shown.sort(key=lambda r: not (r["cert_expired"] or r["cert_expiring"] or r["is_low"]))
        self.more.setVisible(len(shown) > MAX_ROWS)
        self.more.setText(self.tr("%1 more rows: type a filter to find them.").replace(
            "%1", str(len(shown) - MAX_ROWS)))
        shown = shown[:MAX_ROWS]
        self.shown = shown
        t = self.table
        t.setUpdatesEnabled(False)
        t.setRowCount(len(shown))
        for i, r in enumerate(shown):
            qty = qty_fmt(r["on_hand"])
            unit = "g" if r["sold_by_weight"] else r["unit"]
            stars = "★" * int(r["ocop_stars"]) if r["ocop_stars"] else ""
            expires = r["ocop_cert_expires"] or ""
            if expires:
                y, m, d = expires.split("-")
                expires = f"{d}/{m}/{y}"
            items = [cell(r["name_vi"], data=r["product_id"]), cell(r["sku"]), cell(r["producer_name"]),
                     cell(f"{qty} {unit}", True), cell(qty_fmt(r["low_stock"]), True), cell(stars), cell(expires),
                     cell(self.warning_of(r))]
            color = EXPIRED if r["cert_expired"] else LOW if (r["is_low"] or r["cert_expiring"]) else None
            for c, item in enumerate(items):
                if color is not None:
                    item.setBackground(color)
                t.setItem(i, c, item)
        fit_columns(t)
        t.setUpdatesEnabled(True)
        if keep is not None:  # a refresh keeps the manager's place
            for i, r in enumerate(shown):
                if r["product_id"] == keep["product_id"]:
                    t.selectRow(i)
                    break

    def _move_box(self) -> QWidget:
        """Write off damaged or expired goods, or move stock to / from another point of sale."""
        self.move_box = QGroupBox(self.tr("Book a movement for the selected product"))
        lay = QHBoxLayout(self.move_box)
        self.move_kind = QComboBox()
        for kind in ("damaged", "expired", "transfer_out", "transfer_in"):
            self.move_kind.addItem(self.move_name(kind), kind)
        self.move_qty = QSpinBox()
        self.move_qty.setRange(1, 1_000_000_000)
        self.move_reason = QLineEdit()
        self.move_reason.setPlaceholderText(self.tr("Reason (required), e.g. broken jar, sent to the fair booth"))
        for w in (self.move_kind, self.move_qty, self.move_reason):
            w.setMinimumHeight(44)
        self.move_btn = BigButton(self.tr("Book movement"), "F7")
        self.move_btn.clicked.connect(self.book_move)
        self.move_error = ErrorLabel()
        lay.addWidget(self.move_kind, 2)
        lay.addWidget(self.move_qty, 1)
        lay.addWidget(self.move_reason, 4)
        lay.addWidget(self.move_btn, 2)
        outer = QWidget()
        v = QVBoxLayout(outer)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.move_box)
        v.addWidget(self.move_error)
        self.move_box.setEnabled(False)
        return outer

    def selected_row(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def book_move(self):
        self.move_error.clear_error()
        r = self.selected_row()
        if r is None:
            return
        reason = self.move_reason.text().strip()
        if not reason:
            self.move_error.show_error(self.tr("Say why the stock moves."))
            self.move_reason.setFocus()
            return
        staff = getattr(self.ctx, "staff", None) or {}
        manager = acting_manager(self) or {}
        kind = self.move_kind.currentData()
        qty = self.move_qty.value()

        def done(result):
            changes, moves = result
            self.move_reason.clear()
            self.move_qty.setValue(1)
            self.notice.ok(self.tr("%1: %2 booked.").replace("%1", r["name_vi"]).replace("%2", self.move_name(kind)))
            self.show_ledger(r, moves)
            apply = getattr(self.ctx, "apply_changes", None)
            if apply is not None:
                apply(changes)  # stock_changed: this list refreshes too
            else:
                self.refresh()

        self.ctx.worker.submit(op_move, r["product_id"], qty, kind, reason, staff.get("id"), manager.get("id"),
                               on_done=done, on_error=lambda e: self.move_error.show_error(error_text(e)))

    def move_name(self, kind: str) -> str:
        return {"receive": self.tr("Received"), "sale": self.tr("Sold"), "refund": self.tr("Refunded"),
                "void": self.tr("Sale voided"), "count_adjust": self.tr("Count adjustment"),
                "transfer_out": self.tr("Transferred out"), "transfer_in": self.tr("Transferred in"),
                "damaged": self.tr("Damaged"), "expired": self.tr("Expired")}.get(kind, kind)

    def _selected(self):
        r = self.selected_row()
        self.move_box.setEnabled(r is not None)
        if r is None:
            return
        self.ledger_title.setText(self.tr("Movements of %1 (newest first)").replace("%1", r["name_vi"]))
        self.ctx.worker.submit(op_ledger, r["product_id"], on_done=lambda moves: self.show_ledger(r, moves),
                               on_error=lambda e: self.notice.error(error_text(e)))

    def show_ledger(self, product: dict, moves: list[dict]):
        from ui.shift import local_time

        unit = "g" if product["sold_by_weight"] else product["unit"]
        self.ledger.setRowCount(len(moves))
        for i, m in enumerate(moves):
            sign = "+" if m["qty"] > 0 else "-"
            items = [cell(local_time(m["at"])), cell(self.move_name(m["kind"])),
                     cell(f"{sign}{qty_fmt(abs(m['qty']))} {unit}", True),
                     cell(f"{qty_fmt(m['balance'])} {unit}", True),
                     cell(m.get("staff_name") or ""), cell(m.get("reason") or "")]
            for c, item in enumerate(items):
                self.ledger.setItem(i, c, item)
        fit_columns(self.ledger)
        self.ledger_title.show()
        self.ledger.show()

    def row_for(self, product_id: str) -> dict | None:
        return next((r for r in self.rows if r["product_id"] == product_id), None)
