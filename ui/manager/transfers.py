"""Transfers to and from another point of sale, per lot (pos/transfers.py).

Sending works like a return to the producer (ui/manager/returns.py): scan what goes, choose each
line's lot, say where it goes, F8; the note prints with a QR code of the whole transfer. Taking in
is one scan: the QR of the note that came with the goods, scanned into the same box, books every
line into its lot here, once (a note scanned again is refused, nothing booked)."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from pos.transfers import PREFIX

from ..ops import returns as return_ops
from .common import acting_manager, error_text, qty_fmt
from .returns import ReturnScreen


class TransferScreen(ReturnScreen):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.title.setText(self.tr("Transfer stock to or from another point of sale"))
        form = self.form
        self.producer.hide()
        form.labelForField(self.producer).hide()
        self.destination = QLineEdit()
        self.destination.setMinimumHeight(40)
        self.destination.setPlaceholderText(self.tr("e.g. BL-SITE"))
        form.insertRow(0, self.tr("Send to"), self.destination)
        self.reason.clear()
        self.reason.addItems(["", self.tr("Restock the other point of sale"), self.tr("Selling slowly here")])
        self.save_btn.set_label(self.tr("Send and print the note"))
        self.copy_btn.hide()  # a transfer note is reprinted from the print problems list
        self.finder.edit.setPlaceholderText(self.tr("Scan what goes, or the QR of a transfer note that came"))
        self.finder.edit.submitted.disconnect()
        self.finder.edit.submitted.connect(self.handle_scan)

    def handle_scan(self, code: str) -> bool:
        if code.startswith(PREFIX + "|"):
            self.take_in(code)
        else:
            self.finder.find(code)
        return True

    def add_product(self, product: dict):
        """Any producer's goods may travel together: no producer to match."""
        self.error.clear_error()
        self.ctx.worker.submit(return_ops.choices, product["id"], on_done=lambda c: self._place(product, c),
                               on_error=lambda e: self.error.show_error(error_text(e)))

    def take_in(self, code: str) -> None:
        manager = acting_manager(self) or {}
        self.error.clear_error()

        def done(result):
            number, n = result.value
            self.notice.ok(self.tr("Transfer %1 taken in: %2 lines booked into stock.").replace("%1", number)
                           .replace("%2", qty_fmt(n)))

        self.ctx.worker.submit(return_ops.take_in_transfer, code, manager.get("id"), on_done=done,
                               on_error=lambda e: self.error.show_error(error_text(e)))

    def save(self):
        if self._saving:
            return
        self.error.clear_error()
        lines = [{"product_id": ln["product"]["id"], "qty": ln["spin"].value(), "lot_no": ln["lot"].currentData()}
                 for ln in self.lines if ln["spin"].value() > 0]
        where = self.destination.text().strip()
        if not where:
            self.error.show_error(self.tr("Say where the goods go."))
            self.destination.setFocus()
        elif not lines:
            self.error.show_error(self.tr("Scan or search the products that go."))
        else:
            manager = acting_manager(self) or {}
            self._saving = True
            self.ctx.worker.submit(return_ops.send_transfer, where, lines, manager.get("id"),
                                   self.reason.currentText().strip(), on_done=self._sent, on_error=self._refused)

    def _sent(self, result):
        self._saving = False
        self.notice.ok(self.tr("Transfer %1 booked; its note is printing: the goods travel with it.")
                       .replace("%1", result.value))
        self.clear()
        self.destination.clear()
        self.finder.edit.setFocus()
