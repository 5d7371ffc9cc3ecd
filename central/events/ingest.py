"""Applying kiosk events to the central database, each exactly once.

The guarantee is the UNIQUE constraint on events.event_id: the event row is inserted with
ON CONFLICT DO NOTHING ... RETURNING, so of two racing copies exactly one inserts and the other
learns it is a duplicate and gets the stored result. The business rows an event describes are
written in the SAME transaction as its event row, so an event is either stored and applied or
neither. Events are applied in per-device seq order: ones that arrive after a gap are stored and
applied when the gap is filled, which keeps voids after their sale and shift closes after opens
whatever order batches arrive in. The device row is locked (SELECT ... FOR UPDATE on PostgreSQL,
BEGIN IMMEDIATE on SQLite) so one device's pushes are serialized.
"""
from __future__ import annotations

import json

import msgspec
import sqlalchemy as sa
from pydantic_core import to_json
from sqlalchemy.dialects import postgresql, sqlite

from central import models as m
from central.clock import utc_now_iso
from central.events import wire


class BadEvent(ValueError):
    """An event whose payload does not have the shape docs/contracts.md gives (-> HTTP 422)."""

    def __init__(self, message: str, event_id: str = "", seq: int | None = None):
        super().__init__(message)
        self.event_id = event_id
        self.seq = seq


def dialect_insert(conn, table):
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


# -- row shaping -------------------------------------------------------------------------------
_spec = wire.column_spec


_MISSING = object()
_BIG = 2**62


def _slow(table: str, name: str, kind: str, nullable: bool, default, value):
    """The uncommon cases of a column value: missing, null, JSON text, or wrong."""
    if value is None or value is _MISSING:
        if nullable:
            return None
        if value is _MISSING and default is not None:
            return default
        raise BadEvent(f"{table}.{name} is required")
    t = type(value)
    if kind == "int":
        if t is not int:  # bool is not int here, nor "5"
            raise BadEvent(f"{table}.{name} must be an integer, got {value!r}"[:200])
        raise BadEvent(f"{table}.{name} out of range")
    if t is dict or t is list:
        return json.dumps(value, ensure_ascii=False)
    raise BadEvent(f"{table}.{name} must be text, got {value!r}"[:200])


_SHAPERS: dict = {}


def _shaper(table: sa.Table, extra_keys: tuple):
    """A row-shaping function generated for one table and one set of fixed columns: one lookup
    and one type check per column on the common path (this runs for every row of every event).
    It returns the values as a tuple in table order, ready for executemany/COPY with no dict."""
    key = (table.name, extra_keys)
    fn = _SHAPERS.get(key)
    if fn is not None:
        return fn
    lines = ["def shape(row, extra):", "    get = row.get"]
    consts = {"_M": _MISSING, "_slow": _slow, "B": _BIG}
    names = []
    for i, (name, kind, nullable, default) in enumerate(_spec(table)):
        names.append(f"v{i}")
        if name in extra_keys:
            lines.append(f"    v{i} = extra[{name!r}]")
            continue
        consts[f"d{i}"] = default
        slow = f"_slow({table.name!r}, {name!r}, {kind!r}, {nullable!r}, d{i}, v{i})"
        lines.append(f"    v{i} = get({name!r}, _M)")
        if kind == "int":
            lines.append(f"    if type(v{i}) is not int or not -B < v{i} < B: v{i} = {slow}")
        else:
            lines.append(f"    if type(v{i}) is not str: v{i} = {slow}")
    lines.append(f"    return ({', '.join(names)},)")
    exec("\n".join(lines), consts)  # noqa: S102 - generated from our own table definitions only
    fn = _SHAPERS[key] = consts["shape"]
    return fn


def _columns(table: sa.Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns)


def pick_row(table: sa.Table, row, **extra) -> tuple:
    """pick() as a tuple in table column order (the hot path: no dict per row)."""
    if type(row) is not dict:
        raise BadEvent(f"{table.name}: expected an object, got {type(row).__name__}")
    return _shaper(table, tuple(extra))(row, extra)


def pick(table: sa.Table, row, **extra) -> dict:
    """The central row for `table` from a kiosk row: type-checked (no "5" for 5, no True for 1),
    every column present in table order (so bulk writes get uniform rows), unknown kiosk columns
    ignored, `extra` columns set by the server (device, location, event id)."""
    return dict(zip(_columns(table), pick_row(table, row, **extra)))


