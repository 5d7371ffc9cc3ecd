"""Fairs without internet, both ways, with files on disk (sync/fair.py, central/events/fair.py):
the centre's signed catalog bundle for one kiosk, the kiosk's sales bundle, the centre's signed
acknowledgement read back; a stick going back and forth, duplicates, out of order, a changed byte,
another kiosk's file. Every case runs on SQLite and PostgreSQL (the `server` fixture)."""
from __future__ import annotations

import json

import pytest

from pos import catalog, outbox
from central.events import bundles, fair as centre_fair
from sync import fair
from sync.bundle import write_file
from sync.client import sync_once

from syncrig import assert_same_books, enroll, make_kiosk, sell
from test_pull import CATEGORY, PRODUCER, admin_headers, product, put


def centre_bundle(server, store, path, cursor=None) -> dict:
    raw, info = centre_fair.catalog_bundle(server.engine, store.device_code, cursor)
    write_file(path, raw)
    return info


def take_sales(server, path, ack_path) -> dict:
    """What `main.py server import-bundle` does: import, then write the acknowledgement."""
    out = bundles.import_bytes(server.engine, path.read_bytes())
    write_file(ack_path, centre_fair.ack_file(server.engine, out["device_code"]))
    return out


def kiosk_state(store) -> tuple:
    conn = store.conn
    return (store.settings().get("sync_cursor"),
            conn.execute("SELECT count(*), coalesce(sum(price), 0) FROM products").fetchone()[:],
            conn.execute("SELECT count(*) FROM outbox WHERE acked_at IS NULL").fetchone()[0],
            json.dumps(store.settings(), sort_keys=True, default=str))


def test_catalog_and_sales_go_back_and_forth_exactly_once(server, kiosk, tmp_path):
    store, ids = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)])
    enroll(server, store)
    sync_once(store)  # last time online: the kiosk holds the catalog and the centre's key
    assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 50_000
    assert store.settings()["sync_centre_key"]
    stick = tmp_path / "usb"
    stick.mkdir()
    for trip in range(3):  # three days of a fair: prices change at the centre, sales at the kiosk
        put(server, h, products=[product(60_000 + trip * 1000)])
        info = centre_bundle(server, store, stick / f"HN01-{trip}.ocopcentre")
        done = fair.import_catalog(store, (stick / f"HN01-{trip}.ocopcentre").read_bytes())
        assert done["status"] == "applied" and done["pulled"]["products"] == 1
        assert store.settings()["sync_cursor"] == str(info["to_cursor"])
        assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 60_000 + trip * 1000
        again = kiosk_state(store)
        assert fair.import_catalog(store, (stick / f"HN01-{trip}.ocopcentre").read_bytes())["status"] == "already"
        assert kiosk_state(store) == again  # the same bundle twice: nothing changed

        sell(store, ids, 4)
        pending = outbox.unsynced_count(store)
        assert fair.export_sales(store, stick / "HN01.ocopbundle")["events"] == pending
        out = take_sales(server, stick / "HN01.ocopbundle", stick / "HN01.ocopack")
        assert out["applied"] == pending and out["duplicates"] == 0
        assert take_sales(server, stick / "HN01.ocopbundle", stick / "HN01.ocopack")["applied"] == 0  # twice: once
        got = fair.read_ack(store, (stick / "HN01.ocopack").read_bytes())
        assert got["unsynced"] == 0 and got["acked"] > 0
        assert fair.read_ack(store, (stick / "HN01.ocopack").read_bytes())["acked"] == 0  # read again: harmless
        # the centre learnt the kiosk's cursor from its bundle: the next one starts there
        assert centre_fair.catalog_bundle(server.engine, "HN01")[1]["from_cursor"] == info["to_cursor"]
    # an older bundle, out of order, after newer ones: nothing changes, and it says so
    before = kiosk_state(store)
    assert fair.import_catalog(store, (stick / "HN01-0.ocopcentre").read_bytes())["status"] == "already"
    assert kiosk_state(store) == before
    assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 62_000
    # back online: nothing is sent twice, the books agree
    report = sync_once(store)
    assert report.pushed == 0 and report.unsynced == 0 and report.pulled["products"] == 0
    assert_same_books(store, server.engine)


