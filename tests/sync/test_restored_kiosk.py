"""A kiosk restored from an old file backup: its receipt counter and outbox seq went back, while
the server holds the sales it made after that backup. On its next sync it moves forward past the
server (never back), and its new sales reach the server exactly once."""
from __future__ import annotations

import json
import shutil
import sqlite3

import sqlalchemy as sa

from pos import outbox, realign, sales
from pos.store import Store
from sync.client import sync_once

from syncrig import enroll, fast_client, make_kiosk, sell


def file_backup(store: Store, path) -> None:
    dst = sqlite3.connect(str(path))
    try:
        store.conn.backup(dst)
    finally:
        dst.close()


def restore(path, backup) -> Store:
    for suffix in ("-wal", "-shm"):
        (path.parent / (path.name + suffix)).unlink(missing_ok=True)
    shutil.copyfile(backup, path)
    return Store(path)


def server_sales(engine, device: str) -> dict[str, tuple]:
    with engine.connect() as c:
        return {r.id: (r.receipt_no, int(r.total)) for r in c.execute(
            sa.text("SELECT id, receipt_no, total FROM sales WHERE device_code = :d"), {"d": device})}


def server_events(engine, device: str) -> dict[str, int]:
    with engine.connect() as c:
        return dict(c.execute(sa.text("SELECT event_id, seq FROM events WHERE device_code = :d"), {"d": device}).all())


def local_sales(store: Store) -> dict[str, tuple]:
    return {i: (r, t) for i, r, t in store.conn.execute("SELECT id, receipt_no, total FROM sales")}


def test_restored_kiosk_with_offline_sales_moves_forward(server, tmp_path):
    path = tmp_path / "kiosk.db"
    store, ids = make_kiosk(path, "HN01")
    enroll(server, store)
    sell(store, ids, 5)
    sync_once(store)
    sell(store, ids, 2)                       # not yet sent when the backup is taken ...
    file_backup(store, tmp_path / "backup.db")
    sync_once(store)                          # ... but sent afterwards: the server holds them
    lost = sell(store, ids, 4)                # made after the backup, on the server, lost locally
    sync_once(store)
    before = server_sales(server.engine, "HN01")
    held_events = server_events(server.engine, "HN01")
    top_seq = max(held_events.values())
    store.close()

    store = restore(path, tmp_path / "backup.db")
    try:
        assert outbox.status(store)["last_seq"] < top_seq
        # the restored kiosk sells before it can reach the server: the numbers it hands out are
        # ones the server already holds for the lost sales
        offline = sell(store, ids, 3)
        sales.void_sale(store, offline[1].sale_id, ids["clerk"], ids["manager"], "khách trả lại ngay")
        lost_numbers = {r.receipt_no for r in lost}
        assert {r.receipt_no for r in offline} <= lost_numbers

        report = sync_once(store)
        assert report.error == "" and report.unsynced == 0
        moved = report.realigned
        assert moved["renumbered_events"] == 4 and moved["seq_to"] == (top_seq + 1, top_seq + 4)
        assert moved["acked"] == 2                # the two old unsent ones the server already had
        assert sorted(moved["receipts"]) == sorted(r.receipt_no for r in offline)
        assert "RESTORED" in report.summary()

        after = sell(store, ids, 2)               # and it keeps selling and syncing as usual
        assert sync_once(store).unsynced == 0

        central = server_sales(server.engine, "HN01")
        mine = local_sales(store)
        # every sale the kiosk has is on the server under the same number; the lost ones stay
        assert all(central[sid] == v for sid, v in mine.items())
        assert {k: central[k] for k in before} == before
        assert len(central) == len(before) + 5
        assert len({v[0] for v in central.values()}) == len(central)  # no receipt number twice
        events = server_events(server.engine, "HN01")
        assert {k: events[k] for k in held_events} == held_events     # nothing old stored again
        assert len(events) == len(held_events) + 6
        assert sorted(events.values()) == list(range(1, len(events) + 1))  # contiguous, no gap
        with server.engine.connect() as c:
            assert c.execute(sa.text("SELECT contiguous_seq, max_seq FROM devices WHERE code = 'HN01'")).one() == \
                (len(events), len(events))
        # the renumbered offline sales: local books, events and audit agree
        numbers = sorted(int(r.rsplit("-", 1)[1]) for r, _ in central.values())
        assert numbers == list(range(1, len(central) + 1))
        for r in after:
            assert int(r.receipt_no.rsplit("-", 1)[1]) > max(int(x.receipt_no.rsplit("-", 1)[1]) for x in lost)
        audit = [json.loads(d) for a, d in store.conn.execute(
            "SELECT action, detail FROM audit_log WHERE action = 'receipt.renumbered'")]
        assert sorted(a["old_receipt_no"] for a in audit) == sorted(r.receipt_no for r in offline)
        assert store.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'sync.realigned'").fetchone()[0] == 1
        renumbered = outbox.events_between(store, top_seq + 1, top_seq + 4)
        assert [e["type"] for e in renumbered] == ["sale.completed"] * 3 + ["sale.voided"]
        for ev in renumbered:
            sale_id = ev["payload"]["sale"]["id"] if "sale" in ev["payload"] else ev["payload"]["sale_id"]
            number = ev["payload"]["sale"]["receipt_no"] if "sale" in ev["payload"] else ev["payload"]["receipt_no"]
            assert number == mine[sale_id][0]
        with server.engine.connect() as c:
            assert c.execute(sa.text("SELECT status FROM sales WHERE id = :i"),
                             {"i": offline[1].sale_id}).scalar() == "voided"
        # a further pass changes nothing
        again = sync_once(store)
        assert (again.pushed, again.realigned) == (0, None)
    finally:
        store.close()


