"""Lots reach the centre: the lots a delivery brought, each sale line's lot (one line per lot,
split when a lot runs out), each movement's lot, a refund back to its lot; and a kiosk from
before lots (no lot fields at all) still applies."""
from __future__ import annotations

import msgspec
import sqlalchemy as sa

from pos import catalog, sales, stock
from pos.cart import Cart
from sync import protocol as p
from sync.client import sync_once

from syncrig import assert_same_books, enroll


def test_lots_reach_the_centre(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    shrimp = ids["products"][1]
    maker = catalog.get_product(store, shrimp)["producer_id"]
    stock.receive_delivery(store, maker, [
        {"product_id": shrimp, "qty": 2, "lot_no": "GH-0611", "produced_on": "2026-06-11", "use_by": "2027-06-11"},
        {"product_id": shrimp, "qty": 5, "lot_no": "GH-0712", "use_by": "2027-07-12"}], ids["manager"], note_no="PG-2")
    # 100 000 packs from before lots are drawn first: take them by naming the lots
    cart = Cart()
    cart.add(catalog.get_product(store, shrimp), qty=2, lot="GH-0712")
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 1_000_000}], ids["clerk"])
    line = sales.refundable_lines(store, res.sale_id)[0]
    sales.refund(store, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], ids["clerk"], ids["manager"], "hàng lỗi")
    report = sync_once(store)
    assert report.unsynced == 0
    assert_same_books(store, server.engine)
    with server.engine.connect() as c:
        got = c.execute(sa.text("SELECT lot_no, produced_on, use_by, qty FROM delivery_lots ORDER BY lot_no")).all()
        assert [tuple(r) for r in got] == [("GH-0611", "2026-06-11", "2027-06-11", 2), ("GH-0712", None, "2027-07-12", 5)]
        lines = c.execute(sa.text("SELECT l.lot_no, l.qty, s.kind FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                                  "WHERE l.product_id = :p ORDER BY s.kind DESC"), {"p": shrimp}).all()
        assert [tuple(r) for r in lines] == [("GH-0712", 2, "sale"), ("GH-0712", 1, "refund")]
        lot_id = store.one("SELECT id FROM lots WHERE lot_no = 'GH-0712'")["id"]
        moved = c.execute(sa.text("SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE lot_id = :l"), {"l": lot_id})
        assert moved.scalar() == 5 - 2 + 1


def test_an_old_kiosk_event_without_lots_decodes_with_defaults():
    old = {"sale": {"id": "s1", "business_day": "2026-11-22"},
           "lines": [{"id": "l1", "sale_id": "s1", "product_id": "x", "producer_id": "y", "qty": 1}],
           "stock_moves": [{"id": "m1", "product_id": "x", "qty": -1}]}
    pl = msgspec.convert(old, p.SalePayload)
    assert (pl.lines[0].lot_id, pl.lines[0].lot_no, pl.lines[0].use_by, pl.stock_moves[0].lot_id) == (None, "", None,
                                                                                                       None)
    delivery = msgspec.convert({"delivery": {"id": "d1"}, "lines": []}, p.DeliveryPayload)
    assert delivery.lots == []
