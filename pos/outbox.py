"""The outbox: events for the central server, written in the same transaction as the change they
describe, so a sale can never exist locally without its event (nor an event without its sale).

Events leave in `seq` order and are marked acknowledged only when the server says it holds them
up to that sequence number; until then they are resent, and the server's unique event id makes
the resend harmless."""
from __future__ import annotations

import json

import msgspec

from .store import Store, new_id


# msgspec writes the same compact UTF-8 JSON as json.dumps(ensure_ascii=False, separators=(",", ":"))
# in an eighth of the time; the payload is encoded inside the sale's write transaction.
_encode = msgspec.json.Encoder().encode


def add(store: Store, type_: str, payload: dict, business_day: str | None = None, created_at: str | None = None) -> int:
    """Append one event; call inside the transaction that makes the change. Returns its seq.
    `created_at` (default now): the time of the change, when the caller read the clock already."""
    if not store.conn.in_transaction:
        raise RuntimeError("outbox.add must run inside the transaction of the change it records")
    cur = store.conn.execute(
        "INSERT INTO outbox(event_id, type, created_at, business_day, payload) VALUES (?,?,?,?,?)",
        (new_id(), type_, created_at or store.now_iso(), business_day or store.business_day(),
         _encode(payload).decode()),
    )
    return cur.lastrowid


def _envelope(store: Store, row) -> dict:
    seq, event_id, type_, created_at, business_day, payload = row
    return {
        "event_id": event_id,
        "seq": seq,
        "device_code": store.device_code,
        "type": type_,
        "created_at": created_at,
        "business_day": business_day,
        "payload": json.loads(payload),
    }


def pending_rows(store: Store, limit: int = 500, after_seq: int = 0) -> list[tuple]:
    """Unacknowledged events in sequence order as stored: (seq, event_id, type, created_at,
    business_day, payload text). The sync client builds its request body from the payload text
    as it is, without parsing and re-serialising every sale."""
    return store.conn.execute(
        "SELECT seq, event_id, type, created_at, business_day, payload FROM outbox "
        "WHERE acked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
        (after_seq, limit),
    ).fetchall()


def pending(store: Store, limit: int = 500, after_seq: int = 0) -> list[dict]:
    """Unacknowledged events in sequence order."""
    return [_envelope(store, r) for r in pending_rows(store, limit, after_seq)]


def events_between(store: Store, first_seq: int, last_seq: int) -> list[dict]:
    """Events by sequence range, acknowledged or not (to resend what the server reports missing)."""
    rows = store.conn.execute(
        "SELECT seq, event_id, type, created_at, business_day, payload FROM outbox "
        "WHERE seq BETWEEN ? AND ? ORDER BY seq",
        (first_seq, last_seq),
    ).fetchall()
    return [_envelope(store, r) for r in rows]


def ack(store: Store, upto_seq: int) -> int:
    """Mark every event up to `upto_seq` as held by the server. Returns how many were newly marked."""
    with store.transaction() as conn:
        cur = conn.execute(
            "UPDATE outbox SET acked_at = ? WHERE acked_at IS NULL AND seq <= ?", (store.now_iso(), upto_seq)
        )
    return cur.rowcount


def count(store: Store) -> int:
    """Every event this kiosk ever recorded, sent or not."""
    return store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]


def seqs_between(store: Store, after_seq: int, upto_seq: int) -> set[int]:
    """The seqs this kiosk still holds in (after_seq, upto_seq]."""
    return {r[0] for r in store.conn.execute("SELECT seq FROM outbox WHERE seq > ? AND seq <= ?",
                                             (after_seq, upto_seq))}


def unsynced_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM outbox WHERE acked_at IS NULL").fetchone()[0]


def status(store: Store) -> dict:
    row = store.conn.execute(
        "SELECT count(*) FILTER (WHERE acked_at IS NULL), max(seq), max(seq) FILTER (WHERE acked_at IS NOT NULL), "
        "min(created_at) FILTER (WHERE acked_at IS NULL), max(acked_at) FROM outbox"
    ).fetchone()
    return {
        "unsynced": row[0],
        "last_seq": row[1] or 0,
        "acked_seq": row[2] or 0,
        "oldest_unsynced_at": row[3],
        "last_ack_at": row[4],
    }


def events_on_day(store: Store, business_day: str) -> list[dict]:
    """Every event of one business day, acknowledged or not (nightly reconciliation resends a day
    whose figures differ from the server's)."""
    rows = store.conn.execute(
        "SELECT seq, event_id, type, created_at, business_day, payload FROM outbox "
        "WHERE business_day = ? ORDER BY seq",
        (business_day,),
    ).fetchall()
    return [_envelope(store, r) for r in rows]


def events_per_day(store: Store, days: list[str]) -> dict[str, int]:
    """How many events each of `days` has (days without any are left out)."""
    marks = ",".join("?" * len(days))
    return dict(store.conn.execute(
        f"SELECT business_day, count(*) FROM outbox WHERE business_day IN ({marks}) GROUP BY business_day", days))


def recent_event_days(store: Store, last: int = 20000) -> set[str]:
    """The business days of the last `last` events (a clock a day off, a long offline spell:
    days nightly reconciliation must compare besides the calendar's last week)."""
    return {day for (day,) in store.conn.execute(
        "SELECT DISTINCT business_day FROM outbox WHERE seq > (SELECT coalesce(max(seq), 0) - ? FROM outbox)",
        (last,))}
