"""Deliveries a producer announced on the centre's portal, at the kiosk of the location they are for.

The pull carries the centre's open announcements for this location whole (key
`delivery_announcements`): apply_pulled makes the kiosk's open list exactly that, keeping the
ones already received here. The manager opens one on the receive screen, scans what really came,
and pos.stock.receive_delivery(announcement_id=...) books the delivery against it: the delivery
row names the announcement (sent with stock.received, so the centre compares too) and the
announcement is marked received in the same transaction. compare() sets announced against
received (or against the lines scanned so far, before booking) per product and lot.
"""
from __future__ import annotations

from . import checks
from .errors import InvalidState, ValidationError
from .store import OpChanges, Store


def _line(row: dict, n: int) -> tuple:
    product_id = checks.ident(row.get("product_id"), "product_id")
    qty = row.get("qty")
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise ValidationError("announced quantity must be a positive whole number: {value!r}", field="qty",
                              value=checks.shown(qty))
    lot_no = str(row.get("lot_no") or "").strip()
    return (int(row.get("line_no") or n), product_id, lot_no, row.get("produced_on") or None,
            row.get("use_by") or None, qty)


def apply_pulled(store: Store, rows: list) -> OpChanges:
    """The centre's open announcements for this location (inside apply_catalog's transaction):
    new ones are added, open ones refreshed, open ones the centre no longer lists (cancelled, or
    received at another kiosk here) are withdrawn; received ones are never touched."""
    if not isinstance(rows, list):
        raise ValidationError("delivery_announcements must be a list", field="delivery_announcements")
    listed = set()
    for row in rows:
        aid = checks.ident(row.get("id"), "id")
        listed.add(aid)
        have = store.one("SELECT status FROM delivery_announcements WHERE id = ?", (aid,))
        if have is not None and have["status"] == "received":
            continue
        lines = [_line(ln, n) for n, ln in enumerate(row.get("lines") or [], start=1)]
        store.conn.execute(
            "INSERT INTO delivery_announcements(id, producer_id, note_no, planned_on, note, created_at, status) "
            "VALUES (?, ?, ?, ?, ?, ?, 'open') ON CONFLICT(id) DO UPDATE SET producer_id = excluded.producer_id, "
            "note_no = excluded.note_no, planned_on = excluded.planned_on, note = excluded.note, status = 'open'",
            (aid, checks.ident(row.get("producer_id"), "producer_id"), str(row.get("note_no") or ""),
             str(row.get("planned_on") or ""), checks.text(row.get("note") or "", "note"),
             str(row.get("created_at") or "")))
        store.conn.execute("DELETE FROM delivery_announcement_lines WHERE announcement_id = ?", (aid,))
        store.conn.executemany(
            "INSERT INTO delivery_announcement_lines(announcement_id, line_no, product_id, lot_no, produced_on, "
            "use_by, qty) VALUES (?, ?, ?, ?, ?, ?, ?)", [(aid, *ln) for ln in lines])
    gone = [r["id"] for r in store.all("SELECT id FROM delivery_announcements WHERE status = 'open'")
            if r["id"] not in listed]
    store.conn.executemany("UPDATE delivery_announcements SET status = 'withdrawn' WHERE id = ?",
                           [(g,) for g in gone])
    return OpChanges(catalog=bool(rows or gone))


def open_list(store: Store) -> list[dict]:
    """Announcements waiting to be received here, oldest first, with their producer and size."""
    return store.all(
        "SELECT a.id, a.producer_id, a.note_no, a.planned_on, a.note, a.created_at, "
        "coalesce(p.name, a.producer_id) AS producer_name, "
        "(SELECT count(*) FROM delivery_announcement_lines l WHERE l.announcement_id = a.id) AS lines "
        "FROM delivery_announcements a LEFT JOIN producers p ON p.id = a.producer_id "
        "WHERE a.status = 'open' ORDER BY a.created_at, a.note_no")


