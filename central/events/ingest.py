"""Applying kiosk events to the central database, each exactly once.

The guarantee is the UNIQUE constraint on events.event_id: the event row is inserted with
ON CONFLICT DO NOTHING ... RETURNING, so of two racing copies exactly one inserts and the other
learns it is a duplicate and gets the stored result. The business rows an event describes are
written in the SAME transaction as its event row, so an event is either stored and applied or
neither. Events are applied in per-device seq order: ones that arrive after a gap are stored and
applied when the gap is filled, which keeps voids after their sale and shift closes after opens
whatever order batches arrive in. The device row is locked (SELECT ... FOR UPDATE on PostgreSQL,
BEGIN IMMEDIATE on SQLite) so one device's pushes are serialized.

One path for every event, pushed or from a bundle: envelopes as sync/protocol.py decodes them
(payloads still the bytes the kiosk sent) -> `prepare`: the payload decoded once into its typed
struct, and the event type's applier turns it into a `Change` (the rows to write and the result
the reply and the event log give) -> written in bulk if the event is next in seq order.
"""
from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

import msgspec
import sqlalchemy as sa

from sync import protocol as p

from central import models as m
from central.clock import utc_now_iso
from central.db import dialect_insert
from central.events import sums
from central.vouchers import ingest as voucher_ingest

try:  # the PostgreSQL driver's unique violations (raised by COPY on the driver connection)
    from psycopg import IntegrityError as _PgIntegrity
except ImportError:  # pragma: no cover - psycopg is a dependency
    _PgIntegrity = sqlite3.IntegrityError
INTEGRITY = (sa.exc.IntegrityError, sqlite3.IntegrityError, _PgIntegrity)
REFUSED = 409  # the per-event code of an event whose record id is taken (stored, not applied)


class BadEvent(ValueError):
    """An event whose payload does not have the shape sync/protocol.py gives (-> HTTP 422)."""

    def __init__(self, message: str, event_id: str = "", seq: int | None = None):
        super().__init__(message)
        self.event_id = event_id
        self.seq = seq


class ForeignEvent(BadEvent):
    """An event of another device than the one sending (a push -> HTTP 403; a bundle is refused)."""


def own_events(device_code: str, events: list[p.Envelope]) -> None:
    """The one check that a device writes only its own events (push and bundle alike)."""
    for ev in events:
        if ev.device_code != device_code:
            raise ForeignEvent(f"event {ev.event_id} is for device {ev.device_code}, not {device_code}",
                               ev.event_id, ev.seq)


# -- what one event does -------------------------------------------------------------------------
class Where(NamedTuple):
    device_code: str
    location_code: str


class Upsert(NamedTuple):
    """INSERT, or UPDATE of every other column when a row with the same `keys` exists (and, with
    `newer`, only when the incoming row's `newer` column is not older than the stored one's)."""
    table: sa.Table
    keys: tuple[str, ...]
    row: dict
    newer: str = ""


class Change(NamedTuple):
    """What one event does: `statements` (run first, in event order), then `rows` appended to the
    bulk inserts as (table, columns, [value tuples]); `result` is what the reply says it made."""
    result: dict
    rows: tuple = ()
    statements: tuple = ()


def columns(struct: type[msgspec.Struct], *server_set: str) -> tuple[str, ...]:
    """The INSERT column list for rows built as astuple(row) + server-set values."""
    return tuple(struct.__struct_fields__) + server_set


