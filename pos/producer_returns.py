"""Returns to the producer (issue 15 item 1): consigned goods handed back to the household or
cooperative that made them (unsold, near their use-by, recalled, damaged in transport).

Why a movement of its own ('return_to_producer') and not a write-off: the goods are not lost,
the producer takes them back, so the centre's consignment figures show them as returned, and the
printed note, signed by both sides, is the proof. One return is one producer's (like a delivery):
a manager scans the goods, names the reason, and the return writes, in ONE transaction, its
header (numbered TH-<device>-<n>, n gapless per kiosk), one movement per product and lot (stock
leaves the lot it is in: never more than that lot holds, read under the write lock), the audit
row, the printed note's job and the outbox event "stock.returned".

A line naming a lot takes from that lot only. A line without a lot takes only stock that no lot
holds (received before lots, or found by a count): a product whose stock is in lots must name the
lot going back, so the producer's note and the lot's ledger say the same.
"""
from __future__ import annotations

from . import checks, lots, outbox, print_jobs
from .clock import local_time
from .errors import InvalidQuantity, ValidationError
from .staff import require_manager
from .stock import _check_qty, _insert_move, _lot_out, _product
from .store import OpChanges, Store, new_id

MAX_LINES = 500


def _producer(store: Store, producer_id: str) -> dict:
    checks.ident(producer_id, "producer_id")
    row = store.one("SELECT * FROM producers WHERE id = ?", (producer_id,))
    if row is None:
        raise ValidationError("unknown producer {producer_id!r}", field="producer_id", producer_id=producer_id)
    return row


def _clean_lines(store: Store, producer: dict, lines) -> list[tuple[dict, int, str]]:
    """[(product, qty, lot_no or '')], checked: the producer's own products, one line per product
    and lot (the same twice is refused: add the quantities)."""
    if not lines or not isinstance(lines, (list, tuple)):
        raise ValidationError("a return needs at least one line", field="lines")
    if len(lines) > MAX_LINES:
        raise ValidationError("a return has at most {most} lines", field="lines", most=MAX_LINES)
    out, seen = [], set()
    for line in lines:
        if not isinstance(line, dict):
            raise ValidationError("return line must be {{'product_id', 'qty', 'lot_no'}}, not {line!r}",
                                  field="lines", line=checks.shown(line))
        product = _product(store, line.get("product_id"))
        if product["producer_id"] != producer["id"]:
            raise ValidationError("{name} ({sku}) is not made by {producer}; return it on its own producer's note",
                                  field="lines", product_id=product["id"], name=product["name_vi"],
                                  sku=product["sku"], producer=producer["name"])
        lot = lots.clean_lot({"lot_no": line.get("lot_no") or ""})
        lot_no = lot["lot_no"] if lot else ""
        if (product["id"], lot_no) in seen:
            raise ValidationError("{name} appears twice on the return; add the quantities", field="lines",
                                  product_id=product["id"], name=product["name_vi"])
        seen.add((product["id"], lot_no))
        out.append((product, _check_qty(line.get("qty"), product), lot_no))
    return out


def _take(store: Store, product: dict, qty: int, lot_no: str) -> dict | None:
    """The lot row the line takes from (None: stock no lot holds), refusing more than it holds.
    Runs under the write lock, so no sale can take the same goods meanwhile."""
    if lot_no:
        return _lot_out(store, product, qty, lot_no)
    unit = "g" if product["sold_by_weight"] else product["unit"]
    have = max(lots.unlotted(store, product["id"]), 0)
    if qty > have:
        raise InvalidQuantity("only {on_hand} {unit} of {name} are not in a lot; name the lot going back",
                              qty=qty, on_hand=have, unit=unit, name=product["name_vi"], product_id=product["id"])
    return None