def _rows(payload: dict, key: str) -> list:
    value = payload.get(key, [])
    if not isinstance(value, list):
        raise BadEvent(f"payload.{key} must be a list")
    return value


def _obj(payload: dict, key: str) -> dict:
    value = payload.get(key)
    if not isinstance(value, dict):
        raise BadEvent(f"payload.{key} must be an object")
    return value


class Writer:
    """Buffers inserts per table and column list and writes them in bulk on the driver
    connection (executemany on SQLite, COPY on PostgreSQL, inside the request's transaction);
    flushes before any UPDATE so statements still run in event order."""

    def __init__(self, conn):
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.buf: dict[tuple, list[tuple]] = {}

    def insert(self, table: sa.Table, row: dict) -> None:
        self.insert_row(table, tuple(row.values()), tuple(row))

    def insert_row(self, table: sa.Table, values: tuple, cols: tuple | None = None) -> None:
        """A row as pick_row() gives it (every column, in table order), or `values` for `cols`."""
        self.rows(table, cols or _columns(table)).append(values)

    def rows(self, table: sa.Table, cols: tuple) -> list:
        """The buffer of rows to insert into `table` as `cols` (append tuples to it)."""
        key = (table.name, cols)
        rows = self.buf.get(key)
        if rows is None:
            rows = self.buf[key] = []
        return rows

    def execute(self, stmt, params=None):
        self.flush()
        return self.conn.execute(stmt, params) if params is not None else self.conn.execute(stmt)

    def flush(self) -> None:
        if not self.buf:
            return
        raw = self.conn.connection.driver_connection
        cur = raw.cursor()
        try:
            for (name, cols), rows in self.buf.items():
                if self.pg:
                    with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                        for r in rows:
                            copy.write_row(r)
                else:
                    cur.executemany(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                    rows)
        finally:
            cur.close()
        self.buf = {}


# -- appliers: one per event type --------------------------------------------------------------
SALE_TYPES = ("sale.completed", "refund.completed")
_SALE_COLS = wire.columns(wire.SaleRow, "event_id", "device_code", "location_code")
_LINE_COLS = wire.columns(wire.LineRow, "business_day", "device_code", "location_code")
_PAY_COLS = wire.columns(wire.PaymentRow, "business_day", "device_code", "location_code")
_MOVE_COLS = wire.columns(wire.MoveRow, "device_code", "location_code")
_astuple = msgspec.structs.astuple
_encode = msgspec.json.encode


def _apply_sale(w: Writer, ev: dict, where: dict) -> dict:
    """The hot path: rows straight from the typed payload (see wire.py), no per-column Python."""
    p = ev["typed"]
    sale, dc, lc = p.sale, where["device_code"], where["location_code"]
    w.rows(m.sales, _SALE_COLS).append(_astuple(sale) + (ev["event_id"], dc, lc))
    extra = (sale.business_day, dc, lc)
    w.rows(m.sale_lines, _LINE_COLS).extend([_astuple(line) + extra for line in p.lines])
    w.rows(m.payments, _PAY_COLS).extend([_astuple(pay) + extra for pay in p.payments])
    extra = (dc, lc)
    w.rows(m.stock_moves, _MOVE_COLS).extend([_astuple(mv) + extra for mv in p.stock_moves])
    return {"sale_id": sale.id, "receipt_no": sale.receipt_no, "total": sale.total}


def _moves(w: Writer, p: dict, where: dict) -> int:
    rows = _rows(p, "stock_moves")
    shape, insert, table = _shaper(m.stock_moves, tuple(where)), w.insert_row, m.stock_moves
    for mv in rows:
        if type(mv) is not dict:
            raise BadEvent(f"stock_moves: expected an object, got {type(mv).__name__}")
        insert(table, shape(mv, where))
    return len(rows)


def _apply_void(w: Writer, ev: dict, where: dict) -> dict:
    p = ev["payload"]
    values = {}
    for key in ("voided_at", "voided_by", "void_reason"):
        if not isinstance(p.get(key), (str, type(None))):
            raise BadEvent(f"payload.{key} must be text")
        values[key] = p.get(key)
    sale_id = p.get("sale_id")
    if not isinstance(sale_id, str):
        raise BadEvent("payload.sale_id must be text")
    w.execute(
        sa.update(m.sales)
        .where(m.sales.c.id == sale_id, m.sales.c.device_code == where["device_code"])
        .values(status="voided", **values)
    )
    _moves(w, p, where)
    return {"sale_id": sale_id}