WHERE = ("device_code", "location_code")
SALE_COLS = columns(p.SaleRow, "event_id", *WHERE)
LINE_COLS = columns(p.LineRow, "business_day", *WHERE)
PROMO_COLS = columns(p.SalePromotionRow, "business_day", *WHERE)
PAY_COLS = columns(p.PaymentRow, "business_day", *WHERE)
SET_COMP_COLS = columns(p.SetComponentRow, "business_day", *WHERE)
MOVE_COLS = columns(p.MoveRow, *WHERE)
SHIFT_COLS = columns(p.ShiftRow, "report", *WHERE)
CASH_COLS = columns(p.CashMoveRow, *WHERE)
DELIVERY_COLS = columns(p.DeliveryRow, *WHERE)
DELIVERY_LINE_COLS = columns(p.DeliveryLineRow, *WHERE)
DELIVERY_LOT_COLS = columns(p.DeliveryLotRow, *WHERE)
RETURN_COLS = columns(p.ReturnRow, *WHERE)
TRANSFER_COLS = columns(p.TransferRow, *WHERE)
TRANSFER_LINE_COLS = columns(p.TransferLineRow, *WHERE)
COUNT_COLS = columns(p.CountRow, *WHERE)
COUNT_LINE_COLS = columns(p.CountLineRow, *WHERE)
INVOICE_COLS = columns(p.InvoiceRow, *WHERE)
INVOICE_LINE_COLS = columns(p.InvoiceLineRow, *WHERE)
SEND_COLS = ("invoice_id", "seller_tax_code", "state", "transaction_id", "queued_at", "updated_at")
_astuple = msgspec.structs.astuple


def _moves(moves: list, where: Where) -> tuple:
    return (m.stock_moves, MOVE_COLS, [_astuple(mv) + where for mv in moves])


def _sale(pl: p.SalePayload, event_id: str, where: Where) -> Change:
    """The hot path: rows straight from the typed payload, no per-column Python."""
    sale = pl.sale
    day = (sale.business_day, *where)
    return Change({"sale_id": sale.id, "receipt_no": sale.receipt_no, "total": sale.total}, (
        (m.sales, SALE_COLS, [_astuple(sale) + (event_id, *where)]),
        (m.sale_lines, LINE_COLS, [_astuple(line) + day for line in pl.lines]),
        (m.payments, PAY_COLS, [_astuple(pay) + day for pay in pl.payments]),
        (m.sale_line_components, SET_COMP_COLS, [_astuple(c) + day for c in pl.sale_line_components]),
        _moves(pl.stock_moves, where),
        (m.sale_promotions, PROMO_COLS, [_astuple(pr) + day for pr in pl.promotions])),
        voucher_ingest.statements(Upsert, pl.voucher_redemptions, pl.voucher_restores, where, event_id))


def _void(pl: p.VoidPayload, event_id: str, where: Where) -> Change:
    update = (sa.update(m.sales).where(m.sales.c.id == pl.sale_id, m.sales.c.device_code == where.device_code)
              .values(status="voided", voided_at=pl.voided_at, voided_by=pl.voided_by, void_reason=pl.void_reason))
    return Change({"sale_id": pl.sale_id}, (_moves(pl.stock_moves, where),),
                  (update, *voucher_ingest.statements(Upsert, (), pl.voucher_restores, where, event_id)))


def _shift_opened(pl: p.ShiftPayload, event_id: str, where: Where) -> Change:
    row = _astuple(pl.shift) + (_json(pl.report), *where)
    return Change({"shift_id": pl.shift.id}, ((m.shifts, SHIFT_COLS, [row]),))


def _shift_closed(pl: p.ShiftPayload, event_id: str, where: Where) -> Change:
    row = dict(zip(SHIFT_COLS, _astuple(pl.shift) + (_json(pl.report), *where)))
    return Change({"shift_id": pl.shift.id}, (), (Upsert(m.shifts, ("id",), row),))


def _cash(pl: p.CashPayload, event_id: str, where: Where) -> Change:
    return Change({"cash_move_id": pl.cash_move.id}, ((m.cash_moves, CASH_COLS, [_astuple(pl.cash_move) + where]),))


def _received(pl: p.DeliveryPayload, event_id: str, where: Where) -> Change:
    return Change({"delivery_id": pl.delivery.id}, (
        (m.deliveries, DELIVERY_COLS, [_astuple(pl.delivery) + where]),
        (m.delivery_lines, DELIVERY_LINE_COLS, [_astuple(line) + where for line in pl.lines]),
        (m.delivery_lots, DELIVERY_LOT_COLS, [_astuple(lot) + where for lot in pl.lots]),
        _moves(pl.stock_moves, where)))


