"""Serial (CDC / RS-232) barcode scanner: one code per CR or LF terminated line.

A thread reads the port and calls `on_code(code)` for each code (from this thread: the UI wraps
it in a Qt signal). When the scanner is unplugged the port vanishes or reads fail; the thread
closes it, reports "disconnected", and reopens the same path with backoff until it is back."""
from __future__ import annotations

import threading
from collections.abc import Callable

import serial


class SerialScanner(threading.Thread):
    def __init__(self, port: str, on_code: Callable[[str], None], baudrate: int = 9600,
                 on_state: Callable[[dict], None] | None = None, backoff_s: tuple[float, float] = (0.2, 5.0),
                 max_line: int = 256):
        super().__init__(name="serial-scanner", daemon=True)
        self.port = port
        self.baudrate = baudrate
        self.on_code = on_code
        self.on_state = on_state
        self.backoff_s = backoff_s
        self.max_line = max_line
        self.state = {"scanner": "unknown", "detail": "", "connects": 0}
        self._halt = threading.Event()

    def stop(self, timeout: float = 5.0) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout)

    def _set_state(self, state: str, detail: str = "", connected: bool = False) -> None:
        connects = self.state["connects"] + (1 if connected else 0)
        self.state = {"scanner": state, "detail": detail, "connects": connects}
        if self.on_state:
            try:
                self.on_state(dict(self.state))
            except Exception:
                pass

    def _emit(self, raw: bytes) -> None:
        code = raw.decode("ascii", "replace").strip()
        if not code:
            return
        try:
            self.on_code(code)
        except Exception:
            pass  # the kiosk's scan path reports its own errors; the reader keeps reading

    def run(self) -> None:
        delay = self.backoff_s[0]
        while not self._halt.is_set():
            try:
                port = serial.Serial(self.port, self.baudrate, timeout=0.2)
            except (serial.SerialException, OSError, ValueError) as exc:
                if self.state["scanner"] != "disconnected":
                    self._set_state("disconnected", str(exc))
                self._halt.wait(delay)
                delay = min(self.backoff_s[1], delay * 2)
                continue
            delay = self.backoff_s[0]
            self._set_state("ok", connected=True)
            buf = b""
            try:
                while not self._halt.is_set():
                    chunk = port.read(64)
                    if not chunk:
                        continue
                    buf += chunk
                    while True:
                        cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
                        if cut < 0:
                            break
                        self._emit(buf[:cut])
                        buf = buf[cut + 1 :]
                    if len(buf) > self.max_line:  # noise without terminators: drop it
                        buf = b""
            except (serial.SerialException, OSError) as exc:
                self._set_state("disconnected", str(exc))
            finally:
                try:
                    port.close()
                except Exception:
                    pass
