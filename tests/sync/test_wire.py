"""The typed decoding of sales (sync/protocol.py's structs) writes exactly the rows the generic,
column-by-column shaping from the central tables (central/catalog/shape.pick) would, and refuses
what it refuses, pushed or in a bundle."""
from __future__ import annotations

import copy
import json

import pytest
import sqlalchemy as sa

from pos import outbox, sales
from sync import bundle, protocol
from sync.client import sync_once
from central import accounts as admin
from central import db
from central.catalog.shape import pick
from central.events import bundles, ingest
from central import models as m

from syncrig import enroll, sell

TABLES = (m.sales, m.sale_lines, m.payments, m.stock_moves)


def table_rows(engine, table) -> list[dict]:
    with engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(sa.select(table).order_by(table.c.id))]


def expected_rows(events: list[dict], device: str, location: str) -> dict[str, list[dict]]:
    """What the generic shaper (pick, checked by the older tests) makes of the events."""
    where = {"device_code": device, "location_code": location}
    out = {t.name: {} for t in TABLES}
    for ev in events:
        p = ev["payload"]
        if ev["type"] in ("sale.completed", "refund.completed"):
            sale = pick(m.sales, p["sale"], event_id=ev["event_id"], **where)
            out["sales"][sale["id"]] = sale
            day = {"business_day": sale["business_day"], **where}
            for line in p["lines"]:
                row = pick(m.sale_lines, line, **day)
                out["sale_lines"][row["id"]] = row
            for pay in p["payments"]:
                row = pick(m.payments, pay, **day)
                out["payments"][row["id"]] = row
        elif ev["type"] == "sale.voided":
            out["sales"][p["sale_id"]].update(status="voided", voided_at=p["voided_at"], voided_by=p["voided_by"],
                                               void_reason=p["void_reason"])
        for mv in p.get("stock_moves", []):
            row = pick(m.stock_moves, mv, **where)
            out["stock_moves"][row["id"]] = row
    return {name: [rows[k] for k in sorted(rows)] for name, rows in out.items()}


def test_pushed_sales_make_the_rows_the_generic_shaper_makes(server, kiosk, tmp_path):
    store, ids = kiosk
    enroll(server, store)
    sold = sell(store, ids, 6)
    sales.void_sale(store, sold[1].sale_id, ids["clerk"], ids["manager"], "khách đổi ý")
    line = sales.refundable_lines(store, sold[2].sale_id)[0]
    sales.refund(store, sold[2].sale_id, [{"line_id": line.get("line_id", line.get("id")), "qty": 1}],
                 ids["clerk"], ids["manager"], "hàng lỗi")
    events = outbox.pending(store, limit=1000)
    assert sync_once(store).unsynced == 0  # over HTTP: raw payload bytes -> typed rows
    want = expected_rows(events, store.device_code, "HN-BOOTH")
    for table in TABLES:
        got = table_rows(server.engine, table)
        got = [{k: (int(v) if isinstance(v, int) else v) for k, v in r.items()} for r in got]
        assert got == want[table.name], table.name
    # the stored payload is the kiosk's own JSON, byte for byte
    with server.engine.connect() as c:
        stored = dict(c.execute(sa.select(m.events.c.event_id, m.events.c.payload)).all())
    raw = {r[0]: r[1] for r in store.conn.execute("SELECT event_id, payload FROM outbox")}
    assert stored == raw


KEY, PUBLIC_KEY = bundle.new_keypair()


def _engine(database_url):
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    with engine.begin() as c:
        admin.create_device(c, "HN01", "HN-BOOTH")
        c.execute(sa.update(m.devices).where(m.devices.c.code == "HN01").values(public_key=PUBLIC_KEY))
    return engine


def envelopes(events: list[dict]) -> list[protocol.Envelope]:
    """Outbox events as the server decodes a push of them."""
    return protocol.decode_push(json.dumps({"events": events}, ensure_ascii=False).encode()).events


def _sale_event(kiosk, engine) -> dict:
    """The kiosk's first sale; the events before it (delivery, shift) are already on the server."""
    store, ids = kiosk
    sell(store, ids, 1)
    events = outbox.pending(store, limit=100)
    first = next(i for i, e in enumerate(events) if e["type"] == "sale.completed")
    with engine.begin() as c:
        ingest.ingest(c, "HN01", envelopes(events[:first]))
    return events[first]


