"""A return to the producer and a write-off per lot reach the centre exactly once, on SQLite and
PostgreSQL: the note's header (stock.returned) with its movements in one event, each movement
naming its lot; the same batch pushed again changes nothing; the books agree with the kiosk's."""
from __future__ import annotations

import sqlalchemy as sa

from pos import catalog, outbox, producer_returns as pr, stock
from sync.client import sync_once

from syncrig import assert_same_books, enroll, fast_client


def test_a_return_and_a_lot_write_off_reach_the_centre_once(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    shrimp = ids["products"][1]
    maker = catalog.get_product(store, shrimp)["producer_id"]
    stock.receive_delivery(store, maker, [
        {"product_id": shrimp, "qty": 6, "lot_no": "GH-0611", "use_by": "2027-06-11"},
        {"product_id": shrimp, "qty": 4, "lot_no": "GH-0712", "use_by": "2027-07-12"}], ids["manager"])
    rid, _ = pr.return_to_producer(store, maker, [{"product_id": shrimp, "qty": 5, "lot_no": "GH-0611"},
                                                  {"product_id": shrimp, "qty": 7}], ids["manager"], "Cận hạn")
    stock.record_move(store, shrimp, 1, "damaged", "rách bao", ids["clerk"], ids["manager"], lot_no="GH-0712")
    events = outbox.pending(store, limit=1000)
    report = sync_once(store)
    assert report.unsynced == 0
    assert_same_books(store, server.engine)
    lots = {r["lot_no"]: r["id"] for r in store.all("SELECT id, lot_no FROM lots")}
    with server.engine.connect() as c:
        row = c.execute(sa.text("SELECT return_no, producer_id, reason, staff_id, location_code FROM producer_returns "
                                "WHERE id = :i"), {"i": rid}).one()
        assert tuple(row) == ("TH-HN01-00001", maker, "Cận hạn", ids["manager"], "HN-BOOTH")
        moved = c.execute(sa.text("SELECT kind, lot_id, qty FROM stock_moves WHERE product_id = :p AND kind IN "
                                  "('return_to_producer', 'damaged') ORDER BY kind, qty"), {"p": shrimp}).all()
        assert [tuple(r) for r in moved] == [("damaged", lots["GH-0712"], -1), ("return_to_producer", None, -7),
                                             ("return_to_producer", lots["GH-0611"], -5)]
    # the same events again (a reply lost): stored results come back, nothing is applied twice
    again = fast_client(store).push(events)
    assert again["duplicates"] == len(events)
    returned = next(x["result"] for x in again["results"] if "return_no" in x["result"])
    assert returned == {"return_id": rid, "return_no": "TH-HN01-00001"}
    assert_same_books(store, server.engine)
    with server.engine.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM producer_returns")).scalar() == 1


def test_a_transfer_is_taken_in_once_at_the_centre(server, kiosk, tmp_path, clock):
    """HN01 sends lot GH-0611 to BL01, which takes it in; CT01 scans the same note (offline, it
    cannot know): its own books take it, but the centre refuses that event and flags it."""
    from pos import transfers

    from syncrig import make_kiosk

    hn, ids = kiosk
    bl, bl_ids = make_kiosk(tmp_path / "bl.db", "BL01", clock=clock)
    ct, ct_ids = make_kiosk(tmp_path / "ct.db", "CT01", clock=clock)
    try:
        enroll(server, hn)
        enroll(server, bl, "BL-SITE")
        enroll(server, ct, "CT-MART")
        shrimp = ids["products"][1]
        maker = catalog.get_product(hn, shrimp)["producer_id"]
        stock.receive_delivery(hn, maker, [{"product_id": shrimp, "qty": 6, "lot_no": "GH-0611",
                                            "use_by": "2027-06-11"}], ids["manager"])
        tid, _ = transfers.send(hn, "BL-SITE", [{"product_id": shrimp, "qty": 4, "lot_no": "GH-0611"}],
                                ids["manager"], "bổ sung hàng")
        code = transfers.note_code(hn, tid)
        transfers.receive(bl, code, bl_ids["manager"])
        transfers.receive(ct, code, ct_ids["manager"])
        for k in (hn, bl):
            assert sync_once(k).unsynced == 0
            assert_same_books(k, server.engine)
        rep = sync_once(ct)  # acknowledged, set aside and shown to staff: later events still flow
        assert rep.unsynced == 0 and [r["code"] for r in rep.refused] == [409]
        with server.engine.connect() as c:
            sides = c.execute(sa.text("SELECT direction, device_code, transfer_no FROM stock_transfers "
                                      "ORDER BY direction")).all()
            assert [tuple(r) for r in sides] == [("in", "BL01", "CK-HN01-00001"), ("out", "HN01", "CK-HN01-00001")]
            moved = dict(c.execute(sa.text("SELECT device_code, sum(qty) FROM stock_moves WHERE kind IN "
                                           "('transfer_in', 'transfer_out') GROUP BY device_code")).all())
            assert {k: int(v) for k, v in moved.items()} == {"HN01": -4, "BL01": 4}
            lot = c.execute(sa.text("SELECT lot_no, use_by, qty FROM transfer_lines WHERE device_code = 'BL01'")).one()
            assert tuple(lot) == ("GH-0611", "2027-06-11", 4)
            flag = c.execute(sa.text("SELECT kind, device_code FROM event_flags")).all()
            assert [tuple(r) for r in flag] == [("conflict", "CT01")]
    finally:
        bl.close()
        ct.close()
