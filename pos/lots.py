"""Lots: the producer's lot numbers a delivery brings, which lot a sale draws from, what expires.

The lot ledger is the stock ledger: a movement of a lot carries its lot_id, and lot_on_hand is kept
by a trigger in the same transaction (pos/schema.py m010_lots), so a lot's stock always equals the
sum of its movements, crash or not. Stock without a lot (received before lots existed, or found by
a count of the whole product) stays on the product only: on-hand minus what the lots hold.

How a sale line is drawn (draw(), inside the sale's write transaction):
1. the scanned code named a lot the kiosk received: all of the line from that lot;
2. otherwise stock without a lot first (it came before any lot: the oldest), then the lots not
   expired, earliest use-by first (FEFO; a lot without use-by after the dated ones, then by
   production date and arrival); a lot runs out, the next one takes the rest;
3. what is left after that would have to come from expired lots: refused (ExpiredItem) unless a
   manager allowed it on that line (CartLine.expired_ok_by, audited by the sale); then the earliest
   expired lots are drawn;
4. anything still left (the ledger holds less than the shelf) is drawn without a lot, as before
   lots: a count corrects the ledger later.
A recalled lot (pos/recalls.py) is never drawn: named, it is refused (no override); in FEFO it is
skipped, and what only recalled lots could give is refused rather than sold without a lot.
A named lot that is expired is refused the same way unless allowed. A named lot the kiosk never
received is recorded on the line as scanned (lot_no, use-by) and drawn from stock without a lot.
Each part becomes its own sale line (one sale line per lot), so a refund gives back to exactly the
lot it names.
"""
from __future__ import annotations

import datetime as dt

from . import checks, outbox, recalls
from .errors import ExpiredItem, InvalidQuantity, ValidationError
from .staff import require_manager
from .store import OpChanges, Store, new_id

MAX_LOT_NO = 20  # GS1 AI (10): up to 20 characters
MAX_DAYS = 3_650