def get(store: Store, announcement_id: str) -> dict:
    row = store.one("SELECT a.*, coalesce(p.name, a.producer_id) AS producer_name FROM delivery_announcements a "
                    "LEFT JOIN producers p ON p.id = a.producer_id WHERE a.id = ?", (announcement_id,))
    if row is None:
        raise ValidationError("unknown delivery announcement {id!r}", field="announcement_id", id=announcement_id)
    row["lines"] = store.all(
        "SELECT l.line_no, l.product_id, l.lot_no, l.produced_on, l.use_by, l.qty, coalesce(p.sku, '') AS sku, "
        "coalesce(p.name_vi, l.product_id) AS name_vi, coalesce(p.unit, '') AS unit, "
        "coalesce(p.sold_by_weight, 0) AS sold_by_weight FROM delivery_announcement_lines l "
        "LEFT JOIN products p ON p.id = l.product_id WHERE l.announcement_id = ? ORDER BY l.line_no",
        (announcement_id,))
    return row


def check_open(store: Store, announcement_id: str, producer_id: str) -> dict:
    """The announcement a delivery is booked against (inside its transaction): open, and the
    delivery's producer's."""
    row = store.one("SELECT * FROM delivery_announcements WHERE id = ?", (announcement_id,))
    if row is None:
        raise ValidationError("unknown delivery announcement {id!r}", field="announcement_id", id=announcement_id)
    if row["status"] != "open":
        raise InvalidState("delivery announcement {note_no} was already received or withdrawn",
                           note_no=row["note_no"])
    if row["producer_id"] != producer_id:
        raise ValidationError("delivery announcement {note_no} is another producer's", field="announcement_id",
                              note_no=row["note_no"])
    return row


def _received(store: Store, delivery_id: str) -> dict[tuple, int]:
    got: dict[tuple, int] = {}
    with_lots = set()
    for r in store.all("SELECT l.product_id, l.lot_no, sum(d.qty) AS qty FROM lots l JOIN stock_moves d "
                       "ON d.lot_id = l.id WHERE d.ref_type = 'delivery' AND d.ref_id = ? GROUP BY l.id",
                       (delivery_id,)):
        got[(r["product_id"], r["lot_no"])] = got.get((r["product_id"], r["lot_no"]), 0) + int(r["qty"])
        with_lots.add(r["product_id"])
    for r in store.all("SELECT product_id, qty FROM delivery_lines WHERE delivery_id = ?", (delivery_id,)):
        if r["product_id"] not in with_lots:
            got[(r["product_id"], "")] = int(r["qty"])
    return got


def scanned_totals(scanned: list[dict]) -> dict[tuple, int]:
    """{(product id, lot no): qty} of lines as a screen holds them ({product_id, lot_no, qty})."""
    got: dict[tuple, int] = {}
    for ln in scanned:
        key = (ln["product_id"], str(ln.get("lot_no") or "").strip())
        got[key] = got.get(key, 0) + int(ln.get("qty") or 0)
    return got


def compare_lines(announced: list[dict], received: dict[tuple, int], products: dict | None = None) -> list[dict]:
    """Announced lines (as get() gives them) against {(product id, lot no): qty received}: one row
    per announced line with received and difference (= received - announced, negative: short),
    then what came without being announced (line_no None; named from `products` by id when given).
    Pure: the receive screen calls it as lines are scanned."""
    left = dict(received)
    rows = []
    for ln in announced:
        got = left.pop((ln["product_id"], ln["lot_no"]), 0)
        rows.append({**ln, "received": got, "difference": got - ln["qty"]})
    for (pid, lot_no), qty in left.items():
        p = (products or {}).get(pid) or {}
        rows.append({"line_no": None, "product_id": pid, "lot_no": lot_no, "produced_on": None, "use_by": None,
                     "qty": 0, "sku": p.get("sku", ""), "name_vi": p.get("name_vi", pid), "unit": p.get("unit", ""),
                     "sold_by_weight": p.get("sold_by_weight", 0), "received": qty, "difference": qty})
    return rows


def compare(store: Store, announcement_id: str, scanned: list[dict] | None = None) -> list[dict]:
    """Announced against received, per product and lot: against the delivery that received it, or
    (before booking) against `scanned` lines ({product_id, lot_no, qty})."""
    a = get(store, announcement_id)
    if scanned is not None:
        received = scanned_totals(scanned)
    elif a["delivery_id"]:
        received = _received(store, a["delivery_id"])
    else:
        received = {}
    announced = {(ln["product_id"], ln["lot_no"]) for ln in a["lines"]}
    extra = {pid for pid, lot_no in received if (pid, lot_no) not in announced}  # named in the rows after
    products = {pid: store.one("SELECT sku, name_vi, unit, sold_by_weight FROM products WHERE id = ?", (pid,))
                for pid in extra}
    return compare_lines(a["lines"], received, products)
