"""A fair without internet, on a USB stick (sync/fair.py, docs/fair_bundles.md), opened from the
Settings screen's central server box (F6) as a dialog of its own. The manager types
or keeps the stick's folder (/media by default, where sticks mount), F5 lists the centre's files
on it (its catalog bundle for this kiosk, its acknowledgements), arrows choose one, Enter or F8
takes it in; F7 writes this kiosk's unsent sales to the folder for the centre. A file the centre
did not sign, one for another kiosk or one older than what the kiosk holds changes nothing, and
the screen says which. Every file is read and written on the DB thread."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout,
                               QWidget)

from pos.clock import local_time
from sync.fair import FairError

from ..ops import fair as fair_ops
from .common import BigButton, ErrorLabel, Notice, error_text, qty_fmt, title_label

MEDIA = "/media"


class FairScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        root = QVBoxLayout(self)
        root.addWidget(title_label(self.tr("Fair without internet: USB stick")))
        hint = QLabel(self.tr("Bring the centre's file for this kiosk on a USB stick and take it in: prices, "
                              "products, staff and vouchers as a sync would bring them. Write the sales to the "
                              "stick for the centre; read its acknowledgement back to mark them sent."))
        hint.setWordWrap(True)
        root.addWidget(hint)
        self.state = QLabel()
        self.state.setWordWrap(True)
        root.addWidget(self.state)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Folder or file")))
        self.folder = QLineEdit(MEDIA)
        self.folder.setMinimumHeight(44)
        self.folder.returnPressed.connect(self.find)
        row.addWidget(self.folder, 1)
        self.find_btn = BigButton(self.tr("Find files"), "F5")
        self.find_btn.clicked.connect(self.find)
        row.addWidget(self.find_btn)
        root.addLayout(row)
        self.files = QListWidget()
        self.files.setMinimumHeight(160)
        self.files.itemActivated.connect(lambda *_: self.take())
        root.addWidget(self.files, 1)
        bar = QHBoxLayout()
        self.take_btn = BigButton(self.tr("Take in the chosen file"), "F8", primary=True)
        self.take_btn.clicked.connect(self.take)
        self.export_btn = BigButton(self.tr("Write sales to the stick"), "F7")
        self.export_btn.clicked.connect(self.export)
        bar.addWidget(self.take_btn, 1)
        bar.addWidget(self.export_btn, 1)
        root.addLayout(bar)
        self.error = ErrorLabel()
        root.addWidget(self.error)
        self.notice = Notice()
        root.addWidget(self.notice)
        self._busy = False

    def activated(self):
        self.folder.setFocus()

    def showEvent(self, event):
        super().showEvent(event)
        self.refresh_state()

    def refresh_state(self) -> None:
        self.ctx.worker.submit(fair_ops.state, on_done=self._show_state, on_error=self._refused)

    def _show_state(self, st: dict) -> None:
        text = self.tr("Sales events still to carry to the centre: %1.").replace("%1", qty_fmt(st["unsynced"]))
        last = st["last_bundle"]
        if last:
            text += " " + self.tr("Last catalog from the centre taken in: %1.").replace("%1", local_time(last.get("at")))
        if not st["has_key"]:
            text += " " + self.tr("This kiosk does not know its centre's key yet: enroll it, or sync once online.")
        self.state.setText(text)

    def find(self) -> None:
        self.error.clear_error()
        self.ctx.worker.submit(fair_ops.files_on, self.folder.text().strip() or MEDIA, on_done=self._show,
                               on_error=self._refused)

    def _show(self, rows: list[dict]) -> None:
        chosen = self.files.currentItem().data(Qt.UserRole) if self.files.currentItem() else None
        self.files.clear()
        for r in rows:
            what = self.tr("catalog from the centre") if r["kind"] == "catalog" else self.tr("acknowledgement")
            item = QListWidgetItem(f"{r['name']} · {what} · {local_time(_iso(r['mtime']), '%d/%m/%Y %H:%M')}")
            item.setData(Qt.UserRole, r["path"])
            self.files.addItem(item)
        if rows:
            paths = [r["path"] for r in rows]
            self.files.setCurrentRow(paths.index(chosen) if chosen in paths else 0)
            self.files.setFocus()
        else:
            self.error.show_error(self.tr("No file from the centre in %1.").replace("%1", self.folder.text().strip()))

    def take(self) -> None:
        item = self.files.currentItem()
        if item is None:
            self.error.show_error(self.tr("Find the files on the stick (F5) and choose one."))
            return
        if self._busy:
            return
        self._busy = True
        self.error.clear_error()
        self.ctx.worker.submit(fair_ops.take_file, item.data(Qt.UserRole), on_done=self._taken,
                               on_error=self._refused)

    def _taken(self, result) -> None:
        self._busy = False
        self.refresh_state()
        r = result.value
        if r["kind"] == "ack":
            self.notice.ok(self.tr("The centre holds this kiosk's sales up to number %1: %2 more marked sent, "
                                   "%3 still to send.").replace("%1", str(r["ack"])).replace("%2", qty_fmt(r["acked"]))
                           .replace("%3", qty_fmt(r["unsynced"])))
        elif r["status"] == "already":
            self.notice.ok(self.tr("This kiosk already holds everything in this file: nothing changed."))
        else:
            self.notice.ok(self.tr("Catalog taken in: %1 products, %2 price changes, %3 staff; %4 sales marked "
                                   "sent.").replace("%1", qty_fmt(r["pulled"]["products"]))
                           .replace("%2", qty_fmt(r["pulled"]["price_changes"] + r["pulled"]["price_lists"]))
                           .replace("%3", qty_fmt(r["pulled"]["staff"])).replace("%4", qty_fmt(r["acked"])))

    def export(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.error.clear_error()
        self.ctx.worker.submit(fair_ops.export_to, self.folder.text().strip() or MEDIA, on_done=self._exported,
                               on_error=self._refused)

    def _exported(self, result) -> None:
        self._busy = False
        self.refresh_state()
        r = result.value
        self.notice.ok(self.tr("%1 unsent sales events written to %2. Bring the stick to the centre.")
                       .replace("%1", qty_fmt(r["events"])).replace("%2", r["path"]))

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self.error.show_error(self._words(exc))
        self.notice.error(self.tr("Nothing was changed."))

    def _words(self, exc: BaseException) -> str:
        if isinstance(exc, FairError):
            words = {
                "no_key": self.tr("This kiosk does not know its centre's key yet: enroll it, or sync once online."),
                "unreadable": self.tr("This is not a file from the centre, or it is damaged."),
                "forged": self.tr("Refused: the file was changed after the centre signed it, or another centre "
                                  "signed it."),
                "foreign": self.tr("Refused: this file is for another kiosk (%1).").replace("%1", exc.detail),
                "gap": self.tr("Refused: this file starts after what this kiosk holds; ask the centre for the "
                               "whole catalog for this kiosk."),
                "not_enrolled": self.tr("This kiosk is not enrolled with a centre: it cannot sign its sales."),
                "no_folder": self.tr("No such folder: %1. Is the stick plugged in?").replace("%1", exc.detail),
            }
            return words.get(exc.reason, str(exc))
        if isinstance(exc, OSError):
            return self.tr("The stick could not be read or written: %1").replace("%1", exc.strerror or str(exc))
        return error_text(exc)


class FairDialog(QDialog):
    """The fair screen as a modal dialog: Esc closes it."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Fair without internet: USB stick"))
        self.setModal(True)
        self.resize(860, 560)
        lay = QVBoxLayout(self)
        self.screen = FairScreen(ctx, self)
        lay.addWidget(self.screen)
        for btn in self.screen.findChildren(BigButton):  # Enter belongs to the field or list in focus
            btn.setAutoDefault(False)
            btn.setDefault(False)
        self.screen.folder.setFocus()


def _iso(mtime: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(mtime, dt.timezone.utc).isoformat()
