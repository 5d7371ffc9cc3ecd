"""The cash drawer: opened by the receipt printer's kick pulse, as its own device command.

Why not a print job: the drawer must open when the cash is taken, not when a receipt happens to
come out. A kick that waited behind a stuck receipt popped the drawer open minutes later, in front
of nobody. So a kick is tried at once, on its own thread, and dropped (and reported) if it cannot
go out within `deadline_s`: never queued, never replayed.

Sharing the printer with the print queue:
- Printer idle (the queue does not hold it): open it, ask its status (DLE EOT), send the kick.
- The queue is sending a job (it holds device_lock): a network printer is first tried on a second
  connection. A printer that serves two connections answers there and gets the kick at once. One
  that takes a single connection leaves the second unanswered (or refuses it); then the kick is
  slipped into the queue's own connection at the job's next command boundary (between raster
  bands: about a second of printing), if the printer is taking bytes. Serial, USB and file
  printers have one handle, so only the slip-in applies.
What is sent depends on what the printer says:
- ready: ESC p (every ESC/POS printer knows it);
- paper out / cover open / error / offline: an ordinary ESC p would wait in the printer's buffer
  and kick when the printer comes back, so the real-time pulse DLE DC4 is sent instead (done now,
  or ignored by printers without it); reported as "uncertain";
- silent, on a printer that has answered before: it is not reading, and bytes left in it could
  kick later, so nothing is sent (the connection is reset) and the kick is reported failed;
- silent, on a printer that never answers status: ESC p, the best there is (such a printer cannot
  be kept from kicking late if it is stuck).

State (on_state): {"drawer": ok | uncertain | failed, "reason", "detail", "kicks", "failures"};
reason says why in a word the UI translates: unreachable, busy, not_answering, offline (the
uncertain pulse), too_late, error."""
from __future__ import annotations

import queue as queue_mod
import threading
import time
from collections.abc import Callable

from . import devices, escpos_job
from .devices import PrinterError, SendStopped


class _Result:
    """reason (for the clerk's words): unreachable | busy | not_answering | offline | too_late | error."""

    def __init__(self, state: str, detail: str, final: bool = True, reason: str = ""):
        self.state, self.detail, self.final, self.reason = state, detail, final, reason


class DrawerKicker(threading.Thread):
    def __init__(self, printer: dict | Callable[[], dict], print_queue=None,
                 on_state: Callable[[dict], None] | None = None, deadline_s: float = 5.0,
                 connect_timeout_s: float = 2.0, status_timeout_s: float = 1.0, write_timeout_s: float = 2.0):
        super().__init__(name="cash-drawer", daemon=True)
        self._printer = printer
        self.print_queue = print_queue
        self.on_state = on_state
        self.deadline_s = deadline_s
        self.connect_timeout_s = connect_timeout_s
        self.status_timeout_s = status_timeout_s
        self.write_timeout_s = write_timeout_s
        self.state = {"drawer": "none", "reason": "", "detail": "", "kicks": 0, "failures": 0}
        self._requests: queue_mod.Queue[float] = queue_mod.Queue()
        self._halt = threading.Event()

    def kick(self) -> None:
        """Open the drawer now (returns at once; the outcome arrives through on_state)."""
        self._requests.put(time.monotonic())

    def stop(self, timeout: float = 5.0) -> None:
        self._halt.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                asked = self._requests.get(timeout=0.2)
            except queue_mod.Empty:
                continue
            deadline = asked + self.deadline_s
            try:
                result = (self._open(deadline) if time.monotonic() < deadline
                          else _Result("failed", "too late: the drawer is not opened long after the sale",
                                       reason="too_late"))
            except Exception as exc:  # a bug must not kill the thread or leave the clerk guessing
                result = _Result("failed", f"drawer error: {exc}", reason="error")
            failed = result.state == "failed"
            self.state = {"drawer": result.state, "reason": result.reason, "detail": result.detail,
                          "kicks": self.state["kicks"] + 1, "failures": self.state["failures"] + failed}
            if self.on_state:
                try:
                    self.on_state(dict(self.state))
                except Exception:
                    pass

    # -- getting the kick to the printer --------------------------------------------------
    def _settings(self) -> dict:
        return self._printer() if callable(self._printer) else dict(self._printer)

    def _answers(self) -> bool:
        return bool(getattr(self.print_queue, "answers_status", False))

    def _open(self, deadline: float) -> _Result:
        settings = self._settings()
        q = self.print_queue
        tried_second = False
        result = _Result("failed", "the printer was busy and did not take the kick in time", reason="busy")
        while time.monotonic() < deadline:
            lock = getattr(q, "device_lock", None)
            if lock is None or lock.acquire(timeout=0.1):
                try:
                    return self._direct(settings, deadline)
                finally:
                    if lock is not None:
                        lock.release()
            if settings.get("kind") == "network" and not tried_second:
                tried_second = True
                result = self._direct(settings, deadline, second=True)
                if result.final:
                    return result
            slot = q.slip_in(escpos_job.drawer_job(), deadline)
            if slot is None:
                continue  # the queue just let go of the printer: take it ourselves
            slot.done.wait(max(0.0, deadline - time.monotonic()))
            q.withdraw(slot)
            if slot.sent:
                return _Result("ok", slot.detail)
            if not slot.released:
                return _Result("failed", slot.detail, reason="busy")
        return result

    def _direct(self, settings: dict, deadline: float, second: bool = False) -> _Result:
        """A connection of our own. With `second` (the queue holds the printer), an unanswered or
        refused connection is not final: the caller slips the kick into the queue's connection."""
        try:
            p = devices.open_printer(settings, timeout=max(0.2, min(self.connect_timeout_s,
                                                                   deadline - time.monotonic())))
        except PrinterError as exc:
            return _Result("failed", f"printer not reachable: {exc}", final=not second, reason="unreachable")
        clean = False
        try:
            data, how = escpos_job.drawer_job(), "ok"
            if devices.can_read(p):
                try:
                    st = devices.query_status(p, self.status_timeout_s)
                except PrinterError as exc:
                    return _Result("failed", f"printer status: {exc}", final=not second, reason="unreachable")
                if st.answered and self.print_queue is not None:
                    self.print_queue.answers_status = True
                if st.state in (devices.PAPER_OUT, devices.COVER_OPEN, devices.ERROR, devices.OFFLINE):
                    data, how = escpos_job.drawer_pulse_job(), "uncertain"
                elif not st.answered:
                    if second:
                        return _Result("failed", "second connection not served", final=False, reason="busy")
                    if self._answers():
                        return _Result("failed", "the printer is not answering: kick not sent, so it "
                                                 "cannot pop the drawer open later", reason="not_answering")
            devices.send(p, data, self.write_timeout_s)
            devices.wait_taken(p, len(data), self.write_timeout_s)
            clean = True
            if how == "uncertain":
                return _Result("uncertain", f"real-time pulse sent; the printer reports {st.state}",
                               reason="offline")
            return _Result("ok", "")
        except SendStopped as exc:
            return _Result("failed", str(exc), final=not second or exc.sent_any, reason="not_answering")
        finally:
            if clean:
                devices.close_quietly(p)
            else:
                devices.abort(p)
