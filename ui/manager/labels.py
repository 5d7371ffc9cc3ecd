"""Print labels from the manager's screens: product barcode labels and shelf labels (price and
OCOP stars), on the label printer or as an A4 sheet (PDF) for an office printer.

Keyboard first: a scan (or a name typed in the search box, then Enter) adds a product, each
product has its quantity, Enter prints and Esc closes. What a label says is decided in pos.labels
(the same rules as the till: no stars once the certificate has expired); the drawing is
printers.labels'. Nothing here touches the disk or a device on the UI thread: the print job and
the PDF are made on the DB worker."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QSpinBox, QVBoxLayout

from ..ops import labels as label_ops
from .common import BigButton, ErrorLabel, Notice, cell, error_text, fit_columns, make_table, qty_fmt
from .finder import ProductFinder

MAX_COPIES = 500  # pos.labels.MAX_COPIES
ON_HAND = "on_hand"  # as many labels as the product has units in stock (a new in-store code)


class LabelDialog(QDialog):
    """Labels for some products. `entries` arrive from the DB worker (ui.ops.labels.entry)."""

    PRINTER, SHEET = "printer", "sheet"

    def __init__(self, ctx, kind: str = "barcode", parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[dict] = []
        self.pdf_path: str | None = None
        self.setWindowTitle(self.tr("Print labels"))
        self.setModal(True)
        self.resize(860, 600)
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("Print labels"))
        title.setObjectName("title")
        lay.addWidget(title)

        top = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Barcode labels (48 × 30 mm)"), "barcode")
        self.kind.addItem(self.tr("Shelf labels with price and OCOP stars (70 × 40 mm)"), "shelf")
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.target = QComboBox()
        self.target.addItem(self.tr("Label printer"), self.PRINTER)
        self.target.addItem(self.tr("A4 sheet (PDF)"), self.SHEET)
        printer = ctx.settings.get("printer") or {}
        has_printer = isinstance(printer, dict) and printer.get("kind", "none") != "none"
        self.target.setCurrentIndex(0 if has_printer else 1)
        for w in (self.kind, self.target):
            w.setMinimumHeight(44)
        top.addWidget(self.kind, 3)
        top.addWidget(self.target, 2)
        lay.addLayout(top)

        self.finder = ProductFinder(ctx)
        self.finder.edit.setPlaceholderText(self.tr("Scan or type a product to add it, then Enter"))
        self.finder.picked.connect(lambda p: self.add(p["id"]))
        lay.addWidget(self.finder)
        self.table = make_table([self.tr("Product"), self.tr("Code on the label"), self.tr("OCOP"),
                                 self.tr("On hand"), self.tr("Labels")], stretch=0, row_height=46)
        lay.addWidget(self.table, 1)
        self.total = QLabel()
        lay.addWidget(self.total)
        self.error = ErrorLabel()
        lay.addWidget(self.error)
        self.notice = Notice()
        lay.addWidget(self.notice)

        bar = QHBoxLayout()
        self.close_btn = BigButton(self.tr("Close (Esc)"))
        self.close_btn.clicked.connect(self.reject)
        self.open_btn = BigButton(self.tr("Open the PDF"), "F5")
        self.open_btn.clicked.connect(self.open_pdf)
        self.open_btn.hide()
        self.print_btn = BigButton(self.tr("Print (Enter)"), primary=True)
        self.print_btn.clicked.connect(self.print_labels)
        for b in (self.close_btn, self.open_btn, self.print_btn):
            b.setAutoDefault(False)  # Enter is handled below: the finder's Enter must not print
            bar.addWidget(b)
        lay.addLayout(bar)

    # -- products ------------------------------------------------------------------------------
    def add(self, product_id: str, code: str | None = None, copies: int | str | None = None) -> None:
        """Add a product (or one more label of one already listed)."""
        self.error.clear_error()
        for i, e in enumerate(self.entries):
            if e["product_id"] == product_id and (code is None or e["asked_code"] == code):
                spin = self.table.cellWidget(i, 4)
                spin.setValue(min(MAX_COPIES, spin.value() + 1))
                return
        self.ctx.worker.submit(label_ops.entry, product_id, code, on_done=lambda e: self._added(e, copies),
                               on_error=lambda exc: self.error.show_error(error_text(exc)))

    def _added(self, entry: dict, copies: int | str | None) -> None:
        self.entries.append(entry)
        row = self.table.rowCount()
        self.table.setRowCount(row + 1)
        self.table.setItem(row, 0, cell(entry["name"], data=entry["product_id"]))
        code = entry["code"] or error_text(entry["problem"])
        item = cell(code)
        if not entry["code"]:
            item.setForeground(Qt.GlobalColor.red)
        self.table.setItem(row, 1, item)
        stars = cell("★" * entry["stars"] if entry["stars"] else
                     self.tr("none: certificate expired") if entry["cert_expired"] else "")
        if entry["cert_expired"]:
            stars.setForeground(Qt.GlobalColor.darkRed)
        self.table.setItem(row, 2, stars)
        self.table.setItem(row, 3, cell(qty_fmt(entry["on_hand"]), True))
        spin = QSpinBox()
        spin.setRange(0, MAX_COPIES)
        spin.setMinimumHeight(40)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        if copies == ON_HAND:
            copies = 1 if entry["sold_by_weight"] else max(1, entry["on_hand"])  # grams are no label count
        spin.setValue(0 if not entry["code"] else min(MAX_COPIES, copies if copies is not None else 1))
        spin.valueChanged.connect(self._count)
        self.table.setCellWidget(row, 4, spin)
        fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._count()
        spin.setFocus()
        spin.selectAll()

    def items(self) -> list[dict]:
        kind = self.kind.currentData()
        out = []
        for i, e in enumerate(self.entries):
            n = self.table.cellWidget(i, 4).value()
            if n and e["code"]:
                out.append({"product_id": e["product_id"], "kind": kind, "copies": n, "code": e["code"]})
        return out

    def _count(self, *_):
        n = sum(item["copies"] for item in self.items())
        self.total.setText(self.tr("%1 labels").replace("%1", qty_fmt(n)))

    def handle_scan(self, code: str) -> bool:
        """A scan while the dialog is open adds that product (main window routes it here)."""
        self.finder.find(code)
        return True

    # -- printing ------------------------------------------------------------------------------
    def keyPressEvent(self, event):  # noqa: N802 (Qt name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus is not None and (focus is self.finder or self.finder.isAncestorOf(focus)):
                return  # Enter in the search box searches, on a result picks it
            self.print_labels()
            return
        super().keyPressEvent(event)

    def print_labels(self) -> None:
        self.error.clear_error()
        items = self.items()
        if not items:
            self.error.show_error(self.tr("Nothing to print: add a product and give it a number of labels."))
            return
        n = sum(item["copies"] for item in items)
        self.print_btn.setEnabled(False)
        if self.target.currentData() == self.PRINTER:
            self.ctx.worker.submit(label_ops.print_labels, items, on_done=lambda _changes: self._queued(n),
                                   on_error=self._failed)
        else:
            self.ctx.worker.submit(label_ops.pdf, items, on_done=lambda path: self._saved(path, n),
                                   on_error=self._failed)

    def _queued(self, n: int) -> None:  # the worker hands the changes on: the print queue wakes
        self.print_btn.setEnabled(True)
        self.notice.ok(self.tr("%1 labels sent to the label printer.").replace("%1", qty_fmt(n)))

    def _saved(self, path: str, n: int) -> None:
        self.print_btn.setEnabled(True)
        self.pdf_path = path
        self.open_btn.show()
        self.notice.ok(self.tr("%1 labels saved as an A4 sheet: %2. Open it and print it on A4 paper.")
                       .replace("%1", qty_fmt(n)).replace("%2", path))

    def _failed(self, exc) -> None:
        self.print_btn.setEnabled(True)
        self.error.show_error(error_text(exc))

    def open_pdf(self) -> None:
        if self.pdf_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.pdf_path))


def _refocus(widget) -> None:
    """After the dialog has gone: its window active again (without a window manager nobody else
    gives it back) and the focus where scans land."""
    if widget.isVisible():
        widget.window().activateWindow()
        widget.setFocus()


def open_labels(screen, products: list[tuple[str, str | None, int | str | None]], kind: str = "barcode",
                back_to=None) -> LabelDialog:
    """Open the dialog (modal, without blocking the event loop) for (product id, code or None,
    copies or None); when it closes the focus goes back to `back_to`, where scans land."""
    dlg = LabelDialog(screen.ctx, kind, screen)
    screen.label_dialog = dlg  # tests find it here

    def closed(_result):
        if getattr(screen, "label_dialog", None) is dlg:
            screen.label_dialog = None
        dlg.deleteLater()
        if back_to is not None:
            QTimer.singleShot(0, lambda: _refocus(back_to))

    dlg.finished.connect(closed)
    dlg.open()
    for product_id, code, copies in products:
        dlg.add(product_id, code, copies)
    return dlg
