"""The background worker (offline for a while, then back) and the command line."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import threading

from pos import outbox
from sync.client import SyncWorker

from syncrig import ROOT, ThreadServer, assert_same_books, enroll, make_kiosk, sell


def wait_for(cond, statuses, lock, event, timeout=90.0):
    """Wait (not a timed assertion: a generous ceiling) until a reported status satisfies cond."""
    while True:
        with lock:
            if any(cond(s) for s in statuses):
                return True
            event.clear()
        if not event.wait(timeout):
            return False


def test_worker_sells_offline_then_catches_up_and_reconciles_at_night(database_url, tmp_path):
    srv = ThreadServer(database_url).start()
    port = srv.port
    store, ids = make_kiosk(tmp_path / "kiosk.db", "HN01")
    statuses, lock, changed = [], threading.Lock(), threading.Event()

    def on_status(st):
        with lock:
            statuses.append(st)
        changed.set()

    # the worker's clock says 23:45 in Vietnam on the day of the sales: the nightly run is due
    vn_night = dt.datetime.now(dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(hours=7))).replace(
        hour=23, minute=45).astimezone(dt.timezone.utc)
    worker = SyncWorker(store.path, on_status=on_status, interval=0.2, max_backoff=0.5, clock=lambda: vn_night,
                        timeout=(2, 10))
    try:
        enroll(srv, store)
        srv.stop()  # the network goes away
        worker.start()
        sell(store, ids, 8)  # selling goes on while the worker fails to reach the server
        worker.trigger()
        assert wait_for(lambda s: not s.online and s.unsynced > 0 and s.last_error, statuses, lock, changed)
        assert outbox.unsynced_count(store) > 0
        srv = ThreadServer(database_url, port=port).start()  # back
        sell(store, ids, 4)
        worker.trigger()
        assert wait_for(lambda s: s.online and s.unsynced == 0 and s.last_reconcile, statuses, lock, changed)
        done = [s for s in statuses if s.online and s.unsynced == 0][-1]
        assert done.last_sync_at and done.last_reconcile["mismatch"] == []
        assert_same_books(store, srv.engine)
    finally:
        worker.stop()
        srv.stop()
        store.close()
    assert not worker.is_alive()


def run(*args, timeout=120):
    """The command line in a fresh interpreter, as a person would run it."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


class Ran:
    def __init__(self, code, out, err):
        self.returncode, self.stdout, self.stderr = code, out, err


def run_here(capsys, *args):
    """The same command line, in this process (cheaper than an interpreter start per command)."""
    import main

    capsys.readouterr()
    code = main.main(list(args))
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)


def test_command_line_register_enroll_sync(server, tmp_path, capsys):
    store, ids = make_kiosk(tmp_path / "cli.db", "QN01")
    sell(store, ids, 4)
    store.close()
    url = server.database_url
    out = run_here(capsys, "server", "--database-url", url, "create-device", "QN01", "--location", "QN-HALONG",
              "--location-name", "Điểm bán Hạ Long", "--location-kind", "tourist_site")
    assert out.returncode == 0, out.stderr
    code = re.search(r"enrollment code: (\S+)", out.stdout).group(1)
    assert run_here(capsys, "server", "--database-url", url, "create-user", "ketoan", "--role", "viewer",
               "--password", "so-sach-2026").returncode == 0
    bad = run_here(capsys, "enroll", "--db", str(tmp_path / "cli.db"), "--server", server.url, "--device", "QN01",
              "--code", "WRONG-CODE-0000")
    assert bad.returncode == 1 and "403" in bad.stderr
    ok = run("enroll", "--db", str(tmp_path / "cli.db"), "--server", server.url, "--device", "QN01", "--code", code)
    assert ok.returncode == 0 and "Điểm bán Hạ Long" in ok.stdout, ok.stderr
    synced = run("sync", "--db", str(tmp_path / "cli.db"), "--reconcile")
    assert synced.returncode == 0, synced.stderr
    assert re.search(r"pushed (\d+) events", synced.stdout).group(1) == str(4 + 3)  # 4 sales, 2 deliveries, shift
    assert "all match" in synced.stdout and "unsynced now 0" in synced.stdout
    listed = run_here(capsys, "server", "--database-url", url, "list-devices")
    assert '"code": "QN01"' in listed.stdout and '"contiguous_seq": 7' in listed.stdout
    from pos.store import Store

    with Store(tmp_path / "cli.db") as again:
        assert_same_books(again, server.engine)
