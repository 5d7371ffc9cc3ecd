"""Moving a restored kiosk's numbering past what the central server already holds.

A kiosk restored from an old file backup has its receipt counter and outbox seq back where the
backup left them, while the server holds the sales and events the kiosk made after that backup.
Left alone, the kiosk would hand out receipt numbers and seqs the server already holds, and the
server would refuse its new sales forever. The sync client asks the server what it holds
(sync/realign.py) and calls `apply` here, which, in one transaction:

- marks acknowledged the unacknowledged events the server already holds (the very same event
  id), so they are never sent or applied twice;
- renumbers, in their order, the unacknowledged events from the first one whose seq the server
  holds for a DIFFERENT event, to follow the server's highest seq (they are new to the server);
- moves the outbox seq and the receipt counter forward to at least the server's (never back);
- gives new receipt numbers to unsent sales whose number the server holds for another sale
  (their events carry the new number; the audit log keeps old -> new for the paper receipt);
- writes an audit entry for each of these.
"""
from __future__ import annotations

from .sales import _next_receipt_no
from .store import Store

SALE_EVENTS = ("sale.completed", "refund.completed")


def needs_check(store: Store, server_max_seq: int) -> bool:
    """True when the server holds a seq this kiosk has not seen acknowledged: an unacknowledged
    event at or below it, or a seq counter below it. Two index look-ups (no outbox scan), so
    the normal sync pass pays nothing for this."""
    first_unacked = store.conn.execute("SELECT min(seq) FROM outbox WHERE acked_at IS NULL").fetchone()[0]
    if first_unacked is not None and first_unacked <= server_max_seq:
        return True
    top = store.conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]
    return max(top, outbox_counter(store)) < server_max_seq


def unacked_events(store: Store, upto_seq: int) -> list[dict]:
    return [{"seq": s, "event_id": e} for s, e in store.conn.execute(
        "SELECT seq, event_id FROM outbox WHERE acked_at IS NULL AND seq <= ? ORDER BY seq", (upto_seq,))]


def unacked_between(store: Store, after: int, upto: int) -> bool:
    """Whether an unacknowledged event has a seq in (after, upto] (sync/realign.py asks the server
    again about those before anything is moved)."""
    return upto > after and store.conn.execute(
        "SELECT 1 FROM outbox WHERE acked_at IS NULL AND seq > ? AND seq <= ? LIMIT 1",
        (after, upto)).fetchone() is not None


def unacked_receipts(store: Store) -> list[dict]:
    """Receipt numbers of sales and refunds whose events the server has not acknowledged."""
    return [{"sale_id": i, "receipt_no": r} for i, r in store.conn.execute(
        "SELECT json_extract(payload, '$.sale.id'), json_extract(payload, '$.sale.receipt_no') FROM outbox "
        "WHERE acked_at IS NULL AND type IN (?, ?) ORDER BY seq", SALE_EVENTS)]


def receipt_counter(store: Store) -> int:
    row = store.conn.execute("SELECT last_no FROM receipt_counters WHERE device_code = ?",
                             (store.device_code,)).fetchone()
    return row[0] if row else 0


def outbox_counter(store: Store) -> int:
    """The highest seq the outbox has ever handed out (AUTOINCREMENT's own record)."""
    row = store.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
    return row[0] if row else 0


def _set_outbox_counter(conn, value: int) -> None:
    if conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'", (value,)).rowcount == 0:
        conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('outbox', ?)", (value,))


def _realign_events(store: Store, conn, answer: dict, server_max_seq: int, out: dict) -> None:
    """apply()'s first two steps, inside its transaction: acknowledge the unacknowledged events the
    server holds, and renumber the rest from the first seq the server holds for another event.
    Counts go into `out`."""
    now = store.now_iso()
    first_other_seq = None
    for seq, event_id in conn.execute("SELECT seq, event_id FROM outbox WHERE acked_at IS NULL AND seq <= ? "
                                      "ORDER BY seq", (server_max_seq,)).fetchall():
        status = answer.get((seq, event_id), "other")
        if status in ("held", "moved"):  # the server has this very event: never send it again
            out["acked"] += conn.execute("UPDATE outbox SET acked_at = ? WHERE seq = ?", (now, seq)).rowcount
        elif status == "other" and first_other_seq is None:
            first_other_seq = seq
    if first_other_seq is not None:
        moving = [r[0] for r in conn.execute(
            "SELECT seq FROM outbox WHERE acked_at IS NULL AND seq >= ? ORDER BY seq", (first_other_seq,))]
        staying = conn.execute("SELECT coalesce(max(seq), 0) FROM outbox WHERE NOT (acked_at IS NULL AND seq >= ?)",
                               (first_other_seq,)).fetchone()[0]
        base = max(server_max_seq, staying)
        if moving:
            # two steps so no new seq meets an old one still in place
            conn.execute("UPDATE outbox SET seq = -seq WHERE acked_at IS NULL AND seq >= ?", (first_other_seq,))
            for i, old in enumerate(moving, 1):
                conn.execute("UPDATE outbox SET seq = ? WHERE seq = ?", (base + i, -old))
            out.update(renumbered_events=len(moving), seq_from=(moving[0], moving[-1]),
                       seq_to=(base + 1, base + len(moving)))