def _moved(pl: p.MovesPayload, event_id: str, where: Where) -> Change:
    return Change({"stock_moves": len(pl.stock_moves)}, (_moves(pl.stock_moves, where),))


def _returned(pl: p.ReturnPayload, event_id: str, where: Where) -> Change:
    """A return to the producer: the note's header and its movements, in the event's transaction."""
    ret = pl.producer_return
    return Change({"return_id": ret.id, "return_no": ret.return_no}, (
        (m.producer_returns, RETURN_COLS, [_astuple(ret) + where]),
        _moves(pl.stock_moves, where)))


def _transfer(pl: p.TransferPayload, event_id: str, where: Where) -> Change:
    """One side of a transfer: a second 'in' for the same transfer violates the key and is refused."""
    t = pl.transfer
    return Change({"transfer_id": t.id, "direction": t.direction, "transfer_no": t.transfer_no}, (
        (m.stock_transfers, TRANSFER_COLS, [_astuple(t) + where]),
        (m.transfer_lines, TRANSFER_LINE_COLS, [_astuple(line) + where for line in pl.lines]),
        _moves(pl.stock_moves, where)))


def _count(pl: p.CountPayload, event_id: str, where: Where) -> Change:
    return Change({"count_id": pl.count.id}, (
        (m.stock_counts, COUNT_COLS, [_astuple(pl.count) + where]),
        (m.stock_count_lines, COUNT_LINE_COLS, [_astuple(line) + where for line in pl.lines]),
        _moves(pl.stock_moves, where)))


def _local_product(pl: p.LocalProductPayload, event_id: str, where: Where) -> Change:
    pid = pl.product["id"]
    row = {"device_code": where.device_code, "location_code": where.location_code, "product_id": pid,
           "product": json.dumps(pl.product, ensure_ascii=False), "barcodes": json.dumps(pl.barcodes),
           "updated_at": str(pl.product.get("updated_at", ""))}
    return Change({"product_id": pid}, (), (Upsert(m.local_products, ("device_code", "product_id"), row),))


def _invoice(pl: p.InvoicePayload, event_id: str, where: Where) -> Change:
    """The invoice as the kiosk printed it, and its delivery row: queued for the provider, or held
    ("issued") when its own sums disagree (prepare() flags it; the office decides)."""
    inv = pl.invoice
    state = "issued" if sums.invoice_problems(pl) else "queued"
    now = utc_now_iso()
    return Change({"invoice_id": inv.id, "number": inv.number, "state": state}, (
        (m.invoices, INVOICE_COLS, [_astuple(inv) + where]),
        (m.invoice_lines, INVOICE_LINE_COLS, [_astuple(line) + where for line in pl.lines]),
        (m.invoice_deliveries, SEND_COLS, [(inv.id, inv.seller_tax_code, state, inv.id, now, now)])))


_REV = sa.select(m.counters.c.value).where(m.counters.c.name == "catalog_rev").scalar_subquery()


def _buyer(pl: p.BuyerPayload, event_id: str, where: Where) -> Change:
    """A buyer profile: the latest updated_at wins, under a new catalog revision so every kiosk
    pulls it (central/catalog/pull.py "buyers")."""
    row = {**msgspec.structs.asdict(pl.buyer), "device_code": where.device_code, "rev": _REV}
    bump = (sa.update(m.counters).where(m.counters.c.name == "catalog_rev")
            .values(value=m.counters.c.value + 1))
    return Change({"buyer_id": pl.buyer.id}, (), (bump, Upsert(m.buyers, ("id",), row, "updated_at")))


def _json(value) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value is not None else None


