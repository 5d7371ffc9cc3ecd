"""Stock: an append-only ledger of movements, with on-hand derived from it.

"Accountants don't use erasers": nothing here updates or deletes a movement (the schema's triggers
refuse it anyway). A wrong receipt is corrected by a new movement or a stock count, so the history
of how on-hand got where it is stays readable. The cache table stock_on_hand is kept by a trigger
in the same transaction as each movement.

Quantities are int units, or grams for products sold by weight.
"""
from __future__ import annotations

import datetime as dt

from . import announcements, checks, lots, outbox
from .catalog import search as catalog_search
from .errors import ApprovalRequired, InvalidQuantity, InvalidState, UnknownProduct, ValidationError
from .staff import require_manager
from .store import OpChanges, Store, new_id

MAX_UNITS = 1_000_000
MAX_GRAMS = 1_000_000_000
MOVE_KINDS = ("damaged", "expired", "transfer_out", "transfer_in")  # record_move's kinds
OUTGOING = ("damaged", "expired", "transfer_out")
WRITE_OFF = ("damaged", "expired")  # lose stock for good: a manager must approve


def _product(store: Store, product_id: str) -> dict:
    checks.ident(product_id, "product_id")
    row = store.one("SELECT id, sku, name_vi, producer_id, sold_by_weight, unit FROM products WHERE id = ?",
                    (product_id,))
    if row is None:
        raise UnknownProduct("unknown product {product_id!r}", product_id=product_id)
    return row


def _check_qty(qty, product: dict, allow_zero: bool = False) -> int:
    if isinstance(qty, bool) or not isinstance(qty, int):
        raise InvalidQuantity("quantity must be a whole number, not {qty!r}", qty=qty)
    limit = MAX_GRAMS if product["sold_by_weight"] else MAX_UNITS
    if qty < 0 or (qty == 0 and not allow_zero):
        raise InvalidQuantity("quantity must be more than 0, not {qty}", qty=qty)
    if qty > limit and product["sold_by_weight"]:
        raise InvalidQuantity("{qty:num} g of {name} is not believable (max {limit:num} g)", qty=qty,
                              name=product["name_vi"], limit=limit)
    if qty > limit:
        raise InvalidQuantity("{qty:num} units of {name} is not believable (max {limit:num})", qty=qty,
                              name=product["name_vi"], limit=limit)
    return qty


def _check_staff(store: Store, staff_id: str) -> None:
    checks.ident(staff_id, "staff_id")
    if store.one("SELECT 1 AS x FROM staff WHERE id = ? AND active = 1", (staff_id,)) is None:
        raise ValidationError("unknown or inactive staff member {staff_id!r}", field="staff_id", staff_id=staff_id)


def _insert_move(store: Store, product_id: str, qty: int, kind: str, staff_id: str | None,
                 ref_type: str = "", ref_id: str = "", reason: str = "", lot: dict | None = None) -> dict:
    row = {"id": new_id(), "product_id": product_id, "qty": qty, "kind": kind, "ref_type": ref_type,
           "ref_id": ref_id, "reason": reason, "staff_id": staff_id, "device_code": store.device_code,
           "at": store.now_iso(), "lot_id": lot["id"] if lot else None}
    store.conn.execute(
        "INSERT INTO stock_moves(id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at, "
        "lot_id) VALUES (:id, :product_id, :qty, :kind, :ref_type, :ref_id, :reason, :staff_id, :device_code, :at, "
        ":lot_id)", row)
    return {**row, "lot_no": lot["lot_no"]} if lot else row


def on_hand(store: Store, product_id: str) -> int:
    row = store.conn.execute("SELECT qty FROM stock_on_hand WHERE product_id = ?", (product_id,)).fetchone()
    return row[0] if row else 0


def ledger_total(store: Store, product_id: str) -> int:
    """On-hand summed from the ledger itself (the cache must always agree with it)."""
    return store.conn.execute("SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE product_id = ?",
                              (product_id,)).fetchone()[0]


