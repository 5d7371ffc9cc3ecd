"""invoice.issued and buyer.saved through the real ingest path, on SQLite and PostgreSQL: stored
once with the event (a resent event is a duplicate, not a second invoice), queued for delivery; an
invoice whose sums disagree with its lines is stored, flagged (event_flags) and held; a number
another invoice of the same seller and symbol already has is refused and flagged; a buyer profile's
latest edit wins and carries a new catalog revision."""
from __future__ import annotations

import uuid

import msgspec
import pytest
import sqlalchemy as sa

from central import models as m
from central.catalog.pull import current_rev
from central.events import ingest
from einvoice_rig import central, deliveries, invoice_payload, push
from sync import protocol as p


@pytest.fixture
def engine(database_url):
    eng = central(database_url)
    yield eng
    eng.dispose()


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_an_invoice_is_stored_once_with_its_lines_and_queued(engine):
    pl = invoice_payload(7)
    env = p.Envelope(uuid.uuid4().hex, 1, "HN01", "invoice.issued", "2026-11-17T03:15:00+00:00", "2026-11-17",
                     msgspec.Raw(msgspec.json.encode(pl)))
    for _ in range(2):  # the kiosk resends after a lost acknowledgement
        with engine.begin() as conn:
            res = ingest.ingest(conn, "HN01", [env])
    assert res.results[0].status == "duplicate" and res.results[0].result["state"] == "queued"
    assert _count(engine, m.invoices) == 1 and _count(engine, m.invoice_lines) == 4
    with engine.connect() as conn:
        inv = conn.execute(sa.select(m.invoices)).mappings().one()
    assert inv["device_code"] == "HN01" and inv["location_code"] == "HN-BOOTH" and inv["number"] == 7
    assert inv["total"] == pl["invoice"]["total"] and inv["buyer_name"] == ""
    row = deliveries(engine)[pl["invoice"]["id"]]
    assert row.state == "queued" and row.transaction_id == pl["invoice"]["id"] and row.seller_tax_code == "0100109106"
    assert _count(engine, m.event_flags) == 0


def test_an_invoice_whose_sums_disagree_is_stored_flagged_and_held(engine):
    pl = invoice_payload(8, break_total=1)  # one đồng more than its lines
    res = push(engine, [pl])
    assert res.results[0].status == "applied"
    assert any("total" in why for why in res.results[0].result["flagged"])
    with engine.connect() as conn:
        flag = conn.execute(sa.select(m.event_flags)).mappings().one()
    assert flag["kind"] == "arithmetic" and flag["record_id"] == pl["invoice"]["id"]
    assert "total" in flag["detail"]
    assert deliveries(engine)[pl["invoice"]["id"]].state == "issued"


def test_a_line_vat_that_is_not_the_rule_is_flagged(engine):
    pl = invoice_payload(9)
    ln = pl["lines"][2]
    ln["vat_amount"] += 1
    ln["pre_vat"] -= 1
    pl["invoice"]["vat_total"] += 1
    pl["invoice"]["pre_vat_total"] -= 1
    res = push(engine, [pl])
    assert any("vat" in why for why in res.results[0].result["flagged"])
    assert deliveries(engine)[pl["invoice"]["id"]].state == "issued"


def test_a_number_already_used_for_the_same_seller_and_symbol_is_refused(engine):
    push(engine, [invoice_payload(3)])
    res = push(engine, [invoice_payload(3)], first_seq=2)
    assert res.results[0].status == "rejected"
    assert _count(engine, m.invoices) == 1
    with engine.connect() as conn:
        assert conn.execute(sa.select(m.event_flags.c.kind)).scalar() == "conflict"


def _buyer(**kw) -> dict:
    return {"buyer": {"id": "b1", "tax_code": "0100109106", "name": "Nguyễn Thị Hoa", "company": "Công ty TNHH Hoa Sen",
                      "address": "5 Lê Lợi, Huế", "email": "ketoan@hoasen.vn", "phone": "0912345678",
                      "updated_at": "2026-11-17T03:00:00+00:00", **kw}}


def test_a_buyer_profile_latest_edit_wins_under_a_new_revision(engine):
    with engine.connect() as conn:
        rev0 = current_rev(conn)
    push(engine, [_buyer()], etype="buyer.saved")
    push(engine, [_buyer(address="9 Hùng Vương, Huế", updated_at="2026-11-17T05:00:00+00:00")], first_seq=2,
         etype="buyer.saved")
    push(engine, [_buyer(address="cũ", updated_at="2026-11-17T04:00:00+00:00")], first_seq=3, etype="buyer.saved")
    with engine.connect() as conn:
        rows = list(conn.execute(sa.select(m.buyers)).mappings())
        rev = current_rev(conn)
    assert len(rows) == 1 and rows[0]["address"] == "9 Hùng Vương, Huế" and rows[0]["device_code"] == "HN01"
    assert rows[0]["rev"] == rev0 + 2 and rev == rev0 + 3