APPLIERS = {
    "sale.completed": _sale,
    "refund.completed": _sale,
    "sale.voided": _void,
    "shift.opened": _shift_opened,
    "shift.closed": _shift_closed,
    "cash.moved": _cash,
    "stock.received": _received,
    "stock.moved": _moved,
    "stock_count.approved": _count,
    "product.local_upsert": _local_product,
    "invoice.issued": _invoice,
    "buyer.saved": _buyer,
    "stock.returned": _returned,
    "stock.transferred": _transfer,
    "stock.transfer_received": _transfer,
}
assert set(APPLIERS) == set(p.EVENT_TYPES)


class Writer:
    """Buffers inserts per table and column list and writes them in bulk on the driver
    connection (executemany on SQLite, COPY on PostgreSQL, inside the request's transaction);
    flushes before any other statement so statements still run in event order."""

    def __init__(self, conn):
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.buf: dict[tuple, list[tuple]] = {}

    def apply(self, change: Change) -> dict:
        for stmt in change.statements:
            self.flush()
            if isinstance(stmt, Upsert):
                ins = dialect_insert(self.conn, stmt.table).values(stmt.row)
                newer = (stmt.table.c[stmt.newer] <= ins.excluded[stmt.newer]) if stmt.newer else None
                stmt = ins.on_conflict_do_update(index_elements=list(stmt.keys), set_={
                    k: v for k, v in stmt.row.items() if k not in stmt.keys}, where=newer)
            self.conn.execute(stmt)
        buf = self.buf
        for table, cols, rows in change.rows:
            if rows:
                key = (table.name, cols)
                if key in buf:
                    buf[key].extend(rows)
                else:
                    buf[key] = list(rows)
        return change.result

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


# -- the push itself --------------------------------------------------------------------------
EVENT_COLS = ("event_id", "device_code", "seq", "type", "business_day", "created_at", "received_at", "source",
              "payload", "result")


class Prepared(NamedTuple):
    """An event ready to store and apply: its envelope, its payload as text, and its Change."""
    ev: p.Envelope
    text: str
    change: Change


def prepare(ev: p.Envelope, where: Where) -> Prepared:
    """Decode the payload (once) into its typed struct and let the type's applier say what the
    event does. Raises BadEvent naming the event and the field."""
    try:
        payload = p.decode_payload(ev.type, ev.payload)
        text = bytes(ev.payload).decode("utf-8")
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise BadEvent(f"event {ev.event_id} (seq {ev.seq}, {ev.type}): {exc}", ev.event_id, ev.seq) from None
    change = APPLIERS[ev.type](payload, ev.event_id, where)
    if isinstance(payload, p.SalePayload):
        problems = sums.sale_problems(payload)
        if problems:
            change = _flagged(change, ev, where, payload.sale.id, problems)
    elif isinstance(payload, p.InvoicePayload):
        problems = sums.invoice_problems(payload)
        if problems:
            change = _flagged(change, ev, where, payload.invoice.id, problems)
    return Prepared(ev, text, change)


FLAG_COLS = ("event_id", "device_code", "location_code", "seq", "business_day", "kind", "record_id", "detail",
             "flagged_at")


def _flag_row(ev: p.Envelope, where: Where, kind: str, record_id: str, detail: str) -> tuple:
    return (ev.event_id, where.device_code, where.location_code, ev.seq, ev.business_day, kind, record_id, detail,
            utc_now_iso())


def _flagged(change: Change, ev: p.Envelope, where: Where, record_id: str, problems: list[str]) -> Change:
    """The sale (or invoice) is stored as the kiosk sent it (its lines are what reports sum) with a
    flag row saying how its own figures disagree; the kiosk's reply says so too."""
    row = _flag_row(ev, where, "arithmetic", record_id, "; ".join(problems)[:2000])
    return Change({**change.result, "flagged": problems[:20]}, change.rows + ((m.event_flags, FLAG_COLS, [row]),),
                  change.statements)


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