def _apply_shift_opened(w: Writer, ev: dict, where: dict) -> dict:
    row = pick(m.shifts, _obj(ev["payload"], "shift"), **where)
    w.insert(m.shifts, row)
    return {"shift_id": row["id"]}


def _apply_shift_closed(w: Writer, ev: dict, where: dict) -> dict:
    p = ev["payload"]
    report = p.get("report")
    row = pick(m.shifts, _obj(p, "shift"), report=json.dumps(report, ensure_ascii=False) if report is not None
               else None, **where)
    res = w.execute(sa.update(m.shifts).where(m.shifts.c.id == row["id"]).values(
        {k: v for k, v in row.items() if k != "id"}))
    if res.rowcount == 0:
        w.insert(m.shifts, row)
    return {"shift_id": row["id"]}


def _apply_cash(w: Writer, ev: dict, where: dict) -> dict:
    row = pick(m.cash_moves, _obj(ev["payload"], "cash_move"), **where)
    w.insert(m.cash_moves, row)
    return {"cash_move_id": row["id"]}


def _apply_received(w: Writer, ev: dict, where: dict) -> dict:
    p = ev["payload"]
    row = pick(m.deliveries, _obj(p, "delivery"), **where)
    w.insert(m.deliveries, row)
    for line in _rows(p, "lines"):
        w.insert(m.delivery_lines, pick(m.delivery_lines, line, **where))
    _moves(w, p, where)
    return {"delivery_id": row["id"]}


def _apply_moved(w: Writer, ev: dict, where: dict) -> dict:
    return {"stock_moves": _moves(w, ev["payload"], where)}


def _apply_count(w: Writer, ev: dict, where: dict) -> dict:
    p = ev["payload"]
    row = pick(m.stock_counts, _obj(p, "count"), **where)
    w.insert(m.stock_counts, row)
    for line in _rows(p, "lines"):
        w.insert(m.stock_count_lines, pick(m.stock_count_lines, line, **where))
    _moves(w, p, where)
    return {"count_id": row["id"]}


def _apply_local_product(w: Writer, ev: dict, where: dict) -> dict:
    p = ev["payload"]
    product = _obj(p, "product")
    pid = product.get("id")
    if not isinstance(pid, str):
        raise BadEvent("payload.product.id must be text")
    codes = _rows(p, "barcodes")
    w.execute(sa.delete(m.local_products).where(m.local_products.c.device_code == where["device_code"],
                                                m.local_products.c.product_id == pid))
    w.insert(m.local_products, {
        "device_code": where["device_code"], "location_code": where["location_code"], "product_id": pid,
        "product": json.dumps(product, ensure_ascii=False), "barcodes": json.dumps(codes),
        "updated_at": str(product.get("updated_at", "")),
    })
    return {"product_id": pid}


APPLIERS = {
    "sale.completed": _apply_sale,
    "refund.completed": _apply_sale,
    "sale.voided": _apply_void,
    "shift.opened": _apply_shift_opened,
    "shift.closed": _apply_shift_closed,
    "cash.moved": _apply_cash,
    "stock.received": _apply_received,
    "stock.moved": _apply_moved,
    "stock_count.approved": _apply_count,
    "product.local_upsert": _apply_local_product,
}


# -- the push itself --------------------------------------------------------------------------
EVENT_COLS = ("event_id", "device_code", "seq", "type", "business_day", "created_at", "received_at", "source",
              "payload", "result")


