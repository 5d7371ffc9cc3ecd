"""Push: real sales reach the server exactly once, through faults."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from pos import outbox, sales
from sync.client import SyncClient, sync_once

from syncrig import (assert_same_books, enroll, fast_client, make_kiosk, sell, server_books, sync_until_done)
from faultproxy import FaultProxy


def test_sales_reach_the_server_once(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    sold = sell(store, ids, 12)
    sales.void_sale(store, sold[3].sale_id, ids["clerk"], ids["manager"], "khách đổi ý")
    line = sales.refundable_lines(store, sold[5].sale_id)[0]
    sales.refund(store, sold[5].sale_id, [{"line_id": line["line_id"] if "line_id" in line else line["id"], "qty": 1}],
                 ids["clerk"], ids["manager"], "hàng lỗi")
    report = sync_once(store, batch_size=5)
    assert report.unsynced == 0 and report.duplicates == 0
    assert report.acked == outbox.status(store)["last_seq"]
    assert_same_books(store, server.engine)
    with server.engine.connect() as c:
        voided = c.execute(sa.text("SELECT status, voided_by FROM sales WHERE id = :i"), {"i": sold[3].sale_id}).one()
        assert voided == tuple(store.conn.execute("SELECT status, voided_by FROM sales WHERE id = ?",
                                                  (sold[3].sale_id,)).fetchone())
        assert voided[0] == "voided"
        assert c.execute(sa.text("SELECT count(*) FROM sales WHERE kind = 'refund'")).scalar() == 1
        loc = c.execute(sa.text("SELECT DISTINCT location_code FROM sale_lines")).scalars().all()
        assert loc == ["HN-BOOTH"]
    # a second pass moves nothing
    again = sync_once(store)
    assert (again.pushed, again.acked) == (0, 0)


def test_duplicated_and_reordered_batches(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 20)
    events = outbox.pending(store, limit=1000)
    b1, b2, b3 = events[:8], events[8:16], events[16:]
    client = fast_client(store)
    r = client.push(b2)  # ahead of a gap: stored, not applied, not acknowledged
    assert r["ack"] == 0 and {x["status"] for x in r["results"]} == {"pending"}
    assert r["missing"] == [[1, 8]] or r["missing"] == [(1, 8)]
    assert server_books(server.engine, store.device_code)["sales"] == []
    r = client.push(b3 + b3[:2])  # a batch with a copy of itself inside
    assert r["ack"] == 0 and r["duplicates"] == 2
    r = client.push(b1)  # the gap filled: everything applies, in seq order
    assert r["ack"] == events[-1]["seq"] and r["applied"] == len(events)
    r = client.push(b2)  # an old batch again: the stored results come back
    assert r["duplicates"] == len(b2) and {x["status"] for x in r["results"]} == {"duplicate"}
    sale_results = [x["result"] for x in r["results"] if "receipt_no" in x["result"]]
    assert sale_results and all(x["total"] > 0 for x in sale_results)
    outbox.ack(store, r["ack"])
    assert_same_books(store, server.engine)


@pytest.mark.parametrize("plan", [
    ["pass", "drop", "pass", "drop", "drop"],            # replies lost after the server committed
    ["pass", "500", "pass", "500", "500"],               # HTTP 500 after commit
    ["pass", "delay", "pass"],                           # reply slower than the client's timeout
    ["refuse", "pass", "refuse", "refuse", "pass"],      # connection closed before forwarding
])
def test_faults_converge_without_duplicates(server, kiosk, plan):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 25)
    proxy = FaultProxy(server.port)
    proxy.plan = list(plan) * 2
    proxy.delay = 3.0
    try:
        client = fast_client(store, proxy.url, retries=1, read_timeout=1.5)
        sync_until_done(store, client)
    finally:
        proxy.close()
    assert any(a != "pass" for a in proxy.log)
    assert_same_books(store, server.engine)
    with server.engine.connect() as c:
        assert c.execute(sa.text("SELECT max(seq) FROM events")).scalar() == outbox.status(store)["last_seq"]


def test_kiosk_clock_a_day_off(server, tmp_path):
    """A kiosk whose clock runs a day ahead: its events carry its own business day and created_at,
    the server takes them as they are, and the books and the reconciliation still agree."""
    import datetime as dt

    from sync.client import reconcile

    ahead = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1, hours=2)
    store, ids = make_kiosk(tmp_path / "ahead.db", "HN02", clock=lambda: ahead)
    try:
        enroll(server, store)
        sell(store, ids, 6)
        sync_once(store)
        assert_same_books(store, server.engine)
        with server.engine.connect() as c:
            days = c.execute(sa.text("SELECT DISTINCT business_day FROM sales WHERE device_code='HN02'")).scalars().all()
        assert days == [store.business_day()]
        result = reconcile(store)
        assert [d["status"] for d in result if d["business_day"] == store.business_day()] == ["match"]
        assert all(d["status"] == "match" for d in result)
    finally:
        store.close()


def test_the_same_batch_racing_from_four_connections(server, kiosk):
    """Four copies of one batch at the same moment (a retry storm): each event is stored and
    applied once; every copy is answered (applied once, duplicate otherwise)."""
    import threading

    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 15)
    batch = outbox.pending(store, limit=1000)
    clients = [fast_client(store) for _ in range(4)]
    start = threading.Barrier(4)
    replies, errors = [], []

    def go(client):
        start.wait()
        try:
            replies.append(client.push(batch))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(replies) == 4
    assert all(r["ack"] == batch[-1]["seq"] for r in replies)
    assert sorted(r["applied"] for r in replies) == [0, 0, 0, len(batch)]
    assert sum(r["duplicates"] for r in replies) == 3 * len(batch)
    outbox.ack(store, batch[-1]["seq"])
    assert_same_books(store, server.engine)


def test_every_kind_of_event_lands_in_the_central_tables(server, kiosk):
    """Write-offs, a stock count, cash moves and a closed shift (with its Z report) next to sales."""
    from pos import shifts, stock

    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 3)
    p0, p1 = ids["products"][:2]
    stock.record_move(store, p0, 2, "damaged", "vỡ hũ", ids["clerk"], ids["manager"])
    count_id = stock.start_count(store, ids["manager"], "kiểm kê cuối tháng")
    stock.record_count(store, count_id, p1, stock.on_hand(store, p1) - 3)
    stock.approve_count(store, count_id, ids["manager"])
    shifts.cash_move(store, "in", 500_000, "thêm tiền lẻ", ids["clerk"])
    shift_id = shifts.current(store)["id"]
    z = shifts.close_shift(store, ids["clerk"], 3_000_000, manager_id=ids["manager"])  # a variance: approved
    sync_once(store)
    assert_same_books(store, server.engine)
    with server.engine.connect() as c:
        row = c.execute(sa.text("SELECT status, counted_cash, expected_cash, report FROM shifts WHERE id = :i"),
                        {"i": shift_id}).one()
        assert row[:3] == ("closed", 3_000_000, z["expected_cash"]) and '"expected_cash"' in row[3]
        assert c.execute(sa.text("SELECT count(*) FROM stock_count_lines WHERE count_id = :i"),
                         {"i": count_id}).scalar() == 1
        kinds = dict(c.execute(sa.text("SELECT kind, sum(qty) FROM stock_moves GROUP BY kind")).all())
    local = dict(store.conn.execute("SELECT kind, sum(qty) FROM stock_moves GROUP BY kind").fetchall())
    assert {k: int(v) for k, v in kinds.items()} == local and local["count_adjust"] == -3 and local["damaged"] == -2
