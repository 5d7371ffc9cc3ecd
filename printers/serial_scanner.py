"""Serial (CDC / RS-232) barcode scanner: one code per CR- or LF-terminated burst.

A thread reads the port and calls `on_code(code)` for each code (from this thread: the UI wraps
it in a Qt signal). When the scanner is unplugged the port vanishes or reads fail; the thread
closes it, reports "disconnected", and reopens the same path with backoff until it is back.

What a frame is, and what is noise (a scanner being plugged in, a wrong baud rate or a long cable
sends garbage, and the good code right after it must not be swallowed):
- A frame ends at CR or LF; any run of them (CR LF, LF CR, blank lines) is one end.
- A scanner sends a whole code in one burst. Bytes followed by `frame_gap_s` of silence with no
  terminator are noise (a partial code, a burst of garbage) and are dropped, so they cannot glue
  themselves to the front of the next code.
- Inside a frame, only printable ASCII and GS can belong to a code (a GS1 DataMatrix or QR code
  sends GS, 0x1d, for FNC1 between its fields; one in front or at the end means nothing and is
  dropped): NUL, other control bytes and bytes >= 0x80 separate runs, and the code is the last run that is not empty (garbage in front of the
  code, an STX/ETX wrapper, noise after it are all left out). A run longer than `max_line` is noise.
- Printable garbage arriving in the same burst as the code, with no gap and no separator byte,
  cannot be told from the code: the kiosk then reports an unknown code and the clerk scans again.
Set the scanner's suffix to CR or LF (most ship with CR); a scanner without a suffix sends nothing
that ends a frame."""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

import serial

_ENDS = re.compile(rb"[\r\n]+")
_PRINTABLE_RUNS = re.compile(rb"[\x1d\x20-\x7e]+")  # GS (0x1d) is FNC1 inside a GS1 2D code: kept
MAX_PENDING = 4096  # an endless unterminated stream keeps only its tail (where a code may start)


def code_in_frame(frame: bytes, max_line: int = 256) -> str | None:
    """The code in one terminated frame, or None when the frame is only noise."""
    runs = [r.strip(b" \t\x1d") for r in _PRINTABLE_RUNS.findall(frame)]
    runs = [r for r in runs if r]
    if not runs or len(runs[-1]) > max_line:
        return None
    return runs[-1].decode("ascii")


class SerialScanner(threading.Thread):
    def __init__(self, port: str, on_code: Callable[[str], None], baudrate: int = 9600,
                 on_state: Callable[[dict], None] | None = None, backoff_s: tuple[float, float] = (0.2, 5.0),
                 max_line: int = 256, frame_gap_s: float = 0.25):
        super().__init__(name="serial-scanner", daemon=True)
        self.port = port
        self.baudrate = baudrate
        self.on_code = on_code
        self.on_state = on_state
        self.backoff_s = backoff_s
        self.max_line = max_line
        self.frame_gap_s = frame_gap_s
        self.state = {"scanner": "unknown", "detail": "", "connects": 0, "noise": 0}
        self._halt = threading.Event()

    def stop(self, timeout: float = 5.0) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout)

    def _set_state(self, state: str, detail: str = "", connected: bool = False) -> None:
        connects = self.state["connects"] + (1 if connected else 0)
        self.state = {"scanner": state, "detail": detail, "connects": connects, "noise": self.state["noise"]}
        if self.on_state:
            try:
                self.on_state(dict(self.state))
            except Exception:
                pass

    def _noise(self) -> None:
        """Counted (tests and diagnostics read state["noise"]) but not announced: noise is no event."""
        self.state = {**self.state, "noise": self.state["noise"] + 1}

    def _frame(self, frame: bytes) -> None:
        if not frame:
            return
        code = code_in_frame(frame, self.max_line)
        if code is None:
            self._noise()
            return
        if len(code) != len(frame.strip(b" \t\x1d")):
            self._noise()  # something was cut away around the code
        try:
            self.on_code(code)
        except Exception:
            pass  # the kiosk's scan path reports its own errors; the reader keeps reading

    def feed(self, pending: bytes, chunk: bytes) -> bytes:
        """Add bytes read from the port; emit the finished frames; return what waits for its end."""
        *frames, rest = _ENDS.split(pending + chunk)
        for frame in frames:
            self._frame(frame)
        if len(rest) > MAX_PENDING:
            self._noise()
            rest = rest[-self.max_line :]
        return rest

    def run(self) -> None:
        delay = self.backoff_s[0]
        while not self._halt.is_set():
            try:
                port = serial.Serial(self.port, self.baudrate, timeout=min(0.1, self.frame_gap_s))
            except (serial.SerialException, OSError, ValueError) as exc:
                if self.state["scanner"] != "disconnected":
                    self._set_state("disconnected", str(exc))
                self._halt.wait(delay)
                delay = min(self.backoff_s[1], delay * 2)
                continue
            delay = self.backoff_s[0]
            self._set_state("ok", connected=True)
            pending, last_byte = b"", time.monotonic()
            try:
                while not self._halt.is_set():
                    chunk = port.read(max(1, port.in_waiting))
                    if chunk:
                        pending, last_byte = self.feed(pending, chunk), time.monotonic()
                    elif pending and time.monotonic() - last_byte >= self.frame_gap_s:
                        self._noise()  # a burst that never ended: noise, not the start of the next code
                        pending = b""
            except (serial.SerialException, OSError) as exc:
                self._set_state("disconnected", str(exc))
            finally:
                try:
                    port.close()
                except Exception:
                    pass
