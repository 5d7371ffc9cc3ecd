"""Printer connections from settings, byte sending, and real-time status (DLE EOT).

Settings shapes (the `printer` setting):
  {"kind": "network", "host": "192.168.1.50", "port": 9100}
  {"kind": "serial", "port": "/dev/ttyUSB0", "baudrate": 9600}
  {"kind": "usb", "vendor_id": 0x04b8, "product_id": 0x0202}
  {"kind": "file", "path": "/dev/usb/lp0"}
  optional everywhere: "profile" (python-escpos profile name: paper width, cut, code pages),
  "width_px" (384/512/576), "text_mode" (CP1258 text instead of raster, see escpos_job),
  "label_width_px" (label jobs), "dsrdtr" (serial hardware flow control).

Status: python-escpos's paper_status() answers "adequate" when the printer says nothing. Here a
silent printer is "unknown", never "ok", and a connection closed by the printer right after a job
is a cut-off job, not a printed receipt.

Sending (send, wait_taken): python-escpos's drivers block for as long as the printer does not
read. Here a printer that takes no byte for the write timeout has stalled (SendStopped), and the
result says whether any byte of the job may have left (only then can it have printed). The TCP
send buffer is kept small and, on Linux, the bytes the printer has not acknowledged are watched,
so "sent" stays close to "taken by the printer". abort() resets instead of closing gracefully,
so a stalled job's leftovers are thrown away rather than printed whenever the printer wakes up."""
from __future__ import annotations

import os
import select
import socket
import struct
import time
from dataclasses import dataclass

import serial
from escpos.printer import File, Network, Serial

DLE_EOT = b"\x10\x04"
SEND_CHUNK = 16384
SERIAL_CHUNK = 256  # a timed-out serial write loses track of at most this much
SEND_BUFFER = 16384  # TCP send buffer: bytes "sent" stay close to bytes the printer has taken
OK, OFFLINE, PAPER_OUT, COVER_OPEN, ERROR, UNKNOWN = "ok", "offline", "paper_out", "cover_open", "error", "unknown"


class PrinterError(Exception):
    """A device problem the queue turns into a state and a retry; `state` is what the UI shows."""

    def __init__(self, message: str, state: str = OFFLINE):
        super().__init__(message)
        self.state = state


class ConnectionClosed(PrinterError):
    """The printer closed the connection: whatever was being sent may be cut off."""


@dataclass
class PrinterStatus:
    state: str  # ok | offline | paper_out | cover_open | error | unknown
    paper_near_end: bool = False
    detail: str = ""
    answered: bool = False  # the printer answered at least the first question (it is reading)

    @property
    def can_print(self) -> bool:
        return self.state in (OK, UNKNOWN)


def open_printer(settings: dict, timeout: float = 5.0):
    """An opened python-escpos printer for the settings; raises PrinterError when it is not there."""
    kind = (settings or {}).get("kind", "none")
    profile = settings.get("profile") or None
    try:
        if kind == "network":
            p = Network(settings["host"], int(settings.get("port", 9100)), timeout=timeout, profile=profile)
        elif kind == "serial":
            p = Serial(settings["port"], baudrate=int(settings.get("baudrate", 9600)), timeout=timeout,
                       dsrdtr=bool(settings.get("dsrdtr", False)), profile=profile)
        elif kind == "usb":
            from escpos.printer import Usb

            p = Usb(int(settings["vendor_id"]), int(settings["product_id"]), timeout=int(timeout * 1000),
                    profile=profile)
        elif kind == "file":
            p = File(settings["path"], profile=profile)
        else:
            raise PrinterError(f"no printer configured (kind {kind!r})", OFFLINE)
        p.open()
    except PrinterError:
        raise
    except KeyError as exc:
        raise PrinterError(f"printer setting {exc.args[0]!r} missing", ERROR) from exc
    except Exception as exc:  # DeviceNotFoundError, OSError, USBError ...
        raise PrinterError(f"printer not reachable: {exc}", OFFLINE) from exc
    if not p.device:
        raise PrinterError("printer not reachable", OFFLINE)
    if isinstance(p, Network):
        try:
            p.device.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        except OSError:
            pass
    elif isinstance(p, Serial):
        p.device.write_timeout = timeout  # a status question to a printer holding flow control must not hang
    return p


