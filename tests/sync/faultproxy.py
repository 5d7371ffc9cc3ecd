"""A TCP proxy on loopback that injects HTTP faults AFTER the server has done its work: drops
the reply, replaces it with a 500, or holds it past the client's timeout. One request per
connection (it forces `Connection: close`), so each planned action hits exactly one request."""
from __future__ import annotations

import socket
import threading
import time


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    lines = head.split(b"\r\n")
    kept = [lines[0]]
    for line in lines[1:]:
        name = line.split(b":", 1)[0].strip().lower()
        if name == b"content-length":
            length = int(line.split(b":", 1)[1])
        if name in (b"connection", b"keep-alive"):
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


class FaultProxy:
    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.plan: list[str] = []      # actions for the next requests: pass | drop | 500 | delay | refuse
        self.delay = 4.0
        self.forwarded = 0
        self.log: list[str] = []
        self.on_forward = None         # callback(n) after a request reached the server
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed = True
        self.sock.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            request = _read_request(conn)
            if request is None:
                return
            with self._lock:
                action = self.plan.pop(0) if self.plan else "pass"
                self.log.append(action)
            if action == "refuse":
                return
            try:
                up = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60)
            except OSError:
                return  # server down: the client sees a closed connection
            with up:
                up.sendall(request)
                with self._lock:
                    self.forwarded += 1
                    n = self.forwarded
                if self.on_forward:
                    self.on_forward(n)
                reply = b""
                try:
                    while True:
                        chunk = up.recv(65536)
                        if not chunk:
                            break
                        reply += chunk
                except OSError:
                    pass
            if action == "drop":
                conn.shutdown(socket.SHUT_RDWR)
                return
            if action == "500":
                conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n"
                             b"Content-Type: application/json\r\nConnection: close\r\n\r\n{}")
                return
            if action == "delay":
                time.sleep(self.delay)
            try:
                conn.sendall(reply)
            except OSError:
                pass
