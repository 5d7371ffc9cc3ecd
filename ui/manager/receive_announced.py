"""Receiving against a delivery the producer announced on the centre's portal (pos/announcements.py).

The manager picks the announcement (it came with the last pull); the producer and the note number
follow it, and a second table sets what was announced against what has been scanned so far, line
by line, so a short or extra line is seen before booking. The booked delivery names the
announcement; the comparison shown after booking is read back from what was stored, and the
centre shows the same rows to the office and the producer.

A mixin of ui.manager.receive.ReceiveScreen (its methods in their own module).
"""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from pos import announcements
from pos.names import product_name, unit_name

from .common import cell, error_text, fit_columns, make_table
from ..ops import stock as stock_ops


class ReceiveAnnounced:
    """The announcement picker, the announced-vs-scanned table, and the differences after booking."""

    COMPARE_COLS = 5

    def build_announced(self, form) -> None:
        self.announced: dict | None = None
        self.announced_pick = QComboBox()
        self.announced_pick.setMinimumHeight(44)
        self.announced_pick.currentIndexChanged.connect(self._announcement_chosen)
        form.addRow(self.tr("Announced delivery"), self.announced_pick)
        self.compare_title = QLabel()
        self.compare = make_table([self.tr("Product"), self.tr("Lot no."), self.tr("Announced"), self.tr("Scanned"),
                                   self.tr("Difference")], stretch=0, row_height=36)
        self.compare.setMaximumHeight(124)  # a few rows (it scrolls): the scanned lines below keep the room
        self.compare_title.hide()
        self.compare.hide()
        self._open: list[dict] = []

    def load_announcements(self) -> None:
        self.ctx.worker.submit(stock_ops.open_announcements, on_done=self._show_announcements,
                               on_error=lambda e: self.error.show_error(error_text(e)))

    def _show_announcements(self, rows) -> None:
        current = self.announced_pick.currentData()
        self._open = list(rows)
        self.announced_pick.blockSignals(True)
        self.announced_pick.clear()
        self.announced_pick.addItem(self.tr("(none: a delivery nobody announced)"), None)
        for a in self._open:
            self.announced_pick.addItem(f"{a['note_no']} · {a['producer_name']} · "
                                        + self.tr("%1 line(s)").replace("%1", str(len(a["lines"]))), a["id"])
        i = self.announced_pick.findData(current)
        self.announced_pick.setCurrentIndex(max(i, 0))
        self.announced_pick.blockSignals(False)
        self.announced_pick.setEnabled(bool(self._open))
        if i < 0 and self.announced is not None:
            self._announcement_chosen()

    def _announcement_chosen(self, *_):
        aid = self.announced_pick.currentData()
        self.announced = next((a for a in self._open if a["id"] == aid), None)
        if self.announced is not None:
            i = self.producer.findData(self.announced["producer_id"])
            if i >= 0:
                self.producer.setCurrentIndex(i)
            self.note_no.setText(self.announced["note_no"])
        self.refresh_compare()

    def scanned_lines(self) -> list[dict]:
        return [{"product_id": ln["product"]["id"], "lot_no": ln["lot"].text().strip(), "qty": ln["spin"].value()}
                for ln in self.lines]

    def watch_line(self, line: dict) -> None:
        """Called for each new row: its quantity and lot keep the comparison current."""
        line["spin"].valueChanged.connect(lambda *_: self.refresh_compare())
        line["lot"].textChanged.connect(lambda *_: self.refresh_compare())

    def refresh_compare(self) -> None:
        if self.announced is None:
            self.compare_title.hide()
            self.compare.hide()
            return
        products = {ln["product"]["id"]: ln["product"] for ln in self.lines}
        rows = announcements.compare_lines(self.announced["lines"], announcements.scanned_totals(self.scanned_lines()),
                                           products)
        self.show_compare(rows, self.tr("Announced %1 against what is scanned").replace("%1", self.announced["note_no"]))

    def show_compare(self, rows: list[dict], title: str, received: bool = False) -> None:
        self.compare_title.setText(title)
        self.compare.horizontalHeaderItem(3).setText(self.tr("Received") if received else self.tr("Scanned"))
        self.compare.setRowCount(0)
        for r in rows:
            n = self.compare.rowCount()
            self.compare.insertRow(n)
            unit = "g" if r.get("sold_by_weight") else unit_name(r.get("unit") or "", self.ctx.lang, 2)
            name = product_name(r, self.ctx.lang) if r.get("name_vi") else r["product_id"]
            if r["line_no"] is None:
                name += " · " + self.tr("not announced")
            diff = r["difference"]
            values = [name, r["lot_no"] or "—", f"{r['qty']} {unit}", f"{r['received']} {unit}",
                      ("+" if diff > 0 else "") + str(diff) if diff else "0"]
            for col, text in enumerate(values):
                self.compare.setItem(n, col, cell(text))
        fit_columns(self.compare)
        self.compare_title.show()
        self.compare.show()

    def differences_text(self, rows: list[dict]) -> str:
        """One sentence for the notice after booking: which lines differ from the announcement."""
        bad = [r for r in rows if r["difference"]]
        if not bad:
            return self.tr("Everything announced was received.")
        parts = [self.tr("%1 (lot %2): announced %3, received %4")
                 .replace("%1", product_name(r, self.ctx.lang) if r.get("name_vi") else r["product_id"])
                 .replace("%2", r["lot_no"] or "—").replace("%3", str(r["qty"])).replace("%4", str(r["received"]))
                 for r in bad]
        return self.tr("Differences from the announcement: %1").replace("%1", "; ".join(parts))
