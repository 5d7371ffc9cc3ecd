"""Decoding push bodies with msgspec: the hot path of POST /events.

A push of 500 sales is ~2.5 MB of JSON. Decoding it into dicts, validating them, shaping rows
column by column in Python and serialising each payload again for the events table cost more
than the database writes. msgspec decodes straight into typed structs in C, keeps each event's
payload as the raw bytes the kiosk sent (stored as is), and checks types as strictly as
sync/protocol.py's pydantic models, which stay the documented (OpenAPI) shape of the request.

Row structs are generated from the central tables (models.py), so a new column is picked up
without a second definition: NOT NULL columns with a server default get that default, nullable
ones None, the rest are required; unknown kiosk fields are ignored; the columns the server sets
itself (device, location, event, business day of a line) are not read from the kiosk at all.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

import msgspec
import sqlalchemy as sa

from sync.protocol import EVENT_TYPES

from central import models as m

_BIG = 2**62
Int = Annotated[int, msgspec.Meta(gt=-_BIG, lt=_BIG)]


class Envelope(msgspec.Struct, forbid_unknown_fields=True):
    event_id: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-fA-F-]{32,36}$")]
    seq: Annotated[int, msgspec.Meta(ge=1, le=_BIG)]
    device_code: Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9]{2,12}$")]
    type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    created_at: Annotated[str, msgspec.Meta(min_length=10, max_length=40)]
    business_day: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    payload: msgspec.Raw


class PushBody(msgspec.Struct, forbid_unknown_fields=True):
    events: Annotated[list[Envelope], msgspec.Meta(max_length=5000)]


push_decoder = msgspec.json.Decoder(PushBody)


_SPECS: dict[str, list[tuple[str, str, bool, object]]] = {}


def column_spec(table: sa.Table) -> list[tuple[str, str, bool, object]]:
    """(name, "int"|"str", nullable, default for a missing NOT NULL value) per column."""
    spec = _SPECS.get(table.name)
    if spec is None:
        spec = []
        for col in table.columns:
            kind = "int" if isinstance(col.type, (sa.Integer, sa.BigInteger)) else "str"
            default = None
            if not col.nullable and col.server_default is not None:
                raw = col.server_default.arg
                raw = raw.text if hasattr(raw, "text") else raw
                default = int(raw) if kind == "int" else str(raw)
            spec.append((str(col.name), kind, bool(col.nullable), default))
        _SPECS[table.name] = spec
    return spec


def row_struct(table: sa.Table, server_set: tuple[str, ...]) -> type[msgspec.Struct]:
    """A struct with one field per kiosk-supplied column of `table`, in table order."""
    fields = []
    for name, kind, nullable, default in column_spec(table):
        if name in server_set:
            continue
        typ = Int if kind == "int" else str
        if nullable:
            fields.append((str(name), Optional[typ], None))
        elif default is not None:
            fields.append((str(name), typ, default))
        else:
            fields.append((str(name), typ))
    return msgspec.defstruct(f"{table.name}_row", fields, kw_only=True)


WHERE = ("device_code", "location_code")
SaleRow = row_struct(m.sales, WHERE + ("event_id",))
LineRow = row_struct(m.sale_lines, WHERE + ("business_day",))
PaymentRow = row_struct(m.payments, WHERE + ("business_day",))
MoveRow = row_struct(m.stock_moves, WHERE)


def columns(struct: type[msgspec.Struct], *server_set: str) -> tuple[str, ...]:
    """The INSERT column list for rows built as astuple(row) + server-set values."""
    return tuple(struct.__struct_fields__) + server_set


class SalePayload(msgspec.Struct):
    """sale.completed and refund.completed (docs/contracts.md)."""
    sale: SaleRow  # type: ignore[valid-type]
    lines: list[LineRow] = []  # type: ignore[valid-type]
    payments: list[PaymentRow] = []  # type: ignore[valid-type]
    stock_moves: list[MoveRow] = []  # type: ignore[valid-type]


sale_decoder = msgspec.json.Decoder(SalePayload)
any_decoder = msgspec.json.Decoder()