def day_arg(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ValidationError("{field}: not a date (YYYY-MM-DD): {value!r}", field=field,
                              value=checks.shown(value)) from exc


def clean_lot(line: dict) -> dict | None:
    """The lot fields of a delivery line, checked: {lot_no, produced_on, use_by}, or None when the
    line names no lot (then no date may be given either: a date without its lot means nothing)."""
    lot_no = line.get("lot_no") or ""
    if not isinstance(lot_no, str) or len(lot_no.strip()) > MAX_LOT_NO or any(not c.isprintable() for c in lot_no):
        raise ValidationError("a lot number is at most {most} printable characters: {value!r}", field="lot_no",
                              most=MAX_LOT_NO, value=checks.shown(lot_no))
    lot_no = lot_no.strip()
    produced = day_arg(line.get("produced_on"), "produced_on")
    use_by = day_arg(line.get("use_by") or line.get("expires"), "use_by")
    if not lot_no:
        if produced is not None or line.get("use_by"):
            raise ValidationError("give the lot number its dates belong to", field="lot_no")
        return None
    if produced is not None and use_by is not None and produced > use_by:
        raise ValidationError("lot {lot_no}: produced on {produced} is after its use-by date {use_by}",
                              field="use_by", lot_no=lot_no, produced=produced, use_by=use_by)
    return {"lot_no": lot_no, "produced_on": produced, "use_by": use_by}


def book_lot(store: Store, product: dict, lot: dict, qty: int, delivery_id: str) -> dict:
    """The lot row this delivery line adds to (created on its first delivery). Called inside the
    delivery's transaction. A lot delivered again must carry the same dates: two different
    use-by dates under one lot number are a mistake on the note, refused."""
    row = store.one("SELECT * FROM lots WHERE product_id = ? AND lot_no = ?", (product["id"], lot["lot_no"]))
    if row is None:
        row = {"id": new_id(), "product_id": product["id"], **lot, "qty_received": qty,
               "delivery_id": delivery_id, "received_at": store.now_iso()}
        store.conn.execute("INSERT INTO lots(id, product_id, lot_no, produced_on, use_by, qty_received, delivery_id, "
                           "received_at) VALUES (:id, :product_id, :lot_no, :produced_on, :use_by, :qty_received, "
                           ":delivery_id, :received_at)", row)
        return row
    for key in ("produced_on", "use_by"):
        if lot[key] is not None and row[key] != lot[key]:
            raise ValidationError("lot {lot_no} of {name} was received with {field} {was}, not {given}",
                                  field=key, lot_no=lot["lot_no"], name=product["name_vi"], was=row[key] or "-",
                                  given=lot[key])
    store.conn.execute("UPDATE lots SET qty_received = qty_received + ? WHERE id = ?", (qty, row["id"]))
    return {**row, "qty_received": row["qty_received"] + qty}


def lot_on_hand(store: Store, lot_id: str) -> int:
    row = store.conn.execute("SELECT qty FROM lot_on_hand WHERE lot_id = ?", (lot_id,)).fetchone()
    return row[0] if row else 0


def lot_ledger_total(store: Store, lot_id: str) -> int:
    """A lot's stock summed from the ledger itself (lot_on_hand must always agree with it)."""
    return store.conn.execute("SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE lot_id = ?",
                              (lot_id,)).fetchone()[0]


_LOTS = ("SELECT l.*, coalesce(h.qty, 0) AS on_hand FROM lots l LEFT JOIN lot_on_hand h ON h.lot_id = l.id "
         "WHERE l.product_id = ?")
_FEFO = " ORDER BY l.use_by IS NULL, l.use_by, l.produced_on IS NULL, l.produced_on, l.received_at, l.lot_no"


def lots_of(store: Store, product_id: str) -> list[dict]:
    """A product's lots in the order a sale draws them (FEFO), with their stock."""
    checks.ident(product_id, "product_id")
    return store.all(_LOTS + _FEFO, (product_id,))


def unlotted(store: Store, product_id: str) -> int:
    """The product's stock that no lot holds (never below 0 for drawing)."""
    return store.conn.execute(
        "SELECT coalesce((SELECT qty FROM stock_on_hand WHERE product_id = :p), 0) - "
        "coalesce((SELECT sum(qty) FROM lot_on_hand WHERE product_id = :p), 0)", {"p": product_id}).fetchone()[0]


def _refuse_expired(line, lot_no: str, use_by: str) -> None:
    if not line.expired_ok_by:
        raise ExpiredItem("{name}: lot {lot} was to be used by {day}; a manager must allow selling it",
                          name=line.name_vi, lot=lot_no, day=dt.date.fromisoformat(use_by).strftime("%d/%m/%Y"),
                          product_id=line.product_id)


def draw(store: Store, line, day: str) -> list[tuple[dict | None, int]]:
    """[(lot row or None, qty)] that a cart line takes, by the rules in the module's docstring.
    Runs inside the sale's write transaction: the stock it reads cannot move under it."""
    return draw_lines(store, [line], day)[0]


def draw_lines(store: Store, lines, day: str) -> list[list[tuple[dict | None, int]]]:
    """draw() for every line of a sale, in order: one query reads what the lines' products can
    give (a sale's hot path), and what a line takes is gone for the next line of the same product
    (a discounted or weighed line beside another of the same product)."""
    stock = _drawable(store, {line.product_id for line in lines if not line.lot})
    return [_draw_named(store, line, day) if line.lot else _draw_fefo(store, line, day, *stock[line.product_id])
            for line in lines]


def _draw_named(store: Store, line, day: str) -> list[tuple[dict | None, int]]:
    recalls.refuse_recalled(store, line.product_id, line.lot, line.name_vi)
    named = store.one(_LOTS + " AND l.lot_no = ?", (line.product_id, line.lot))
    use_by = (named or {}).get("use_by") or line.use_by
    if use_by and use_by < day:
        _refuse_expired(line, line.lot, use_by)
    if named is None:
        return [({"id": None, "lot_no": line.lot, "use_by": line.use_by or None}, line.qty)]
    return [(named, line.qty)]


def _draw_fefo(store: Store, line, day: str, free: list[int], lots: list[dict]) -> list[tuple[dict | None, int]]:
    """Draw `line` from its product's stock without a lot (`free`, a one-item list) and its
    `lots` (FEFO order, each with on_hand), taking what it draws off both."""
    left, parts = line.qty, []
    if free[0] > 0:
        parts.append((None, min(free[0], left)))
        left -= parts[-1][1]
        free[0] -= parts[-1][1]
    if left:
        fresh = [lot for lot in lots if lot["on_hand"] > 0 and (not lot["use_by"] or lot["use_by"] >= day)]
        stale = [lot for lot in lots if lot["on_hand"] > 0 and lot["use_by"] and lot["use_by"] < day]
        for n, lot in enumerate(fresh + stale):
            if left == 0:
                break
            if n >= len(fresh):
                _refuse_expired(line, lot["lot_no"], lot["use_by"])
            take = min(lot["on_hand"], left)
            parts.append((dict(lot), take))
            lot["on_hand"] -= take
            left -= take
    if left:
        _refuse_recalled_rest(store, line.product_id, line.name_vi)
        parts.append((None, left))
    return _merged(parts)


def _drawable(store: Store, product_ids: set[str]) -> dict[str, tuple[list[int], list[dict]]]:
    """{product id: ([stock no lot holds], [its lots in stock, not recalled, FEFO order])}."""
    out: dict[str, tuple[list[int], list[dict]]] = {}
    if not product_ids:
        return out
    ids = sorted(product_ids)
    for r in store.conn.execute(_DRAWABLE.format(ids=",".join(["(?)"] * len(ids))), ids).fetchall():
        if r[1] is None:
            out[r[0]] = ([r[4]], [])
        else:
            out[r[0]][1].append({"id": r[1], "lot_no": r[2], "use_by": r[3], "on_hand": r[4]})
    return out


def expired_at_scan(store: Store, product_id: str, lot: str | None, use_by: str | None, qty: int,
                    name: str = "") -> dict | None:
    """The expired lot that `qty` of the product (the cart's unnamed lines of it plus the scanned
    or picked item) would have to be sold from, known at the scan, so the manager is asked then and
    not at payment: the lot the code names (by the kiosk's record of it, else the code's use-by),
    or, for an item naming none, the earliest expired lot when the fresh stock cannot cover `qty`
    (the same rule as draw). None when nothing expired is needed. -> {"lot_no", "use_by"} (lot_no
    may be empty for a code with a use-by and no lot). An item naming no lot that only recalled
    lots could give raises RecalledLot now, as draw would at payment (no override either way); a
    named recalled lot was refused by pos.catalog.lookup already."""
    day = store.business_day()
    if lot:
        named = store.one(_LOTS + " AND l.lot_no = ?", (product_id, lot))
        past = (named or {}).get("use_by") or use_by
        return {"lot_no": lot, "use_by": past} if past and past < day else None
    if use_by and use_by < day:
        return {"lot_no": "", "use_by": use_by}
    (free,), lots = _drawable(store, {product_id})[product_id]
    fresh = max(free, 0) + sum(lot["on_hand"] for lot in lots if not lot["use_by"] or lot["use_by"] >= day)
    stale = [lot for lot in lots if lot["use_by"] and lot["use_by"] < day]
    if fresh + sum(lot["on_hand"] for lot in stale) < qty:
        _refuse_recalled_rest(store, product_id, name)
    if stale and fresh < qty:
        return {"lot_no": stale[0]["lot_no"], "use_by": stale[0]["use_by"]}
    return None


def fresh_stock(store: Store, product_id: str, day: str) -> tuple[int, bool]:
    """(what a sale can draw of the product without an expired or recalled lot, whether expired
    lots still hold some): the counts draw() works with, for a check before payment."""
    (free,), lots = _drawable(store, {product_id})[product_id]
    fresh = max(free, 0) + sum(lot["on_hand"] for lot in lots if not lot["use_by"] or lot["use_by"] >= day)
    return fresh, any(lot["use_by"] and lot["use_by"] < day for lot in lots)


def _refuse_recalled_rest(store: Store, product_id: str, name: str) -> None:
    """The lots left could not cover the line: if recalled lots still hold stock, the item in the
    clerk's hand is most likely from one of them, so it is refused, not sold without a lot."""
    row = store.conn.execute(
        "SELECT l.lot_no FROM lot_on_hand h JOIN lots l ON l.id = h.lot_id JOIN lot_recalls r "
        "ON r.product_id = l.product_id AND r.lot_no = l.lot_no WHERE h.product_id = ? AND h.qty > 0 "
        "ORDER BY l.lot_no LIMIT 1", (product_id,)).fetchone()
    if row is not None:
        recalls.refuse_recalled(store, product_id, row[0], name)


# Per product (ids listed as VALUES rows): its stock no lot holds (first row, id NULL), then its
# lots in stock not recalled, in FEFO order.
_DRAWABLE = (
    "WITH ids(p) AS (VALUES {ids}) "
    "SELECT ids.p, NULL, '', NULL, coalesce((SELECT qty FROM stock_on_hand WHERE product_id = ids.p), 0) - "
    "coalesce((SELECT sum(qty) FROM lot_on_hand WHERE product_id = ids.p), 0), 0, 0, '', 0, '', '', '' FROM ids "
    "UNION ALL SELECT h.product_id, l.id, l.lot_no, l.use_by, h.qty, 1, l.use_by IS NULL, coalesce(l.use_by, ''), "
    "l.produced_on IS NULL, coalesce(l.produced_on, ''), l.received_at, l.lot_no "
    "FROM ids JOIN lot_on_hand h ON h.product_id = ids.p JOIN lots l ON l.id = h.lot_id WHERE h.qty > 0 "
    "AND NOT EXISTS (SELECT 1 FROM lot_recalls r WHERE r.product_id = h.product_id AND r.lot_no = l.lot_no) "
    "ORDER BY 1, 6, 7, 8, 9, 10, 11, 12")


def _merged(parts: list[tuple[dict | None, int]]) -> list[tuple[dict | None, int]]:
    """Two parts without a lot (stock before lots and the ledger's shortfall) make one line."""
    out: list[tuple[dict | None, int]] = []
    for lot, qty in parts:
        if lot is None and out and out[0][0] is None:
            out[0] = (None, out[0][1] + qty)
        else:
            out.append((lot, qty))
    return out


def expiring(store: Store, days: int = 30, today: dt.date | None = None) -> list[dict]:
    """Lots still in stock whose use-by is within `days` days (or already past: days_left < 0),
    soonest first: what the manager takes off the shelf or sells first."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise ValidationError("expiry warning days must be a whole number from 0 to {most}", field="days",
                              most=MAX_DAYS, value=checks.shown(days))
    today = today or store.business_date()
    return store.all(
        "SELECT l.id AS lot_id, l.lot_no, l.produced_on, l.use_by, l.qty_received, h.qty AS on_hand, "
        "p.id AS product_id, p.sku, p.name_vi, p.name_en, p.unit, p.sold_by_weight, pr.name AS producer_name, "
        "CAST(julianday(l.use_by) - julianday(:today) AS INTEGER) AS days_left "
        "FROM lots l JOIN lot_on_hand h ON h.lot_id = l.id JOIN products p ON p.id = l.product_id "
        "JOIN producers pr ON pr.id = p.producer_id "
        "WHERE h.qty > 0 AND l.use_by IS NOT NULL AND l.use_by <= :until ORDER BY l.use_by, p.name_folded, l.lot_no",
        {"today": today.isoformat(), "until": (today + dt.timedelta(days=days)).isoformat()})


def count_lot(store: Store, lot_id: str, counted: int, manager_id: str, reason: str = "kiểm kê lô") -> OpChanges:
    """A manager counts one lot on the shelf: a count_adjust movement of that lot by counted - its
    ledger stock, read under the write lock, audited and sent like any movement."""
    checks.ident(lot_id, "lot_id")
    if isinstance(counted, bool) or not isinstance(counted, int) or not 0 <= counted <= 1_000_000_000:
        raise InvalidQuantity("quantity must be a whole number, not {qty!r}", qty=checks.shown(counted))
    manager = require_manager(store, manager_id)
    reason = checks.text(reason or "", "reason").strip() or "kiểm kê lô"
    with store.transaction():
        lot = store.one("SELECT * FROM lots WHERE id = ?", (lot_id,))
        if lot is None:
            raise ValidationError("unknown lot {lot_id!r}", field="lot_id", lot_id=lot_id)
        variance = counted - lot_on_hand(store, lot_id)
        if variance == 0:
            return OpChanges()
        move = {"id": new_id(), "product_id": lot["product_id"], "qty": variance, "kind": "count_adjust",
                "ref_type": "lot", "ref_id": lot_id, "reason": reason, "staff_id": manager["id"],
                "device_code": store.device_code, "at": store.now_iso(), "lot_id": lot_id}
        store.conn.execute(
            "INSERT INTO stock_moves(id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at, "
            "lot_id) VALUES (:id, :product_id, :qty, :kind, :ref_type, :ref_id, :reason, :staff_id, :device_code, "
            ":at, :lot_id)", move)
        store.audit("lot.count", manager["id"], approved_by=manager["id"], ref_type="lot", ref_id=lot_id,
                    lot_no=lot["lot_no"], counted=counted, variance=variance)
        outbox.add(store, "stock.moved", {"stock_moves": [{**move, "lot_no": lot["lot_no"]}]})
    return OpChanges(stock={lot["product_id"]}, outbox=1)
