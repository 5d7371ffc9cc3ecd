"""Stand-ins for hardware: a real TCP listener on 127.0.0.1 that behaves like a port-9100 ESC/POS
printer (records bytes, answers DLE EOT, can hang up mid-job or stay silent), and pty pairs for
serial devices."""
from __future__ import annotations

import os
import socket
import struct
import threading
import tty

from escpos_parse import parse

# DLE EOT answers: bits 1 and 4 always set
ST_OK = 0x12
ONLINE_OFFLINE = 0x12 | 0x08
CAUSE_COVER_OPEN = 0x12 | 0x04
PAPER_OUT = 0x12 | 0x60


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def is_job(data: bytes) -> bool:
    """More than status questions (a cut-off raster counts: it was meant to print)."""
    try:
        return any(name != "status" for name in parse(data).names())
    except (AssertionError, IndexError, ValueError):
        return True


class TcpPrinter:
    """One connection at a time, like a real printer.

    mode: "ok" answers status; "silent" never answers; "cut" resets the connection after
    `cut_after` bytes; "paper_out" / "cover_open" answer that status."""

    def __init__(self, port: int | None = None, mode: str = "ok", cut_after: int = 1000):
        self.port = port or free_port()
        self.mode = mode
        self.cut_after = cut_after
        self.connections: list[bytearray] = []
        self.status_queries = 0
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen(4)
        self._halt = threading.Event()
        self.got_job = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def settings(self) -> dict:
        return {"kind": "network", "host": "127.0.0.1", "port": self.port}

    def stop(self) -> None:
        self._halt.set()
        try:
            self._sock.close()
        except OSError:
            pass
        self._thread.join(5)

    def jobs(self) -> list[bytes]:
        """Bytes of each connection that carried more than status questions."""
        return [bytes(c) for c in self.connections if is_job(bytes(c))]

    def _answer(self, n: int) -> bytes | None:
        if self.mode == "silent":
            return None
        if n == 1:
            return bytes((ST_OK,))
        if n == 2:
            return bytes((CAUSE_COVER_OPEN if self.mode == "cover_open" else ST_OK,))
        if n == 4:
            return bytes((PAPER_OUT if self.mode == "paper_out" else ST_OK,))
        return bytes((ST_OK,))

    def _serve(self) -> None:
        self._sock.settimeout(0.2)
        while not self._halt.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            buf = bytearray()
            self.connections.append(buf)
            conn.settimeout(0.2)
            try:
                while not self._halt.is_set():
                    try:
                        chunk = conn.recv(65536)
                    except socket.timeout:
                        continue
                    if not chunk:
                        break
                    buf += chunk
                    if self.mode == "cut" and len(buf) >= self.cut_after:
                        del buf[self.cut_after :]
                        # RST, as a printer that drops the connection does
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        break
                    if len(buf) >= 3 and buf[-3] == 0x10 and buf[-2] == 0x04:
                        try:
                            last = parse(bytes(buf)).events[-1]
                        except (AssertionError, IndexError, ValueError):
                            last = None  # the tail was inside raster data, not a question
                        if last and last[0] == "status":
                            self.status_queries += 1
                            answer = self._answer(last[1])
                            if answer:
                                conn.sendall(answer)
                if is_job(bytes(buf)):
                    self.got_job.set()
            except OSError:
                pass
            finally:
                conn.close()


class Pty:
    """A pseudo-terminal pair: `path` is the device a driver opens, `master` is the far end."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        tty.setraw(self.master)
        self.path = os.ttyname(self.slave)

    def read_until(self, predicate, timeout: float = 10.0) -> bytes:
        import select
        import time

        data = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.master], [], [], 0.1)
            if r:
                try:
                    data += os.read(self.master, 65536)
                except OSError:
                    break
                if predicate(data):
                    return data
        return data

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass
