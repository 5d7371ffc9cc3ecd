"""The throttle's limits come from the environment (deploy/server.env), a bad value is one `error:`
line, and the scheduler forgets refused attempts older than their keeping time. Against the real
server on loopback, SQLite and PostgreSQL; lockouts end by moving the throttle's clock, never by
sleeping."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from rig import PASSWORD, Server

from central import models as m
from central import scheduler, throttle
from central.clock import utc_now

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(throttle, "clock", lambda: 1_800_000_000.0)


def _login(url: str, password: str) -> requests.Response:
    return requests.post(f"{url}/api/v1/auth/login", json={"username": "office", "password": password}, timeout=30)


def test_the_limits_and_lockout_come_from_the_environment(database_url, monkeypatch, frozen):
    from central import accounts as admin

    monkeypatch.setenv("OCOP_SERVER_LOGIN_PER_ADDRESS", "2")
    monkeypatch.setenv("OCOP_SERVER_LOCKOUT_S", "300")
    monkeypatch.setenv("OCOP_SERVER_LOCKOUT_MAX_S", "900")
    srv = Server(database_url)
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin")
        assert [_login(srv.url, "sai").status_code for _ in range(2)] == [401, 401]
        third = _login(srv.url, "sai")
        assert third.status_code == 429 and third.headers["Retry-After"] == "300"  # the default would say 60
    finally:
        srv.stop()


@pytest.mark.parametrize("env, said", [
    ({"OCOP_SERVER_LOGIN_PER_ADDRESS": "ten"}, "OCOP_SERVER_LOGIN_PER_ADDRESS: expected a whole number from 1"),
    ({"OCOP_SERVER_ENROLL_PER_ACCOUNT": "0"}, "OCOP_SERVER_ENROLL_PER_ACCOUNT: expected a whole number from 1"),
    ({"OCOP_SERVER_LOCKOUT_S": "600", "OCOP_SERVER_LOCKOUT_MAX_S": "60"},
     "OCOP_SERVER_LOCKOUT_MAX_S (60) is shorter than OCOP_SERVER_LOCKOUT_S (600)"),
])
@pytest.mark.parametrize("command", [[], ["migrate"]])
def test_a_bad_setting_is_one_error_line(tmp_path, env, said, command):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "server", "--database-url", url, "--port", "9",
                           *command], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**_clean_env(), **env})
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {said}"), done.stderr
    assert not (tmp_path / "central.sqlite3").exists()  # nothing was made


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("OCOP_SERVER_")}


def test_the_scheduler_forgets_refusals_past_their_keeping_time(database_url, frozen):
    srv = Server(database_url, auth_audit_days=30)
    try:
        now = utc_now()
        r = m.auth_refusals
        with srv.engine.begin() as conn:
            for days, who in ((45, "old"), (31, "just-old"), (29, "recent")):
                conn.execute(sa.insert(r).values(at=(now - dt.timedelta(days=days)).isoformat(timespec="milliseconds"),
                                                 action="login", address="203.0.113.7", account=who,
                                                 reason="wrong", retry_after=0))
        assert _login(srv.url, "sai").status_code == 401  # a refusal of today (unknown user)
        leader, _ = scheduler.scheduled_round(srv.app)
        assert leader
        with srv.engine.connect() as conn:
            kept = conn.execute(sa.select(r.c.account).order_by(r.c.id)).scalars().all()
        assert kept == ["recent", "office"]
    finally:
        srv.stop()


def test_the_audit_keeping_time_is_a_setting(monkeypatch):
    from central.config import Settings

    monkeypatch.setenv("OCOP_SERVER_AUTH_AUDIT_DAYS", "400")
    assert Settings(database_url="sqlite://").auth_audit_days == 400
    monkeypatch.delenv("OCOP_SERVER_AUTH_AUDIT_DAYS")
    assert Settings(database_url="sqlite://").auth_audit_days == 90
