"""The device thread that empties the print queue.

It owns its own Store on the kiosk file (SQLite connections belong to their thread; WAL lets the
UI's worker and this thread share the file), so a slow or dead printer never touches the thread
that records sales. Nothing here raises into the caller: every failure becomes a state
(on_state callback) and a job status (pos/print_jobs.py says what each one means).

What the printer confirms decides, never what the sender hopes:
- Before a job, a printer that can answer is asked (DLE EOT). Paper out, cover open, an error,
  an unreachable printer, or silence from a printer that has answered before: not one byte is
  sent, the job stays pending and is tried again with backoff (it prints once the printer is
  back; after give_up_after_s it is 'failed' and listed for the clerk).
- Sending never hangs: a printer that takes no byte for write_timeout_s has stalled. The
  connection is then reset (what it has not taken is thrown away, so the receipt cannot come out
  minutes later) and the job is 'unconfirmed'. Later jobs wait until the printer answers again
  (a printer that has never answered gets one more try after stall_hold_s).
- After the whole job the printer is asked again: OK -> 'printed'. Silence, a hang-up, a reset
  or paper out at that point -> 'unconfirmed': it may have printed, so it is never resent
  without the clerk (ui/print_problems.py). A device file that cannot answer -> 'sent'.

The drawer (printers/drawer.py) never queues behind jobs: while this thread has the printer
open (device_lock held) a kick can be slipped into the job at the next command boundary
(slip_in), so it goes out as soon as the printer takes bytes, or not at all."""
from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from pos import print_jobs
from pos.store import Store

from . import devices, escpos_job, labels, receipt, return_note
from .devices import PrinterError, SendStopped

StateCallback = Callable[[dict], None]
NOT_READY = (devices.PAPER_OUT, devices.COVER_OPEN, devices.ERROR, devices.OFFLINE)


class _RenderError(Exception):
    pass


