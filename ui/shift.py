"""The shift screen: open with a float, cash in/out, X report, close by counting notes (Z report).

Why counting per denomination: a clerk counting a drawer thinks in notes ("three 500s, two 200s"),
not in a grand total; the screen does the multiplication so the variance is the drawer's, not the
clerk's arithmetic. Expected cash, counted cash and the variance are shown side by side before the
close is confirmed; a close with a variance needs a manager.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos import payment_methods
from pos.clock import local_time
from pos.money import fmt_vnd
from pos.shifts import DENOMINATIONS  # every note in circulation, 500 ₫ included
from pos.settings import DEFAULT_SETTINGS

from .manager.common import (
    AmountEdit,
    BigButton,
    ErrorLabel,
    Notice,
    cell,
    error_text,
    fit_columns,
    is_manager,
    make_table,
    title_label,
)
from .ops import shifts as shift_ops


def printer_configured(settings: dict | None) -> bool:
    printer = (settings or {}).get("printer") or {}
    return isinstance(printer, dict) and printer.get("kind", "none") not in ("", "none")


class OpenShiftDialog(QDialog):
    """Offered right after login when no shift is open, and again at payment if the clerk chose
    "later": one field for the float, Enter opens the shift, Esc leaves it for later."""

    opened = Signal(dict)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setWindowTitle(self.tr("Open the shift"))
        self.setModal(True)
        head = title_label(self.tr("No shift is open"))
        text = QLabel(self.tr("Count the cash in the drawer and type the opening float (0 if the drawer "
                              "is empty). Sales are recorded in this shift."))
        text.setWordWrap(True)
        self.float_edit = AmountEdit()
        self.float_edit.setObjectName("opening_float")
        self.error = ErrorLabel()
        buttons = QDialogButtonBox()
        self.open_btn = buttons.addButton(self.tr("Open shift (Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_btn.setProperty("role", "primary")
        self.open_btn.setDefault(True)  # Enter in the float field opens the shift
        self.later_btn = buttons.addButton(self.tr("Later (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_btn.setAutoDefault(False)
        for b in (self.open_btn, self.later_btn):
            b.setMinimumHeight(52)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(text)
        lay.addWidget(self.float_edit)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)
        self.float_edit.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        self.error.clear_error()
        try:
            amount = self.float_edit.amount()
        except ValueError:
            self.error.show_error(self.tr("Enter the opening float, e.g. 1.000.000 (0 if the drawer is empty)."))
            self.float_edit.setFocus()
            return
        staff = self.ctx.staff or {}
        self.busy = True
        self.open_btn.setEnabled(False)
        self.ctx.worker.submit(shift_ops.open_unless_open, staff.get("id"), amount, on_done=self._opened,
                               on_error=self._failed)

    def _opened(self, shift: dict) -> None:
        self.busy = False
        self.ctx.set_shift(shift)
        self.opened.emit(shift)
        self.accept()

    def _failed(self, exc) -> None:
        self.busy = False
        self.open_btn.setEnabled(True)
        self.error.show_error(error_text(exc))
        self.float_edit.setFocus()
        self.float_edit.selectAll()


def offer_open_shift(ctx, parent, on_opened=None, on_later=None) -> OpenShiftDialog:
    """Show the open-shift dialog over `parent` (one at a time) without waiting for it."""
    for dlg in parent.window().findChildren(OpenShiftDialog):
        if dlg.isVisible():
            return dlg
    dlg = OpenShiftDialog(ctx, parent)
    if on_opened is not None:
        dlg.opened.connect(on_opened)
    if on_later is not None:
        dlg.rejected.connect(on_later)
    window = parent.window()
    dlg.finished.connect(lambda _r: (window.activateWindow(), dlg.deleteLater()))  # keys go back to the till
    dlg.open()
    dlg.float_edit.setFocus()
    return dlg


class ReportView(QWidget):
    """An X or Z report as a two-column list of figures, money right-aligned."""

    def __init__(self, lang: str = "vi", parent=None):
        super().__init__(parent)
        self.lang = lang  # the screen's language, for the payment methods' names
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight:bold;font-size:16px")
        self.table = make_table([self.tr("Item"), self.tr("Amount")])
        self.table.horizontalHeader().setVisible(False)
        lay.addWidget(self.heading)
        lay.addWidget(self.table)

    def rows_for(self, report: dict) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        if report.get("number"):
            rows.append((self.tr("Shift number"), f"{report.get('device_code', '')} #{report['number']}"))
        if report.get("opened_at"):
            rows.append((self.tr("Opened"), f"{local_time(report['opened_at'])}  {report.get('opened_by', '')}"))
        if report.get("closed_at"):
            rows.append((self.tr("Closed"), f"{local_time(report['closed_at'])}  {report.get('closed_by', '')}"))
        money = lambda key: fmt_vnd(int(report.get(key) or 0))  # noqa: E731
        rows.append((self.tr("Sales"), f"{report.get('sales_count', 0)}  /  {money('sales_total')}"))
        if report.get("discounts_total"):
            rows.append((self.tr("Discounts given"), money("discounts_total")))
        rows.append((self.tr("Refunds"), f"{report.get('refunds_count', 0)}  /  {money('refunds_total')}"))
        if report.get("voids_count"):
            rows.append((self.tr("Voided receipts"), f"{report['voids_count']}  /  {money('voids_total')}"))
        rows.append((self.tr("Net takings"), money("net_total")))
        for method, amount in (report.get("by_method") or {}).items():
            name = payment_methods.lookup(method).name(self.lang)
            rows.append(("  " + self.tr("Paid by %1").replace("%1", name), fmt_vnd(int(amount))))
        for vat in report.get("vat") or []:
            rows.append(("  " + self.tr("VAT %1 %").replace("%1", str(vat["rate"])), fmt_vnd(int(vat["amount"]))))
        rows.append((self.tr("Opening float"), money("opening_float")))
        rows.append((self.tr("Cash in"), money("cash_in")))
        rows.append((self.tr("Cash out"), money("cash_out")))
        rows.append((self.tr("Expected cash in drawer"), money("expected_cash")))
        if report.get("counted_cash") is not None:
            rows.append((self.tr("Counted cash"), money("counted_cash")))
            variance = int(report.get("variance") or 0)
            rows.append((self.tr("Variance"), ("+" if variance > 0 else "") + fmt_vnd(variance)))
        return rows

    def set_report(self, report: dict, heading: str) -> None:
        self.heading.setText(heading)
        rows = self.rows_for(report)
        self.table.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.table.setItem(i, 0, cell(label))
            item = cell(value, align_right=True)
            if label == self.tr("Variance") and report.get("variance"):
                item.setForeground(Qt.red)
            self.table.setItem(i, 1, item)
        fit_columns(self.table)

    def value_of(self, label: str) -> str | None:
        for i in range(self.table.rowCount()):
            if self.table.item(i, 0).text() == label:
                return self.table.item(i, 1).text()
        return None


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
        page = QWidget()
        lay = QHBoxLayout(page)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Count the notes in the drawer:")))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Note")), 0, 0)
        grid.addWidget(QLabel(self.tr("Count")), 0, 1)
        grid.addWidget(QLabel(self.tr("Subtotal")), 0, 2)
        self.counts: dict[int, QSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}
        for i, denom in enumerate(DENOMINATIONS, start=1):
            lab = QLabel(fmt_vnd(denom))
            lab.setStyleSheet("font-size:16px;font-weight:bold")
            spin = QSpinBox()
            spin.setRange(0, 9999)
            spin.setMinimumHeight(40)
            spin.setMinimumWidth(110)
            spin.setAlignment(Qt.AlignRight)
            spin.valueChanged.connect(self._recount)
            # Enter moves on to the next note, as a clerk counting from a keypad expects
            spin.findChild(QLineEdit).returnPressed.connect(lambda d=denom: self._next_count(d))
            sub = QLabel(fmt_vnd(0))
            sub.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            sub.setMinimumWidth(140)
            grid.addWidget(lab, i, 0)
            grid.addWidget(spin, i, 1)
            grid.addWidget(sub, i, 2)
            self.counts[denom] = spin
            self.subtotals[denom] = sub
        left.addLayout(grid)
        left.addStretch(1)
        lay.addLayout(left, 3)

        right = QVBoxLayout()
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
        right.addLayout(totals)
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
        for spin in self.counts.values():
            spin.setValue(0)
        self.close_error.clear_error()
        self.pages.setCurrentIndex(self.PAGE_CLOSE)
        self.counts[DENOMINATIONS[0]].setFocus()
        self.counts[DENOMINATIONS[0]].selectAll()
        self._submit(shift_ops.current, on_done=self._show_current, action=False)

    def _next_count(self, denom: int) -> None:
        i = DENOMINATIONS.index(denom)
        if i + 1 < len(DENOMINATIONS):
            nxt = self.counts[DENOMINATIONS[i + 1]]
            nxt.setFocus()
            nxt.selectAll()
        else:
            self.confirm_close_btn.setFocus()

    def counted(self) -> dict[int, int]:
        return {d: s.value() for d, s in self.counts.items() if s.value()}

    def counted_total(self) -> int:
        return sum(d * n for d, n in self.counted().items())

    def expected(self) -> int:
        return int((self.report or {}).get("expected_cash") or 0)

    def _recount(self, *_):
        for denom, spin in self.counts.items():
            self.subtotals[denom].setText(fmt_vnd(denom * spin.value()))
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