def test_restored_kiosk_without_new_sales_takes_the_next_numbers(server, tmp_path):
    path = tmp_path / "kiosk.db"
    store, ids = make_kiosk(path, "HN02")
    enroll(server, store)
    sell(store, ids, 3)
    sync_once(store)
    file_backup(store, tmp_path / "backup.db")
    sales.void_sale(store, sell(store, ids, 4)[0].sale_id, ids["clerk"], ids["manager"], "khách đổi ý")
    sync_once(store)
    top_seq = max(server_events(server.engine, "HN02").values())
    store.close()

    store = restore(path, tmp_path / "backup.db")
    try:
        report = sync_once(store)
        assert report.realigned["renumbered_events"] == 0
        assert report.realigned["receipt_counter"] == (3, 7)
        assert realign.outbox_counter(store) == top_seq and realign.receipt_counter(store) == 7
        new = sell(store, ids, 1)[0]
        assert new.receipt_no == "HN02-000008"
        assert outbox.status(store)["last_seq"] == top_seq + 1
        assert sync_once(store).unsynced == 0
        assert server_sales(server.engine, "HN02")[new.sale_id] == (new.receipt_no, new.total)
    finally:
        store.close()


def test_receipt_numbers_past_six_digits(server, kiosk):
    """The server's highest number is numeric, not text order (HN01-1000000 > HN01-999999)."""
    store, ids = kiosk
    enroll(server, store)
    with store.transaction() as c:
        c.execute("INSERT INTO receipt_counters(device_code, last_no) VALUES ('HN01', 999998)")
    made = [r.receipt_no for r in sell(store, ids, 2)]
    assert made == ["HN01-999999", "HN01-1000000"]
    sync_once(store)
    reply = fast_client(store).check([], [])
    assert (reply["max_receipt_no"], reply["max_receipt_counter"]) == ("HN01-1000000", 1_000_000)


def test_check_tells_held_other_moved_and_absent(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 2)
    sync_once(store)
    mine = outbox.events_between(store, 1, 10)
    a, b = mine[-2], mine[-1]
    stranger = "0" * 8 + "-0000-4000-8000-" + "0" * 12
    reply = fast_client(store).check(
        [{"seq": a["seq"], "event_id": a["event_id"]}, {"seq": a["seq"], "event_id": stranger},
         {"seq": b["seq"] + 5, "event_id": b["event_id"]}, {"seq": b["seq"] + 6, "event_id": stranger}],
        [{"sale_id": "someone-else", "receipt_no": "HN01-000001"}, {"sale_id": "x", "receipt_no": "HN01-000999"}])
    assert [v["status"] for v in reply["events"]] == ["held", "other", "moved", "absent"]
    assert reply["receipts_taken"] == ["HN01-000001"]
    assert (reply["ack"], reply["max_seq"]) == (b["seq"], b["seq"])


def test_a_sale_made_while_the_check_is_on_the_wire(server, tmp_path):
    """The UI sells between the server's answer and the kiosk acting on it: that sale was never
    asked about, so it is moved too (seq and receipt number), not taken for one the server has."""
    from sync.client import SyncClient

    path = tmp_path / "kiosk.db"
    store, ids = make_kiosk(path, "HN03")
    enroll(server, store)
    sell(store, ids, 2)
    sync_once(store)
    file_backup(store, tmp_path / "backup.db")
    sell(store, ids, 3)
    sync_once(store)
    before = server_sales(server.engine, "HN03")
    store.close()

    store = restore(path, tmp_path / "backup.db")
    slipped = []

    class SellsDuringCheck(SyncClient):
        def check(self, events, receipts):
            reply = super().check(events, receipts)
            if not slipped:
                slipped.extend(sell(store, ids, 1))
            return reply

    try:
        s = store.settings()
        report = sync_once(store, SellsDuringCheck(s["server_url"], s["sync_token"]))
        assert report.unsynced == 0
        assert slipped[0].receipt_no in {v[0] for v in before.values()}  # it did collide when made
        central = server_sales(server.engine, "HN03")
        mine = local_sales(store)
        assert central[slipped[0].sale_id] == mine[slipped[0].sale_id]
        assert mine[slipped[0].sale_id][0] == "HN03-000006"
        assert {k: central[k] for k in before} == before and len(central) == len(before) + 1
    finally:
        store.close()
