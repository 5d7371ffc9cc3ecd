"""`main.py server` refuses a bad option value with one `error:` line and exit code 2 (as the kiosk's
commands do, tests/core/test_cli_args.py), and takes uvicorn's spellings (`--log-level warning`)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(MAIN), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)})


@pytest.mark.parametrize("args, says", [
    (["--port", "0"], "argument --port: expected a port number from 1 to 65,535, not '0'"),
    (["--port", "70000"], "argument --port: expected a port number"),
    (["--port", "http"], "argument --port: expected a port number"),
    (["--port", "-1"], "argument --port"),
    (["--host", "not a host"], "argument --host: expected an IP address or a host name, not 'not a host'"),
    (["--host", "999.1.1.1"], "argument --host"),
    (["--log-level", "loud"], "argument --log-level: expected one of critical, error, warning"),
    (["--workers", "0"], "argument --workers: 0 is out of range"),
    (["--workers", "many"], "argument --workers: 'many' is not a whole number"),
    (["--database-url", "nonsense"], "argument --database-url: not a database URL"),
    (["--database-url", "mysql://u@h/db"], "argument --database-url: expected a sqlite:/// or postgresql://"),
    (["--database-url", "sqlite:///{tmp}/missing/c.db"], "argument --database-url: the folder {tmp}/missing does"),
    (["--database-url", "sqlite:///{tmp}/folder"], "{tmp}/folder is a folder"),
    (["--database-url", "postgresql://u@h:port/db"], "argument --database-url: not a database URL"),
    (["migrate", "--database-url", "sqlite:///{tmp}/missing/c.db"], "the folder {tmp}/missing does not exist"),
])
def test_bad_server_values_get_one_error_line(tmp_path, args, says):
    (tmp_path / "folder").mkdir()
    r = run("server", *[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert says.format(tmp=tmp_path) in lines[0]
    assert r.stdout == "" and sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


@pytest.mark.parametrize("level", ["warning", "WARNING", "Info", "trace"])
def test_uvicorn_spellings_of_the_log_level_start_the_server(tmp_path, level):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(MAIN), "server", "--port", str(port), "--log-level", level,
                             "--database-url", f"sqlite:///{tmp_path / 'c.db'}"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 600  # a hang's bound, not a speed test
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            try:
                assert requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=30).status_code == 200
                break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or a worker still starting
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(30)
        proc.stderr.close()
    assert proc.returncode in (0, -15)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_database_url_from_the_environment_is_the_one_used(tmp_path, workers):
    """deploy/server.env gives OCOP_SERVER_DATABASE_URL and the unit passes no --database-url:
    the commands and the server (one process or several) use that database, not the default file."""
    db = tmp_path / "from-env.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "OCOP_SERVER_DATABASE_URL": f"sqlite:///{db}",
           "OCOP_PASSWORD": "mat-khau-dai-kho-doan"}
    made = subprocess.run([sys.executable, str(MAIN), "server", "create-user", "hoa", "--role", "admin"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env=env)
    assert made.returncode == 0 and db.exists(), made.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(MAIN), "server", "--port", str(port), "--workers", workers],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 600  # a hang's bound, not a speed test
        while True:
            assert proc.poll() is None, "server stopped"
            try:
                r = requests.post(f"http://127.0.0.1:{port}/api/v1/auth/login",
                                  json={"username": "hoa", "password": env["OCOP_PASSWORD"]}, timeout=60)
                break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or a worker still starting
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200, r.text  # the user made in the environment's database signs in
    finally:
        proc.terminate()
        proc.wait(30)
    assert not (tmp_path / "home").exists()  # no default database was made in the user's data folder


def test_a_bad_log_level_in_the_environment_gets_one_error_line(tmp_path):
    """deploy/server.env may set OCOP_SERVER_LOG_LEVEL; a typo there is refused by name, like an option."""
    r = subprocess.run([sys.executable, str(MAIN), "server", "--port", "18999"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OCOP_SERVER_LOG_LEVEL": "loud"})
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [
        "error: OCOP_SERVER_LOG_LEVEL: expected one of critical, error, warning, info, debug, trace, not 'loud'"]


@pytest.mark.parametrize("env_level, option, info_logged", [
    ("warning", None, False), ("", None, True), ("warning", "info", True)])
def test_the_log_level_from_the_environment_is_used_unless_an_option_says(tmp_path, env_level, option, info_logged):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OCOP_SERVER_LOG_LEVEL": env_level}
    cmd = [sys.executable, str(MAIN), "server", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'c.db'}"]
    proc = subprocess.Popen(cmd + (["--log-level", option] if option else []), cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 600  # a hang's bound, not a speed test
        while True:
            assert proc.poll() is None
            try:
                assert requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=30).status_code == 200
                break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or a worker still starting
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(30)
    logged = proc.stderr.read().decode()
    proc.stderr.close()
    assert ('"msg": "server ready"' in logged) is info_logged, logged[-2000:]