def test_an_old_acknowledgement_read_after_newer_sales_marks_nothing_new(server, kiosk, tmp_path):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 3)
    fair.export_sales(store, tmp_path / "a.ocopbundle")
    take_sales(server, tmp_path / "a.ocopbundle", tmp_path / "a.ocopack")
    sell(store, ids, 2)  # sold after the first stick left
    fair.export_sales(store, tmp_path / "b.ocopbundle")  # holds all five: the first three not acknowledged yet
    got = fair.read_ack(store, (tmp_path / "a.ocopack").read_bytes())
    assert got["acked"] == outbox.status(store)["acked_seq"] and got["unsynced"] > 0
    pending = outbox.unsynced_count(store)
    out = take_sales(server, tmp_path / "b.ocopbundle", tmp_path / "b.ocopack")
    assert out["duplicates"] > 0 and out["applied"] == pending  # the first three held once
    assert fair.read_ack(store, (tmp_path / "a.ocopack").read_bytes())["acked"] == 0  # old one again: harmless
    assert fair.read_ack(store, (tmp_path / "b.ocopack").read_bytes())["unsynced"] == 0
    assert_same_books(store, server.engine)


def test_tampered_foreign_and_gapped_files_are_refused_and_change_nothing(server, kiosk, tmp_path):
    store, ids = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)])
    enroll(server, store)
    other, _ = make_kiosk(tmp_path / "other.db", "HN02")
    try:
        enroll(server, other)
        sync_once(store)
        put(server, h, products=[product(70_000)])
        raw, info = centre_fair.catalog_bundle(server.engine, "HN01")
        before = kiosk_state(store)
        outer = json.loads(raw)
        changed = outer["body"].replace("70000", "7000")
        assert changed != outer["body"]
        cases = {"forged": json.dumps({**outer, "body": changed}).encode(),
                 "unreadable": raw[:-30]}
        flipped = bytearray(raw)
        flipped[len(raw) // 2] ^= 0x01
        cases["flipped"] = bytes(flipped)
        for name, bad in cases.items():
            with pytest.raises(fair.FairError) as err:
                fair.import_catalog(store, bad)
            assert err.value.reason in ("forged", "unreadable"), name
            assert kiosk_state(store) == before, name
        # HN02's bundle, rightly signed, at HN01: refused
        with pytest.raises(fair.FairError) as err:
            fair.import_catalog(store, centre_fair.catalog_bundle(server.engine, "HN02")[0])
        assert err.value.reason == "foreign" and kiosk_state(store) == before
        # a bundle starting past what the kiosk holds would skip rows: refused
        with pytest.raises(fair.FairError) as err:
            fair.import_catalog(store, centre_fair.catalog_bundle(server.engine, "HN01", cursor=info["to_cursor"])[0])
        assert err.value.reason == "gap" and kiosk_state(store) == before
        # another centre's key signed it: refused
        from sync.bundle import CENTRE_FORMAT, new_keypair, sign

        body = json.loads(json.loads(raw)["body"])
        with pytest.raises(fair.FairError) as err:
            fair.import_catalog(store, sign(new_keypair()[0], CENTRE_FORMAT, body))
        assert err.value.reason == "forged" and kiosk_state(store) == before
        # an acknowledgement for HN02 read at HN01 marks nothing
        sell(store, ids, 2)
        with pytest.raises(fair.FairError) as err:
            fair.read_ack(store, centre_fair.ack_file(server.engine, "HN02"))
        assert err.value.reason == "foreign" and outbox.unsynced_count(store) > 0
        # the right bundle still applies after all that
        assert fair.import_catalog(store, raw)["status"] == "applied"
        assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 70_000
    finally:
        other.close()


def test_whole_catalog_bundle_for_a_kiosk_that_never_pulled(server, kiosk, tmp_path):
    """Enrolled, then straight to the fair: the bundle starts at 0 and brings every page."""
    store, _ = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY],
        products=[{**product(40_000 + i), "id": f"sp-{i:04d}", "sku": f"BL-{i:03d}", "barcodes": []}
                  for i in range(30)])
    enroll(server, store)
    import central.events.fair as mod

    old, mod.PAGE = mod.PAGE, 7  # several pages, as a big catalog would have
    try:
        raw, info = centre_fair.catalog_bundle(server.engine, "HN01")
    finally:
        mod.PAGE = old
    assert info["from_cursor"] == 0 and info["pages"] > 1, info
    assert fair.import_catalog(store, raw)["pulled"]["products"] == 30
    assert catalog.find_sku(store, "BL-029")["price"] == 40_029
    assert sync_once(store).pulled["products"] == 0  # the network pull agrees: nothing left to bring


