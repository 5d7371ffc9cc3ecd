"""The device thread that empties the print queue.

It owns its own Store on the kiosk file (SQLite connections belong to their thread; WAL lets the
UI's worker and this thread share the file), so a slow or dead printer never touches the thread
that records sales. Jobs print in order; the job at the head is retried with backoff while the
printer is away and printed when it returns. Nothing here raises into the caller: every failure
becomes a state (on_state callback) and a last_error on the job."""
from __future__ import annotations

import collections
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from pos import print_jobs
from pos.store import Store

from . import devices, escpos_job, labels, receipt
from .devices import PrinterError, PrinterStatus

StateCallback = Callable[[dict], None]


class _RenderError(Exception):
    pass


class PrintQueueWorker(threading.Thread):
    def __init__(
        self,
        db_path: str | Path,
        printer: dict | Callable[[], dict],
        width: int = 576,
        on_state: StateCallback | None = None,
        poll_s: float = 1.0,
        backoff_s: tuple[float, float] = (0.5, 30.0),
        give_up_after_s: float = 900.0,
        status_timeout_s: float = 1.0,
        connect_timeout_s: float = 5.0,
        probe_every_s: float = 20.0,
    ):
        super().__init__(name="print-queue", daemon=True)
        self.db_path = Path(db_path)
        self._printer = printer
        self.width = width
        self.on_state = on_state
        self.poll_s = poll_s
        self.backoff_s = backoff_s
        self.give_up_after_s = give_up_after_s
        self.status_timeout_s = status_timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.probe_every_s = probe_every_s
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._state = {"printer": devices.UNKNOWN, "detail": "", "last_error": "", "pending": 0,
                       "job_id": None, "paper_near_end": False, "printed": 0}
        self._failures = 0
        self._first_failure: dict[str, float] = {}
        self._direct: collections.deque[bytes] = collections.deque()

    # -- called from any thread --------------------------------------------------------
    @property
    def state(self) -> dict:
        with self._lock:
            return dict(self._state)

    def wake(self) -> None:
        """A job was queued: look now instead of at the next poll."""
        self._wake.set()

    def kick_drawer(self) -> None:
        """Open the cash drawer (no sale, e.g. giving change): not persisted, tried once."""
        self._direct.append(escpos_job.drawer_job())
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._halt.set()
        self._wake.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    # -- the thread ----------------------------------------------------------------------
    def _settings(self) -> dict:
        return self._printer() if callable(self._printer) else dict(self._printer)

    def _publish(self, **changes) -> None:
        """Update the state; the callback hears only real changes (not every poll)."""
        with self._lock:
            before = dict(self._state)
            self._state.update(changes)
            snapshot = dict(self._state)
        if snapshot != before and self.on_state:
            try:
                self.on_state(snapshot)
            except Exception:
                traceback.print_exc()

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def run(self) -> None:
        try:
            store = Store(self.db_path)
        except Exception as exc:
            self._publish(printer=devices.ERROR, last_error=f"print queue cannot open the database: {exc}")
            return
        try:
            print_jobs.recover(store)
            last_probe = 0.0
            while not self._halt.is_set():
                job = None
                try:
                    while self._direct:
                        self._send_direct(self._direct.popleft())
                    job = print_jobs.next_pending(store)
                    self._publish(pending=print_jobs.pending_count(store))
                    if job is None:
                        now = time.monotonic()
                        if self.probe_every_s and now - last_probe >= self.probe_every_s:
                            last_probe = now
                            self._probe()
                        self._sleep(self.poll_s)
                        continue
                    if self._process(store, job):
                        self._failures = 0
                    else:
                        self._failures += 1
                        low, high = self.backoff_s
                        self._sleep(min(high, low * 2 ** min(self._failures - 1, 16)))
                except Exception as exc:  # a bug or a database hiccup must not kill the device thread
                    traceback.print_exc()
                    self._publish(last_error=f"print queue error: {exc}")
                    if job is not None:
                        try:  # never leave the job stranded in 'printing'
                            print_jobs.retry_later(store, job["id"], f"print queue error: {exc}")
                        except Exception:
                            pass
                    self._sleep(self.backoff_s[1])
        finally:
            store.close()

    def _send_direct(self, data: bytes) -> None:
        try:
            p = devices.open_printer(self._settings(), timeout=self.connect_timeout_s)
        except PrinterError as exc:
            self._publish(printer=exc.state, detail=str(exc), last_error=f"drawer: {exc}")
            return
        try:
            devices.send(p, data)
        except PrinterError as exc:
            self._publish(printer=exc.state, detail=str(exc), last_error=f"drawer: {exc}")
        finally:
            devices.close_quietly(p)

    def _probe(self) -> None:
        settings = self._settings()
        if settings.get("kind", "none") == "none":
            self._publish(printer=devices.OFFLINE, detail="no printer configured")
            return
        st = devices.probe(settings, self.status_timeout_s)
        self._publish(printer=st.state, detail=st.detail, paper_near_end=st.paper_near_end)

    def _render(self, job: dict) -> bytes:
        doc = job["payload"]
        settings = self._settings()
        try:
            if job["kind"] == "drawer":
                return escpos_job.drawer_job()
            if job["kind"] == "label":
                return labels.escpos_labels(doc, width=int(settings.get("label_width_px", self.width)))
            width = int(settings.get("width_px", self.width))
            if settings.get("text_mode") and doc.get("kind") in ("sale", "refund", "void"):
                return escpos_job.text_job(doc, profile=settings.get("profile") or "TM-T20II",
                                           columns=48 if width >= 512 else 32)
            image = receipt.render(doc, width)
            return escpos_job.raster_job(image, open_drawer=escpos_job.opens_drawer(doc),
                                         profile=settings.get("profile") or None)
        except Exception as exc:
            raise _RenderError(f"cannot render {job['kind']} job: {exc}") from exc

    def _too_old(self, job: dict) -> bool:
        """Failing for longer than give_up_after_s (counted from this thread's first failure, so a
        wrong wall clock cannot make a fresh receipt look hours old)."""
        first = self._first_failure.setdefault(job["id"], time.monotonic())
        return time.monotonic() - first >= self.give_up_after_s

    def _retry_or_give_up(self, store: Store, job: dict, error: str) -> None:
        if self._too_old(job):
            print_jobs.mark_failed(store, job["id"], f"gave up: {error}")
            self._first_failure.pop(job["id"], None)
            self._publish(last_error=f"gave up printing {job['kind']} {job['ref_id']}: {error}")
        else:
            print_jobs.retry_later(store, job["id"], error)
            self._publish(last_error=error)

    def _process(self, store: Store, job: dict) -> bool:
        """One attempt at one job. True when the job left the head of the queue."""
        self._publish(job_id=job["id"])
        try:
            data = self._render(job)
        except _RenderError as exc:
            print_jobs.mark_failed(store, job["id"], str(exc))
            self._publish(last_error=str(exc), job_id=None)
            return True
        settings = self._settings()
        print_jobs.mark_printing(store, job["id"])
        try:
            p = devices.open_printer(settings, timeout=self.connect_timeout_s)
        except PrinterError as exc:
            self._retry_or_give_up(store, job, str(exc))
            self._publish(printer=exc.state, detail=str(exc))
            return False
        try:
            readable = devices.can_read(p)
            if readable:
                before = devices.query_status(p, self.status_timeout_s)
                if not before.can_print:
                    self._retry_or_give_up(store, job, f"printer {before.state}: {before.detail}")
                    self._publish(printer=before.state, detail=before.detail, paper_near_end=before.paper_near_end)
                    return False
            devices.send(p, data)
            devices.wait_drained(p)
            after = devices.query_status(p, self.status_timeout_s) if readable else PrinterStatus(
                devices.UNKNOWN, detail="this connection cannot report status")
        except PrinterError as exc:
            self._retry_or_give_up(store, job, str(exc))
            self._publish(printer=exc.state, detail=str(exc))
            return False
        finally:
            devices.close_quietly(p)
        if after.state in (devices.PAPER_OUT, devices.COVER_OPEN, devices.ERROR, devices.OFFLINE):
            # The printer stopped during this job: the receipt is incomplete, print it again.
            self._retry_or_give_up(store, job, f"printer {after.state} after the job: {after.detail}")
            self._publish(printer=after.state, detail=after.detail, paper_near_end=after.paper_near_end)
            return False
        note = "" if after.state == devices.OK else f"not confirmed: {after.detail}"
        print_jobs.mark_done(store, job["id"], note)
        self._first_failure.pop(job["id"], None)
        with self._lock:
            printed = self._state["printed"] + 1
        self._publish(printer=after.state, detail=after.detail or "", paper_near_end=after.paper_near_end,
                      job_id=None, printed=printed, pending=print_jobs.pending_count(store),
                      last_unconfirmed=job["id"] if note else None)
        return True