def ledger(store: Store, product_id: str, limit: int = 100) -> list[dict]:
    """The product's movements, newest first, each with the on-hand after it (and, for a delivery,
    its note number: a screen words the reason in its own language)."""
    rows = store.all(
        "SELECT m.*, s.name AS staff_name, d.note_no AS delivery_note_no, "
        "sum(m.qty) OVER (ORDER BY m.rowid ROWS UNBOUNDED PRECEDING) AS balance "
        "FROM stock_moves m LEFT JOIN staff s ON s.id = m.staff_id "
        "LEFT JOIN deliveries d ON m.ref_type = 'delivery' AND d.id = m.ref_id "
        "WHERE m.product_id = ? ORDER BY m.rowid DESC LIMIT ?",
        (product_id, int(limit)),
    )
    return rows


# -- the stock list ---------------------------------------------------------------------------
# One SELECT for the whole list and its pages, so the warning rules live in one place.
# is_low: on-hand at or below the product's threshold; days_to_expiry: days until the OCOP
# certificate expires (negative once expired, None without one); cert_expired / cert_expiring
# (within `expiring_days`). Flags are 0/1. Worked out in SQL: a 100k catalog lists in about a second.
_DAYS = "CAST(julianday(p.ocop_cert_expires) - julianday(:today) AS INTEGER)"
_WARN = f"(coalesce(h.qty, 0) <= p.low_stock OR coalesce({_DAYS} <= :days, 0))"
_SELECT = (
    "SELECT p.id AS product_id, p.sku, p.name_vi, p.name_en, p.name_folded, p.unit, p.sold_by_weight, "
    "p.producer_id, pr.name AS producer_name, coalesce(h.qty, 0) AS on_hand, p.low_stock, "
    "coalesce(h.qty, 0) <= p.low_stock AS is_low, p.ocop_stars, p.ocop_cert_no, p.ocop_cert_expires, "
    f"{_DAYS} AS days_to_expiry, coalesce({_DAYS} < 0, 0) AS cert_expired, "
    f"coalesce({_DAYS} BETWEEN 0 AND :days, 0) AS cert_expiring "
    "FROM products p JOIN producers pr ON pr.id = p.producer_id "
    "LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.active = 1")
WARNINGS, OTHERS = 0, 1  # the two parts of the paged list, in screen order
MAX_PAGE = 5_000
MAX_DAYS = 3_650


def _list_args(store: Store, expiring_days, today: dt.date | None) -> dict:
    if isinstance(expiring_days, bool) or not isinstance(expiring_days, int) or not 0 <= expiring_days <= MAX_DAYS:
        raise ValidationError("certificate warning days must be a whole number from 0 to {most}",
                              field="expiring_days", most=MAX_DAYS, value=expiring_days)
    return {"days": expiring_days, "today": (today or store.business_date()).isoformat()}


def has_warning(row: dict) -> bool:
    """Low on stock, or an OCOP certificate expired or expiring: the rows listed first."""
    return bool(row["is_low"] or row["cert_expired"] or row["cert_expiring"])


def stock_list(store: Store, low_only: bool = False, expiring_days: int = 60,
               today: dt.date | None = None) -> list[dict]:
    """Active products with on-hand, low-stock flag and the state of their OCOP certificate, by name
    (the whole list at once: reports and exports; the manager's screen pages with stock_page)."""
    args = _list_args(store, expiring_days, today)
    where = " AND coalesce(h.qty, 0) <= p.low_stock" if low_only else ""
    return store.all(_SELECT + where + " ORDER BY p.name_folded", args)