def test_the_office_page_hands_out_the_bundle_and_takes_the_sales_back(server, kiosk, tmp_path):
    """/office/sync as a browser uses it (cookie and CSRF): the catalog file for a kiosk, its
    sales file uploaded twice (held once), the acknowledgement downloaded and read at the kiosk."""
    import re

    import requests

    from central import accounts

    store, ids = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)])
    enroll(server, store)
    sync_once(store)
    put(server, h, products=[product(65_000)])
    with server.engine.begin() as c:
        accounts.create_user(c, "van-phong", "mat-khau-van-phong", "manager")
    web = requests.Session()
    r = web.post(f"{server.url}/office/login", data={"username": "van-phong", "password": "mat-khau-van-phong",
                                                     "next": "/office"}, allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text[:300]
    page = web.get(f"{server.url}/office/sync", timeout=30).text
    assert "/office/sync/HN01/fair-bundle" in page and "Tải tệp danh mục" in page
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    got = web.post(f"{server.url}/office/sync/HN01/fair-bundle", data={"csrf": token}, timeout=60)
    assert got.status_code == 200 and ".ocopcentre" in got.headers["content-disposition"]
    assert fair.import_catalog(store, got.content)["status"] == "applied"
    assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 65_000
    whole = web.post(f"{server.url}/office/sync/HN01/fair-bundle", data={"csrf": token, "whole": "1"}, timeout=60)
    assert json.loads(json.loads(whole.content)["body"])["from_cursor"] == 0  # for a kiosk restored from a backup
    assert fair.import_catalog(store, whole.content)["status"] == "applied"

    sell(store, ids, 3)
    pending = outbox.unsynced_count(store)
    fair.export_sales(store, tmp_path / "HN01.ocopbundle")
    for applied in (pending, 0):  # the same file twice: held once
        r = web.post(f"{server.url}/office/sync/import-bundle", data={"csrf": token},
                     files={"file": ("HN01.ocopbundle", (tmp_path / "HN01.ocopbundle").read_bytes())}, timeout=60)
        assert r.status_code == 200 and f"{pending} sự kiện, {applied} mới" in r.text, r.text[-2000:]
    outer = json.loads((tmp_path / "HN01.ocopbundle").read_bytes())
    assert '"total":' in outer["body"]
    forged = json.dumps({**outer, "body": outer["body"].replace('"total":', '"total":1', 1)}).encode()
    r = web.post(f"{server.url}/office/sync/import-bundle", data={"csrf": token},
                 files={"file": ("x.ocopbundle", forged)}, timeout=60)
    assert "Không nhận tệp bán hàng" in r.text
    ack = web.get(f"{server.url}/office/sync/HN01/ack", timeout=30)
    assert ack.status_code == 200 and ".ocopack" in ack.headers["content-disposition"]
    assert fair.read_ack(store, ack.content) == {"ack": outbox.status(store)["last_seq"], "acked": pending,
                                                 "unsynced": 0, "ahead": False}
    assert_same_books(store, server.engine)


def test_kill_9_in_the_middle_of_a_bundle_leaves_nothing_half_applied(server, kiosk, tmp_path):
    """The kiosk process is killed (SIGKILL) after a bundle's second page was applied inside the
    import's transaction: the file keeps nothing of it (no row, no cursor, no acknowledgement), and
    the same bundle then applies whole."""
    import subprocess
    import sys
    import time

    from syncrig import ROOT

    store, ids = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)])
    enroll(server, store)
    sync_once(store)
    for i in range(4):  # four revisions: four pages of one product each
        put(server, h, products=[{**product(70_000 + i), "id": f"sp-k{i}", "sku": f"KILL-{i}", "barcodes": []}])
    sell(store, ids, 2)
    fair.export_sales(store, tmp_path / "s.ocopbundle")
    bundles.import_bytes(server.engine, (tmp_path / "s.ocopbundle").read_bytes())  # the bundle will carry an ack
    import central.events.fair as mod

    old, mod.PAGE = mod.PAGE, 1
    try:
        raw, info = centre_fair.catalog_bundle(server.engine, "HN01")
    finally:
        mod.PAGE = old
    assert info["pages"] >= 3 and info["ack"] == outbox.status(store)["last_seq"]
    (tmp_path / "b.ocopcentre").write_bytes(raw)
    before = kiosk_state(store)
    marker = tmp_path / "mid-import"
    child = f"""
import pathlib, sys, time
from pos.store import Store
from sync import fair
real = fair.apply_page
done = []
def page(store, changes, totals, problems):
    out = real(store, changes, totals, problems)
    done.append(1)
    if len(done) == 2:  # two pages written inside the import's transaction: stop here until killed
        pathlib.Path({str(marker)!r}).write_text("mid")
        time.sleep(3600)
    return out
fair.apply_page = page
fair.import_catalog(Store({str(store.path)!r}), pathlib.Path({str(tmp_path / "b.ocopcentre")!r}).read_bytes())
"""
    proc = subprocess.Popen([sys.executable, "-c", child], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a bound on waiting, not a timed assertion
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the import never reached its second page"
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait(60)
    assert proc.returncode == -9
    assert kiosk_state(store) == before
    assert store.conn.execute("SELECT count(*) FROM products WHERE sku LIKE 'KILL-%'").fetchone()[0] == 0
    assert outbox.unsynced_count(store) > 0
    done = fair.import_catalog(store, raw)
    assert done["status"] == "applied" and done["acked"] > 0 and done["pulled"]["products"] == 4
    assert catalog.find_sku(store, "KILL-3")["price"] == 70_003 and outbox.unsynced_count(store) == 0


def test_the_command_line_both_ways(server, kiosk, tmp_path):
    """`main.py server export-fair-bundle` and `import-bundle` (which writes the acknowledgement
    beside the file), with the kiosk's own export-bundle, through files."""
    import subprocess
    import sys

    from syncrig import ROOT

    store, ids = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)])
    enroll(server, store)
    main = [sys.executable, str(ROOT / "main.py")]
    run = lambda *a: subprocess.run([*main, *a], cwd=ROOT, capture_output=True, text=True, timeout=180)  # noqa: E731
    out = run("server", "--database-url", server.database_url, "export-fair-bundle", "HN01", str(tmp_path / "c.ocopcentre"))
    assert out.returncode == 0, out.stderr
    assert "cursor 0 to" in out.stdout  # never pulled: the whole catalog
    assert fair.import_catalog(store, (tmp_path / "c.ocopcentre").read_bytes())["pulled"]["products"] == 1
    sell(store, ids, 2)
    out = run("export-bundle", str(tmp_path / "s.ocopbundle"), "--db", str(store.path))
    assert out.returncode == 0, out.stderr
    out = run("server", "--database-url", server.database_url, "import-bundle", str(tmp_path / "s.ocopbundle"))
    assert out.returncode == 0 and f"acknowledgement written to {tmp_path / 's.ocopack'}" in out.stdout, out.stderr
    assert fair.read_ack(store, (tmp_path / "s.ocopack").read_bytes())["unsynced"] == 0
    out = run("server", "--database-url", server.database_url, "export-fair-bundle", "HN01", str(tmp_path / "d.ocopcentre"))
    assert out.returncode == 0, out.stderr
    start = json.loads(json.loads((tmp_path / "d.ocopcentre").read_bytes())["body"])["from_cursor"]
    assert start == int(store.settings()["sync_cursor"])  # learnt from the sales file
    assert fair.import_catalog(store, (tmp_path / "d.ocopcentre").read_bytes())["status"] == "applied"


