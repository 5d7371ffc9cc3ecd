"""Receipts: find by number or day, view, reprint, refund (part, manager), void (manager), the
buyer on the invoice, and a supplement charging what a sale charged too little (manager, F4:
ui/supplement.py).

A scanned receipt barcode (the receipt number, Code128) opens that receipt here."""
from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pos import payment_methods
from pos.clock import local_time
from pos.money import fmt_vnd
from pos.names import product_name
from pos.sales import refund_net
from pos.vouchers import money_back, uses_back

from .errors import error_text
from .cart_view import qty_unit_text
from .reasons import ReasonDialog
from .ops import buyers as buyer_ops
from .ops import sales as sale_ops
from .ops import supplements as supplement_ops
from .receipt_preview import ReceiptPreview


class HistoryScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.sale: dict | None = None
        self.rows: list[dict] = []
        self.refund_dialog: RefundDialog | None = None
        self.void_dialog: ReasonDialog | None = None
        self.supplement_dialog = None

        self._build_finder()
        self._build_table()
        acts = self._build_actions(ctx)
        self._build_layout(acts)
        ctx.sales_changed.connect(self._sales_changed)

    def _build_finder(self) -> None:
        """The receipt number field and the day (or all days) the list shows."""
        self.search = QLineEdit()
        self.search.setObjectName("receipt_search")
        self.search.setPlaceholderText(self.tr("Receipt number (or scan the receipt)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.all_days = QCheckBox(self.tr("All days"))
        self.day = QDateEdit(self.today())
        self._auto_day = self.day.date()  # the "today" this screen put there itself
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.all_days.toggled.connect(lambda on: (self.day.setEnabled(not on), self.refresh()))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)

    def _build_table(self) -> None:
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("receipts")
        self.table.setHorizontalHeaderLabels([self.tr("Receipt"), self.tr("Time"), self.tr("Kind"),
                                              self.tr("Clerk"), self.tr("Payment"), self.tr("Total")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the clerk's
        # name takes what is left (and is cut at its end if it must); the total always shows whole
        self.table.itemSelectionChanged.connect(self._selected)

    def _build_actions(self, ctx) -> QGridLayout:
        """The chosen receipt's detail and preview, and its three actions, each with its key."""
        self.detail = QLabel()
        self.detail.setObjectName("title")
        self.detail.setWordWrap(True)
        self.preview = ReceiptPreview(ctx)
        self.buttons: dict[str, QPushButton] = {}
        acts = QGridLayout()  # two to a row: four actions fit beside the list at 1024 px
        for i, (key, text, seq, fn) in enumerate((("reprint", self.tr("Reprint"), "F5", self.reprint),
                                   ("refund", self.tr("Refund"), "F6", self.refund),
                                   ("void", self.tr("Void"), "F7", self.void),
                                   ("buyer", self.tr("Buyer"), "F8", self.add_buyer),
                                   ("supplement", self.tr("Supplement"), "F4", self.supplement))):
            b = QPushButton(f"{text}  {seq}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(52)
            b.clicked.connect(lambda _=False, fn=fn: fn())
            b.setEnabled(False)
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
            acts.addWidget(b, i // 2, i % 2)
            self.buttons[key] = b
        return acts

    def _build_layout(self, acts: QGridLayout) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.day)
        top.addWidget(self.all_days)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(self.detail)
        right.addWidget(self.preview, 1)
        right.addLayout(acts)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 10)
        lw, rw = QWidget(), QWidget()
        lw.setLayout(left)
        rw.setLayout(right)
        lay.addWidget(lw, 5)  # the list a little wider: every column of a receipt whole at 1024 px
        lay.addWidget(rw, 3)

    def activated(self) -> None:
        self.refresh()
        self.search.setFocus()

    def _sales_changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def handle_scan(self, code: str) -> bool:
        if "-" not in code:
            return False  # a product barcode: the sell screen takes it
        self.search.setText(code)
        self.open_receipt(code)
        return True

    # -- list ------------------------------------------------------------------------------------
    def today(self) -> QDate:
        """The business day of the store's clock (Vietnam's date), never the machine's date."""
        d = self.ctx.business_date()
        return QDate(d.year, d.month, d.day)

    def _follow_today(self) -> None:
        """Unless the clerk picked another day, the list stays on today, also past midnight."""
        today = self.today()
        if self.day.date() == self._auto_day and today != self._auto_day:
            self._auto_day = today
            self.day.blockSignals(True)
            self.day.setDate(today)
            self.day.blockSignals(False)

    def refresh(self) -> None:
        self._follow_today()
        text = self.search.text().strip()
        day = None if self.all_days.isChecked() or text else self.day.date().toString("yyyy-MM-dd")
        self.ctx.worker.submit(sale_ops.find, text, day, on_done=self._show_rows)

    def _kind(self, row: dict) -> str:
        if row["status"] == "voided":
            return self.tr("Voided")
        if row["kind"] == "sale" and row.get("original_sale_id"):
            return self.tr("Supplement")
        return self.tr("Refund") if row["kind"] == "refund" else self.tr("Sale")

    def _show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        keep = self.sale["id"] if self.sale else None
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            methods = ", ".join(payment_methods.lookup(m).name(self.ctx.lang)
                                for m in (r.get("methods") or "").split(",") if m)
            when = local_time(r["created_at"], "%d/%m %H:%M")  # the year is in the preview; room for the total
            cells = [r["receipt_no"], when, self._kind(r), r.get("clerk") or "", methods, fmt_vnd(int(r["total"]))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, c, item)
            if keep and r["id"] == keep:
                self.table.selectRow(i)
        self.table.blockSignals(False)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.rows):
            self.open_receipt(self.rows[rows[0].row()]["id"])

    def open_receipt(self, key: str) -> None:
        self.ctx.worker.submit(sale_ops.get, key, on_done=self._show_sale,
                               on_error=lambda e: self.ctx.message.emit("error", error_text(e)))

    def _show_sale(self, sale: dict) -> None:
        self.sale = sale
        kind = self._kind(sale)
        text = f"{sale['receipt_no']} · {kind} · {fmt_vnd(int(sale['total']))}"
        if sale.get("original_receipt_no"):
            of = self.tr("Supplement to %1") if sale["kind"] == "sale" else self.tr("Refund of %1")
            text += "\n" + of.replace("%1", sale["original_receipt_no"])
        if sale["status"] == "voided":
            text += "\n" + self.tr("Voided: %1").replace("%1", sale.get("void_reason") or "")
        self.detail.setText(text)
        self.preview.load(sale["id"])
        can_refund = sale["kind"] == "sale" and sale["status"] == "completed" and any(  # a supplement's goods too
            r["refundable_qty"] > 0 for r in sale["refundable"])  # (its raises come back with their sold lines)
        self.buttons["reprint"].setEnabled(True)
        self.buttons["refund"].setEnabled(can_refund)
        self.buttons["void"].setEnabled(sale["status"] == "completed")
        self.buttons["buyer"].setEnabled(sale["kind"] == "sale" and sale["status"] == "completed" and (
            bool(sale.get("invoice_buyer")) or sale["business_day"] == self.ctx.business_date().isoformat()))
        self.buttons["supplement"].setEnabled(bool(sale.get("can_supplement")))

    # -- actions ---------------------------------------------------------------------------------
    def reprint(self) -> None:
        if not self.sale or self.ctx.staff is None:
            return
        self.ctx.worker.submit(sale_ops.reprint, self.sale["id"], self.ctx.staff["id"],
                               on_done=lambda ch: self.ctx.message.emit("info", self.tr("Reprint queued")),
                               on_error=lambda e: self.ctx.message.emit("error", error_text(e)))

    def add_buyer(self) -> None:
        """The buyer form (ui/buyer.py): for today's sale sold to a consumer, its e-invoices are
        replaced by invoices to the buyer; on a sale whose invoice has a buyer already, the form
        opens filled in and a manager approves the correction (pos.einvoice.corrections)."""
        from .buyer import BuyerDialog

        if not self.sale or not self.buttons["buyer"].isEnabled() or self.ctx.staff is None:
            return
        sale_id, current = self.sale["id"], self.sale.get("invoice_buyer") or {}
        self.buyer_dialog = BuyerDialog(self.ctx, current or None, self)
        self.buyer_dialog.keep.setChecked(not current)
        if current:
            self.buyer_dialog.setWindowTitle(self.tr("Correct the buyer on the invoice"))
        self.buyer_dialog.chosen.connect(lambda buyer: buyer and (
            self._correct_buyer(sale_id, buyer) if current else self.ctx.worker.submit(
                buyer_ops.add_to_sale, sale_id, buyer, self.ctx.staff["id"], on_done=self._buyer_done,
                on_error=lambda e: self.ctx.message.emit("error", error_text(e)))))
        self.buyer_dialog.open()

    def _correct_buyer(self, sale_id: str, buyer: dict) -> None:
        manager = self.ctx.approve(self, "invoice_buyer_correction")
        if manager is None:
            return
        self.ctx.worker.submit(buyer_ops.correct_on_sale, sale_id, buyer, self.ctx.staff["id"], manager["id"],
                               on_done=self._buyer_done,
                               on_error=lambda e: self.ctx.message.emit("error", error_text(e)))

    def _buyer_done(self, _changes=None) -> None:
        self.ctx.message.emit("info", self.tr("Invoice made out to the buyer"))
        if self.sale:
            self.open_receipt(self.sale["id"])

    def supplement(self) -> None:
        """The supplement dialog for the chosen sale, once its lines are read on the DB thread."""
        if not self.sale or not self.buttons["supplement"].isEnabled() or self.ctx.staff is None:
            return
        sale = self.sale
        self.ctx.worker.submit(supplement_ops.lines, sale["id"],
                               on_done=lambda lines: self._open_supplement(sale, lines),
                               on_error=lambda e: self.ctx.message.emit("error", error_text(e)))

    def _open_supplement(self, sale: dict, lines: list[dict]) -> None:
        from .supplement import SupplementDialog

        dlg = SupplementDialog(self.ctx, sale, lines, self)
        self.supplement_dialog = dlg
        dlg.done_result.connect(self._supplemented)
        dlg.finished.connect(lambda _r: setattr(self, "supplement_dialog", None))
        dlg.open()

    def _supplemented(self, result) -> None:
        self.ctx.message.emit("info", self.tr("Supplement %1: the customer paid %2 more").replace(
            "%1", result.receipt_no).replace("%2", fmt_vnd(result.total)))
        self.open_receipt(result.sale_id)
        self.refresh()

    def refund(self) -> None:
        if not self.sale or not self.buttons["refund"].isEnabled():
            return
        dlg = RefundDialog(self.ctx, self.sale, self)
        self.refund_dialog = dlg
        dlg.done_result.connect(self._refunded)
        dlg.finished.connect(lambda _r: setattr(self, "refund_dialog", None))
        dlg.open()

    def _refunded(self, result) -> None:
        self.ctx.message.emit("info", self.tr("Refund %1: give back %2").replace("%1", result.receipt_no).replace(
            "%2", fmt_vnd(result.paid)))  # less than the total when a voucher's use came back instead
        self.open_receipt(result.sale_id)
        self.refresh()

    def void_reasons(self) -> list[str]:
        return [self.tr("Entered by mistake"), self.tr("Customer cancelled"), self.tr("Payment failed"),
                self.tr("Wrong price or quantity")]

    def void(self) -> None:
        if not self.sale or self.sale["status"] != "completed" or self.ctx.staff is None:
            return
        dlg = ReasonDialog(self, self.tr("Void %1").replace("%1", self.sale["receipt_no"]),
                           self.tr("Why is this receipt voided?"), self.void_reasons())
        self.void_dialog = dlg
        dlg.chosen.connect(self._void_reason)
        dlg.destroyed.connect(lambda _o=None: setattr(self, "void_dialog", None))
        dlg.open()

    def _void_reason(self, reason: str) -> None:
        reason = reason.strip()
        if not reason or not self.sale:
            return
        manager = self.ctx.approve(self, "void")
        if manager is None:
            return

        sale_id = self.sale["id"]
        cash = any(payment_methods.in_drawer(p.get("method")) for p in self.sale.get("payments") or [])
        self.ctx.worker.submit(sale_ops.void, sale_id, self.ctx.staff["id"], manager["id"], reason,
                               on_done=lambda _changes: self._voided(sale_id, cash),
                               on_error=lambda e: self.ctx.message.emit("error", error_text(e)))

    def _voided(self, sale_id: str, cash: bool = False) -> None:
        if cash:  # the sale's cash goes back out of the drawer
            self.ctx.devices_call("open_drawer")
        self.ctx.message.emit("info", self.tr("Receipt voided"))
        self.open_receipt(sale_id)
        self.refresh()


class RefundDialog(QDialog):
    """Pick what comes back (quantities per line), a reason and how the money goes back."""

    done_result = Signal(object)

    def __init__(self, ctx, sale: dict, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.sale = sale
        self.setWindowTitle(self.tr("Refund from %1").replace("%1", sale["receipt_no"]))
        self.resize(760, 520)
        lines = [r for r in sale["refundable"] if r["refundable_qty"] > 0]
        self.lines = lines
        self._build_table(lines, ctx.lang)
        self.reason_dialog: ReasonDialog | None = None
        self._build_method(sale, ctx.lang)
        self.amount_label = QLabel()
        self.amount_label.setObjectName("refund_amount")
        self.amount_label.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("alert")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Refund… (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (Esc)"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(QLabel(self.tr("Give the money back as")))
        lay.addWidget(self.method)
        lay.addWidget(self.amount_label)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._update_amount()

    def _build_table(self, lines: list[dict], lang: str) -> None:
        """One row per line that can still come back: sold, refundable, a spin box, the money."""
        self.table = QTableWidget(len(lines), 5)
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Sold"), self.tr("Can refund"),
                                              self.tr("Refund"), self.tr("Give back")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3, 4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.setWordWrap(False)
        self.spins: list[QSpinBox] = []
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i, r in enumerate(lines):
            name = product_name(r, lang)
            item = QTableWidgetItem(name)
            item.setToolTip(name)
            self.table.setItem(i, 0, item)
            for c, key in ((1, "sold_qty"), (2, "refundable_qty")):
                item = QTableWidgetItem(qty_unit_text(int(r[key]), bool(r["sold_by_weight"]), r.get("unit") or "",
                                                      lang))
                item.setTextAlignment(right)
                self.table.setItem(i, c, item)
            spin = QSpinBox()
            spin.setRange(0, int(r["refundable_qty"]))
            spin.setMinimumHeight(36)
            spin.setMinimumWidth(110)
            spin.valueChanged.connect(self._update_amount)
            self.table.setCellWidget(i, 3, spin)
            self.spins.append(spin)
            money = QTableWidgetItem(fmt_vnd(0))
            money.setTextAlignment(right)
            self.table.setItem(i, 4, money)

    def _build_method(self, sale: dict, lang: str) -> None:
        self.method = QComboBox()
        for m in payment_methods.all_methods():
            if m.refundable:
                self.method.addItem(m.name(lang), m.code)
        paid = sorted(sale.get("payments") or [], key=lambda p: p.get("amount", 0), reverse=True)
        if paid:  # the money goes back the way it came, unless the clerk chooses otherwise
            self.method.setCurrentIndex(max(0, self.method.findData(paid[0]["method"])))
        self.method.currentIndexChanged.connect(self._update_amount)

    def set_qty(self, row: int, qty: int) -> None:
        self.spins[row].setValue(qty)

    def amount(self) -> int:
        """What the chosen lines give back: pos.sales.refund_net, the figure the refund books."""
        return sum(refund_net(r, s.value()) for r, s in zip(self.lines, self.spins) if s.value() > 0)

    def _update_amount(self, *_) -> None:
        for i, (r, s) in enumerate(zip(self.lines, self.spins)):
            self.table.item(i, 4).setText(fmt_vnd(refund_net(r, s.value()) if s.value() else 0))
        method = payment_methods.get(self.method.currentData())
        asked = self.amount()
        uses = [(p.get("amount", 0), str(i)) for i, p in enumerate(self.sale.get("payments") or [])
                if payment_methods.lookup(p.get("method", "")).redeems_voucher]
        vouchered = sum(a for a, _i in uses)
        before = sum(r["refunded_net"] for r in self.sale["refundable"])
        money = money_back(self.sale["total"], vouchered, before, asked)
        text = method.refund(self.ctx.lang).replace("%1", fmt_vnd(money))
        if money < asked:  # pos.vouchers.refund_split: the voucher's part comes back as whole uses
            other = self.sale["total"] - vouchered
            more = len(uses_back(uses, max(0, before + asked - other))) > len(uses_back(uses, max(0, before - other)))
            note = (self.tr("%1 was paid by voucher: not paid out, the voucher's use is restored") if more else
                    self.tr("%1 was paid by voucher: not paid out; the voucher's use comes back once refunds "
                            "cover its whole value"))
            text += "\n" + note.replace("%1", fmt_vnd(asked - money))
        self.amount_label.setText(text)

    def chosen(self) -> list[dict]:
        return [{"line_id": r["line_id"], "qty": s.value()} for r, s in zip(self.lines, self.spins) if s.value() > 0]

    def refund_reasons(self) -> list[str]:
        return [self.tr("Faulty product"), self.tr("Customer changed their mind"), self.tr("Wrong item sold"),
                self.tr("Expired or spoiled"), self.tr("Damaged packaging")]

    def submit(self) -> None:
        """Quantities checked, then the reason picker, then the manager's PIN."""
        if not self.chosen():
            self._error(self.tr("Choose how many of which product come back"))
            return
        self.error.hide()
        dlg = ReasonDialog(self, self.windowTitle(), self.tr("Why do the goods come back?"), self.refund_reasons())
        self.reason_dialog = dlg
        dlg.chosen.connect(self._reason_chosen)
        dlg.destroyed.connect(lambda _o=None: setattr(self, "reason_dialog", None))
        dlg.open()

    def _reason_chosen(self, reason: str) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        manager = self.ctx.approve(self, "refund")
        if manager is None:
            return

        self.ok.setEnabled(False)
        self.ctx.worker.submit(sale_ops.refund, self.sale["id"], chosen, self.ctx.staff["id"], manager["id"], reason,
                               self.method.currentData(), self.ctx.lang, on_done=self._done, on_error=self._failed)

    def _done(self, result) -> None:
        if payment_methods.in_drawer(self.method.currentData()):  # the money goes out of the drawer: open it now
            self.ctx.devices_call("open_drawer")
        self.done_result.emit(result)
        self.accept()

    def _failed(self, exc) -> None:
        self.ok.setEnabled(True)
        self._error(error_text(exc))

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
