"""Status bar: online/offline, last sync and unsynced events, printer, staff, shift, messages.

Polled on the DB worker every few seconds (cheap counts), never on the UI thread."""
from __future__ import annotations

import datetime as dt
import logging
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from pos.clock import short_time

from .ops import status as status_ops
from .status_message import MessageLabel

log = logging.getLogger(__name__)


class ClickableLabel(QLabel):
    """A status-bar label a finger or the mouse can open something from."""

    clicked = Signal()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.clicked.emit()
        super().mousePressEvent(event)


class StatusBar(QStatusBar):
    def __init__(self, ctx, parent=None, interval_ms: int = 5000):
        super().__init__(parent)
        self.ctx = ctx
        self.sync_label = QLabel()
        self.printer_label = ClickableLabel()  # click (or Ctrl+P): the receipts not confirmed
        self.printer_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.staff_label = QLabel()
        self.shift_label = QLabel()
        for w in (self.sync_label, self.printer_label, self.shift_label, self.staff_label):
            self.addPermanentWidget(w)
        self.message_label = MessageLabel()  # not showMessage: it clipped long messages at 1024 px
        self.addWidget(self.message_label, 1)
        self.message_timer = QTimer(self)
        self.message_timer.setSingleShot(True)
        self.message_timer.timeout.connect(lambda: self.show_message("info", ""))
        self.last: dict = {}
        ctx.staff_changed.connect(lambda s: self._show_staff())
        ctx.shift_changed.connect(lambda s: self._show_shift())
        ctx.sales_changed.connect(self.refresh)
        ctx.message.connect(self.show_message)
        ctx.worker.error.connect(self._worker_error)
        ctx.device_state.connect(self._device_state)
        ctx.sync_status.connect(self._sync_status)
        self.devices_state: dict = {}
        self.sync_state: dict = {}
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._busy, self._busy_since = False, 0.0
        self.retranslate()

    def retranslate(self) -> None:
        self._show_staff()
        self._show_shift()
        self._show(self.last)
        self.refresh()

    STALE_POLL_S = 30.0

    def refresh(self) -> None:
        # A poll's reply normally comes back in milliseconds. If one is very late (a bench
        # harness once starved the DB thread of the GIL for a minute), ask again after a while
        # rather than leave the bar on old figures for the rest of the day.
        if self._busy and time.monotonic() - self._busy_since < self.STALE_POLL_S:
            return
        if self._busy:
            log.warning("status poll unanswered for %.0f s: asking again", time.monotonic() - self._busy_since)
        self._busy, self._busy_since = True, time.monotonic()
        self.ctx.worker.submit(status_ops.poll, on_done=self._done, on_error=lambda e: self._done({}))

    def _done(self, data: dict) -> None:
        self._busy = False
        if data:
            self.last = data
        self._show(self.last)

    def _show(self, data: dict) -> None:
        ob = data.get("outbox") or {}
        unsynced = ob.get("unsynced", 0)
        online = self._online(data)
        state = {True: self.tr("Online"), False: self.tr("Offline"), None: self.tr("No server")}[online]
        text = f"● {state} · " + self.tr("%1 unsynced").replace("%1", str(unsynced))
        if online is not None:  # when the centre last took everything: the clerk's "is my day safe?"
            last = self.sync_state.get("last_sync_at") or data.get("last_sync_at")
            text += " · " + (self.tr("synced %1").replace("%1", self.when(last, self.ctx.now())) if last else self.tr("never synced"))
        rec = self.sync_state.get("last_reconcile") or data.get("last_reconcile") or {}
        mismatch = rec.get("mismatch") or []
        if online is not None and mismatch:  # the nightly check found days that still differ
            text += " · ⚠ " + self.tr("%1 days differ from the centre").replace("%1", str(len(mismatch)))
        problem = self._problem(self.sync_state.get("problem"))
        if online is not None and problem:  # retrying will not fix these: someone must act
            text += " · ⚠ " + problem
        self.sync_label.setText(text)
        self.sync_label.setToolTip("\n".join(self._details(data, rec)))
        color = {True: "#1f7a5a", False: "#b26a00", None: "#5f6b65"}[online]
        if mismatch or (online is not None and problem):
            color = "#b3261e"
        self.sync_label.setStyleSheet(f"color: {color};")
        self.sync_label.setProperty("urgent", color in ("#b3261e", "#b26a00"))
        self.printer_label.setText(self._printer_text(data.get("print") or {}))
        self._make_room()

    def _details(self, data: dict, rec: dict) -> list[str]:
        """The tooltip a manager reads: nightly check, refused catalog rows, last error."""
        out = []
        if rec.get("at"):
            days = ", ".join(rec.get("mismatch") or [])
            out.append(self.tr("Nightly check %1: %2 days compared").replace("%1", self.when(rec["at"], self.ctx.now()))
                       .replace("%2", str(rec.get("days", 0))) + " · "
                       + (self.tr("differ: %1").replace("%1", days) if days else self.tr("all match")))
        if data.get("pull_problems"):
            out.append(self.tr("%1 catalog rows from the centre were refused").replace(
                "%1", str(data["pull_problems"])))
        if self.sync_state.get("last_error"):
            out.append(self.sync_state["last_error"])
        return out

    @staticmethod
    def when(iso: str, now: dt.datetime) -> str:
        """A sync time as the clerk reads it: 14:05 today, 21/11 18:30 on another day (`now`: the
        store's clock; "today" is the Vietnam business day)."""
        text = short_time(iso, now)
        return str(iso) if text is None else text

    def _sync_status(self, state: dict) -> None:
        self.sync_state = state
        self._show(self.last)

    def _problem(self, kind) -> str:
        """The sync worker's named problems (sync/client.py: SyncStatus.problem)."""
        if kind == "certificate":
            return self.tr("server certificate not trusted")
        if kind == "insecure":
            return self.tr("unencrypted http refused")
        return ""

    def _online(self, data: dict):
        """True/False from the sync worker's last pass; None when no server is set up."""
        if not self.ctx.settings.get("server_url"):
            return None
        return bool(self.sync_state.get("online", False))

    def _printer_text(self, jobs: dict) -> str:
        devices = self.ctx.devices
        printer = (self.ctx.settings.get("printer") or {})
        if not isinstance(printer, dict) or printer.get("kind", "none") == "none":
            return self.tr("Printer: none (preview)")
        p = (self.devices_state.get("printer") or {}) if devices is not None else {}
        names = {"ok": self.tr("ready"), "offline": self.tr("offline"), "paper_out": self.tr("out of paper"),
                 "cover_open": self.tr("cover open"), "error": self.tr("error"), "unknown": self.tr("waiting")}
        state = names.get(p.get("printer", "unknown"), str(p.get("printer", "")))
        if devices is None:
            state = self.tr("not connected")
        text = self.tr("Printer: %1").replace("%1", state)
        color = "#1f7a5a" if p.get("printer") == "ok" else "#b3261e" if p.get("printer") in (
            "offline", "paper_out", "cover_open", "error") else "#5f6b65"
        if jobs.get("pending"):
            text += " · " + self.tr("%1 to print").replace("%1", str(jobs["pending"]))
        if jobs.get("attention"):  # may or may not have printed: the clerk looks (Ctrl+P)
            text += " · ⚠ " + self.tr("%1 not confirmed (Ctrl+P)").replace("%1", str(jobs["attention"]))
            color = "#b3261e"
        drawer = (self.devices_state.get("drawer") or {}).get("drawer") if devices is not None else None
        if drawer == "failed":
            text += " · ⚠ " + self.tr("Drawer did not open")
            color = "#b3261e"
        elif drawer == "uncertain":
            text += " · " + self.tr("Check that the drawer opened")
        self.printer_label.setStyleSheet(f"color: {color};")
        self.printer_label.setProperty("urgent", color == "#b3261e")
        return text

    def _device_state(self, state: dict) -> None:
        before = self.devices_state
        self.devices_state = state
        drawer = state.get("drawer") or {}
        if drawer.get("failures", 0) > (before.get("drawer") or {}).get("failures", 0):
            why = {"unreachable": self.tr("the printer cannot be reached"),
                   "busy": self.tr("the printer is busy"),
                   "not_answering": self.tr("the printer is not answering"),
                   "too_late": self.tr("too late")}.get(drawer.get("reason"), drawer.get("detail") or "")
            self.show_message("error", self.tr("The cash drawer did not open: %1").replace("%1", why))
        printer, old = state.get("printer") or {}, before.get("printer") or {}
        if printer.get("attention") != old.get("attention") or printer.get("pending") != old.get("pending"):
            self.refresh()  # a job just finished one way or another: count again now
        self._show(self.last)

    def _show_staff(self) -> None:
        s = self.ctx.staff
        self.staff_label.setText(self.tr("Staff: %1").replace("%1", s["name"]) if s else self.tr("Locked"))

    def _show_shift(self) -> None:
        sh = self.ctx.shift
        if sh:
            self.shift_label.setText(self.tr("Shift #%1 open").replace("%1", str(sh.get("number", ""))))
            self.shift_label.setStyleSheet("")
            self.shift_label.setProperty("urgent", False)
        else:
            self.shift_label.setText(self.tr("No open shift"))
            self.shift_label.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.shift_label.setProperty("urgent", True)
        self._make_room()

    def show_message(self, level: str, text: str) -> None:
        """A message for 8 s (an error 15 s) in ui/status_message.py's label; "" clears it."""
        self.message_label.set_message(text, level)
        self._make_room()
        if text:
            self.message_timer.start(8000 if level != "error" else 15000)
        else:
            self.message_timer.stop()
        self.messageChanged.emit(text)

    GAP = 16  # px a permanent label takes beside its text (the bar's spacing and margins)

    def _make_room(self) -> None:
        """While a message is up and does not fit, the labels that say all is well step aside, the
        staff first (the top bar names them too), then the shift, the printer, the sync; a label
        asking for attention (red or orange) stays. They come back when the message goes. With no
        message, the same keeps the labels within the window's width (a large font at 1024 px)."""
        labels = (self.staff_label, self.shift_label, self.printer_label, self.sync_label)
        keep = dict.fromkeys(labels, True)
        text = self.message_label.full_text
        if self.isVisible():  # without a message too: labels wider than the window pushed it past the screen
            need = self.message_label.needed_width() if text else self.message_label.minimumWidth()
            width = self.parentWidget().width() if self.parentWidget() is not None else self.width()
            free = width - self.GAP - sum(w.sizeHint().width() + self.GAP for w in labels)
            for w in labels:
                if need <= free:
                    break
                if not w.property("urgent"):
                    keep[w] = False
                    free += w.sizeHint().width() + self.GAP
        for w in labels:  # only what changes: a hide or show lays the bar out again
            if w.isVisibleTo(self) != keep[w]:
                w.setVisible(keep[w])

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self._make_room)

    def currentMessage(self) -> str:  # noqa: N802 - QStatusBar's name, as callers and tests read it
        return self.message_label.full_text

    def _worker_error(self, exc) -> None:
        from .errors import error_text

        if self.ctx.db_problem is not None:  # jobs fail because the database is not open: the screen says why
            return

        self.show_message("error", error_text(exc))