def test_a_network_pull_in_flight_while_a_bundle_is_taken_in_does_not_go_back(server, kiosk, tmp_path):
    """The sync thread asked for a page from the old cursor; before its answer is applied the
    manager takes in a newer bundle. The pull's page is dropped (its cursor is no longer the
    kiosk's) and the pull goes on from the bundle's end: the cursor never moves back."""
    from pos.store import Store
    from syncrig import fast_client

    store, _ = kiosk
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY], products=[product(50_000)])
    enroll(server, store)
    sync_once(store)
    put(server, h, products=[product(51_000)])
    client = fast_client(store)
    real, asked = client.pull, []

    def pull(cursor, limit=5000):
        page = real(cursor, limit)  # answered from the old cursor ...
        if not asked:  # ... then, before it is applied, the manager takes in a newer bundle
            put(server, h, products=[product(52_000)])
            with Store(store.path) as other:
                assert fair.import_catalog(other, centre_fair.catalog_bundle(server.engine, "HN01")[0])["status"] == "applied"
        asked.append(cursor)
        return page

    client.pull = pull
    bundle_end = None
    try:
        sync_once(store, client)
        bundle_end = int(store.settings()["sync_cursor"])
    finally:
        client.close()
    assert len(asked) == 2 and int(asked[1]) > int(asked[0])  # pulled on from the bundle's end
    assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 52_000
    assert bundle_end >= int(asked[1])