def apply(store: Store, *, verdicts: list[dict], server_max_seq: int, server_receipt_counter: int,
          taken_receipts: list[str], checked_receipts: set[str] | None = None) -> dict:
    """See the module docstring. `verdicts` are the server's answers for unacknowledged events
    ({"seq", "event_id", "status": held|other|moved|absent}). An unacknowledged event at or below
    `server_max_seq` that the server was not asked about (a sale made while the question was on
    the wire) counts as `other`: moving an event the server does not hold is always safe. Likewise
    an unsent sale whose number is within the server's counter but was not in `checked_receipts`
    gets a new number.
    Returns what changed (all zero/empty when nothing had to)."""
    out = {"acked": 0, "renumbered_events": 0, "seq_from": None, "seq_to": None,
           "outbox_seq": None, "receipt_counter": None, "receipts": {}}
    answer = {(v["seq"], v["event_id"]): v["status"] for v in verdicts}
    with store.transaction() as conn:  # BEGIN IMMEDIATE: no sale slips in while we renumber
        _realign_events(store, conn, answer, server_max_seq, out)
        before = outbox_counter(store)
        top = max(server_max_seq, conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])
        if top > before:
            _set_outbox_counter(conn, top)
            out["outbox_seq"] = (before, top)
        last_no = receipt_counter(store)
        if server_receipt_counter > last_no:
            conn.execute("INSERT INTO receipt_counters(device_code, last_no) VALUES (?, ?) "
                         "ON CONFLICT(device_code) DO UPDATE SET last_no = max(last_no, excluded.last_no)",
                         (store.device_code, server_receipt_counter))
            out["receipt_counter"] = (last_no, server_receipt_counter)
        taken = set(taken_receipts)
        if checked_receipts is not None:
            taken |= {r["receipt_no"] for r in unacked_receipts(store) if r["receipt_no"] not in checked_receipts
                      and _number(r["receipt_no"]) <= server_receipt_counter}
        for old in sorted(taken, key=lambda r: (len(r), r)):
            sale = conn.execute("SELECT id FROM sales WHERE receipt_no = ?", (old,)).fetchone()
            if sale is None:
                continue
            new = _renumber_sale(store, sale[0], old)
            out["receipts"][old] = new
        if out["renumbered_events"] or out["outbox_seq"] or out["receipt_counter"] or out["receipts"]:
            store.audit("sync.realigned", None, ref_type="outbox", server_max_seq=server_max_seq,
                        server_receipt_counter=server_receipt_counter,
                        **{k: v for k, v in out.items() if k != "receipts"}, receipts=len(out["receipts"]))
    return out


def _number(receipt_no: str | None) -> int:
    tail = (receipt_no or "").rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _renumber_sale(store: Store, sale_id: str, old: str) -> str:
    """A new receipt number for an unsent sale whose number the server holds for another sale."""
    conn = store.conn
    new = _next_receipt_no(store)
    conn.execute("UPDATE sales SET receipt_no = ? WHERE id = ?", (new, sale_id))
    conn.execute("UPDATE outbox SET payload = json_set(payload, '$.sale.receipt_no', ?) "
                 "WHERE acked_at IS NULL AND type IN (?, ?) AND json_extract(payload, '$.sale.id') = ?",
                 (new, *SALE_EVENTS, sale_id))
    conn.execute("UPDATE outbox SET payload = json_set(payload, '$.receipt_no', ?) WHERE acked_at IS NULL "
                 "AND type = 'sale.voided' AND json_extract(payload, '$.sale_id') = ?", (new, sale_id))
    conn.execute("UPDATE print_jobs SET payload = json_set(payload, '$.receipt_no', ?, '$.barcode', ?) "
                 "WHERE ref_id = ? AND status = 'pending'", (new, new, sale_id))
    store.audit("receipt.renumbered", None, ref_type="sale", ref_id=sale_id, old_receipt_no=old,
                new_receipt_no=new, why="the central server holds this number for another sale "
                                        "(this kiosk was restored from an older backup)")
    return new