def stock_page(store: Store, after: tuple | None = None, limit: int = 200, warnings_only: bool = False,
               expiring_days: int = 60, today: dt.date | None = None) -> tuple[list[dict], tuple | None]:
    """One page of the stock list in the order the manager reads it: products with a warning
    first, then the rest, each part by name. `after` is the position the previous page returned
    (None: from the top); returns (rows, position of the next page, or None when the list is done).

    Why keyset positions (part, name_folded, id) and not OFFSET: page 400 of a 100k catalog costs
    what page 1 costs (the products_name_folded index), and rows that change between pages are
    neither skipped nor shown twice."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise ValidationError("page size must be a whole number from 1 to {most}", field="limit", most=MAX_PAGE,
                              value=limit)
    if after is not None and not (isinstance(after, (tuple, list)) and len(after) == 3
                                  and after[0] in (WARNINGS, OTHERS) and all(isinstance(v, str) for v in after[1:])):
        raise ValidationError("not a position in the stock list: {after!r}", field="after", after=after)
    args = _list_args(store, expiring_days, today)
    part = WARNINGS if after is None else after[0]
    rows: list[dict] = []
    while True:
        where = f" AND {_WARN}" if part == WARNINGS else f" AND NOT {_WARN}"
        page_args = {**args, "limit": limit - len(rows)}
        if after is not None and after[0] == part:
            where += " AND (p.name_folded, p.id) > (:after_name, :after_id)"
            page_args.update(after_name=after[1], after_id=after[2])
        got = store.all(_SELECT + where + " ORDER BY p.name_folded, p.id LIMIT :limit", page_args)
        rows += got
        if len(rows) == limit:
            last = rows[-1]
            return rows, (part, last["name_folded"], last["product_id"])
        if part == OTHERS or warnings_only:
            return rows, None
        part = OTHERS  # the warnings ran out mid-page: fill it from the rest


def stock_rows(store: Store, product_ids, expiring_days: int = 60, today: dt.date | None = None) -> list[dict]:
    """The current rows of these products (after a movement, a sale, a delivery), in no order."""
    args = _list_args(store, expiring_days, today)
    ids = [str(i) for i in product_ids]
    out: list[dict] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join(f":id{n}" for n in range(len(chunk)))
        out += store.all(_SELECT + f" AND p.id IN ({marks})", {**args, **{f"id{n}": v for n, v in enumerate(chunk)}})
    return out


def stock_find(store: Store, text: str, limit: int = 500, expiring_days: int = 60,
               today: dt.date | None = None) -> list[dict]:
    """Rows of the products the catalog's tone-insensitive search finds (name, SKU, barcode), at
    most `limit`, warnings first and otherwise in the search's order."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise ValidationError("page size must be a whole number from 1 to {most}", field="limit", most=MAX_PAGE,
                              value=limit)
    ids = [p["id"] for p in catalog_search(store, text, limit=limit)]
    rows = {r["product_id"]: r for r in stock_rows(store, ids, expiring_days, today)}
    found = [rows[i] for i in ids if i in rows]
    found.sort(key=lambda r: not has_warning(r))
    return found


def stock_summary(store: Store, expiring_days: int = 60, today: dt.date | None = None) -> dict:
    """Counts for the line above the list: active products, low on stock, certificates expired and
    expiring (one pass over the catalog)."""
    return store.one(
        f"SELECT count(*) AS products, coalesce(sum(coalesce(h.qty, 0) <= p.low_stock), 0) AS low, "
        f"coalesce(sum(coalesce({_DAYS} < 0, 0)), 0) AS expired, "
        f"coalesce(sum(coalesce({_DAYS} BETWEEN 0 AND :days, 0)), 0) AS expiring "
        "FROM products p LEFT JOIN stock_on_hand h ON h.product_id = p.id WHERE p.active = 1",
        _list_args(store, expiring_days, today))


def expiring_certificates(store: Store, days: int = 60) -> list[dict]:
    """Products whose OCOP certificate has expired or expires within `days` days."""
    return [r for r in stock_list(store, expiring_days=days) if r["cert_expired"] or r["cert_expiring"]]


