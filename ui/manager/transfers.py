"""Transfers to and from another point of sale, per lot (pos/transfers.py).

Sending works like a return to the producer (ui/manager/returns.py): scan what goes, choose each
line's lot, say where it goes, F8; the note prints with a QR code of the whole transfer. Taking in
is one scan: the QR of the note that came with the goods, scanned into the same box, books every
line into its lot here, once (a note scanned again is refused, nothing booked). A past transfer,
sent or received, chosen in its list, prints its note again with F6, marked as a copy."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from pos.clock import local_time
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
        # a past transfer (sent or received) chosen here prints its note again, marked as a copy
        self.past = QComboBox()
        self.past.setMinimumHeight(44)
        self.past.currentIndexChanged.connect(lambda *_: self.copy_btn.setEnabled(self.past.currentData() is not None))
        form.addRow(self.tr("Past transfers"), self.past)
        self.copy_btn.set_label(self.tr("Reprint the note"))
        self.finder.edit.setPlaceholderText(self.tr("Scan what goes, or the QR of a transfer note that came"))
        self.finder.edit.submitted.disconnect()
        self.finder.edit.submitted.connect(self.handle_scan)

    def showEvent(self, event):
        super().showEvent(event)
        self.load_past()

    def load_past(self) -> None:
        self.ctx.worker.submit(return_ops.recent_transfers, on_done=self._show_past,
                               on_error=lambda e: self.error.show_error(error_text(e)))

    def _show_past(self, rows: list[dict]) -> None:
        current = self.past.currentData()
        self.past.blockSignals(True)
        self.past.clear()
        self.past.addItem(self.tr("(choose a transfer to reprint its note)"), None)
        for r in rows:
            if r["direction"] == "out":
                what = self.tr("sent to %1").replace("%1", r["to_location"])
            else:
                what = self.tr("received from %1").replace("%1", r["from_device"])
            self.past.addItem(f"{r['transfer_no']} · {what} · {local_time(r['at'], '%d/%m/%Y %H:%M')} · "
                              + self.tr("%1 lines").replace("%1", qty_fmt(r["lines"])), (r["id"], r["transfer_no"]))
        self.past.setCurrentIndex(max(self.past.findData(current), 0))
        self.past.blockSignals(False)
        self.copy_btn.setEnabled(self.past.currentData() is not None)

    def print_copy(self):
        """The chosen transfer's note again, marked "BẢN SAO" (pos.transfers.reprint, audited)."""
        chosen = self.past.currentData()
        if chosen is None:
            self.error.show_error(self.tr("Choose the transfer whose note to print again."))
            self.past.setFocus()
            return
        self.error.clear_error()
        staff = self.ctx.staff or acting_manager(self) or {}
        self.ctx.worker.submit(return_ops.reprint_transfer, chosen[0], staff.get("id"),
                               on_done=lambda _r: self.notice.ok(self.tr("A copy of the note of %1 is printing.")
                                                                 .replace("%1", chosen[1])),
                               on_error=self._refused)

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
            self.load_past()

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
        self.load_past()
        self.finder.edit.setFocus()
