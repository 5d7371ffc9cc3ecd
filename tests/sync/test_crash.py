"""Crashes: the server killed and restarted mid-batch, the kiosk killed with SIGKILL mid-sync.
Afterwards the server's books equal the kiosk's exactly, with nothing twice."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest

from pos import outbox
from sync.client import sync_once

from faultproxy import FaultProxy
from syncrig import ROOT, ProcessServer, assert_same_books, enroll, fast_client, sell, sync_until_done  # noqa: F401

pytestmark = pytest.mark.slow


def _engine(url):
    from central import db
    from central.config import normalize_url

    return db.make_engine(normalize_url(url))


def test_server_killed_and_restarted_mid_batch(database_url, kiosk):
    store, ids = kiosk
    srv = ProcessServer(database_url).start()
    engine = _engine(database_url)
    proxy = FaultProxy(srv.port)
    killed = threading.Event()

    def kill_on_third(n):
        if n == 3 and not killed.is_set():
            time.sleep(0.02)  # let the server start on the batch
            srv.kill()
            killed.set()

    try:
        from sync.client import enroll as do_enroll
        from central import accounts as admin

        with engine.begin() as c:
            code = admin.create_device(c, store.device_code, "HN-BOOTH")
        do_enroll(store, srv.url, store.device_code, code)
        sell(store, ids, 40)
        proxy.on_forward = kill_on_third
        client = fast_client(store, proxy.url, retries=0, read_timeout=10)
        with pytest.raises(Exception):
            sync_once(store, client, batch_size=10, pull=False)
        assert killed.is_set() and outbox.unsynced_count(store) > 0
        srv.start()  # same port, same database
        sync_until_done(store, fast_client(store, proxy.url, retries=1, read_timeout=10))
        assert_same_books(store, engine)
    finally:
        proxy.close()
        srv.kill()
        engine.dispose()


def test_kiosk_killed_mid_sync(server, kiosk, tmp_path):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 40)
    proxy = FaultProxy(server.port)
    real_url = store.settings()["server_url"]
    store.set_settings(server_url=proxy.url)
    proc = None
    killed = threading.Event()

    def kill_kiosk(n):
        if n == 4 and proc is not None:  # the 3rd batch reached the server; its reply never will
            proc.send_signal(signal.SIGKILL)
            killed.set()

    proxy.on_forward = kill_kiosk
    try:
        proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "sync", "--db", str(store.path),
                                 "--batch", "5"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.wait(120)
        assert killed.is_set() and proc.returncode == -signal.SIGKILL
    finally:
        proxy.close()
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    acked_by_dead_kiosk = outbox.status(store)["acked_seq"]
    assert 0 < acked_by_dead_kiosk < outbox.status(store)["last_seq"]
    store.set_settings(server_url=real_url)
    report = sync_once(store)
    assert report.unsynced == 0
    assert_same_books(store, server.engine)


def test_a_dead_kiosks_push_lands_while_the_next_pass_asks_the_server(server, kiosk):
    """The kiosk was killed with two pushes on the wire: the server stores the first before the
    next pass asks for progress (so the pass checks what it holds), and the second while that
    question is on the wire. The second batch's events were not asked about, yet the server
    holds them under their own seqs: they are duplicates to send again, never events to move."""
    from sync.client import SyncClient, raw_batch

    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 12)
    dead = fast_client(store)
    first, body = raw_batch(store, 5, 0)
    dead.push_raw(body)  # its reply died with the kiosk
    second, late = raw_batch(store, 5, first[-1])
    on_the_wire = [late]

    class LateBatchDuringCheck(SyncClient):
        def check(self, events, receipts):
            if on_the_wire:
                dead.push_raw(on_the_wire.pop())  # the dead kiosk's second push, committed meanwhile
            return super().check(events, receipts)

    s = store.settings()
    report = sync_once(store, LateBatchDuringCheck(s["server_url"], s["sync_token"]), batch_size=5)
    assert not on_the_wire and report.unsynced == 0
    assert report.realigned["renumbered_events"] == 0
    assert [e["seq"] for e in outbox.events_between(store, first[0], second[-1])] == first + second
    assert_same_books(store, server.engine)
