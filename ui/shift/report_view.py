"""An X or Z report on screen, the figures the printed slip carries, as a two-column list."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pos import payment_methods
from pos.clock import local_time
from pos.money import fmt_vnd

from ..manager.common import cell, fit_columns, make_table


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