def stars_withdrawn(store: Store, limit: int = 5) -> dict:
    """Active products rated OCOP whose certificate has expired by today's business day: they still
    sell, without their stars (pos.catalog.stars_on), until the certificate is renewed. What a
    manager is told at login and on the stock screen: {"count", "names": the first `limit`, longest
    expired first}."""
    today = store.business_day()
    where = "FROM products WHERE active = 1 AND ocop_stars IS NOT NULL AND ocop_cert_expires < ?"
    count = store.conn.execute(f"SELECT count(*) {where}", (today,)).fetchone()[0]
    names = [r[0] for r in store.conn.execute(
        f"SELECT name_vi {where} ORDER BY ocop_cert_expires, name_folded LIMIT ?", (today, int(limit)))]
    return {"count": count, "names": names}


# -- deliveries ------------------------------------------------------------------------------
def _delivery_lines(store: Store, producer: dict, lines) -> list[tuple[dict, int, dict | None]]:
    """[(product, qty, lot fields or None)] of a delivery, checked. A product may come in several
    lots (one line each); the same product and lot twice is refused (add the quantities)."""
    if not lines or not isinstance(lines, (list, tuple)):
        raise ValidationError("a delivery needs at least one line", field="lines")
    clean, seen = [], set()
    for line in lines:
        if not isinstance(line, dict):
            raise ValidationError("delivery line must be {{'product_id', 'qty'}}, not {line!r}", field="lines",
                                  line=line)
        product = _product(store, line.get("product_id"))
        if product["producer_id"] != producer["id"]:
            raise ValidationError(
                "{name} ({sku}) is not made by {producer}; book it on its own producer's delivery",
                field="lines", product_id=product["id"], name=product["name_vi"], sku=product["sku"],
                producer=producer["name"])
        lot = lots.clean_lot(line)
        key = (product["id"], lot["lot_no"] if lot else None)
        if key in seen:
            raise ValidationError("{name} appears twice on the delivery; add the quantities",
                                  field="lines", product_id=product["id"], name=product["name_vi"])
        seen.add(key)
        qty = _check_qty(line.get("qty"), product)
        expires = (lot or {}).get("use_by") or lots.day_arg(line.get("expires"), "expires")
        clean.append((product, qty, lot, expires))
    return clean


