"""Stock on hand, with the two warnings a manager acts on: low stock (reorder from the producer)
and OCOP certificates expired or expiring within 60 days (an expired star rating must not be
advertised on the shelf or the receipt)."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QSpinBox, QTableView, QVBoxLayout, QWidget)

from pos.names import product_name, unit_name

from ..ops import returns as return_ops, stock as stock_ops
from . import cert_notice, lot_notice
from .labels import open_labels
from .common import (
    BigButton, ErrorLabel, Notice, acting_manager, cell, error_text, fit_columns, make_table, qty_fmt,
    title_label)
from .stock_model import DONE, PAGE, StockModel


def make_view(model) -> QTableView:
    """The stock table: rows tall enough to touch, widths fitted to the first page only."""
    t = QTableView()
    t.setModel(model)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(40)
    t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    # fitting the widths measures the rows on screen, not a page of 200 (that took ~0.3 s)
    t.horizontalHeader().setResizeContentsPrecision(0)
    t.verticalHeader().setResizeContentsPrecision(0)
    return t

EXPIRY_DAYS = 60
MAX_MATCHES = 500  # a filter shows at most this many products (the catalog search's own cap)


class StockScreen(QWidget):
    """The list is a StockModel: pages from the DB worker as the manager scrolls (a 100.000-product
    catalog shows its first rows at once), warnings first; a filter shows the catalog search's
    matches; stock changes update the loaded rows in place."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        self._filtered = False
        self.label_dialog = None  # the labels dialog while it is open (ui/manager/labels.py)
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Stock on hand")))
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size:16px;font-weight:bold")
        root.addWidget(self.summary)
        self.cert_alert = QLabel()
        self.cert_alert.setWordWrap(True)
        self.cert_alert.setStyleSheet(cert_notice.STYLE)
        self.cert_alert.hide()
        root.addWidget(self.cert_alert)
        self.lot_alert = QLabel()
        self.lot_alert.setWordWrap(True)
        self.lot_alert.setStyleSheet(lot_notice.STYLE)
        self.lot_alert.hide()
        root.addWidget(self.lot_alert)
        self.recall_alert = QLabel()  # recalled lots still on the shelf: above everything else in urgency
        self.recall_alert.setWordWrap(True)
        self.recall_alert.setStyleSheet(lot_notice.STYLE)
        self.recall_alert.hide()
        root.insertWidget(root.indexOf(self.cert_alert), self.recall_alert)
        root.addLayout(self._build_bar())
        self.model = StockModel(ctx.worker, [
            self.tr("Product"), self.tr("SKU"), self.tr("Producer"), self.tr("On hand"), self.tr("Low at"),
            self.tr("OCOP"), self.tr("Certificate expires"), self.tr("Warning")], self.warning_of, EXPIRY_DAYS, self,
            lang=ctx.lang)
        self.model.on_error = lambda e: self.notice.error(error_text(e))
        self.model.page_loaded.connect(self._loaded)
        self.model.modelReset.connect(self._selected)
        self.table = make_view(self.model)
        root.addWidget(self.table, 1)
        self.more = QLabel()
        self.more.setObjectName("muted")
        self.more.hide()
        root.addWidget(self.more)
        self._build_ledger(root)
        root.addWidget(self._move_box())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.notice = Notice()
        root.addWidget(self.notice)
        ctx.stock_changed.connect(self._stock_changed)
        ctx.catalog_changed.connect(self._mark_dirty)
        ctx.sales_changed.connect(self._mark_dirty)
        # no load here: the kiosk's start-up (and its first scan) must not queue behind a list
        # nobody is looking at. It loads when the screen is shown.

    def _build_bar(self) -> QHBoxLayout:
        """The filter (searched on the DB worker after a pause in the typing) and the list's buttons."""
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setMinimumHeight(44)
        self.filter.setPlaceholderText(self.tr("Filter: name, SKU, producer"))
        self.filter.setToolTip(self.tr("Filter by name, SKU or producer (no tones needed)"))
        # the catalog's search runs on the DB worker: wait for a pause in the typing
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._search)
        self.filter.textChanged.connect(self._debounce.start)
        self.low_only = BigButton(self.tr("Warnings only"), "F6")
        self.low_only.setCheckable(True)
        self.low_only.toggled.connect(self._search)
        self.refresh_btn = BigButton(self.tr("Refresh"), "F5")
        self.refresh_btn.clicked.connect(self.refresh)
        self.labels_btn = BigButton(self.tr("Labels"), "F8")
        self.labels_btn.clicked.connect(self.print_labels)
        self.labels_btn.setEnabled(False)
        bar.addWidget(self.filter, 3)
        bar.addWidget(self.low_only, 1)
        bar.addWidget(self.labels_btn, 1)
        bar.addWidget(self.refresh_btn, 1)
        return bar

    def _build_ledger(self, root: QVBoxLayout) -> None:
        """The chosen product's recent movements, hidden until one is chosen."""
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

    # -- what the tests and the bench look at --------------------------------------------------
    @property
    def shown(self) -> list[dict]:
        return self.model.rows

    def row_for(self, product_id: str) -> dict | None:
        i = self.model.row_of(product_id)
        return None if i is None else self.model.rows[i]

    # -- loading ---------------------------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        self.refresh()

    def _mark_dirty(self, *_):
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _stock_changed(self, product_ids=None):
        """On-hand changed: the loaded rows of those products are updated where they stand."""
        if not self.isVisible():
            self._dirty = True
            return
        ids = [i for i in (product_ids or ()) if self.model.row_of(i) is not None]
        if ids:
            self.ctx.worker.submit(stock_ops.rows, ids, EXPIRY_DAYS, on_done=self.model.update_rows,
                                   on_error=lambda e: self.notice.error(error_text(e)))
        self._summarise()

    def refresh(self, *_):
        self._dirty = False
        self._search()
        self._summarise()

    def _summarise(self):
        self.ctx.worker.submit(stock_ops.summary, EXPIRY_DAYS, on_done=self.show_summary,
                               on_error=lambda e: self.notice.error(error_text(e)))
        self.ctx.worker.submit(stock_ops.stars_withdrawn, on_done=self.show_withdrawn,
                               on_error=lambda e: self.notice.error(error_text(e)))
        self.ctx.worker.submit(stock_ops.expiring_lots, lot_notice.LOT_DAYS, on_done=self.show_lots,
                               on_error=lambda e: self.notice.error(error_text(e)))
        self.ctx.worker.submit(stock_ops.recalled_lots, on_done=self.show_recalled,
                               on_error=lambda e: self.notice.error(error_text(e)))

    def show_recalled(self, rows: list[dict]):
        """Recalled lots still in stock (pos.recalls.recalled_on_hand): take them off the shelf."""
        text = lot_notice.recalled_text(rows, self.ctx.lang)
        self.recall_alert.setText(text)
        self.recall_alert.setVisible(bool(text))

    def show_lots(self, rows: list[dict]):
        """Lots near or past their use-by (pos.lots.expiring): what to sell first or take off the shelf."""
        text = lot_notice.expiring_text(rows, self.ctx.lang)
        self.lot_alert.setText(text)
        self.lot_alert.setVisible(bool(text))

    def show_withdrawn(self, w: dict):
        """Products that lost their stars to an expired certificate: what to renew."""
        text = cert_notice.withdrawn_text(w)
        self.cert_alert.setText(text)
        self.cert_alert.setVisible(bool(text))

    def show_summary(self, c: dict):
        self.summary.setText(
            self.tr("%1 products · %2 low on stock · %3 certificates expired · %4 expire within %5 days")
            .replace("%1", qty_fmt(c["products"])).replace("%2", qty_fmt(c["low"]))
            .replace("%3", qty_fmt(c["expired"])).replace("%4", qty_fmt(c["expiring"]))
            .replace("%5", str(EXPIRY_DAYS)))

    def warning_of(self, r: dict) -> str:
        parts = []
        if r["cert_expired"]:
            parts.append(self.tr("Certificate expired %1 days ago").replace("%1", str(-r["days_to_expiry"])))
        elif r["cert_expiring"]:
            parts.append(self.tr("Certificate expires in %1 days").replace("%1", str(r["days_to_expiry"])))
        if r["is_low"]:
            parts.append(self.tr("Low stock"))
        return "; ".join(parts)

    def _search(self, *_):
        """The whole list (paged), or the filter's matches; "warnings only" narrows either."""
        self._debounce.stop()
        text = self.filter.text().strip()
        warn_only = self.low_only.isChecked()
        keep = self.selected_row()
        self._keep = keep["product_id"] if keep else None
        if not text:
            self._filtered = False
            self.model.reload(warn_only)
            return

        def found(rows):
            if self.filter.text().strip() == text and self.low_only.isChecked() == warn_only:
                self._filtered = True
                self.model.warnings_only = warn_only
                self.model.set_rows(rows)  # an answer to older typing is dropped

        self.ctx.worker.submit(stock_ops.find, text, MAX_MATCHES, EXPIRY_DAYS, on_done=found,
                               on_error=lambda e: self.notice.error(error_text(e)))

    def _loaded(self, count: int):
        if count and count <= PAGE:
            self.table.resizeColumnsToContents()  # once, on the first page: rows below keep the widths
            header = self.table.horizontalHeader()
            header.setStretchLastSection(False)  # the warning column takes the rest of the width again
            header.setStretchLastSection(True)
        if self._filtered:
            full = len(self.model.rows) >= MAX_MATCHES
            self.more.setText(self.tr("The first %1 matches are shown: type more to narrow.")
                              .replace("%1", qty_fmt(MAX_MATCHES))
                              if full else self.tr("%1 products match.").replace("%1", qty_fmt(len(self.model.rows))))
        elif self.model.phase != DONE:
            self.more.setText(self.tr("%1 rows loaded, warnings first: scroll down for more, or type a filter.")
                              .replace("%1", qty_fmt(count)))
        else:
            self.more.setText(self.tr("All %1 rows shown.").replace("%1", qty_fmt(count)))
        self.more.show()
        keep = getattr(self, "_keep", None)
        if keep is not None:  # a refresh keeps the manager's place when the row is loaded
            i = self.model.row_of(keep)
            if i is not None:
                self._keep = None
                self.table.selectRow(i)

    def _move_box(self) -> QWidget:
        """Write off damaged or expired goods, or move stock to / from another point of sale."""
        self.move_box = QGroupBox(self.tr("Book a movement for the selected product"))
        lay = QHBoxLayout()
        self.move_kind = QComboBox()
        for kind in ("damaged", "expired", "transfer_out", "transfer_in"):
            self.move_kind.addItem(self.move_name(kind), kind)
        self.move_lot = QComboBox()  # the lot goods leave (filled when a product is selected)
        self.move_lot.addItem(self.tr("no lot"), "")
        self.move_qty = QSpinBox()
        self.move_qty.setRange(1, 1_000_000_000)
        self.move_reason = QLineEdit()
        self.move_reason.setPlaceholderText(self.tr("Reason (required), e.g. broken jar"))
        for w in (self.move_kind, self.move_lot, self.move_qty, self.move_reason):
            w.setMinimumHeight(44)
        self.move_btn = BigButton(self.tr("Book movement"), "F7")
        self.move_btn.clicked.connect(self.book_move)
        self.move_error = ErrorLabel()
        lay.addWidget(self.move_kind, 2)
        lay.addWidget(self.move_lot, 2)
        lay.addWidget(self.move_qty, 1)
        second = QHBoxLayout()  # the reason gets a row of its own: its hint stays readable at 1024 px
        second.addWidget(self.move_reason, 4)
        second.addWidget(self.move_btn, 2)
        outer = QWidget()
        v = QVBoxLayout(outer)
        v.setContentsMargins(0, 0, 0, 0)
        box = QVBoxLayout()
        box.addLayout(lay)
        box.addLayout(second)
        self.move_box.setLayout(box)
        v.addWidget(self.move_box)
        v.addWidget(self.move_error)
        self.move_box.setEnabled(False)
        return outer

    def selected_row(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows and rows[0].row() < len(self.model.rows) else None

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
        staff = self.ctx.staff or {}
        manager = acting_manager(self) or {}
        kind = self.move_kind.currentData()
        qty = self.move_qty.value()
        lot_no = self.move_lot.currentData() if kind != "transfer_in" else ""  # a lot comes in with its note

        def done(result):  # the worker then hands on its changes: stock_changed refreshes this list too
            self.move_reason.clear()
            self.move_qty.setValue(1)
            self.notice.ok(self.tr("%1: %2 booked.").replace("%1", self.name_of(r)).replace("%2", self.move_name(kind)))
            self.show_ledger(r, result.value)

        self.ctx.worker.submit(stock_ops.move, r["product_id"], qty, kind, reason, staff.get("id"), manager.get("id"),
                               lot_no,
                               on_done=done, on_error=lambda e: self.move_error.show_error(error_text(e)))

    def reason_of(self, move: dict) -> str:
        """What the clerk typed, as typed; the reason pos wrote itself, in the screen's language."""
        if move["kind"] == "receive" and move.get("delivery_note_no"):
            return self.tr("delivery note %1").replace("%1", move["delivery_note_no"])
        return move.get("reason") or ""

    def name_of(self, row: dict) -> str:
        return product_name(row, self.ctx.lang)

    def move_name(self, kind: str) -> str:
        return {"receive": self.tr("Received"), "sale": self.tr("Sold"), "refund": self.tr("Refunded"),
                "void": self.tr("Sale voided"), "count_adjust": self.tr("Count adjustment"),
                "transfer_out": self.tr("Transferred out"), "transfer_in": self.tr("Transferred in"),
                "damaged": self.tr("Damaged"), "expired": self.tr("Expired"),
                "return_to_producer": self.tr("Returned to producer"),
                "set_assembly": self.tr("Gift boxes made or taken apart")}.get(kind, kind)

    def print_labels(self):
        """Shelf labels (price and stars) for the selected product; more can be scanned in."""
        r = self.selected_row()
        if r is not None:
            open_labels(self, [(r["product_id"], None, None)], "shelf", back_to=self.filter)

    def _selected(self):
        r = self.selected_row()
        self.move_box.setEnabled(r is not None)
        self.labels_btn.setEnabled(r is not None)
        if r is None:
            return
        self.ledger_title.setText(self.tr("Movements of %1 (newest first)").replace("%1", self.name_of(r)))
        self.ctx.worker.submit(return_ops.choices, r["product_id"], on_done=self.show_lots_of,
                               on_error=lambda e: self.notice.error(error_text(e)))
        self.ctx.worker.submit(stock_ops.ledger, r["product_id"], on_done=lambda moves: self.show_ledger(r, moves),
                               on_error=lambda e: self.notice.error(error_text(e)))

    def show_lots_of(self, choices: dict):
        """The selected product's lots holding stock, for a write-off or transfer of one lot."""
        self.move_lot.clear()
        self.move_lot.addItem(self.tr("no lot"), "")
        for c in choices["lots"]:
            self.move_lot.addItem(self.tr("lot %1 · %2 on hand").replace("%1", c["lot_no"])
                                  .replace("%2", qty_fmt(c["on_hand"])), c["lot_no"])

    def show_ledger(self, product: dict, moves: list[dict]):
        from pos.clock import local_time

        lang = self.ctx.lang

        def unit(qty: int) -> str:
            return "g" if product["sold_by_weight"] else unit_name(product["unit"], lang, abs(qty))

        self.ledger.setRowCount(len(moves))
        for i, m in enumerate(moves):
            sign = "+" if m["qty"] > 0 else "-"
            items = [cell(local_time(m["at"])), cell(self.move_name(m["kind"])),
                     cell(f"{sign}{qty_fmt(abs(m['qty']))} {unit(m['qty'])}", True),
                     cell(f"{qty_fmt(m['balance'])} {unit(m['balance'])}", True),
                     cell(m.get("staff_name") or ""), cell(self.reason_of(m))]
            for c, item in enumerate(items):
                self.ledger.setItem(i, c, item)
        fit_columns(self.ledger)
        self.ledger_title.show()
        self.ledger.show()

