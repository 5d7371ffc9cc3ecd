"""Receipts the printer did not confirm, for the clerk to decide on (Ctrl+P, or a click on the
printer in the status bar).

Why the clerk: a job that may have printed (the printer hung up, stopped, said nothing) is never
sent again by the kiosk, because a resend printed the same receipt five times. Only the clerk can
look at the paper: Enter prints it again (a new job marked as a reprint), Del says it came out
fine (or is not needed). Both are recorded in the audit log (pos.print_jobs.reprint / dismiss)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from .errors import error_text
from .history import local_time
from .ops import print_jobs as print_job_ops


class PrintProblemsDialog(QDialog):
    changed = Signal()  # a job was reprinted or dismissed (the status bar counts again)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dict] = []
        self.setWindowTitle(self.tr("Receipts not confirmed"))
        self.resize(760, 440)
        title = QLabel(self.tr("The printer did not confirm these. Look at the paper:"))
        title.setObjectName("title")
        title.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Receipt"), self.tr("Time"), self.tr("What happened")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty = QLabel(self.tr("Nothing to check: every receipt was confirmed."))
        self.empty.hide()
        self.reprint_button = QPushButton(self.tr("Print again (Enter)"))
        self.fine_button = QPushButton(self.tr("No reprint needed (Del)"))
        close = QPushButton(self.tr("Close (Esc)"))
        for b in (self.reprint_button, self.fine_button, close):
            b.setAutoDefault(False)
            b.setMinimumHeight(48)
        self.reprint_button.clicked.connect(self.reprint)
        self.fine_button.clicked.connect(self.dismiss)
        close.clicked.connect(self.reject)
        for seq, fn in (("Return", self.reprint), ("Enter", self.reprint), ("Delete", self.dismiss)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
        self.table.doubleClicked.connect(lambda _i: self.reprint())
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.fine_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addLayout(buttons)
        self.busy = False
        self.reload()

    # -- what the clerk reads ---------------------------------------------------------------
    def what(self, row: dict) -> str:
        return {
            "no_answer": self.tr("Sent, but the printer did not confirm it"),
            "hung_up": self.tr("The printer hung up after receiving it"),
            "cut_off": self.tr("The connection broke while it was printing"),
            "stalled": self.tr("The printer stopped taking it part-way"),
            "printer_stopped": self.tr("The printer stopped (paper, cover or error) during it"),
            "interrupted": self.tr("The kiosk stopped while it was printing"),
            "gave_up": self.tr("Not printed: the printer could not be reached"),
            "render": self.tr("Not printed: it could not be drawn"),
        }.get(row.get("outcome") or "", row.get("last_error") or "")

    def name(self, row: dict) -> str:
        doc = row.get("payload") or {}
        kinds = {"x_report": self.tr("X report"), "z_report": self.tr("Z report"), "label": self.tr("Labels"),
                 "drawer": self.tr("Cash drawer")}
        if row["kind"] in kinds:
            return kinds[row["kind"]]
        if row["kind"] in ("return_note", "transfer_note"):  # the note's own number
            words = self.tr("Return note %1") if row["kind"] == "return_note" else self.tr("Transfer note %1")
            return words.replace("%1", doc.get("return_no") or row.get("ref_id") or "")
        text = doc.get("receipt_no") or row.get("ref_id") or ""
        if row["kind"] == "refund" or doc.get("kind") == "refund":
            text = self.tr("Refund %1").replace("%1", text)
        elif row["kind"] == "void" or doc.get("kind") == "void":
            text = self.tr("Void %1").replace("%1", text)
        if row["kind"] == "reprint":
            text += " · " + self.tr("reprint")
        return text

    # -- loading and acting -----------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.worker.submit(print_job_ops.problems, on_done=self._show, on_error=lambda e: self._error(e))

    def _show(self, rows: list[dict]) -> None:
        keep = self.current_id()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = (self.name(r), local_time(r["created_at"]), self.what(r))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(r.get("last_error") or "")
                self.table.setItem(i, col, item)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.reprint_button.setEnabled(bool(rows))
        self.fine_button.setEnabled(bool(rows))
        ids = [r["id"] for r in rows]
        if rows:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
            self.table.setFocus()

    def current_id(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def _staff_id(self) -> str | None:
        return self.ctx.staff["id"] if self.ctx.staff else None

    def reprint(self) -> None:
        job_id = self.current_id()
        if job_id is None or self.busy:
            return
        self.busy = True
        self.ctx.worker.submit(print_job_ops.reprint, job_id, self._staff_id(), on_done=self._reprinted,
                               on_error=self._error)

    def dismiss(self) -> None:
        job_id = self.current_id()
        if job_id is None or self.busy:
            return
        self.busy = True
        self.ctx.worker.submit(print_job_ops.dismiss, job_id, self._staff_id(), on_done=self._dismissed,
                               on_error=self._error)

    def _reprinted(self, _changes) -> None:  # the worker hands them on: the print queue wakes
        self.busy = False
        self.ctx.message.emit("info", self.tr("Printing it again, marked as a reprint"))
        self.changed.emit()
        self.reload()

    def _dismissed(self, _changes) -> None:
        self.busy = False
        self.changed.emit()
        self.reload()

    def _error(self, exc) -> None:
        self.busy = False
        self.ctx.message.emit("error", error_text(exc))
        self.reload()