class KickSlot:
    """A drawer kick waiting for a break in the job this thread is sending."""

    def __init__(self, data: bytes, deadline: float):
        self.data = data
        self.deadline = deadline
        self.done = threading.Event()
        self.sent = False
        self.released = False  # the queue let go of the printer without sending it
        self.detail = ""

    def finish(self, sent: bool, detail: str = "", released: bool = False) -> None:
        self.sent, self.detail, self.released = sent, detail, released
        self.done.set()


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
        write_timeout_s: float = 10.0,
        stall_hold_s: float = 60.0,
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
        self.write_timeout_s = write_timeout_s
        self.stall_hold_s = stall_hold_s
        self.device_lock = threading.Lock()  # held while this thread has the printer open
        self.answers_status = False  # the printer has answered DLE EOT at least once (so silence means trouble)
        self._stalled_at: float | None = None  # the last job stalled here; later jobs wait for a sign of life
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._holding = False
        self._slot: KickSlot | None = None
        self._state = {"printer": devices.UNKNOWN, "detail": "", "last_error": "", "pending": 0,
                       "job_id": None, "paper_near_end": False, "printed": 0, "attention": 0,
                       "last_unconfirmed": None, "held": False}
        self._failures = 0
        self._first_failure: dict[str, float] = {}

    # -- called from any thread --------------------------------------------------------
    @property
    def state(self) -> dict:
        with self._lock:
            return dict(self._state)

    def wake(self) -> None:
        """A job was queued: look now instead of at the next poll."""
        self._wake.set()

    def settings(self) -> dict:
        return self._printer() if callable(self._printer) else dict(self._printer)

    def slip_in(self, data: bytes, deadline: float) -> KickSlot | None:
        """Send `data` (a drawer kick) on the connection this thread has open, at the job's next
        command boundary, if that comes before `deadline`. None when the printer is not open here."""
        with self._lock:
            if not self._holding:
                return None
            if self._slot is not None:
                self._slot.finish(False, "replaced by a newer kick")
            self._slot = KickSlot(data, deadline)
            return self._slot

    @property
    def kick_waiting(self) -> bool:
        """A drawer kick is waiting for a break in the job being sent."""
        with self._lock:
            return self._slot is not None

    def withdraw(self, slot: KickSlot) -> None:
        with self._lock:
            if self._slot is slot:
                self._slot = None
                slot.finish(False, "the printer did not take it in time")

    def stop(self, timeout: float | None = 10.0) -> None:
        self._halt.set()
        self._wake.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    # -- the thread ----------------------------------------------------------------------
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

    def _counts(self, store: Store) -> dict:
        return {"pending": print_jobs.pending_count(store), "attention": print_jobs.attention_count(store)}

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
                    job = print_jobs.next_pending(store)
                    self._publish(**self._counts(store))
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
                        try:  # never leave the job stranded in 'printing': it may have printed
                            if (print_jobs.get(store, job["id"]) or {}).get("status") == "printing":
                                print_jobs.mark_unconfirmed(store, job["id"], "interrupted",
                                                            f"print queue error: {exc}")
                        except Exception:
                            pass
                    self._sleep(self.backoff_s[1])
        finally:
            store.close()

    def _heard(self, st: devices.PrinterStatus) -> None:
        if st.answered:
            self.answers_status = True
        if st.state == devices.OK:
            self._stalled_at = None

    def _probe(self) -> None:
        settings = self.settings()
        if settings.get("kind", "none") == "none":
            self._publish(printer=devices.OFFLINE, detail="no printer configured")
            return
        with self.device_lock:
            st = devices.probe(settings, self.status_timeout_s)
        self._heard(st)
        extra = {"held": False} if st.state == devices.OK else {}
        self._publish(printer=st.state, detail=st.detail, paper_near_end=st.paper_near_end, **extra)

    def _render(self, job: dict) -> bytes:
        doc = job["payload"]
        settings = self.settings()
        try:
            if job["kind"] == "drawer":
                return escpos_job.drawer_job()
            if job["kind"] == "label":
                return labels.escpos_labels(doc, width=int(settings.get("label_width_px", self.width)))
            width = int(settings.get("width_px", self.width))
            if job["kind"] in ("return_note", "transfer_note"):
                return escpos_job.raster_job(return_note.render(doc, width), profile=settings.get("profile") or None)
            if settings.get("text_mode") and doc.get("kind") in ("sale", "refund", "void"):
                return escpos_job.text_job(doc, profile=settings.get("profile") or "TM-T20II",
                                           columns=48 if width >= 512 else 32)
            return escpos_job.raster_job(receipt.render(doc, width), profile=settings.get("profile") or None)
        except Exception as exc:
            raise _RenderError(f"cannot render {job['kind']} job: {exc}") from exc

    def _too_old(self, job: dict) -> bool:
        """Failing for longer than give_up_after_s (counted from this thread's first failure, so a
        wrong wall clock cannot make a fresh receipt look hours old)."""
        first = self._first_failure.setdefault(job["id"], time.monotonic())
        return time.monotonic() - first >= self.give_up_after_s

    def _not_sent(self, store: Store, job: dict, error: str, **state) -> bool:
        """Not one byte of the job went out: try again later, or give up (listed for the clerk)."""
        if self._too_old(job):
            print_jobs.mark_failed(store, job["id"], "gave_up", f"gave up: {error}")
            self._first_failure.pop(job["id"], None)
            self._publish(last_error=f"gave up printing {job['kind']} {job['ref_id']}: {error}", job_id=None,
                          **self._counts(store), **state)
            return True
        print_jobs.retry_later(store, job["id"], error)
        self._publish(last_error=error, **state)
        return False

    def _finished(self, store: Store, job: dict, status: str, outcome: str = "", note: str = "", **state) -> bool:
        if status == "printed":
            print_jobs.mark_printed(store, job["id"], note)
        elif status == "sent":
            print_jobs.mark_sent(store, job["id"], note)
        else:
            print_jobs.mark_unconfirmed(store, job["id"], outcome, note)
        self._first_failure.pop(job["id"], None)
        with self._lock:
            printed = self._state["printed"] + (status == "printed")
        extra = {"last_unconfirmed": job["id"], "last_error": note} if status == "unconfirmed" else {}
        self._publish(job_id=None, printed=printed, **self._counts(store), **extra, **state)
        return True

    def _process(self, store: Store, job: dict) -> bool:
        """One attempt at one job. True when the job left the head of the queue."""
        self._publish(job_id=job["id"])
        try:
            data = self._render(job)
        except _RenderError as exc:
            print_jobs.mark_failed(store, job["id"], "render", str(exc))
            self._publish(last_error=str(exc), job_id=None, **self._counts(store))
            return True
        settings = self.settings()
        with self.device_lock:
            with self._lock:
                self._holding = True
            try:
                return self._attempt(store, job, data, settings)
            finally:
                with self._lock:
                    self._holding = False
                    slot, self._slot = self._slot, None
                if slot is not None:
                    slot.finish(False, "the print job ended first", released=True)

    def _held(self) -> str:
        """Why the next job must not be sent yet, or ''."""
        if self._stalled_at is not None and time.monotonic() - self._stalled_at < self.stall_hold_s:
            return "held: the printer stopped taking data during the last job"
        return ""

    def _attempt(self, store: Store, job: dict, data: bytes, settings: dict) -> bool:
        try:
            p = devices.open_printer(settings, timeout=self.connect_timeout_s)
        except PrinterError as exc:
            return self._not_sent(store, job, str(exc), printer=exc.state, detail=str(exc))
        clean = False
        try:
            readable = devices.can_read(p)
            refused = self._refused_before(store, job, p, readable)
            if refused is not None:
                return refused
            self._publish(held=False)
            print_jobs.mark_printing(store, job["id"])
            try:
                devices.send(p, data, self.write_timeout_s, escpos_job.break_offsets(data), self._take_slot)
                devices.wait_taken(p, len(data), self.write_timeout_s)
            except SendStopped as exc:
                if not exc.sent_any:  # refused before the first byte: nothing can have printed
                    print_jobs.retry_later(store, job["id"], str(exc))
                    self._publish(last_error=str(exc), printer=exc.state, detail=str(exc))
                    return False
                if exc.reason == "stalled":
                    self._stalled_at = time.monotonic()
                outcome = "stalled" if exc.reason == "stalled" else "cut_off"
                return self._finished(store, job, "unconfirmed", outcome, str(exc), printer=exc.state, detail=str(exc))
            if not readable:
                clean = True
                return self._finished(store, job, "sent", note="the device cannot report status")
            clean, args, kwargs = self._confirmed_after(p)
            return self._finished(store, job, *args, **kwargs)
        finally:
            if clean:
                devices.close_quietly(p)
            else:
                devices.abort(p)

    def _refused_before(self, store: Store, job: dict, p, readable: bool) -> bool | None:
        """_attempt's check before the first byte: the job's result when the printer must not be sent
        to now (not ready, not answering, or held), None when it may."""
        if readable:
            try:
                before = devices.query_status(p, self.status_timeout_s)
            except PrinterError as exc:
                return self._not_sent(store, job, f"printer status: {exc}", printer=exc.state, detail=str(exc))
            self._heard(before)
            if before.state in NOT_READY:
                return self._not_sent(store, job, f"printer {before.state}: {before.detail}", printer=before.state,
                                      detail=before.detail, paper_near_end=before.paper_near_end)
            if not before.answered and (self.answers_status or self._held()):
                why = self._held() or "printer stopped answering"
                return self._not_sent(store, job, why, printer=devices.OFFLINE, detail=why, held=True)
        elif self._held():
            return self._not_sent(store, job, self._held(), printer=devices.OFFLINE, detail=self._held(), held=True)
        return None

    def _confirmed_after(self, p) -> tuple[bool, tuple, dict]:
        """_attempt's status read after the whole job: (whether the connection may be closed rather
        than aborted, and the arguments of _finished after the store and job)."""
        try:
            after = devices.query_status(p, self.status_timeout_s)
        except devices.ConnectionClosed as exc:
            return False, ("unconfirmed", "hung_up", f"printer hung up after the whole job instead of answering: {exc}"), \
                dict(printer=devices.UNKNOWN, detail=str(exc))
        except PrinterError as exc:
            return False, ("unconfirmed", "no_answer", f"status after the job: {exc}"), \
                dict(printer=exc.state, detail=str(exc))
        self._heard(after)
        common = dict(printer=after.state, detail=after.detail, paper_near_end=after.paper_near_end)
        if after.state == devices.OK:
            return True, ("printed",), common
        if after.state in NOT_READY:
            return False, ("unconfirmed", "printer_stopped", f"printer {after.state} after the job: {after.detail}"), common
        # it took every byte; only the answer is missing
        return True, ("unconfirmed", "no_answer", f"not confirmed: {after.detail}"), common

    def _take_slot(self, p) -> None:
        """At a command boundary of the job being sent: a waiting drawer kick goes out now."""
        with self._lock:
            slot, self._slot = self._slot, None
        if slot is None:
            return
        if time.monotonic() > slot.deadline:
            slot.finish(False, "too late: the printer took too long to reach a break in the job")
            return
        try:
            devices.send(p, slot.data, self.write_timeout_s)
        except SendStopped as exc:
            slot.finish(False, str(exc))
            raise
        slot.finish(True, "sent between parts of a print job")