def close_quietly(p) -> None:
    try:
        p.close()
    except Exception:
        pass


def can_read(p) -> bool:
    """Whether this connection can carry the printer's answers (a plain device file cannot)."""
    return isinstance(p, (Network, Serial)) or type(p).__name__ == "Usb"


class SendStopped(PrinterError):
    """Sending stopped part-way. `sent` bytes were handed to the connection; `sent_any` says
    whether any byte of the job may have left (then it may print, in part). `taken` is how many
    the printer's end acknowledged, when the link can tell (TCP on Linux), else None.
    reason: "stalled" (no progress for the write timeout), "closed" (the printer hung up or
    reset the connection), "error" (any other failure)."""

    def __init__(self, message: str, reason: str, sent: int, total: int, sent_any: bool | None = None,
                 taken: int | None = None, state: str = OFFLINE):
        super().__init__(message, state)
        self.reason = reason
        self.sent = sent
        self.total = total
        self.sent_any = sent > 0 if sent_any is None else sent_any
        self.taken = taken


def unsent_bytes(p) -> int | None:
    """Bytes written but not yet taken by the printer's end (TCP: not acknowledged; serial: still
    in the port's output buffer). None when the link cannot tell."""
    try:
        if isinstance(p, Network):
            import fcntl
            import termios

            ioctl = getattr(termios, "TIOCOUTQ", None)  # == SIOCOUTQ on Linux
            if ioctl is None:
                return None
            return struct.unpack("i", fcntl.ioctl(p.device.fileno(), ioctl, struct.pack("i", 0)))[0]
        if isinstance(p, Serial):
            return int(p.device.out_waiting)
    except (OSError, AttributeError, ValueError):
        return None
    return None


def _write_some(p, view: memoryview, timeout: float) -> int:
    """Write part of `view`; returns how many bytes were taken. Raises socket.timeout-like
    TimeoutError when the device took nothing for `timeout` seconds."""
    if isinstance(p, Network):
        sock: socket.socket = p.device
        sock.settimeout(timeout)
        try:
            return sock.send(view[:SEND_CHUNK])
        except socket.timeout as exc:
            raise TimeoutError(str(exc) or "timed out") from exc
    if isinstance(p, Serial):
        p.device.write_timeout = timeout
        try:
            n = p.device.write(view[:SERIAL_CHUNK])
        except serial.SerialTimeoutException as exc:
            raise TimeoutError(str(exc)) from exc
        return len(view[:SERIAL_CHUNK]) if n is None else int(n)
    if isinstance(p, File):
        p.device.flush()
        fd = p.device.fileno()
        if os.get_blocking(fd):
            os.set_blocking(fd, False)  # a device file that stops taking data must not hang the thread
        _, writable, _ = select.select([], [fd], [], timeout)
        if not writable:
            raise TimeoutError("device file not writable")
        try:
            return os.write(fd, view[:SEND_CHUNK])
        except BlockingIOError:
            return 0
    chunk = bytes(view[:SEND_CHUNK])  # USB and anything else: the driver's own write (with its timeout)
    p._raw(chunk)
    return len(chunk)