def progress(conn, device_code: str) -> p.Progress:
    dev = conn.execute(sa.select(m.devices.c.contiguous_seq, m.devices.c.max_seq)
                       .where(m.devices.c.code == device_code)).one()
    missing = []
    if dev.max_seq > dev.contiguous_seq:
        have = list(conn.execute(sa.select(m.events.c.seq).where(
            m.events.c.device_code == device_code, m.events.c.seq > dev.contiguous_seq).order_by(m.events.c.seq)
        ).scalars())
        missing = missing_ranges(have, dev.contiguous_seq, dev.max_seq)
    return p.Progress(device_code, dev.contiguous_seq, dev.max_seq, missing)


def _behind_gap(conn, dev, where: Where, available: dict[int, Prepared]) -> None:
    """Add the events stored earlier behind a gap (above the device's contiguous mark)."""
    if dev.max_seq <= dev.contiguous_seq:
        return
    e = m.events
    for r in conn.execute(sa.select(e.c.event_id, e.c.seq, e.c.device_code, e.c.type, e.c.created_at,
                                    e.c.business_day, e.c.payload)
                          .where(e.c.device_code == where.device_code, e.c.seq > dev.contiguous_seq)):
        if r.seq not in available:
            ev = p.Envelope(r.event_id, r.seq, r.device_code, r.type, r.created_at, r.business_day,
                            msgspec.Raw(r.payload.encode("utf-8")))
            available[r.seq] = prepare(ev, where)


def _apply_in_order(conn, contiguous: int, available: dict[int, Prepared]) -> tuple[dict[int, dict], int]:
    """Apply, in seq order, everything from contiguous+1 that is now stored; returns the results
    by seq and the new contiguous mark. Events at or below the mark that were not stored (lost on
    the server, e.g. a partial restore, and resent by reconciliation) are applied as they come."""
    writer = Writer(conn)
    results: dict[int, dict] = {}
    for seq in sorted(s for s in available if s <= contiguous):
        results[seq] = writer.apply(available[seq].change)
    nxt = contiguous + 1
    while nxt in available:
        results[nxt] = writer.apply(available[nxt].change)
        nxt += 1
    writer.flush()
    return results, nxt - 1


def _apply_each(conn, contiguous: int, available: dict[int, Prepared], where: Where) -> tuple[dict[int, dict], int]:
    """The slow path after a unique violation: each event in its own savepoint, so the one whose
    rows clash is stored but not applied (answered 409) and the events after it still apply."""
    writer = Writer(conn)
    order = sorted(s for s in available if s <= contiguous)
    nxt = contiguous + 1
    while nxt in available:
        order.append(nxt)
        nxt += 1
    results: dict[int, dict] = {}
    for seq in order:
        pr = available[seq]
        try:
            with conn.begin_nested():
                results[seq] = writer.apply(pr.change)
                writer.flush()
        except INTEGRITY as exc:
            writer.buf = {}
            results[seq] = _refuse(conn, pr, where, exc)
    return results, nxt - 1


def _owner(conn, change: Change, device_code: str) -> str:
    """Which other device already holds one of the event's record ids ('' if none does)."""
    for table, cols, rows in change.rows:
        if cols and cols[0] == "id" and "device_code" in table.c and rows:
            found = conn.execute(sa.select(table.c.device_code).where(
                table.c.id.in_([r[0] for r in rows[:1000]]), table.c.device_code != device_code).limit(1)).scalar()
            if found:
                return found
    return ""


def _refuse(conn, pr: Prepared, where: Where, exc: Exception) -> dict:
    """Store the refusal as the event's result (a resend gets the same answer) and flag it."""
    owner = _owner(conn, pr.change, where.device_code)
    record = next((v for v in pr.change.result.values() if isinstance(v, str)), "")
    why = (f"record {record} is already used by device {owner}" if owner
           else f"a record of this event is already stored: {str(exc).splitlines()[0][:300]}")
    result = {"code": REFUSED, "error": why, "record_id": record, "other_device": owner}
    conn.execute(sa.update(m.events).where(m.events.c.event_id == pr.ev.event_id)
                 .values(result=json.dumps(result, ensure_ascii=False)))
    conn.execute(sa.insert(m.event_flags).values(dict(zip(FLAG_COLS, _flag_row(pr.ev, where, "conflict", record, why)))))
    return result