def _ingest(engine, ev: dict, raw: bool) -> int:
    """Events applied: pushed (raw), or imported from a signed bundle."""
    if raw:
        with engine.begin() as c:
            return ingest.ingest(c, "HN01", envelopes([ev])).applied
    data = bundle.sign_events(KEY, "HN01", [ev], "2026-11-22T03:00:00+00:00")
    return bundles.import_bytes(engine, data)["applied"]


def _counts(engine) -> tuple:
    with engine.connect() as c:
        return tuple(c.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in (m.events, *TABLES))


BAD = [
    ("qty as text", lambda p: p["lines"][0].__setitem__("qty", "2"), "qty"),
    ("qty as true", lambda p: p["lines"][0].__setitem__("qty", True), "qty"),
    ("total as float", lambda p: p["sale"].__setitem__("total", 1.5), "total"),
    ("amount out of range", lambda p: p["payments"][0].__setitem__("amount", 2**63), "amount"),
    ("no sale id", lambda p: p["sale"].pop("id"), "id"),
    ("null receipt", lambda p: p["sale"].__setitem__("receipt_no", None), "receipt_no"),
    ("name as object", lambda p: p["lines"][0].__setitem__("name_vi", {"vi": "Muối"}), "name_vi"),
    ("lines not a list", lambda p: p.__setitem__("lines", {"a": 1}), "lines"),
    ("sale not an object", lambda p: p.__setitem__("sale", "HN01-000001"), "sale"),
]


@pytest.mark.parametrize("raw", [True, False], ids=["pushed", "bundle"])
def test_bad_sale_payloads_are_refused_and_change_nothing(database_url, kiosk, raw):
    engine = _engine(database_url)
    try:
        good = _sale_event(kiosk, engine)
        before = _counts(engine)
        for name, spoil, field in BAD:
            ev = copy.deepcopy(good)
            spoil(ev["payload"])
            with pytest.raises(ingest.BadEvent if raw else bundle.BundleError) as err:
                _ingest(engine, ev, raw)
            assert field in str(err.value) and good["event_id"] in str(err.value), name
            assert _counts(engine) == before, name
        not_object = copy.deepcopy(good)
        not_object["payload"] = [1, 2]
        with pytest.raises(ingest.BadEvent if raw else bundle.BundleError):
            _ingest(engine, not_object, raw)
        assert _counts(engine) == before
    finally:
        engine.dispose()


@pytest.mark.parametrize("raw", [True, False], ids=["pushed", "bundle"])
def test_missing_optional_columns_take_defaults_and_unknown_ones_are_ignored(database_url, kiosk, raw):
    engine = _engine(database_url)
    try:
        ev = _sale_event(kiosk, engine)
        line = ev["payload"]["lines"][0]
        line.pop("line_discount_reason")    # NOT NULL, default ''
        line.pop("ocop_stars")              # nullable
        line["future_field"] = {"x": 1}     # a newer kiosk's column the centre does not know yet
        ev["payload"]["sale"]["device_code"] = "XX99"  # server-set columns are never taken from the kiosk
        assert _ingest(engine, ev, raw) == 1
        with engine.connect() as c:
            row = c.execute(sa.select(m.sale_lines).where(m.sale_lines.c.id == line["id"])).one()
            sale = c.execute(sa.select(m.sales.c.device_code, m.sales.c.location_code)).one()
        assert row.line_discount_reason == "" and row.ocop_stars is None and row.qty == line["qty"]
        assert tuple(sale) == ("HN01", "HN-BOOTH")
    finally:
        engine.dispose()


def test_batches_stay_under_the_servers_body_limit(database_url, kiosk, monkeypatch):
    """Big events (here: many sales against a small limit) are cut into requests by size, not
    only by count, so a kiosk never sends a body the server must refuse with 413."""
    import sync.client as client_mod
    from syncrig import ThreadServer, assert_same_books

    store, ids = kiosk
    srv = ThreadServer(database_url, max_body_bytes=64 * 1024).start()
    try:
        enroll(srv, store)
        sell(store, ids, 40)  # ~3 KB a sale: 120+ KB in all, far over one 64 KB request
        monkeypatch.setattr(client_mod, "MAX_BODY_BYTES", 32 * 1024)
        seqs, body = client_mod.raw_batch(store, 500, 0)
        assert 1 < len(seqs) < outbox.unsynced_count(store) and len(body) <= 40 * 1024
        report = sync_once(store, batch_size=500)
        assert report.unsynced == 0 and report.duplicates == 0
        assert_same_books(store, srv.engine)
    finally:
        srv.stop()