def send(p, data: bytes, timeout: float = 10.0, breaks=(), at_break=None) -> int:
    """Write the job, never hanging: `timeout` is how long the printer may take no byte at all
    before the send counts as stalled (a printer taking data at print speed is not stalled).

    `breaks` are offsets between commands (see escpos_job.break_offsets) where `at_break(p)` is
    called (the queue slips a drawer kick in there). Raises SendStopped, whose `sent_any` tells
    whether the job may have printed in part."""
    view = memoryview(data)
    total = len(data)
    points = sorted({b for b in breaks if 0 <= b <= total})
    sent = 0
    try:
        while True:
            while points and points[0] <= sent:
                points.pop(0)
                if at_break is not None:
                    try:
                        at_break(p)
                    except SendStopped as exc:  # the link broke while something was slipped in
                        raise SendStopped(f"{exc} (after {sent} of {total} bytes of the job)", exc.reason, sent,
                                          total, sent_any=sent > 0) from exc
            if sent >= total:
                return sent
            end = points[0] if points else total
            deadline = time.monotonic() + timeout
            while sent < end:
                n = _write_some(p, view[sent:end], max(0.01, deadline - time.monotonic()))
                if n:
                    sent += n
                    deadline = time.monotonic() + timeout
                elif time.monotonic() >= deadline:
                    raise TimeoutError("no progress")
    except TimeoutError as exc:
        serial_link = isinstance(p, Serial)  # a timed-out serial write may have sent part of its chunk
        raise SendStopped(f"printer stopped taking data after {sent} of {total} bytes ({exc})", "stalled",
                          sent, total, sent_any=sent > 0 or serial_link, taken=_taken(p, sent)) from exc
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError) as exc:
        raise SendStopped(f"printer closed the connection after {sent} of {total} bytes: {exc}", "closed",
                          sent, total) from exc
    except SendStopped:
        raise
    except Exception as exc:
        timeout_like = "timeout" in type(exc).__name__.lower()  # pyusb's USBTimeoutError: may be part-sent
        raise SendStopped(f"sending to the printer failed after {sent} of {total} bytes: {exc}", "error",
                          sent, total, sent_any=sent > 0 or timeout_like) from exc


def _taken(p, sent: int) -> int | None:
    unsent = unsent_bytes(p)
    return None if unsent is None else max(0, sent - unsent)


def wait_taken(p, total: int, timeout: float = 10.0) -> None:
    """After the last write: wait until the printer's end has taken every byte (TCP
    acknowledged, serial buffer empty), allowing `timeout` without progress. Links that cannot
    tell return at once. Raises SendStopped("stalled") with how much was taken."""
    last = unsent_bytes(p)
    if last is None:
        return
    deadline = time.monotonic() + timeout
    while last > 0:
        if time.monotonic() >= deadline:
            taken = max(0, total - last)
            raise SendStopped(f"printer stopped taking data: took {taken} of {total} bytes", "stalled",
                              total, total, taken=taken)
        time.sleep(0.02)
        now = unsent_bytes(p)
        if now is None:
            return
        if now < last:
            deadline = time.monotonic() + timeout
        last = now


def abort(p) -> None:
    """Close and throw away whatever the printer has not taken yet, so a stuck job cannot come
    out minutes later (TCP: reset instead of a graceful close; serial: output buffer flushed)."""
    try:
        if isinstance(p, Network) and p.device:
            p.device.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            p.device.close()
            p._device = False
            return
        if isinstance(p, Serial) and p.device:
            p.device.reset_output_buffer()
            p.device.close()
            p._device = False
            return
    except Exception:
        pass
    close_quietly(p)


def _read_byte(p, timeout: float) -> bytes:
    """One answer byte, b'' after `timeout` of silence; ConnectionClosed if the printer hung up."""
    if isinstance(p, Network):
        sock: socket.socket = p.device
        previous = sock.gettimeout()  # the job's send timeout: a short status wait must not shorten it
        sock.settimeout(timeout)
        try:
            data = sock.recv(1)
        except socket.timeout:
            return b""
        except (ConnectionResetError, BrokenPipeError) as exc:
            raise ConnectionClosed(f"printer reset the connection: {exc}") from exc
        except OSError as exc:
            raise PrinterError(f"reading printer status failed: {exc}") from exc
        finally:
            try:
                sock.settimeout(previous)
            except OSError:
                pass
        if data == b"":
            raise ConnectionClosed("printer closed the connection")
        return data
    if isinstance(p, Serial):
        previous = p.device.timeout
        p.device.timeout = timeout
        try:
            return p.device.read(1)
        except Exception as exc:
            raise PrinterError(f"reading printer status failed: {exc}") from exc
        finally:
            p.device.timeout = previous
    if type(p).__name__ == "Usb":
        try:
            return bytes(p.device.read(p.in_ep, 16, int(timeout * 1000)))[:1]
        except Exception:
            return b""
    return b""


