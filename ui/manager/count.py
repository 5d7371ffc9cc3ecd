"""Stock count: scan what is on the shelf (blind), review variances, a manager approves.

Why blind: a counter who sees the expected number tends to find it. While counting, this screen
shows only what has been counted - never on-hand or expected. The expected figures appear only on
the review page, which the manager opens after the counting is done; approving books one
count-adjust movement per product that differs (pos.stock.approve_count). The kiosk may keep
selling meanwhile: each product is compared with the on-hand of the moment it was counted, and the
review shows what was sold or returned since and the on-hand approval will leave.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from pos.names import product_name, unit_name

from ..ops import counts as count_ops
from .common import (
    BigButton, ErrorLabel, Notice, acting_manager, cell, error_text, fit_columns, make_table, qty_fmt,
    title_label)
from .finder import ProductFinder


def qty_text(row: dict, qty: int, lang: str = "vi") -> str:
    sign = "-" if qty < 0 else ""
    unit = "g" if row.get("sold_by_weight") else unit_name(row.get("unit", ""), lang, abs(qty))
    return f"{sign}{qty_fmt(abs(qty))} {unit}".strip()


class CountScreen(QWidget):
    PAGE_START, PAGE_COUNT, PAGE_REVIEW = range(3)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.lang = ctx.lang  # names and units in the screen's language
        self.count: dict | None = None
        self.counted: list[dict] = []
        self.variances: list[dict] = []
        self._filling = False
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Stock count")))
        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)
        self.error = ErrorLabel()
        root.addWidget(self.error)
        self.notice = Notice()
        root.addWidget(self.notice)
        self.pages.addWidget(self._start_page())
        self.pages.addWidget(self._count_page())
        self.pages.addWidget(self._review_page())

    # -- pages -----------------------------------------------------------------------------
    def _start_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("No count is open. Start one, then scan every item on the shelves.")))
        self.note_edit = QLineEdit()
        self.note_edit.setMinimumHeight(40)
        self.note_edit.setPlaceholderText(self.tr("Note (e.g. month-end count, shelf A)"))
        lay.addWidget(self.note_edit)
        self.start_btn = BigButton(self.tr("Start count"), "F2", primary=True)
        self.start_btn.clicked.connect(self.start)
        lay.addWidget(self.start_btn)
        self.last_result = make_table([self.tr("Product"), self.tr("Expected"), self.tr("Counted"),
                                       self.tr("Adjustment")], stretch=0)
        self.last_result_title = QLabel()
        lay.addWidget(self.last_result_title)
        lay.addWidget(self.last_result, 1)
        self.last_result.hide()
        return page

    def _count_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("Scan each item once (every scan adds 1), or correct a number in the list.")))
        self.finder = ProductFinder(self.ctx)
        self.finder.picked.connect(self.add_one)
        lay.addWidget(self.finder)
        lay.addWidget(self._lot_picker())
        self.count_table = make_table([self.tr("Product"), self.tr("SKU"), self.tr("Counted"), self.tr("Unit")],
                                      stretch=0, row_height=46)
        lay.addWidget(self.count_table, 1)
        self.total_lbl = QLabel()
        lay.addWidget(self.total_lbl)
        bar = QHBoxLayout()
        self.cancel_btn = BigButton(self.tr("Cancel count"), "F7")
        self.cancel_btn.require_confirm(self.tr("Press again: throw the count away"))
        self.cancel_btn.confirmed.connect(self.cancel)
        self.review_btn = BigButton(self.tr("Finish and review"), "F6", primary=True)
        self.review_btn.clicked.connect(self.review)
        bar.addWidget(self.cancel_btn)
        bar.addWidget(self.review_btn)
        lay.addLayout(bar)
        return page

    def _lot_picker(self) -> QWidget:
        """Which lot a plain scan of a product kept in lots is counted in (lot numbers only: blind)."""
        self.lot_box = QWidget()
        row = QHBoxLayout(self.lot_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.lot_question = QLabel()
        self.lot_pick = QComboBox()
        self.lot_pick.setMinimumHeight(44)
        self.lot_ok = BigButton(self.tr("Count in this lot"), "F4", primary=True)
        self.lot_ok.clicked.connect(self._lot_chosen)
        row.addWidget(self.lot_question, 3)
        row.addWidget(self.lot_pick, 2)
        row.addWidget(self.lot_ok, 2)
        self.lot_box.hide()
        self._pending: tuple[dict, int] | None = None
        return self.lot_box

    def _review_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        explain = QLabel(self.tr("Each product is counted against what the stock ledger held when it was counted. "
                                 "Sales and returns since then are kept: they change the stock after approval too."))
        explain.setWordWrap(True)
        lay.addWidget(explain)
        self.review_table = make_table([self.tr("Product"), self.tr("SKU"), self.tr("Expected"), self.tr("Counted"),
                                        self.tr("Variance"), self.tr("Sold/returned since"),
                                        self.tr("On hand after approval")], stretch=0)
        lay.addWidget(self.review_table, 1)
        self.review_summary = QLabel()
        self.review_summary.setStyleSheet("font-weight:bold")
        lay.addWidget(self.review_summary)
        bar = QHBoxLayout()
        self.back_btn = BigButton(self.tr("Back to counting"), "F5")
        self.back_btn.clicked.connect(self.back_to_counting)
        self.approve_btn = BigButton(self.tr("Approve count"), "F8", primary=True)
        self.approve_btn.clicked.connect(self.approve)
        bar.addWidget(self.back_btn)
        bar.addWidget(self.approve_btn)
        lay.addLayout(bar)
        return page

    # -- main-window protocol ----------------------------------------------------------------
    def showEvent(self, event):
        super().showEvent(event)
        self.refresh()

    def handle_scan(self, code: str) -> bool:
        if self.pages.currentIndex() != self.PAGE_COUNT:
            return False  # scans only count while a count is being taken
        self.finder.find(code)
        return True

    # -- state ---------------------------------------------------------------------------------
    def _fail(self, exc):
        self.error.show_error(error_text(exc))

    def refresh(self, *_):
        if self.pages.currentIndex() == self.PAGE_REVIEW:
            return
        self.ctx.worker.submit(count_ops.state, on_done=self._show_state, on_error=self._fail)

    def _show_state(self, state):
        self.count, counted = state
        if self.count is None:
            self.pages.setCurrentIndex(self.PAGE_START)
            return
        self.show_counted(counted)
        if self.pages.currentIndex() != self.PAGE_COUNT:
            self.pages.setCurrentIndex(self.PAGE_COUNT)
            self.finder.edit.setFocus()

    def show_counted(self, rows: list[dict]):
        """The blind list: product and counted number only."""
        self.counted = rows
        self._filling = True
        self.count_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            name = product_name(r, self.lang)
            if r.get("lot_no") is not None:
                name += " · " + (self.tr("lot %1").replace("%1", r["lot_no"]) if r["lot_no"] else self.tr("no lot"))
            self.count_table.setItem(i, 0, cell(name, data=r["product_id"]))
            self.count_table.setItem(i, 1, cell(r["sku"]))
            spin = self.count_table.cellWidget(i, 2)
            if not isinstance(spin, QSpinBox):
                spin = QSpinBox()
                spin.setRange(0, 1_000_000_000)
                spin.setMinimumHeight(36)
                spin.setAlignment(Qt.AlignRight)
                spin.editingFinished.connect(lambda s=spin: self._edited(s))
                self.count_table.setCellWidget(i, 2, spin)
            spin.setProperty("product_id", r["product_id"])
            spin.setProperty("lot_no", r.get("lot_no"))
            spin.setValue(r["counted"])
            self.count_table.setItem(i, 3, cell("g" if r["sold_by_weight"] else
                                                unit_name(r["unit"], self.lang, r["counted"])))
        self._filling = False
        fit_columns(self.count_table)
        self.total_lbl.setText(self.tr("%1 products counted").replace("%1", str(len(rows))))

    def counted_of(self, product_id: str, lot_no: str | None = None) -> int | None:
        for r in self.counted:
            if r["product_id"] == product_id and r.get("lot_no") == lot_no:
                return r["counted"]
        return None

    # -- actions ---------------------------------------------------------------------------------
    def start(self):
        self.error.clear_error()
        staff = self.ctx.staff or acting_manager(self) or {}
        self.last_result.hide()
        self.last_result_title.clear()
        self.ctx.worker.submit(count_ops.start, staff.get("id"), self.note_edit.text().strip(),
                               on_done=self._started, on_error=self._fail)

    def _started(self, state):
        self.note_edit.clear()
        self.notice.ok(self.tr("Count started: scan the shelves."))
        self._show_state(state)

    def add_one(self, product: dict):
        if self.count is None:
            return
        self.error.clear_error()
        qty = 1
        if product.get("sold_by_weight"):
            qty = product.get("label_grams") or 0
            if not qty:
                # weighed goods without a scale label: put it on the list, the counter types grams
                self.ctx.worker.submit(count_ops.add, self.count["id"], product["id"], 0,
                                       on_done=lambda rows: self._focus_grams(rows, product["id"]),
                                       on_error=self._fail)
                self.notice.ok(self.tr("%1: weigh it and type the grams in the list.")
                               .replace("%1", product["name_vi"]))
                return
        if product.get("label_lot"):  # the 2D code names its lot
            self._add(product, qty, product["label_lot"])
            return
        self.ctx.worker.submit(count_ops.lot_choice, product["id"], on_error=self._fail,
                               on_done=lambda lots: self._ask_lot(product, qty, lots) if lots else self._add(product, qty))

    def _add(self, product: dict, qty: int, lot_no: str | None = None) -> None:
        self.ctx.worker.submit(count_ops.add, self.count["id"], product["id"], qty, lot_no, on_done=self.show_counted,
                               on_error=self._fail)
        self.notice.ok(product["name_vi"] + (" · " + self.tr("lot %1").replace("%1", lot_no) if lot_no else ""))

    def _ask_lot(self, product: dict, qty: int, lots: list[str]) -> None:
        """A product kept in lots, scanned without its lot: the counter says which lot it is from."""
        self._pending = (product, qty)
        self.lot_pick.clear()
        for lot_no in lots:
            self.lot_pick.addItem(self.tr("lot %1").replace("%1", lot_no) if lot_no else self.tr("no lot"), lot_no)
        self.lot_question.setText(self.tr("Which lot is this %1 from?").replace("%1", product_name(product, self.lang)))
        self.lot_box.show()
        self.lot_pick.setFocus()

    def _lot_chosen(self) -> None:
        if self._pending is None or self.count is None:
            return
        product, qty = self._pending
        self._pending = None
        self.lot_box.hide()
        self._add(product, qty, self.lot_pick.currentData())
        self.finder.edit.setFocus()

    def _focus_grams(self, rows, product_id):
        self.show_counted(rows)
        for r in range(self.count_table.rowCount()):
            if self.count_table.item(r, 0).data(Qt.UserRole) == product_id:
                spin = self.count_table.cellWidget(r, 2)
                spin.setFocus()
                spin.selectAll()

    def _edited(self, spin: QSpinBox):
        if self._filling or self.count is None:
            return
        pid, lot_no = spin.property("product_id"), spin.property("lot_no")
        if self.counted_of(pid, lot_no) == spin.value():
            return
        self.ctx.worker.submit(count_ops.set_counted, self.count["id"], pid, spin.value(), lot_no,
                               on_done=self.show_counted, on_error=self._fail)

    def review(self):
        if self.count is None:
            return
        self.error.clear_error()
        focus = self.focusWidget()
        if isinstance(focus, QSpinBox):
            self._edited(focus)  # a number typed but not yet confirmed counts too
        self.ctx.worker.submit(count_ops.variances, self.count["id"], on_done=self._show_review, on_error=self._fail)

    def _show_review(self, rows: list[dict]):
        self.variances = rows
        self._fill_variances(self.review_table, rows, with_sku=True, with_since=True)
        off = [r for r in rows if r["variance"]]
        self.review_summary.setText(
            self.tr("%1 products counted, %2 differ from the ledger.").replace("%1", str(len(rows)))
            .replace("%2", str(len(off))))
        self.pages.setCurrentIndex(self.PAGE_REVIEW)
        self.approve_btn.setEnabled(bool(rows))
        self.approve_btn.setFocus()

    def _fill_variances(self, table, rows, with_sku: bool, with_since: bool = False):
        """One row per product; a product counted lot by lot is followed by a row per lot."""
        lines = []
        for r in rows:
            lines.append(r)
            for lot in r.get("lots") or []:
                name = "    · " + (self.tr("lot %1").replace("%1", lot["lot_no"]) if lot["lot_no"] else self.tr("no lot"))
                lines.append({**r, **lot, "lot_row": name})
        self._fill_rows(table, lines, with_sku, with_since)

    def _fill_rows(self, table, rows, with_sku: bool, with_since: bool) -> None:
        table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cols = [cell(r.get("lot_row") or product_name(r, self.lang), data=r["product_id"])]
            if with_sku:
                cols.append(cell(r["sku"]))
            var = r["variance"]
            cols += [cell(qty_text(r, r["expected"], self.lang), True),
                     cell(qty_text(r, r["counted"], self.lang), True),
                     cell(("+" if var > 0 else "") + qty_text(r, var, self.lang), True)]
            if var:
                cols[-1].setForeground(QColor("#b3261e"))
            if with_since and r.get("lot_row"):
                cols += [cell(""), cell("")]
            elif with_since:
                since = r["moved_since"]
                cols += [cell((("+" if since > 0 else "") + qty_text(r, since)) if since else "", True),
                         cell(qty_text(r, r["after"]), True)]
            for c, item in enumerate(cols):
                table.setItem(i, c, item)
        fit_columns(table)

    def variance_of(self, product_id: str) -> int | None:
        for r in self.variances:
            if r["product_id"] == product_id:
                return r["variance"]
        return None

    def back_to_counting(self):
        self.pages.setCurrentIndex(self.PAGE_COUNT)
        self.finder.edit.setFocus()

    def approve(self):
        if self.count is None:
            return
        manager = acting_manager(self)
        if manager is None:
            manager = self.ctx.approve(self, "stock_count")
            if not manager:
                return
        self.ctx.worker.submit(count_ops.approve, self.count["id"], manager["id"], on_done=self._approved,
                               on_error=self._fail)

    def _approved(self, result):
        rows = result.value
        adjusted = [r for r in rows if r["variance"]]
        self.notice.ok(self.tr("Count approved: %1 stock adjustments booked.").replace("%1", str(len(adjusted))))
        self.count = None
        self.pages.setCurrentIndex(self.PAGE_START)
        self.last_result_title.setText(self.tr("Last approved count"))
        self._fill_variances(self.last_result, rows, with_sku=False)
        self.last_result.show()

    def cancel(self):
        if self.count is None:
            return
        staff = self.ctx.staff or {}
        self.ctx.worker.submit(count_ops.cancel, self.count["id"], staff.get("id"), on_done=self._cancelled,
                               on_error=self._fail)

    def _cancelled(self, state):
        self.notice.ok(self.tr("Count cancelled: nothing was changed."))
        self._show_state(state)
