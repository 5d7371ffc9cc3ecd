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


def _events(buf: bytearray) -> list[tuple]:
    try:
        return parse(bytes(buf)).events
    except (AssertionError, IndexError, ValueError):
        return []  # the tail is inside raster data or a command still arriving


class TcpPrinter:
    """A port-9100 printer on 127.0.0.1. By default one connection at a time, like most printers
    (a second connection waits in the listen backlog, unread); multi=True serves each connection
    on its own thread, like printers that accept several.

    mode (may be changed while running):
      "ok"          answers status, reads everything;
      "silent"      reads everything, never answers;
      "cut"         resets the connection after `cut_after` bytes;
      "paper_out" / "cover_open"  answers that status;
      "stuck"       accepts connections and never reads them (bytes pile up in the socket
                    buffers, status is never answered); switching back to "ok" drops them;
      "hangup"      answers status before a job, reads the whole job (up to its cut), then
                    closes the connection instead of answering.
    pause_after: stop reading a connection once it has carried that many bytes of a job, until
    `resume` is set (a printer that stops taking data mid-job). rcvbuf: the accepted sockets'
    receive buffer, so a printer that stops reading fills up quickly."""

    def __init__(self, port: int | None = None, mode: str = "ok", cut_after: int = 1000, multi: bool = False,
                 pause_after: int | None = None, rcvbuf: int | None = None):
        self.port = port or free_port()
        self.mode = mode
        self.cut_after = cut_after
        self.multi = multi
        self.pause_after = pause_after
        self.resume = threading.Event()
        self.connections: list[bytearray] = []
        self.parked: list[socket.socket] = []
        self.status_queries = 0
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf:
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen(4)
        self._halt = threading.Event()
        self.got_job = threading.Event()
        self._threads: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def settings(self) -> dict:
        return {"kind": "network", "host": "127.0.0.1", "port": self.port}

    def stop(self) -> None:
        self._halt.set()
        self.resume.set()
        try:
            self._sock.close()
        except OSError:
            pass
        self._thread.join(5)
        for t in self._threads:
            t.join(5)
        self._drop_parked()

    def _drop_parked(self) -> None:
        for c in self.parked:
            try:
                c.close()
            except OSError:
                pass
        self.parked = []

    def jobs(self) -> list[bytes]:
        """Bytes of each connection that carried more than status questions."""
        return [bytes(c) for c in self.connections if is_job(bytes(c))]

    def _answer(self, n: int) -> bytes | None:
        if self.mode in ("silent", "stuck"):
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
            if self.mode != "stuck" and self.parked:
                self._drop_parked()  # the printer came back: what it never read is gone
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            if self.mode == "stuck":
                self.parked.append(conn)
                continue
            if self.multi:
                t = threading.Thread(target=self._handle, args=(conn,), daemon=True)
                self._threads.append(t)
                t.start()
            else:
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        buf = bytearray()
        self.connections.append(buf)
        conn.settimeout(0.2)
        try:
            while not self._halt.is_set():
                if self.pause_after is not None and len(buf) >= self.pause_after and is_job(bytes(buf)):
                    if not self.resume.wait(0.2):
                        continue
                try:
                    chunk = conn.recv(512 if self.pause_after is not None else 65536)
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
                if self.mode == "hangup" and b"\x1dV" in buf[-16:] and any(e[0] == "cut" for e in _events(buf)):
                    break  # the whole job arrived: hang up instead of answering
                if len(buf) >= 3 and buf[-3] == 0x10 and buf[-2] == 0x04:
                    last = (_events(buf) or [None])[-1]
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