def refused(result: dict) -> bool:
    return result.get("code") == REFUSED


def ingest(conn, device_code: str, events: list[p.Envelope], source: str = "push") -> p.PushResponse:
    """Store and apply a batch for one device inside the caller's transaction. Raises
    ForeignEvent or BadEvent (the caller rolls back: nothing of the batch is kept)."""
    own_events(device_code, events)
    dev = lock_device(conn, device_code)
    where = Where(device_code, dev.location_code)
    now = utc_now_iso()
    events = sorted(events, key=lambda e: e.seq)
    batch: dict[str, Prepared] = {}
    for ev in events:
        if ev.event_id not in batch:  # the same event twice in one batch: the second is a duplicate
            batch[ev.event_id] = prepare(ev, where)
    encode = msgspec.json.encode
    inserted = insert_events(conn, [
        (ev.event_id, device_code, ev.seq, ev.type, ev.business_day, ev.created_at, now, source, text,
         encode(change.result).decode("utf-8")) for ev, text, change in batch.values()])
    available = {pr.ev.seq: pr for pr in batch.values() if pr.ev.event_id in inserted}
    _behind_gap(conn, dev, where, available)
    try:
        with conn.begin_nested():
            results, contiguous = _apply_in_order(conn, dev.contiguous_seq, available)
    except INTEGRITY:  # a record id (or receipt number) already stored: find which event, refuse it alone
        results, contiguous = _apply_each(conn, dev.contiguous_seq, available, where)
    max_seq = max([dev.max_seq] + list(available))
    conn.execute(sa.update(m.devices).where(m.devices.c.code == device_code)
                 .values(contiguous_seq=contiguous, max_seq=max_seq, last_seen_at=now))
    missing = []
    if max_seq > contiguous:
        missing = missing_ranges(sorted(s for s in available if s > contiguous), contiguous, max_seq)
    out = _answers(conn, device_code, events, inserted, results)
    duplicates = sum(1 for r in out if r.status == "duplicate")
    return p.PushResponse(contiguous, max_seq, missing, len(results), duplicates, out)


def _answers(conn, device_code: str, events: list[p.Envelope], inserted: set[str],
             results: dict[int, dict]) -> list[p.EventResult]:
    """One answer per envelope sent, in seq order: applied, pending (stored behind a gap),
    duplicate (with the stored result) or conflict (refused, not stored)."""
    others = {ev.event_id for ev in events if ev.event_id not in inserted}
    stored = {}
    if others:
        e = m.events
        for r in conn.execute(sa.select(e.c.event_id, e.c.device_code, e.c.seq, e.c.result)
                              .where(e.c.event_id.in_(sorted(others)))):
            stored[r.event_id] = r
    out, answered = [], {}
    for ev in events:
        eid, seq = ev.event_id, ev.seq
        if eid in answered:  # a second copy inside the same batch
            first = answered[eid]
            out.append(p.EventResult(eid, first.seq, "duplicate", first.result))
            continue
        if eid in inserted:
            item = (p.EventResult(eid, seq, "rejected" if refused(results[seq]) else "applied", results[seq])
                    if seq in results else p.EventResult(eid, seq, "pending", {}))
        else:
            r = stored.get(eid)
            if r is not None and r.device_code == device_code and r.seq == seq:
                res = json.loads(r.result or "{}")
                item = p.EventResult(eid, seq, "rejected" if refused(res) else "duplicate", res)
            else:  # the same seq under another event id, or an id another device used: refused, not stored
                item = p.EventResult(eid, seq, "conflict", {})
        answered[eid] = item
        out.append(item)
    return out