def return_to_producer(store: Store, producer_id: str, lines, manager_id: str, reason: str,
                       note: str = "") -> tuple[str, OpChanges]:
    """Book a return of `lines` ([{product_id, qty, lot_no}]) to the producer -> (return id, changes).
    Everything is checked again inside the write transaction; a refused line books nothing."""
    producer = _producer(store, producer_id)
    manager = require_manager(store, manager_id)
    reason = checks.text(reason or "", "reason", 200).strip()
    if not reason:
        raise ValidationError("say why the goods go back to the producer (reason)", field="reason")
    note = checks.text(note or "", "note", 500).strip()
    clean = _clean_lines(store, producer, lines)
    return_id = new_id()
    with store.transaction() as conn:
        n = conn.execute("SELECT count(*) FROM producer_returns").fetchone()[0] + 1
        row = {"id": return_id, "return_no": f"TH-{store.device_code}-{n:05d}", "producer_id": producer["id"],
               "reason": reason, "note": note, "staff_id": manager["id"], "returned_at": store.now_iso()}
        conn.execute("INSERT INTO producer_returns(id, return_no, producer_id, reason, note, staff_id, returned_at) "
                     "VALUES (:id, :return_no, :producer_id, :reason, :note, :staff_id, :returned_at)", row)
        moves = []
        for product, qty, lot_no in clean:
            lot = _take(store, product, qty, lot_no)
            moves.append(_insert_move(store, product["id"], -qty, "return_to_producer", manager["id"],
                                      "producer_return", return_id, reason, lot))
        store.audit("stock.return_to_producer", manager["id"], approved_by=manager["id"], ref_type="producer_return",
                    ref_id=return_id, return_no=row["return_no"], producer_id=producer["id"], lines=len(moves),
                    reason=reason)
        print_jobs.enqueue(store, "return_note", return_id, note_doc(store, return_id))
        outbox.add(store, "stock.returned", {"producer_return": row, "stock_moves": moves})
    return return_id, OpChanges(stock={p["id"] for p, _q, _l in clean}, outbox=1, print_jobs=1)


def get_return(store: Store, return_id: str) -> dict:
    """The return's header with its producer and manager, and its lines (one per product and lot)."""
    checks.ident(return_id, "return_id")
    row = store.one("SELECT r.*, p.code AS producer_code, p.name AS producer_name, p.address AS producer_address, "
                    "p.phone AS producer_phone, p.tax_code AS producer_tax_code, s.name AS staff_name "
                    "FROM producer_returns r JOIN producers p ON p.id = r.producer_id "
                    "LEFT JOIN staff s ON s.id = r.staff_id WHERE r.id = ?", (return_id,))
    if row is None:
        raise ValidationError("unknown return {return_id!r}", field="return_id", return_id=return_id)
    row["lines"] = store.all(
        "SELECT m.product_id, p.sku, p.name_vi, p.name_en, p.unit, p.sold_by_weight, -m.qty AS qty, "
        "coalesce(l.lot_no, '') AS lot_no, l.use_by, l.produced_on FROM stock_moves m "
        "JOIN products p ON p.id = m.product_id LEFT JOIN lots l ON l.id = m.lot_id "
        "WHERE m.ref_type = 'producer_return' AND m.ref_id = ? ORDER BY m.rowid", (return_id,))
    return row


def note_doc(store: Store, return_id: str, reprint: bool = False) -> dict:
    """The printed return note (printers/return_note.py draws it): Vietnamese, both sides sign."""
    r = get_return(store, return_id)
    s = store.settings()
    return {
        "kind": "return_note", "lang": "vi", "reprint": reprint,
        "store": {"name": s.get("store_name", ""), "header": s.get("receipt_header", ""),
                  "location_name": s.get("location_name", ""), "device_code": store.device_code,
                  "address": s.get("address", ""), "tax_code": s.get("tax_code", ""), "phone": s.get("phone", "")},
        "return_no": r["return_no"], "returned_at": r["returned_at"], "local_time": local_time(r["returned_at"]),
        "producer": {"code": r["producer_code"], "name": r["producer_name"], "address": r["producer_address"],
                     "phone": r["producer_phone"], "tax_code": r["producer_tax_code"]},
        "reason": r["reason"], "note": r["note"], "staff": r["staff_name"] or "",
        "lines": [{"sku": ln["sku"], "name": ln["name_vi"], "unit": "g" if ln["sold_by_weight"] else ln["unit"],
                   "qty": ln["qty"], "lot_no": ln["lot_no"], "use_by": ln["use_by"]} for ln in r["lines"]],
    }


def reprint(store: Store, return_id: str, staff_id: str | None = None) -> OpChanges:
    """Print the note again (a copy for the producer, a torn one): marked as a reprint, audited."""
    doc = note_doc(store, return_id, reprint=True)
    with store.transaction():
        print_jobs.enqueue(store, "return_note", return_id, doc)
        store.audit("return_note.reprint", staff_id, ref_type="producer_return", ref_id=return_id)
    return OpChanges(print_jobs=1)


def returns_of(store: Store, limit: int = 50) -> list[dict]:
    """The latest returns, newest first (for the screen's list)."""
    return store.all("SELECT r.id, r.return_no, r.returned_at, r.reason, p.name AS producer_name, "
                     "(SELECT count(*) FROM stock_moves m WHERE m.ref_type = 'producer_return' AND m.ref_id = r.id) "
                     "AS lines FROM producer_returns r JOIN producers p ON p.id = r.producer_id "
                     "ORDER BY r.rowid DESC LIMIT ?", (int(limit),))
