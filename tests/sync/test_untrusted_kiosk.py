"""The server does not take a kiosk's word (real server on loopback, SQLite and PostgreSQL):
a sale whose total, VAT or payments disagree with its lines is stored but flagged (sync health,
the flagged page, the nightly file); an event whose record id another device used is answered
409 for that event, set aside by the kiosk, and the kiosk's later events still flow; a stray
far-ahead seq is seen and cleared by an administrator (API, office page, CLI; audited)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import msgspec
import pytest
import requests
import sqlalchemy as sa

from central import accounts as admin
from central import models as m
from central.events import sums
from sync import protocol as p
from sync.client import refused_note, sync_once
from syncrig import ROOT, enroll, make_kiosk, sell

PASSWORD = "mat-khau-quan-tri"


def _tamper(store, seq: int, change) -> None:
    """Rewrite one unsent outbox event's payload, as a tampered kiosk database would send it."""
    (text,) = store.conn.execute("SELECT payload FROM outbox WHERE seq = ?", (seq,)).fetchone()
    store.conn.execute("UPDATE outbox SET payload = ? WHERE seq = ?", (json.dumps(change(json.loads(text))), seq))
    store.conn.commit()


def _last_seq(store) -> int:
    return store.conn.execute("SELECT max(seq) FROM outbox").fetchone()[0]