def receive_delivery(store: Store, producer_id: str, lines: list[dict], staff_id: str,
                     note_no: str = "", note: str = "", announcement_id: str = "") -> tuple[str, OpChanges]:
    """Book a producer's delivery note: one delivery, one delivery line per product (its lots added
    up, the earliest use-by as its expiry), one 'receive' move per lot (pos/lots.py) or per product
    without a lot. Each line may carry lot_no, produced_on and use_by (YYYY-MM-DD). With
    `announcement_id`, the producer's announced delivery it answers (pos/announcements.py): checked
    open and this producer's, and marked received, in the same transaction."""
    checks.ident(producer_id, "producer_id")
    checks.text(note_no or "", "note_no", 64)
    checks.text(note or "", "note")
    producer = store.one("SELECT id, name FROM producers WHERE id = ?", (producer_id,))
    if producer is None:
        raise ValidationError("unknown producer {producer_id!r}", field="producer_id", producer_id=producer_id)
    _check_staff(store, staff_id)
    clean = _delivery_lines(store, producer, lines)
    delivery_id = new_id()
    delivery = {"id": delivery_id, "producer_id": producer_id, "note_no": str(note_no or ""),
                "received_at": store.now_iso(), "staff_id": staff_id, "note": str(note or ""),
                "announcement_id": str(announcement_id or "")}
    per_product: dict[str, dict] = {}
    for product, qty, _lot, expires in clean:
        row = per_product.setdefault(product["id"], {"delivery_id": delivery_id, "product_id": product["id"],
                                                     "qty": 0, "expires": None})
        row["qty"] += qty
        if expires and (row["expires"] is None or expires < row["expires"]):
            row["expires"] = expires
    reason = f"phiếu giao {note_no}".strip() if note_no else ""
    with store.transaction() as conn:
        if announcement_id:
            announcements.check_open(store, announcement_id, producer_id)
            conn.execute("UPDATE delivery_announcements SET status = 'received', delivery_id = ? WHERE id = ?",
                         (delivery_id, announcement_id))
        conn.execute("INSERT INTO deliveries(id, producer_id, note_no, received_at, staff_id, note, announcement_id) "
                     "VALUES (:id, :producer_id, :note_no, :received_at, :staff_id, :note, :announcement_id)", delivery)
        conn.executemany("INSERT INTO delivery_lines(delivery_id, product_id, qty, expires) "
                         "VALUES (:delivery_id, :product_id, :qty, :expires)", list(per_product.values()))
        moves, lot_rows = [], []
        for product, qty, lot, _expires in clean:
            booked = lots.book_lot(store, product, lot, qty, delivery_id) if lot else None
            moves.append(_insert_move(store, product["id"], qty, "receive", staff_id, "delivery", delivery_id,
                                      reason, booked))
            if booked:
                lot_rows.append({"delivery_id": delivery_id, "lot_id": booked["id"], "product_id": product["id"],
                                 "lot_no": booked["lot_no"], "produced_on": booked["produced_on"],
                                 "use_by": booked["use_by"], "qty": qty})
        outbox.add(store, "stock.received", {"delivery": delivery, "lines": list(per_product.values()),
                                             "lots": lot_rows, "stock_moves": moves})
    return delivery_id, OpChanges(stock=set(per_product), outbox=1)


