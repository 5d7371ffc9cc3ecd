"""After the sale: the change in big figures, the receipt as printed, reprint, and the next sale
with one key (Enter); what changed at payment (a new day's VAT rate, a price) is said here."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.money import fmt_vnd

from .ops import sales as sale_ops
from .receipt_preview import ReceiptPreview


class DonePanel(QWidget):
    """After the sale: change in big figures, the receipt, reprint, next sale with one key."""

    next_sale = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result = None
        self.title = QLabel()
        self.title.setObjectName("title")
        self.change = QLabel()
        self.change.setObjectName("change")
        self.info = QLabel()
        self.info.setObjectName("muted")
        self.info.setWordWrap(True)
        self.preview = ReceiptPreview(ctx)
        self.next_button = QPushButton(self.tr("Next sale") + "  Enter")
        self.next_button.setProperty("role", "primary")
        self.next_button.setMinimumHeight(70)
        self.next_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_button.clicked.connect(self.next_sale)
        self.reprint_button = QPushButton(self.tr("Reprint") + "  F5")
        self.reprint_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reprint_button.setMinimumHeight(52)
        self.reprint_button.clicked.connect(self.reprint)
        for seq, fn in (("Return", self.next_sale.emit), ("Enter", self.next_sale.emit), ("F5", self.reprint)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.change)
        left.addWidget(self.info)
        left.addStretch(1)
        left.addWidget(self.reprint_button)
        left.addWidget(self.next_button)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 16)
        lw = QWidget()
        lw.setLayout(left)
        lay.addWidget(lw, 1)
        lay.addWidget(self.preview, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_result(self, result) -> None:
        self.result = result
        self.title.setText(self.tr("Sale %1 completed").replace("%1", result.receipt_no))
        if result.change_due:
            self.change.setText(self.tr("Change: %1").replace("%1", fmt_vnd(result.change_due)))
        else:
            self.change.setText(self.tr("No change due"))
        printer = self.ctx.settings.get("printer") or {}
        printing = isinstance(printer, dict) and printer.get("kind", "none") != "none"
        self.info.setText(self.tr("Total %1 · paid %2").replace("%1", fmt_vnd(result.total)).replace(
            "%2", fmt_vnd(result.paid)) + "\n" + (self.tr("The receipt is being printed.") if printing else
                                                 self.tr("No printer is set up: the receipt is shown here.")))
        if result.rerated:  # rung up before midnight, paid after: the new day's VAT rates (pos/vat_schedule.py)
            self.info.setText(self.info.text() + "\n" + self.tr("VAT rate of the new day: %1").replace("%1", "; ".join(
                f"{r.name_vi} {r.old_rate} % → {r.new_rate} %" for r in result.rerated)))
        for r in result.repriced:  # the price in force changed between the scan and payment (pos/prices.py)
            rule = self.tr("the scanned price is kept") if r.kept else self.tr("the lower price is taken")
            self.info.setText(self.info.text() + "\n" + self.tr("Price changed: %1 %2 → %3, %4").replace("%1", r.name_vi)
                              .replace("%2", fmt_vnd(r.rung_up)).replace("%3", fmt_vnd(r.in_force)).replace("%4", rule))
        self.preview.load(result.sale_id)

    def reprint(self) -> None:
        if self.result is None or self.ctx.staff is None:
            return
        self.ctx.worker.submit(sale_ops.reprint, self.result.sale_id, self.ctx.staff["id"],
                               on_done=lambda ch: self.ctx.message.emit("info", self.tr("Reprint queued")))
