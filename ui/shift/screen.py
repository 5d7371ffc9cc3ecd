"""The shift screen: open with a float, cash in/out, X report, close by counting notes (Z report).

Expected cash, counted cash (ui.shift.cash_count, note by note) and the variance are shown side by
side before the close is confirmed; a close with a variance needs a manager.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QStackedWidget,
                               QVBoxLayout, QWidget)

from pos.clock import local_time
from pos.money import fmt_vnd
from pos.shifts import DENOMINATIONS
from pos.settings import DEFAULT_SETTINGS

from ..manager.common import AmountEdit, BigButton, ErrorLabel, Notice, error_text, is_manager, title_label
from ..ops import shifts as shift_ops
from .cash_count import CashCount
from .report_view import ReportView


def printer_configured(settings: dict | None) -> bool:
    printer = (settings or {}).get("printer") or {}
    return isinstance(printer, dict) and printer.get("kind", "none") not in ("", "none")


class ShiftScreen(QWidget):
    """Open, run and close the cash drawer's shift."""

    PAGE_OPEN, PAGE_MAIN, PAGE_CLOSE, PAGE_Z = range(4)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.shift: dict | None = None
        self.report: dict | None = None
        self.z_report: dict | None = None
        self._busy = False
        self.variance_box: QMessageBox | None = None

        root = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(title_label(self.tr("Shift")))
        self.status = QLabel()
        self.status.setStyleSheet("font-size:15px")
        head.addWidget(self.status, 1, Qt.AlignRight)
        root.addLayout(head)
        self.notice = Notice()
        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)
        root.addWidget(self.notice)

        self.pages.addWidget(self._build_open_page())
        self.pages.addWidget(self._build_main_page())
        self.pages.addWidget(self._build_close_page())
        self.pages.addWidget(self._build_z_page())

        for sig in (ctx.shift_changed, ctx.settings_changed, ctx.sales_changed):
            sig.connect(self._changed_elsewhere)
        # No query here: the figures load when the screen is shown (showEvent), so the kiosk's
        # start-up and the clerk's scans never queue behind a report nobody is looking at.

    def showEvent(self, event):
        super().showEvent(event)
        self.refresh()

    def _changed_elsewhere(self, *_):
        if self.isVisible():
            self.refresh()

    # -- pages --------------------------------------------------------------------------
    def _build_open_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("No shift is open. Count the opening float in the drawer:")))
        self.float_edit = AmountEdit()
        self.float_edit.returnPressed.connect(self.open_shift)
        lay.addWidget(self.float_edit)
        self.float_error = ErrorLabel()
        lay.addWidget(self.float_error)
        self.open_btn = BigButton(self.tr("Open shift"), "F2", primary=True)
        self.open_btn.clicked.connect(self.open_shift)
        lay.addWidget(self.open_btn)
        lay.addStretch(1)
        return page

    def _build_main_page(self) -> QWidget:
        page = QWidget()
        lay = QHBoxLayout(page)
        self.x_view = ReportView(self.ctx.lang)
        lay.addWidget(self.x_view, 3)

        side = QVBoxLayout()
        box = QFrame()
        box.setFrameShape(QFrame.StyledPanel)
        form = QVBoxLayout(box)
        form.addWidget(QLabel(self.tr("Cash in / out of the drawer")))
        self.move_amount = AmountEdit()
        form.addWidget(self.move_amount)
        self.move_amount.returnPressed.connect(lambda: self.move_reason.setFocus())
        self.move_reason = QLineEdit()
        self.move_reason.setMinimumHeight(48)
        self.move_reason.setPlaceholderText(self.tr("Reason, e.g. change from the bank"))
        form.addWidget(self.move_reason)
        self.move_error = ErrorLabel()
        form.addWidget(self.move_error)
        row = QHBoxLayout()
        self.cash_in_btn = BigButton(self.tr("Cash in"), "F5")
        self.cash_out_btn = BigButton(self.tr("Cash out"), "F6")
        self.cash_in_btn.clicked.connect(lambda: self.cash_move("in"))
        self.cash_out_btn.clicked.connect(lambda: self.cash_move("out"))
        row.addWidget(self.cash_in_btn)
        row.addWidget(self.cash_out_btn)
        form.addLayout(row)
        side.addWidget(box)
        side.addStretch(1)
        self.x_btn = BigButton(self.tr("X report"), "F7")
        self.x_btn.clicked.connect(self.x_report)
        self.close_btn = BigButton(self.tr("Close shift"), "F8", primary=True)
        self.close_btn.clicked.connect(self.start_close)
        side.addWidget(self.x_btn)
        side.addWidget(self.close_btn)
        lay.addLayout(side, 2)
        return page

    def _build_close_page(self) -> QWidget:
        """The count (left) beside expected, counted and variance, and the buttons (right)."""
        page = QWidget()
        lay = QHBoxLayout(page)
        self.cash_count = CashCount()
        self.cash_count.changed.connect(self._recount)
        self.cash_count.finished.connect(lambda: self.confirm_close_btn.setFocus())
        self.counts, self.subtotals = self.cash_count.counts, self.cash_count.subtotals
        lay.addWidget(self.cash_count, 3)

        right = QVBoxLayout()
        right.addLayout(self._build_close_totals())
        self.variance_note = QLabel()
        self.variance_note.setWordWrap(True)
        self.variance_note.setStyleSheet("font-size:15px;color:#b00020")
        right.addWidget(self.variance_note)
        self.close_error = ErrorLabel()
        right.addWidget(self.close_error)
        right.addStretch(1)
        self.confirm_close_btn = BigButton(self.tr("Confirm close"), "F8", primary=True)
        self.confirm_close_btn.clicked.connect(self.confirm_close)
        self.back_btn = BigButton(self.tr("Back"), "Esc")
        self.back_btn.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_MAIN))
        right.addWidget(self.confirm_close_btn)
        right.addWidget(self.back_btn)
        lay.addLayout(right, 2)
        return page

    def _build_close_totals(self) -> QGridLayout:
        totals = QGridLayout()
        self.expected_lbl = QLabel()
        self.counted_lbl = QLabel()
        self.variance_lbl = QLabel()
        for r, (text, lbl) in enumerate([(self.tr("Expected"), self.expected_lbl),
                                         (self.tr("Counted"), self.counted_lbl),
                                         (self.tr("Variance"), self.variance_lbl)]):
            name = QLabel(text)
            name.setStyleSheet("font-size:18px")
            lbl.setStyleSheet("font-size:22px;font-weight:bold")
            lbl.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            totals.addWidget(name, r, 0)
            totals.addWidget(lbl, r, 1)
        return totals

    def _build_z_page(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        col = QVBoxLayout()
        self.z_view = ReportView(self.ctx.lang)
        col.addWidget(self.z_view, 1)
        self.z_print_btn = BigButton(self.tr("Print again"), "F7")
        self.z_print_btn.clicked.connect(self.print_z_again)
        col.addWidget(self.z_print_btn)
        self.z_done_btn = BigButton(self.tr("Done"), "F2", primary=True)
        self.z_done_btn.clicked.connect(self._z_done)
        col.addWidget(self.z_done_btn)
        holder = QWidget()
        holder.setLayout(col)
        holder.setMaximumWidth(760)  # a report reads like a slip of paper, not a spreadsheet
        outer.addStretch(1)
        outer.addWidget(holder, 3)
        outer.addStretch(1)
        return page

    # -- state --------------------------------------------------------------------------
    def _staff_id(self) -> str | None:
        staff = self.ctx.staff
        return staff.get("id") if staff else None

    def _submit(self, fn, *args, on_done, on_error=None, action=True):
        """Run on the DB worker; while an action is under way a second press does nothing
        (a double-tapped "Cash out" must not take the cash out twice)."""
        if action:
            self._busy = True

        def done(result):
            if action:
                self._busy = False
            on_done(result)

        def failed(exc):
            if action:
                self._busy = False
            (on_error or (lambda e: self.notice.error(error_text(e))))(exc)

        self.ctx.worker.submit(fn, *args, on_done=done, on_error=failed)

    def refresh(self, *_):
        if self.pages.currentIndex() == self.PAGE_Z:
            return  # the Z report stays on screen until the clerk is done with it
        self._submit(shift_ops.current, on_done=self._show_current, action=False)

    def _show_current(self, result):
        self.shift, self.report = result
        if self.shift is None:
            self.status.setText(self.tr("No open shift"))
            if self.pages.currentIndex() != self.PAGE_Z:
                self.pages.setCurrentIndex(self.PAGE_OPEN)
                self.float_edit.setFocus()
            return
        self.status.setText(self.tr("Shift %1 open since %2").replace("%1", str(self.shift.get("number", "")))
                            .replace("%2", local_time(self.shift.get("opened_at"))))
        self.x_view.set_report(self.report or {}, self.tr("Current shift (X report)"))
        if self.pages.currentIndex() in (self.PAGE_OPEN,):
            self.pages.setCurrentIndex(self.PAGE_MAIN)
            self.move_amount.setFocus()
        if self.pages.currentIndex() == self.PAGE_CLOSE:
            self._recount()

    def _changed(self, result):
        self._show_current(result)
        self._tell_shift(self.shift)

    def _tell_shift(self, shift):
        """Let the status bar and the sell screen know (AppContext.set_shift emits shift_changed)."""
        if self.ctx.shift != shift:
            self.ctx.set_shift(shift)

    # -- actions ------------------------------------------------------------------------
    def open_shift(self):
        if self._busy:
            return
        self.float_error.clear_error()
        try:
            amount = self.float_edit.amount()
        except ValueError:
            self.float_error.show_error(self.tr("Enter the opening float, e.g. 1.000.000 (0 if the drawer is empty)."))
            return

        def opened(result):
            self.float_edit.clear()
            self.notice.ok(self.tr("Shift opened with a float of %1.").replace("%1", fmt_vnd(amount)))
            self._changed(result)

        self._submit(shift_ops.open_shift, self._staff_id(), amount, on_done=opened,
                     on_error=lambda e: self.float_error.show_error(error_text(e)))

    def cash_move(self, direction: str):
        if self._busy or self.shift is None:
            return
        self.move_error.clear_error()
        try:
            amount = self.move_amount.amount()
            if amount <= 0:
                raise ValueError
        except ValueError:
            self.move_error.show_error(self.tr("Enter an amount above 0."))
            self.move_amount.setFocus()
            return
        reason = self.move_reason.text().strip()
        if not reason:
            self.move_error.show_error(self.tr("Say why the cash moves."))
            self.move_reason.setFocus()
            return
        if direction == "out" and not is_manager(self.ctx.staff):
            # cash leaving the drawer outside a sale: a manager's PIN (recorded in the audit log)
            if not self.ctx.approve(self, "cash_out"):
                self.move_error.show_error(self.tr("A manager must approve taking cash out."))
                return

        def moved(result):
            self.move_amount.clear()
            self.move_reason.clear()
            text = self.tr("Cash in: %1") if direction == "in" else self.tr("Cash out: %1")
            self.notice.ok(text.replace("%1", fmt_vnd(amount)) + f" ({reason})")
            self._changed(result)

        self._submit(shift_ops.cash_move, direction, amount, reason, self._staff_id(), on_done=moved,
                     on_error=lambda e: self.move_error.show_error(error_text(e)))

    def x_report(self):
        if self._busy or self.shift is None:
            return
        print_it = printer_configured(self.ctx.settings)

        def shown(report):
            self.report = report
            self.x_view.set_report(report, self.tr("Current shift (X report)"))
            self.notice.ok(self.tr("X report sent to the printer.") if print_it
                           else self.tr("X report up to date (no printer configured)."))

        self._submit(shift_ops.x_report, self.shift["id"], print_it, on_done=shown)

    def start_close(self):
        if self._busy or self.shift is None:
            return
        self.cash_count.reset()
        self.close_error.clear_error()
        self.pages.setCurrentIndex(self.PAGE_CLOSE)
        self.cash_count.focus_first()
        self._submit(shift_ops.current, on_done=self._show_current, action=False)

    def counted(self) -> dict[int, int]:
        return self.cash_count.counted()

    def counted_total(self) -> int:
        return self.cash_count.counted_total()

    def expected(self) -> int:
        return int((self.report or {}).get("expected_cash") or 0)

    def _recount(self, *_):
        """Expected, counted and variance as the count stands (the count's own subtotals follow it)."""
        counted = self.counted_total()
        variance = counted - self.expected()
        self.expected_lbl.setText(fmt_vnd(self.expected()))
        self.counted_lbl.setText(fmt_vnd(counted))
        sign = "+" if variance > 0 else ""
        self.variance_lbl.setText(sign + fmt_vnd(variance))
        color = "#1b6e3c" if variance == 0 else "#b00020"
        self.variance_lbl.setStyleSheet(f"font-size:22px;font-weight:bold;color:{color}")
        self.variance_note.setText(
            self.tr("More than %1 either way: a manager must approve the close.").replace(
                "%1", fmt_vnd(self.variance_limit())) if abs(variance) > self.variance_limit() else "")

    def variance_limit(self) -> int:
        """The store's setting: a variance larger than this (either way) needs a manager."""
        value = self.ctx.settings.get("cash_variance_approval_vnd")
        return value if isinstance(value, int) else int(DEFAULT_SETTINGS["cash_variance_approval_vnd"])

    def confirm_variance(self, counted: int, expected: int, variance: int) -> bool:
        """The clerk sees the variance and confirms it (Enter) or goes back to counting (Esc)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(self.tr("Cash variance"))
        box.setText(self.tr("Cash variance %1 (counted %2, expected %3). Confirm closing the shift?")
                    .replace("%1", ("+" if variance > 0 else "") + fmt_vnd(variance))
                    .replace("%2", fmt_vnd(counted)).replace("%3", fmt_vnd(expected)))
        if abs(variance) > self.variance_limit():
            box.setInformativeText(self.variance_note.text())
        box.setStyleSheet("QLabel{font-size:17px}")
        ok = box.addButton(self.tr("Confirm (Enter)"), QMessageBox.AcceptRole)
        back = box.addButton(self.tr("Count again (Esc)"), QMessageBox.RejectRole)
        box.setDefaultButton(ok)
        box.setEscapeButton(back)
        self.variance_box = box  # for tests: the dialog that is open
        try:
            box.exec()
            return box.clickedButton() is ok
        finally:
            self.variance_box = None
            box.deleteLater()

    def confirm_close(self):
        if self._busy or self.shift is None:
            return
        self.close_error.clear_error()
        counted = self.counted_total()
        variance = counted - self.expected()
        if variance != 0 and not self.confirm_variance(counted, self.expected(), variance):
            self.counts[DENOMINATIONS[0]].setFocus()
            return
        staff = self.ctx.staff
        manager_id = None
        if abs(variance) > self.variance_limit():
            # pos.shifts.close_shift refuses this close without a manager: a manager closing
            # approves it by confirming; a clerk needs a manager's PIN (kept in the audit log)
            if is_manager(staff):
                manager_id = staff["id"]
            else:
                manager = self.ctx.approve(self, "close_shift_variance")
                if not manager:
                    self.close_error.show_error(self.tr("A manager must approve closing with a variance."))
                    return
                manager_id = manager["id"]
        print_it = printer_configured(self.ctx.settings)

        def closed(report):
            self.z_report = report
            self.pages.setCurrentIndex(self.PAGE_Z)
            self.z_view.set_report(report, self.tr("Shift closed (Z report)"))
            self.z_done_btn.setFocus()
            self.z_print_btn.setVisible(print_it)
            self.notice.ok(self.tr("Shift closed. Z report sent to the printer.") if print_it
                           else self.tr("Shift closed."))
            self.status.setText(self.tr("Shift %1 closed").replace("%1", str(report.get("number", ""))))
            self.shift = None
            self._tell_shift(None)

        self._submit(shift_ops.close, self._staff_id(), self.counted(), print_it, manager_id, on_done=closed,
                     on_error=lambda e: self.close_error.show_error(error_text(e)))

    def print_z_again(self):
        """A jammed or torn Z slip: queue the same report again (the shift stays closed)."""
        if self.z_report is None or not printer_configured(self.ctx.settings):
            return
        self._submit(shift_ops.print_again, self.z_report["shift_id"], "z_report",
                     on_done=lambda _: self.notice.ok(self.tr("Z report sent to the printer again.")))

    def _z_done(self):
        self.pages.setCurrentIndex(self.PAGE_OPEN)
        self.refresh()
