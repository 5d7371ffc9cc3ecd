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
is a cut-off job, not a printed receipt."""
from __future__ import annotations

import socket
import time
from dataclasses import dataclass

from escpos.printer import File, Network, Serial

DLE_EOT = b"\x10\x04"
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
    return p


def close_quietly(p) -> None:
    try:
        p.close()
    except Exception:
        pass


def can_read(p) -> bool:
    """Whether this connection can carry the printer's answers (a plain device file cannot)."""
    return isinstance(p, (Network, Serial)) or type(p).__name__ == "Usb"


def send(p, data: bytes, chunk: int = 4096) -> None:
    """Write the job; a connection error becomes PrinterError (the job stays queued)."""
    try:
        for i in range(0, len(data), chunk):
            p._raw(data[i : i + chunk])
        if isinstance(p, File):
            p.flush()
    except (ConnectionResetError, BrokenPipeError) as exc:
        raise ConnectionClosed(f"printer closed the connection mid-job: {exc}", OFFLINE) from exc
    except Exception as exc:
        raise PrinterError(f"sending to the printer failed: {exc}", OFFLINE) from exc


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
        return PrinterStatus(PAPER_OUT, near_end, "paper roll empty")
    if cause is not None and cause & 0x04:
        return PrinterStatus(COVER_OPEN, near_end, "cover open")
    if cause is not None and cause & 0x20:
        return PrinterStatus(PAPER_OUT, near_end, "stopped: paper end")
    if cause is not None and cause & 0x40:
        return PrinterStatus(ERROR, near_end, "printer error (cutter jam or overheat)")
    if online & 0x08:
        return PrinterStatus(OFFLINE, near_end, "printer offline")
    if cause is None or paper is None:
        return PrinterStatus(UNKNOWN, near_end, "printer answered only in part")
    return PrinterStatus(OK, near_end, "paper near end" if near_end else "")


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