def _admin(server) -> requests.Session:
    with server.engine.begin() as conn:
        admin.create_user(conn, "admin", PASSWORD, "admin", "Quản trị")
    s = requests.Session()
    r = s.post(f"{server.url}/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}, timeout=30)
    r.raise_for_status()
    s.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return s


def test_honest_sales_pass_the_server_check(tmp_path, clock):
    store, ids = make_kiosk(tmp_path / "k.db", "HN01", clock=clock)
    try:
        sell(store, ids, 30)
        for (text,) in store.conn.execute("SELECT payload FROM outbox WHERE type = 'sale.completed'"):
            assert sums.sale_problems(msgspec.json.decode(text, type=p.SalePayload)) == []
    finally:
        store.close()


def test_wrong_totals_are_stored_but_flagged(server, tmp_path, clock):
    store, ids = make_kiosk(tmp_path / "k.db", "HN01", clock=clock)
    try:
        enroll(server, store)
        sell(store, ids, 2)
        bad = sell(store, ids, 1)[0]

        def inflate(pl):
            pl["sale"]["total"] += 1_000
            pl["sale"]["vat_total"] += 7
            return pl
        _tamper(store, _last_seq(store), inflate)
        sell(store, ids, 1)
        report = sync_once(store, pull=False)
        assert report.unsynced == 0 and report.refused == []
        with server.engine.connect() as c:
            assert c.execute(sa.select(sa.func.count()).select_from(m.sales)).scalar() == 4  # stored
            flags = c.execute(sa.select(m.event_flags)).all()
        assert [(f.kind, f.record_id) for f in flags] == [("arithmetic", bad.sale_id)]
        assert "total" in flags[0].detail and "vat_total" in flags[0].detail and "payments" in flags[0].detail
        s = _admin(server)
        health = {d["device_code"]: d for d in s.get(f"{server.url}/api/v1/office/sync-health", timeout=30).json()}
        assert health["HN01"]["flagged_sales"] == 1 and health["HN01"]["state"] == "flagged"
        page = s.get(f"{server.url}/office/problems/sales", timeout=30)
        assert page.status_code == 200 and bad.sale_id in page.text
        assert "Có hóa đơn bị gắn cờ" in s.get(f"{server.url}/office/sync", timeout=30).text
        from central.figures.nightly import write_nightly

        day = store.business_day()
        span = {"start": day, "end": day}
        for path in ("/office/settlement", "/office/settlement.csv", "/api/v1/office/settlement?format=csv"):
            r = s.get(f"{server.url}{path}", params=span, timeout=30)
            assert r.status_code == 200 and "Cảnh báo: 1 sự kiện" in r.content.decode("utf-8-sig"), path
        with server.engine.begin() as c:  # an administrator who reads English: the page warns in English
            c.execute(sa.update(m.users).where(m.users.c.username == "admin").values(lang="en"))
        page = s.get(f"{server.url}/office/settlement", params=span, timeout=30).text
        assert "Warning: flagged events in this period: 1 (" in page and "Cảnh báo: 1" not in page
        assert "Cảnh báo: 1 sự kiện" in s.get(f"{server.url}/office/settlement.csv", params=span,
                                              timeout=30).content.decode("utf-8-sig")  # the file stays Vietnamese
        (path,) = [x for x in write_nightly(server.engine, day, "csv", tmp_path / "out") if "flags" in x.name]
        assert bad.sale_id in path.read_text("utf-8-sig")
    finally:
        store.close()


def test_a_record_id_of_another_device_is_refused_and_later_events_flow(server, tmp_path, clock):
    hn, hn_ids = make_kiosk(tmp_path / "hn.db", "HN01", clock=clock)
    bl, bl_ids = make_kiosk(tmp_path / "bl.db", "BL01", clock=clock)
    try:
        enroll(server, hn)
        enroll(server, bl, "BL-SITE")
        theirs = sell(bl, bl_ids, 1)[0]
        assert sync_once(bl, pull=False).unsynced == 0
        first = sell(hn, hn_ids, 1)[0]
        mine = sell(hn, hn_ids, 1)[0]
        stolen = _last_seq(hn)
        _tamper(hn, stolen, lambda pl: json.loads(json.dumps(pl).replace(mine.sale_id, theirs.sale_id)))
        later = sell(hn, hn_ids, 2)
        report = sync_once(hn, pull=False)
        assert report.unsynced == 0, report.summary()
        assert [(r["seq"], r["code"]) for r in report.refused] == [(stolen, 409)]
        assert "BL01" in report.refused[0]["error"] and "REFUSED" in report.summary()
        assert "409" in refused_note(hn)  # what the status bar shows
        with server.engine.connect() as c:
            got = set(c.execute(sa.select(m.sales.c.id).where(m.sales.c.device_code == "HN01")).scalars())
            owner = c.execute(sa.select(m.sales.c.device_code).where(m.sales.c.id == theirs.sale_id)).scalar()
            flags = c.execute(sa.select(m.event_flags.c.kind, m.event_flags.c.seq)).all()
        assert got == {first.sale_id} | {s.sale_id for s in later}  # the refused sale is not in the books
        assert owner == "BL01" and flags == [("conflict", stolen)]
        again = sync_once(hn, pull=False)  # set aside: not sent again, nothing new refused
        assert again.pushed == 0 and again.refused == [] and again.unsynced == 0
        assert len(hn.settings()["sync_refused"]) == 1
        # a resend of the refused event (e.g. a lost reply) gets the same per-event answer
        from syncrig import fast_client

        row = hn.conn.execute("SELECT event_id, type, created_at, business_day, payload FROM outbox WHERE seq = ?",
                              (stolen,)).fetchone()
        ev = {"event_id": row[0], "seq": stolen, "device_code": "HN01", "type": row[1], "created_at": row[2],
              "business_day": row[3], "payload": json.loads(row[4])}
        res = fast_client(hn).push([ev])["results"]
        assert [(r["status"], r["result"]["code"]) for r in res] == [("rejected", 409)]
    finally:
        hn.close()
        bl.close()


def test_stray_seq_is_seen_and_cleared(server, tmp_path, clock):
    store, ids = make_kiosk(tmp_path / "k.db", "HN01", clock=clock)
    try:
        enroll(server, store)
        sell(store, ids, 3)
        assert sync_once(store, pull=False).unsynced == 0
        ack = _last_seq(store)
        stray = {"event_id": "f" * 32, "seq": ack + 10_000_000, "device_code": "HN01", "type": "stock.moved",
                 "created_at": "2026-01-01T00:00:00+00:00", "business_day": store.business_day(),
                 "payload": {"stock_moves": []}}
        from syncrig import fast_client

        fast_client(store).push([stray])
        s = _admin(server)
        seen = s.get(f"{server.url}/api/v1/admin/devices/HN01/pending", timeout=30).json()
        assert seen["missing_events"] == 10_000_000 - 1 and seen["pending"][0]["seq"] == ack + 10_000_000
        health = {d["device_code"]: d for d in s.get(f"{server.url}/api/v1/office/sync-health", timeout=30).json()}
        assert health["HN01"]["state"] == "gap"
        page = s.get(f"{server.url}/office/sync", timeout=30).text
        assert "/office/sync/HN01/clear-stray" in page
        out = s.post(f"{server.url}/api/v1/admin/devices/HN01/clear-stray", timeout=30).json()
        assert out["cleared"] == 1 and out["max_seq"] == ack
        health = {d["device_code"]: d for d in s.get(f"{server.url}/api/v1/office/sync-health", timeout=30).json()}
        assert health["HN01"]["missing_events"] == 0 and health["HN01"]["state"] == "ok"
        sell(store, ids, 1)
        assert sync_once(store, pull=False).unsynced == 0  # the kiosk carries on, not labelled restored
        with server.engine.connect() as c:
            audit = c.execute(sa.select(m.admin_actions)).all()
        assert [(a.actor, a.action, a.target) for a in audit] == [("admin", "clear-stray", "HN01")]
        # the CLI: a second stray, shown and cleared from the command line
        fast_client(store).push([{**stray, "event_id": "e" * 32, "seq": ack + 5_000_000}])
        env = {**os.environ, "OCOP_SERVER_LOG_LEVEL": "WARNING"}
        res = subprocess.run([sys.executable, str(ROOT / "main.py"), "server", "clear-stray", "HN01",
                              "--database-url", server.database_url, "--by", "lan"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        assert f"seq {ack + 5_000_000}" in res.stdout and "cleared 1 pending events" in res.stdout
        with server.engine.connect() as c:
            assert c.execute(sa.select(m.devices.c.max_seq).where(m.devices.c.code == "HN01")).scalar() == ack + 1
            assert c.execute(sa.select(sa.func.count()).select_from(m.admin_actions)
                             .where(m.admin_actions.c.actor == "cli:lan")).scalar() == 1
    finally:
        store.close()
