"""`main.py server` as systemd runs it (a subprocess, several workers, JSON logs on stderr):
/healthz and /readyz for the load balancer, and a request id in every log line of a request."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from rig import head_revision

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`main.py server` in its own process, its stderr (the JSON log) in a file."""

    def __init__(self, tmp: Path, database_url: str, *extra: str, env: dict | None = None):
        self.port = free_port()
        self.log_path = tmp / f"server-{self.port}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "server", "--port", str(self.port), "--log-level", "INFO",
             "--database-url", database_url, *extra],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self._log, env={**os.environ, **(env or {})})
        self.url = f"http://127.0.0.1:{self.port}"
        while True:  # not a timed assertion: wait until it answers or dies
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                requests.get(f"{self.url}/healthz", timeout=30)
                return
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or still starting
                time.sleep(0.1)

    def lines(self) -> list[dict]:
        return [json.loads(ln) for ln in self.log_path.read_text().splitlines() if ln.startswith("{")]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)
        self._log.close()


@pytest.fixture
def served(database_url, tmp_path):
    srv = ServerProcess(tmp_path, database_url, "--workers", "2")
    try:
        yield srv
    finally:
        srv.stop()


def test_probes_answer_and_the_old_health_route_still_works(served):
    assert requests.get(f"{served.url}/healthz", timeout=30).json() == {"status": "ok"}
    ready = requests.get(f"{served.url}/readyz", timeout=30)
    assert ready.status_code == 200 and ready.json()["status"] == "ok" and ready.json()["schema"] == head_revision()
    old = requests.get(f"{served.url}/api/v1/health", timeout=30)
    assert old.status_code == 200 and old.json()["status"] == "ok"
    paths = requests.get(f"{served.url}/api/v1/openapi.json", timeout=30).json()["paths"]
    assert "/healthz" in paths and "/readyz" in paths


def test_request_id_is_taken_echoed_and_in_every_line_of_the_request(served):
    given = requests.get(f"{served.url}/api/v1/health", headers={"X-Request-ID": "lb-7f3a.91:2"}, timeout=30)
    assert given.headers["X-Request-ID"] == "lb-7f3a.91:2"
    made = requests.get(f"{served.url}/healthz", headers={"X-Request-ID": 'bad id\t"{}'}, timeout=30)
    new_id = made.headers["X-Request-ID"]
    assert new_id != 'bad id\t"{}' and len(new_id) == 32
    refused = requests.post(f"{served.url}/api/v1/auth/login", json={"username": "ai", "password": "sai"},
                            headers={"X-Request-ID": "login-try-1"}, timeout=30)
    assert refused.status_code >= 400 and refused.headers["X-Request-ID"] == "login-try-1"
    two = {requests.get(f"{served.url}/healthz", timeout=30).headers["X-Request-ID"] for _ in range(2)}
    assert len(two) == 2  # a fresh id per request
    served.stop()  # flush: the log is complete once the process is gone
    requests_logged = [ln for ln in served.lines() if ln.get("msg") == "request"]
    by_path = {(ln["path"], ln.get("request_id")) for ln in requests_logged}
    assert ("/api/v1/health", "lb-7f3a.91:2") in by_path and ("/healthz", new_id) in by_path
    assert ("/api/v1/auth/login", "login-try-1") in by_path
    assert all(ln.get("request_id") for ln in requests_logged)
    start = [ln for ln in served.lines() if ln.get("msg") == "server ready"]
    assert start and all("request_id" not in ln for ln in start)  # outside a request: none


@pytest.mark.parametrize("why", ["unmigrated", "behind", "unreachable"])
def test_readyz_is_503_when_the_database_is_not_ready(tmp_path, why):
    url = (f"sqlite:///{tmp_path / 'db.sqlite3'}" if why != "unreachable"
           else "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    if why == "behind":  # a worker started on a database the upgrade has not reached yet
        from alembic import command
        from central import db

        engine = db.make_engine(url)
        command.upgrade(db.alembic_config(engine), "0004")
        engine.dispose()
    srv = ServerProcess(tmp_path, url, env={"OCOP_SERVER_MIGRATE": "0"})
    try:
        assert requests.get(f"{srv.url}/healthz", timeout=30).status_code == 200  # alive all the same
        r = requests.get(f"{srv.url}/readyz", headers={"X-Request-ID": f"probe-{why}"}, timeout=60)
        assert r.status_code == 503 and r.json()["status"] == "unavailable", r.text
        assert r.json()["reason"].startswith({"unmigrated": "schema not created",
                                              "behind": f"schema at 0004, code needs {head_revision()}",
                                              "unreachable": "database unreachable"}[why])
    finally:
        srv.stop()
    if why == "unreachable":  # the warning, written in a worker thread, carries the request's id
        warn = [ln for ln in srv.lines() if ln.get("msg") == "not ready: database"]
        assert warn and warn[0]["request_id"] == "probe-unreachable"


@pytest.mark.parametrize("value, words", [("0", "out of range"), ("-3", "out of range"), ("many", "whole number"),
                                          ("65", "out of range")])
def test_bad_worker_counts_get_one_error_line(value, words):
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "server", "--workers", value], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    errors = [ln for ln in out.stderr.splitlines() if ln.startswith(("error:", "usage:")) or "error:" in ln]
    assert len([ln for ln in errors if "error:" in ln]) == 1 and words in out.stderr, out.stderr