def test_no_bundle_for_an_unknown_unenrolled_or_revoked_kiosk(server, kiosk):
    from central import accounts
    from sync.bundle import BundleError

    store, _ = kiosk
    with pytest.raises(BundleError, match="unknown device"):
        centre_fair.catalog_bundle(server.engine, "HN09")
    with server.engine.begin() as c:
        accounts.create_device(c, "HN03", "HN-BOOTH", location_name="Gian hàng Hà Nội", location_kind="hanoi_booth")
    with pytest.raises(BundleError, match="not enrolled"):
        centre_fair.catalog_bundle(server.engine, "HN03")  # it could not check the centre's signature
    enroll(server, store)
    centre_fair.catalog_bundle(server.engine, "HN01")
    with server.engine.begin() as c:
        accounts.revoke_device(c, "HN01")
    for make in (lambda: centre_fair.catalog_bundle(server.engine, "HN01"),
                 lambda: centre_fair.ack_file(server.engine, "HN01")):
        with pytest.raises(BundleError, match="revoked"):
            make()


def test_kill_9_in_the_middle_of_the_centres_import_keeps_whole_events_only(server, kiosk, tmp_path):
    """The centre's import process is killed inside its second chunk's transaction: the first
    chunk's events are held whole (each with its rows), nothing of the second, and importing the
    same file again completes it exactly once."""
    import subprocess
    import sys
    import time

    import sqlalchemy as sa

    from syncrig import ROOT

    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 6)
    fair.export_sales(store, tmp_path / "s.ocopbundle")
    marker = tmp_path / "mid-import"
    child = f"""
import pathlib, time
from central import db
from central.events import bundles, ingest
real, calls = ingest.ingest, []
def chunk(conn, device_code, events, source):
    out = real(conn, device_code, events, source=source)
    calls.append(1)
    if len(calls) == 2:  # the second chunk written, not committed: stop here until killed
        pathlib.Path({str(marker)!r}).write_text("mid")
        time.sleep(3600)
    return out
ingest.ingest = chunk
bundles.import_bytes(db.make_engine({server.database_url!r}), pathlib.Path({str(tmp_path / "s.ocopbundle")!r}).read_bytes(), chunk=3)
"""
    proc = subprocess.Popen([sys.executable, "-c", child], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a bound on waiting, not a timed assertion
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the import never reached its second chunk"
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait(60)
    with server.engine.connect() as c:
        held = c.execute(sa.text("SELECT seq FROM events WHERE device_code = 'HN01' ORDER BY seq")).scalars().all()
        sales = c.execute(sa.text("SELECT count(*) FROM sales WHERE device_code = 'HN01'")).scalar()
    first = [e["seq"] for e in outbox.events_between(store, 1, 3)]
    assert held == first  # the first chunk, whole; nothing of the second
    assert sales == sum(1 for e in outbox.events_between(store, 1, 3) if e["type"] == "sale.completed")
    out = take_sales(server, tmp_path / "s.ocopbundle", tmp_path / "s.ocopack")
    assert out["duplicates"] == 3 and out["applied"] == out["events"] - 3
    assert fair.read_ack(store, (tmp_path / "s.ocopack").read_bytes())["unsynced"] == 0
    assert_same_books(store, server.engine)
