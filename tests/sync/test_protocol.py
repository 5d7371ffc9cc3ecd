"""The wire protocol (sync/protocol.py) is the one definition of what kiosks send: its rows match
the kiosk's tables (every field it reads is a column the kiosk has) and the central tables they
are written to (same columns, types, nullability and defaults), and the OpenAPI document
describes each kiosk endpoint's body and reply from the same structs."""
from __future__ import annotations

import typing

import msgspec
import pytest
import requests
import sqlalchemy as sa

from pos.store import Store
from sync import protocol as p
from central import models as m
from central.catalog.shape import column_spec
from central.events import ingest

# struct -> (central table, the columns the server sets itself, the kiosk's table)
ROWS = {
    p.SaleRow: (m.sales, ("device_code", "location_code", "event_id"), "sales"),
    p.LineRow: (m.sale_lines, ("device_code", "location_code", "business_day"), "sale_lines"),
    p.PaymentRow: (m.payments, ("device_code", "location_code", "business_day"), "payments"),
    p.MoveRow: (m.stock_moves, ("device_code", "location_code"), "stock_moves"),
    p.ShiftRow: (m.shifts, ("device_code", "location_code", "report"), "shifts"),
    p.CashMoveRow: (m.cash_moves, ("device_code", "location_code"), "cash_moves"),
    p.DeliveryRow: (m.deliveries, ("device_code", "location_code"), "deliveries"),
    p.DeliveryLineRow: (m.delivery_lines, ("device_code", "location_code"), "delivery_lines"),
    p.CountRow: (m.stock_counts, ("device_code", "location_code"), "stock_counts"),
    p.ReturnRow: (m.producer_returns, ("device_code", "location_code"), "producer_returns"),
    p.TransferRow: (m.stock_transfers, ("device_code", "location_code"), "transfers"),
    p.CountLineRow: (m.stock_count_lines, ("device_code", "location_code"), "stock_count_lines"),
    p.InvoiceRow: (m.invoices, ("device_code", "location_code"), "invoices"),
    p.InvoiceLineRow: (m.invoice_lines, ("device_code", "location_code"), "invoice_lines"),
    p.BuyerRow: (m.buyers, ("device_code", "rev"), "buyers"),
    p.VoucherRedemptionRow: (m.voucher_redemptions, ("voucher_id", "device_code", "location_code", "status",
                                                     "reserved_at", "restored_by", "restored_at", "double_use",
                                                     "recorded_at"), "voucher_redemptions"),
    p.SalePromotionRow: (m.sale_promotions, ("business_day", "device_code", "location_code"), "sale_promotions"),
}


def _field_kind(struct, name) -> tuple[str, bool]:
    """("int"|"str", nullable) of a struct field, from its annotation."""
    hint = typing.get_type_hints(struct, include_extras=True)[name]
    args = typing.get_args(hint)
    nullable = type(None) in args
    base = next((a for a in args if a is not type(None)), hint) if nullable else hint
    while typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    return ("int" if base is int else "str"), nullable


@pytest.mark.parametrize("struct", list(ROWS), ids=lambda s: s.__name__)
def test_rows_match_the_central_tables(struct):
    table, server_set, _ = ROWS[struct]
    info = msgspec.inspect.type_info(struct)
    fields = {f.name: f for f in info.fields}
    spec = {name: (kind, nullable, default) for name, kind, nullable, default in column_spec(table)}
    assert set(fields) == set(spec) - set(server_set), table.name
    assert set(server_set) <= set(spec)
    for name, f in fields.items():
        kind, nullable, default = spec[name]
        assert _field_kind(struct, name) == (kind, nullable), f"{table.name}.{name}"
        if nullable:
            assert f.default is None, f"{table.name}.{name}"
        elif default is None:
            assert f.required, f"{table.name}.{name} has no default centrally"
        else:
            assert f.default == default, f"{table.name}.{name}"
    assert ingest.columns(struct, *server_set)[:len(fields)] == tuple(fields)


@pytest.mark.parametrize("struct", list(ROWS), ids=lambda s: s.__name__)
def test_rows_read_only_columns_the_kiosk_has(struct, tmp_path):
    store = Store(tmp_path / "k.db")
    try:
        kiosk_cols = {r[1] for r in store.conn.execute(f"PRAGMA table_info({ROWS[struct][2]})")}
    finally:
        store.close()
    assert set(struct.__struct_fields__) <= kiosk_cols


def test_every_event_type_has_one_payload_and_one_applier():
    assert set(p.PAYLOADS) == set(p.EVENT_TYPES) == set(ingest.APPLIERS)


def test_a_push_is_refused_whole_when_one_event_is_another_devices():
    body = {"events": [{"event_id": "0" * 32, "seq": 1, "device_code": "HN02", "type": "stock.moved",
                        "created_at": "2026-11-22T03:00:00+00:00", "business_day": "2026-11-22",
                        "payload": {"stock_moves": []}}]}
    events = p.decode_push(msgspec.json.encode(body)).events
    with pytest.raises(ingest.ForeignEvent):
        ingest.own_events("HN01", events)
    ingest.own_events("HN02", events)


def test_openapi_describes_every_kiosk_body_and_reply(server):
    spec = requests.get(server.url + "/api/v1/openapi.json", timeout=10).json()
    comps = spec["components"]["schemas"]

    def ref(op, where):
        content = (op["requestBody"] if where == "request" else op["responses"]["200"])["content"]
        return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]

    paths = spec["paths"]
    for path, method, request, reply in [
        ("/api/v1/events", "post", "PushRequest", "PushResponse"),
        ("/api/v1/events/check", "post", "CheckRequest", "CheckResponse"),
        ("/api/v1/enroll", "post", "EnrollRequest", "EnrollResponse"),
        ("/api/v1/reconcile", "post", "ReconcileRequest", "ReconcileResponse"),
        ("/api/v1/events/progress", "get", None, "Progress"),
    ]:
        op = paths[path][method]
        if request:
            assert ref(op, "request") == request and request in comps, path
        assert ref(op, "reply") == reply and reply in comps, path
    payload = comps["Envelope"]["properties"]["payload"]["oneOf"]
    assert {"$ref": "#/components/schemas/SalePayload"} in payload
    assert comps["LineRow"]["properties"]["qty"]["type"] == "integer"
    assert comps["PushRequest"]["properties"]["events"]["maxItems"] == p.MAX_PUSH_EVENTS