def _drain(p) -> None:
    """Drop stale bytes (a late answer to an earlier query) so answers pair with questions."""
    if isinstance(p, Network):
        previous = p.device.gettimeout()
        p.device.setblocking(False)
        try:
            while p.device.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as exc:
            raise ConnectionClosed(f"printer connection lost: {exc}") from exc
        finally:
            try:
                p.device.settimeout(previous)
            except OSError:
                pass
    elif isinstance(p, Serial):
        try:
            p.device.reset_input_buffer()
        except Exception:
            pass


def _valid(b: int) -> bool:
    # Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear.
    return b & 0x93 == 0x12


def _ask(p, n: int, timeout: float) -> int | None:
    try:
        p._raw(DLE_EOT + bytes((n,)))
    except (ConnectionResetError, BrokenPipeError) as exc:
        raise ConnectionClosed(f"printer closed the connection: {exc}") from exc
    except OSError as exc:
        raise PrinterError(f"printer connection lost: {exc}") from exc
    data = _read_byte(p, timeout)
    if not data or not _valid(data[0]):
        return None
    return data[0]


def query_status(p, timeout: float = 1.0) -> PrinterStatus:
    """Ask DLE EOT 1 (online), 2 (offline cause), 4 (paper). Silence or garbage is 'unknown'.

    Raises ConnectionClosed when the printer hangs up instead of answering."""
    if not can_read(p):
        return PrinterStatus(UNKNOWN, detail="connection cannot read the printer's answers")
    _drain(p)
    online = _ask(p, 1, timeout)
    if online is None:
        return PrinterStatus(UNKNOWN, detail="printer did not answer the status request")
    cause = _ask(p, 2, timeout)
    paper = _ask(p, 4, timeout)
    near_end = bool(paper is not None and paper & 0x0C)
    if paper is not None and paper & 0x60:
        return PrinterStatus(PAPER_OUT, near_end, "paper roll empty", True)
    if cause is not None and cause & 0x04:
        return PrinterStatus(COVER_OPEN, near_end, "cover open", True)
    if cause is not None and cause & 0x20:
        return PrinterStatus(PAPER_OUT, near_end, "stopped: paper end", True)
    if cause is not None and cause & 0x40:
        return PrinterStatus(ERROR, near_end, "printer error (cutter jam or overheat)", True)
    if online & 0x08:
        return PrinterStatus(OFFLINE, near_end, "printer offline", True)
    if cause is None or paper is None:
        return PrinterStatus(UNKNOWN, near_end, "printer answered only in part", True)
    return PrinterStatus(OK, near_end, "paper near end" if near_end else "", True)


def probe(settings: dict, timeout: float = 1.0) -> PrinterStatus:
    """Open, ask, close: the printer's state while no job is waiting."""
    try:
        p = open_printer(settings, timeout=max(timeout, 1.0))
    except PrinterError as exc:
        return PrinterStatus(exc.state, detail=str(exc))
    try:
        return query_status(p, timeout)
    except PrinterError as exc:
        return PrinterStatus(exc.state, detail=str(exc))
    finally:
        close_quietly(p)


def wait_drained(p, settle: float = 0.0) -> None:
    """Give a slow link a moment before asking for status (serial lines buffer in the driver)."""
    if isinstance(p, Serial):
        try:
            p.device.flush()
        except Exception:
            pass
    if settle:
        time.sleep(settle)