def insert_events(conn, rows: list[tuple], chunk: int = 1000) -> set[str]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING event_id, many rows per statement: the ids
    returned are exactly the events this transaction stored; any other was already there."""
    if not rows:
        return set()
    raw = conn.connection.driver_connection
    cur = raw.cursor()
    inserted: set[str] = set()
    try:
        if conn.dialect.name == "postgresql":
            # one array per column: ten parameters however many rows (psycopg parses no giant query)
            types = ["text[]"] * len(EVENT_COLS)
            types[EVENT_COLS.index("seq")] = "bigint[]"
            cols = [list(c) for c in zip(*rows)]
            cur.execute(f"INSERT INTO events ({', '.join(EVENT_COLS)}) "
                        f"SELECT * FROM unnest({', '.join(f'%b::{t}' for t in types)}) "
                        "ON CONFLICT DO NOTHING RETURNING event_id", cols)
            inserted.update(r[0] for r in cur.fetchall())
            return inserted
        one = "(" + ", ".join(["?"] * len(EVENT_COLS)) + ")"
        for i in range(0, len(rows), chunk):
            part = rows[i:i + chunk]
            cur.execute(f"INSERT INTO events ({', '.join(EVENT_COLS)}) VALUES {', '.join([one] * len(part))} "
                        "ON CONFLICT DO NOTHING RETURNING event_id", [v for r in part for v in r])
            inserted.update(r[0] for r in cur.fetchall())
    finally:
        cur.close()
    return inserted


def describe(ev: dict) -> dict:
    """The result stored with an event and returned for it (also to a duplicate): what it made."""
    t = ev["type"]
    if t in SALE_TYPES:
        s = ev["typed"].sale
        return {"sale_id": s.id, "receipt_no": s.receipt_no, "total": s.total}
    p = ev["payload"]
    try:
        if t == "sale.voided":
            return {"sale_id": p["sale_id"]}
        if t in ("shift.opened", "shift.closed"):
            return {"shift_id": p["shift"]["id"]}
        if t == "cash.moved":
            return {"cash_move_id": p["cash_move"]["id"]}
        if t == "stock.received":
            return {"delivery_id": p["delivery"]["id"]}
        if t == "stock.moved":
            return {"stock_moves": len(p["stock_moves"])}
        if t == "stock_count.approved":
            return {"count_id": p["count"]["id"]}
        if t == "product.local_upsert":
            return {"product_id": p["product"]["id"]}
    except (KeyError, TypeError, IndexError):
        pass
    return {}


def prepare(ev: dict) -> str:
    """Decode an event's payload for applying (sales into typed rows, others into a dict) and
    return the payload text to store. `payload_raw` is the JSON the kiosk sent (push, or an
    event stored earlier); `payload` a dict (bundles, direct callers). Raises BadEvent."""
    raw = ev.get("payload_raw")
    try:
        if ev["type"] in SALE_TYPES:
            if raw is not None:
                ev["typed"] = wire.sale_decoder.decode(raw)
            else:
                ev["typed"] = msgspec.convert(ev["payload"], wire.SalePayload)
        elif raw is not None:
            ev["payload"] = wire.any_decoder.decode(raw)
        return bytes(raw).decode("utf-8") if raw is not None else to_json(ev["payload"]).decode("utf-8")
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise BadEvent(f"event {ev['event_id']} (seq {ev['seq']}, {ev['type']}): {exc}", ev["event_id"],
                       ev["seq"]) from None


def _apply_one(writer: Writer, ev: dict, where: dict) -> dict:
    if ev["type"] in SALE_TYPES:
        return _apply_sale(writer, ev, where)
    if not isinstance(ev["payload"], dict):
        raise BadEvent("payload must be an object", ev["event_id"], ev["seq"])
    try:
        return APPLIERS[ev["type"]](writer, ev, where)
    except BadEvent as exc:
        raise BadEvent(f"event {ev['event_id']} (seq {ev['seq']}, {ev['type']}): {exc}", ev["event_id"],
                       ev["seq"]) from None


def missing_ranges(have: list[int], after: int, upto: int) -> list[tuple[int, int]]:
    """Inclusive seq ranges in (after, upto] that are not in sorted `have`."""
    out, expect = [], after + 1
    for s in have:
        if s > upto:
            break
        if s > expect:
            out.append((expect, s - 1))
        expect = max(expect, s + 1)
    if expect <= upto:
        out.append((expect, upto))
    return out


def lock_device(conn, device_code: str):
    stmt = sa.select(m.devices.c.code, m.devices.c.location_code, m.devices.c.contiguous_seq,
                     m.devices.c.max_seq).where(m.devices.c.code == device_code)
    if conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return conn.execute(stmt).one()


def progress(conn, device_code: str) -> dict:
    dev = conn.execute(sa.select(m.devices.c.contiguous_seq, m.devices.c.max_seq)
                       .where(m.devices.c.code == device_code)).one()
    missing = []
    if dev.max_seq > dev.contiguous_seq:
        have = list(conn.execute(sa.select(m.events.c.seq).where(
            m.events.c.device_code == device_code, m.events.c.seq > dev.contiguous_seq).order_by(m.events.c.seq)
        ).scalars())
        missing = missing_ranges(have, dev.contiguous_seq, dev.max_seq)
    return {"device_code": device_code, "ack": dev.contiguous_seq, "max_seq": dev.max_seq, "missing": missing}


def ingest(conn, device_code: str, envelopes: list[dict], source: str = "push") -> dict:
    """Store and apply a batch for one device inside the caller's transaction. Raises BadEvent
    (the caller rolls back: nothing of the batch is kept)."""
    dev = lock_device(conn, device_code)
    where = {"device_code": device_code, "location_code": dev.location_code}
    now = utc_now_iso()
    envelopes = sorted(envelopes, key=lambda e: e["seq"])
    by_id: dict[str, dict] = {}
    rows = []
    for ev in envelopes:
        if ev["device_code"] != device_code:
            raise BadEvent(f"event {ev['event_id']} belongs to device {ev['device_code']}, not {device_code}",
                           ev["event_id"], ev["seq"])
        if ev["event_id"] in by_id:  # the same event twice in one batch: the second is a duplicate
            continue
        by_id[ev["event_id"]] = ev
        text = prepare(ev)
        rows.append((ev["event_id"], device_code, ev["seq"], ev["type"], ev["business_day"], ev["created_at"],
                     now, source, text, _encode(describe(ev)).decode("utf-8")))
    inserted = insert_events(conn, rows)

    # Apply, in seq order, everything from contiguous+1 that is now stored.
    available: dict[int, dict] = {ev["seq"]: ev for ev in envelopes if ev["event_id"] in inserted}
    if dev.max_seq > dev.contiguous_seq:  # events stored earlier behind a gap
        for r in conn.execute(sa.select(m.events.c.event_id, m.events.c.seq, m.events.c.type,
                                        m.events.c.business_day, m.events.c.payload)
                              .where(m.events.c.device_code == device_code,
                                     m.events.c.seq > dev.contiguous_seq)):
            if r.seq not in available:
                ev = {"event_id": r.event_id, "seq": r.seq, "type": r.type, "business_day": r.business_day,
                      "payload_raw": r.payload.encode("utf-8")}
                prepare(ev)
                available[r.seq] = ev
    writer = Writer(conn)
    results: dict[int, dict] = {}
    # Events at or below the contiguous mark that were not stored (lost on the server, e.g. a
    # partial restore, and resent by reconciliation) are applied as they come back.
    for seq in sorted(s for s in available if s <= dev.contiguous_seq):
        _apply_one(writer, available[seq], where)
        results[seq] = describe(available[seq])
    nxt = dev.contiguous_seq + 1
    while nxt in available:
        _apply_one(writer, available[nxt], where)
        results[nxt] = describe(available[nxt])
        nxt += 1
    writer.flush()
    contiguous = nxt - 1
    max_seq = max([dev.max_seq] + [ev["seq"] for ev in available.values()])
    conn.execute(sa.update(m.devices).where(m.devices.c.code == device_code)
                 .values(contiguous_seq=contiguous, max_seq=max_seq, last_seen_at=now))

    out, duplicates = [], 0
    others = [ev for ev in by_id.values() if ev["event_id"] not in inserted]
    stored = {}
    if others:
        for r in conn.execute(sa.select(m.events.c.event_id, m.events.c.device_code, m.events.c.seq,
                                        m.events.c.result)
                              .where(m.events.c.event_id.in_([ev["event_id"] for ev in others]))):
            stored[r.event_id] = r
    answered: dict[str, dict] = {}
    for ev in envelopes:
        eid, seq = ev["event_id"], ev["seq"]
        if eid in answered:  # a second copy inside the same batch
            duplicates += 1
            out.append({**answered[eid], "status": "duplicate"})
            continue
        if eid in inserted:
            if seq in results:
                item = {"event_id": eid, "seq": seq, "status": "applied", "result": results[seq]}
            else:
                item = {"event_id": eid, "seq": seq, "status": "pending", "result": {}}
            answered[eid] = item
            out.append(item)
            continue
        r = stored.get(eid)
        if r is not None and r.device_code == device_code and r.seq == seq:
            duplicates += 1
            item = {"event_id": eid, "seq": seq, "status": "duplicate", "result": json.loads(r.result or "{}")}
        else:
            # the same seq under another event id, or an id another device used: refused, not stored
            item = {"event_id": eid, "seq": seq, "status": "conflict", "result": {}}
        answered[eid] = item
        out.append(item)
    missing = []
    if max_seq > contiguous:
        have = sorted(s for s in available if s > contiguous)
        missing = missing_ranges(have, contiguous, max_seq)
    return {"ack": contiguous, "max_seq": max_seq, "missing": missing, "applied": len(results),
            "duplicates": duplicates, "results": out}