def delivery(store: Store, delivery_id: str) -> dict:
    row = store.one("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
    if row is None:
        raise ValidationError("unknown delivery {delivery_id!r}", field="delivery_id", delivery_id=delivery_id)
    row["lines"] = store.all(
        "SELECT l.*, p.sku, p.name_vi, p.unit FROM delivery_lines l JOIN products p ON p.id = l.product_id "
        "WHERE l.delivery_id = ? ORDER BY p.name_folded", (delivery_id,))
    return row


# -- other movements -------------------------------------------------------------------------
def record_move(store: Store, product_id: str, qty: int, kind: str, reason: str, staff_id: str,
                manager_id: str | None = None, lot_no: str = "") -> OpChanges:
    """Damaged or expired goods written off (a manager approves), transfers out to / in from another
    point of sale. `qty` is given positive; outgoing kinds are stored negative. With `lot_no` the
    goods leave that lot (never more than it holds); a lot is not booked in here (a transfer
    between kiosks carries its lots: pos/transfers.py)."""
    if not isinstance(kind, str) or kind not in MOVE_KINDS:
        raise ValidationError("movement kind must be one of {kinds}, not {kind!r}", field="kind",
                              kinds=", ".join(MOVE_KINDS), kind=kind)
    product = _product(store, product_id)
    _check_qty(qty, product)
    reason = checks.text(reason or "", "reason").strip()
    if not reason:
        raise ValidationError("say why (reason) for this stock movement", field="reason")
    _check_staff(store, staff_id)
    manager = None
    if kind in WRITE_OFF:
        if not manager_id:
            raise ApprovalRequired("a manager must approve writing off {name}", action=kind, name=product["name_vi"])
        manager = require_manager(store, manager_id)
    elif manager_id:
        manager = require_manager(store, manager_id)
    signed = -qty if kind in OUTGOING else qty
    named = lots.clean_lot({"lot_no": lot_no or ""})
    if named and kind not in OUTGOING:
        raise ValidationError("a lot comes in with its delivery or its transfer note", field="lot_no")
    with store.transaction():
        lot = _lot_out(store, product, qty, named["lot_no"]) if named else None
        have = on_hand(store, product_id)  # read under the write lock: no one can take it meanwhile
        if kind in OUTGOING and qty > have:
            raise InvalidQuantity(
                "only {on_hand} {unit} of {name} in stock; count the stock first if that is wrong",
                qty=qty, on_hand=have, unit=product["unit"], name=product["name_vi"])
        move = _insert_move(store, product_id, signed, kind, staff_id, "", "", reason, lot)
        if manager:
            store.audit(f"stock.{kind}", staff_id, approved_by=manager["id"], ref_type="stock_move",
                        ref_id=move["id"], product_id=product_id, qty=signed, reason=reason,
                        lot_no=lot["lot_no"] if lot else "")
        outbox.add(store, "stock.moved", {"stock_moves": [move]})
    return OpChanges(stock={product_id}, outbox=1)


def _lot_out(store: Store, product: dict, qty: int, lot_no: str) -> dict:
    """The lot goods leave, refusing more than it holds (inside the write transaction)."""
    lot = store.one("SELECT * FROM lots WHERE product_id = ? AND lot_no = ?", (product["id"], lot_no))
    if lot is None:
        raise ValidationError("lot {lot_no} of {name} was never received here", field="lot_no", lot_no=lot_no,
                              name=product["name_vi"], product_id=product["id"])
    have = lots.lot_on_hand(store, lot["id"])
    if qty > have:
        raise InvalidQuantity("only {on_hand} {unit} of {name} in lot {lot_no}; count the lot first if that is wrong",
                              qty=qty, on_hand=have, unit="g" if product["sold_by_weight"] else product["unit"],
                              name=product["name_vi"], lot_no=lot_no, product_id=product["id"])
    return lot


# -- stock counts ----------------------------------------------------------------------------
def _count(store: Store, count_id: str, open_only: bool = True) -> dict:
    row = store.one("SELECT * FROM stock_counts WHERE id = ?", (count_id,))
    if row is None:
        raise ValidationError("unknown stock count {count_id!r}", field="count_id", count_id=count_id)
    if open_only and row["status"] == "approved":
        raise InvalidState("this stock count is already approved", status=row["status"])
    if open_only and row["status"] != "open":
        raise InvalidState("this stock count was cancelled", status=row["status"])
    return row


def open_count(store: Store) -> dict | None:
    return store.one("SELECT * FROM stock_counts WHERE status = 'open' ORDER BY started_at LIMIT 1")


def start_count(store: Store, staff_id: str, note: str = "") -> str:
    """Open a stock-count session (one at a time per kiosk)."""
    _check_staff(store, staff_id)
    with store.transaction():
        if open_count(store) is not None:
            raise InvalidState("a stock count is already open: finish or cancel it first")
        count_id = new_id()
        store.conn.execute("INSERT INTO stock_counts(id, started_at, started_by, note) VALUES (?,?,?,?)",
                           (count_id, store.now_iso(), staff_id, str(note or "")))
    return count_id


def record_count(store: Store, count_id: str, product_id: str, counted: int) -> None:
    """Record what is on the shelf. Blind on purpose: the counter is never told what was expected,
    so the number is what they saw. Counting a product again replaces its number.

    The kiosk keeps selling during a count, so the line also keeps the on-hand of this very moment
    (read under the write lock, so no sale slips between the two): the shelf was seen at this
    moment, and approval corrects the ledger by counted - expected, leaving every sale and refund
    made after the counting where it is. A recount takes a new moment."""
    _count(store, count_id)
    product = _product(store, product_id)
    _check_qty(counted, product, allow_zero=True)
    with store.transaction() as conn:
        _count(store, count_id)
        # counting the whole product replaces a count of its lots
        conn.execute("DELETE FROM stock_count_lots WHERE count_id = ? AND product_id = ?", (count_id, product_id))
        conn.execute(
            "INSERT INTO stock_count_lines(count_id, product_id, counted, expected, counted_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(count_id, product_id) DO UPDATE SET counted = excluded.counted, "
            "expected = excluded.expected, counted_at = excluded.counted_at",
            (count_id, product_id, counted, on_hand(store, product_id), store.now_iso()))


def record_count_lot(store: Store, count_id: str, product_id: str, lot_no: str, counted: int) -> None:
    """Record what is on the shelf of one lot ('' : the product's goods without a lot). Blind like
    record_count; the lot's ledger stock of this moment is kept beside it, and the product's count
    line becomes the sum of its lots (approval then corrects each lot by its own variance; lots
    not counted are left as they are)."""
    _count(store, count_id)
    product = _product(store, product_id)
    _check_qty(counted, product, allow_zero=True)
    named = lots.clean_lot({"lot_no": lot_no or ""})
    with store.transaction() as conn:
        _count(store, count_id)
        lot = None
        if named:
            lot = store.one("SELECT * FROM lots WHERE product_id = ? AND lot_no = ?", (product_id, named["lot_no"]))
            if lot is None:
                raise ValidationError("lot {lot_no} of {name} was never received here", field="lot_no",
                                      lot_no=named["lot_no"], name=product["name_vi"], product_id=product_id)
        expected = lots.lot_on_hand(store, lot["id"]) if lot else lots.unlotted(store, product_id)
        now = store.now_iso()
        conn.execute(
            "INSERT INTO stock_count_lots(count_id, product_id, lot_no, lot_id, counted, expected, counted_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(count_id, product_id, lot_no) DO UPDATE SET counted = excluded.counted, "
            "expected = excluded.expected, counted_at = excluded.counted_at",
            (count_id, product_id, named["lot_no"] if named else "", lot["id"] if lot else None, counted, expected, now))
        conn.execute(
            "INSERT INTO stock_count_lines(count_id, product_id, counted, expected, counted_at) "
            "SELECT count_id, product_id, sum(counted), sum(expected), ? FROM stock_count_lots "
            "WHERE count_id = ? AND product_id = ? GROUP BY count_id, product_id "
            "ON CONFLICT(count_id, product_id) DO UPDATE SET counted = excluded.counted, "
            "expected = excluded.expected, counted_at = excluded.counted_at", (now, count_id, product_id))


def counted_lots(store: Store, count_id: str) -> list[dict]:
    """The lots counted so far (blind: no expected numbers), by product name then lot."""
    _count(store, count_id, open_only=False)
    return store.all(
        "SELECT c.product_id, c.lot_no, c.counted, p.sku, p.name_vi, p.name_en, p.unit, p.sold_by_weight "
        "FROM stock_count_lots c JOIN products p ON p.id = c.product_id WHERE c.count_id = ? "
        "ORDER BY p.name_folded, c.lot_no", (count_id,))


def counted_products(store: Store, count_id: str) -> list[dict]:
    """What has been counted so far (no expected numbers: safe to show the counter)."""
    _count(store, count_id, open_only=False)
    return store.all(
        "SELECT l.product_id, p.sku, p.name_vi, p.name_en, p.unit, p.sold_by_weight, l.counted, l.counted_at "
        "FROM stock_count_lines l JOIN products p ON p.id = l.product_id WHERE l.count_id = ? ORDER BY p.name_folded",
        (count_id,))


def count_variances(store: Store, count_id: str) -> list[dict]:
    """For the manager's review: counted vs expected, where expected is the on-hand when the line
    was counted, and variance (counted - expected) the adjustment approval books (per lot, in
    `lots`, for a product counted lot by lot). `moved_since`
    is what sales, refunds and deliveries changed after the counting (0 once approved: frozen), and
    `after` the on-hand the product will have once the count is approved."""
    count = _count(store, count_id, open_only=False)
    rows = store.all(
        "SELECT l.product_id, p.sku, p.name_vi, p.name_en, p.unit, p.sold_by_weight, l.counted, l.expected, "
        "l.counted_at, "
        "coalesce(h.qty, 0) AS on_hand FROM stock_count_lines l JOIN products p ON p.id = l.product_id "
        "LEFT JOIN stock_on_hand h ON h.product_id = l.product_id WHERE l.count_id = ? ORDER BY p.name_folded",
        (count_id,))
    approved = count["status"] == "approved"
    for r in rows:
        on_hand_now = r.pop("on_hand")
        r["variance"] = r["counted"] - r["expected"]
        r["moved_since"] = 0 if approved else on_hand_now - r["expected"]
        r["after"] = r["counted"] + r["moved_since"]
    by_lot: dict[str, list] = {}
    for lot in store.all("SELECT product_id, lot_no, counted, expected, counted - expected AS variance "
                         "FROM stock_count_lots WHERE count_id = ? ORDER BY lot_no", (count_id,)):
        by_lot.setdefault(lot.pop("product_id"), []).append(lot)
    for r in rows:
        r["lots"] = by_lot.get(r["product_id"], [])  # counted lot by lot: each lot's own variance
    return rows


def approve_count(store: Store, count_id: str, manager_id: str) -> OpChanges:
    """A manager accepts the count: one count_adjust movement per product that differs, by what
    the shelf showed against the ledger at the moment of counting (counted - expected)."""
    manager = require_manager(store, manager_id)
    _count(store, count_id)
    with store.transaction() as conn:
        _count(store, count_id)
        lines = store.all("SELECT * FROM stock_count_lines WHERE count_id = ?", (count_id,))
        if not lines:
            raise InvalidState("nothing has been counted yet")
        moves, changed = [], set()
        per_lot = _lot_lines(store, count_id)
        for line in lines:
            parts = per_lot.get(line["product_id"]) or [(None, line["counted"] - line["expected"])]
            for lot, variance in parts:
                if variance:
                    moves.append(_insert_move(store, line["product_id"], variance, "count_adjust", manager["id"],
                                              "stock_count", count_id, "kiểm kê", lot))
                    changed.add(line["product_id"])
        now = store.now_iso()
        conn.execute("UPDATE stock_counts SET status = 'approved', approved_at = ?, approved_by = ? WHERE id = ?",
                     (now, manager["id"], count_id))
        count = store.one("SELECT * FROM stock_counts WHERE id = ?", (count_id,))
        store.audit("stock_count.approve", count["started_by"], approved_by=manager["id"], ref_type="stock_count",
                    ref_id=count_id, lines=len(lines), adjusted=len(moves))
        outbox.add(store, "stock_count.approved", {"count": count, "lines": lines, "stock_moves": moves})
    return OpChanges(stock=changed, outbox=1)


def _lot_lines(store: Store, count_id: str) -> dict[str, list[tuple[dict | None, int]]]:
    """product id -> [(lot row or None, counted - expected)] of the lots counted one by one."""
    out: dict[str, list] = {}
    for r in store.all("SELECT c.product_id, c.counted - c.expected AS variance, l.id, l.lot_no FROM stock_count_lots c "
                       "LEFT JOIN lots l ON l.id = c.lot_id WHERE c.count_id = ? ORDER BY c.product_id, c.lot_no",
                       (count_id,)):
        lot = {"id": r["id"], "lot_no": r["lot_no"]} if r["id"] else None
        out.setdefault(r["product_id"], []).append((lot, r["variance"]))
    return out


def cancel_count(store: Store, count_id: str, staff_id: str | None = None) -> OpChanges:
    _count(store, count_id)
    with store.transaction() as conn:
        _count(store, count_id)
        conn.execute("UPDATE stock_counts SET status = 'cancelled' WHERE id = ?", (count_id,))
        store.audit("stock_count.cancel", staff_id, ref_type="stock_count", ref_id=count_id)
    return OpChanges()
