"""Nightly reconciliation and offline bundles (fairs without internet)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import sqlalchemy as sa

from pos import outbox, shifts
from central.events import bundles
from sync import bundle
from sync.client import reconcile, sync_once

from syncrig import ROOT, ThreadServer, assert_same_books, enroll, sell


def test_reconcile_finds_a_server_restored_from_backup_and_resends(database_url, kiosk, tmp_path):
    if not database_url.startswith("sqlite"):
        import pytest

        pytest.skip("a file-copy backup is a SQLite thing; PostgreSQL loss is covered by the crash tests")
    store, ids = kiosk
    srv = ThreadServer(database_url).start()
    db_file = database_url.removeprefix("sqlite:///")
    try:
        enroll(srv, store)
        sell(store, ids, 5)
        sync_once(store)
        srv.stop()
        shutil.copy(db_file, tmp_path / "backup.sqlite3")  # last night's backup
        srv.start()
        sell(store, ids, 7)
        shifts.cash_move(store, "out", 200_000, "mua túi giấy", ids["clerk"])
        sync_once(store)
        srv.stop()
        for suffix in ("", "-wal", "-shm"):  # the centre restores the backup: today's events are gone
            (tmp_path / ("central.sqlite3" + suffix)).unlink(missing_ok=True)
        shutil.copy(tmp_path / "backup.sqlite3", db_file)
        srv.start()
        assert outbox.unsynced_count(store) == 0  # the kiosk believes all is sent
        from syncrig import fast_client

        client = fast_client(store)
        day = store.business_day()
        from sync.client import kiosk_figures

        first = client.reconcile(kiosk_figures(store, [day]))["days"][0]
        assert first["status"] == "mismatch" and first["server"]["sales"] == 5 and first["kiosk"]["sales"] == 12
        result = reconcile(store)
        assert [d["status"] for d in result] == ["match"] * len(result)
        assert_same_books(store, srv.engine)
        with srv.engine.connect() as c:
            rows = c.execute(sa.text("SELECT status FROM reconciliations WHERE business_day = :d ORDER BY id"),
                             {"d": day}).scalars().all()
        assert rows[0] == "mismatch" and rows[-1] == "match"  # visible to the central office
        last = store.settings()["sync_last_reconcile"]
        assert last["mismatch"] == [] and last["days"] == len(result)
    finally:
        srv.stop()


def test_bundle_export_import_exactly_once_and_tamper_proof(server, kiosk, tmp_path, capsys):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 3)
    sync_once(store)
    sell(store, ids, 9)  # at the fair, no internet
    path = tmp_path / "hoi-cho.ocopbundle"
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "export-bundle", str(path), "--db", str(store.path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "9 unsynced events" in out.stdout

    raw = path.read_bytes()
    outer = json.loads(raw)
    tampered = json.loads(outer["body"])
    tampered["events"][0]["payload"]["sale"]["total"] += 1000
    forged = json.dumps({**outer, "body": json.dumps(tampered, ensure_ascii=False, separators=(",", ":"))}).encode()
    before = server_counts(server.engine)
    for bad in (forged, raw[:-40], b"not a bundle"):
        try:
            bundles.import_bytes(server.engine, bad)
            raise AssertionError("a bad bundle was accepted")
        except bundle.BundleError:
            pass
    assert server_counts(server.engine) == before

    url = server.database_url
    import main

    capsys.readouterr()
    assert main.main(["server", "--database-url", url, "import-bundle", str(path)]) == 0
    assert "9 events, 9 applied, 0 already held" in capsys.readouterr().out
    assert main.main(["server", "--database-url", url, "import-bundle", str(path)]) == 0
    assert "9 events, 0 applied, 9 already held" in capsys.readouterr().out
    # back online: the kiosk learns the server holds them, sends nothing twice
    report = sync_once(store)
    assert report.unsynced == 0 and report.acked == 9
    assert_same_books(store, server.engine)


def server_counts(engine) -> tuple:
    with engine.connect() as c:
        return (c.execute(sa.text("SELECT count(*) FROM events")).scalar(),
                c.execute(sa.text("SELECT count(*), coalesce(sum(total), 0) FROM sales")).one()[:])


def test_reconcile_resends_a_day_the_server_partly_lost(server, kiosk):
    """The centre lost some of a day's rows while its sync mark stayed (a partial restore): only
    the nightly comparison can see it; the day is resent and applied, and then it matches."""
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 10)
    sync_once(store)
    last = outbox.status(store)["last_seq"]
    lost = [e for e in outbox.events_between(store, last - 3, last) if e["type"] == "sale.completed"]
    sale_ids = [e["payload"]["sale"]["id"] for e in lost]
    with server.engine.begin() as c:
        for table, col in (("sale_lines", "sale_id"), ("payments", "sale_id"), ("stock_moves", "ref_id"),
                           ("sales", "id")):
            c.execute(sa.text(f"DELETE FROM {table} WHERE {col} IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": sale_ids})
        c.execute(sa.text("DELETE FROM events WHERE event_id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)), {"ids": [e["event_id"] for e in lost]})
    assert sync_once(store).pushed == 0  # the push path cannot see this loss
    result = reconcile(store)
    assert [d["status"] for d in result] == ["match"] * len(result)
    assert store.settings()["sync_last_reconcile"]["resent_days"] == [store.business_day()]
    assert_same_books(store, server.engine)
