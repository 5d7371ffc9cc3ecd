"""Transfers of stock between points of sale, per lot (issue 14 item 2): out at one kiosk, in at
the other when the goods arrive, exactly once.

Why the lines travel on the note and not through the centre: kiosks are offline for days, and the
goods travel with a paper note anyway. `send` books the goods out of their lots (never more than a
lot holds) and makes a note whose code (`note_code`, printed as a QR, or read aloud and typed)
carries the transfer's id, number and lines: product SKU, lot number and dates, quantity. The
receiving kiosk's manager scans it; `receive` books the same lots in (created with the same
dates when new here: pos.lots.book_lot) under the same transfer id.

Exactly once: the transfer's id is the primary key of `transfers` at each kiosk, so a note taken
in twice, or taken in by the kiosk that sent it, is refused with nothing booked; at the centre
the received side is unique per transfer (central stock_transfers), so a second kiosk taking in
the same note is refused there and flagged for the office (a kiosk offline cannot know).
"""
from __future__ import annotations

from urllib.parse import quote, unquote

from . import checks, lots, outbox, print_jobs
from .clock import local_time
from .errors import InvalidQuantity, ValidationError
from .staff import require_manager
from .stock import _check_qty, _insert_move, _lot_out, _product
from .store import OpChanges, Store, new_id

PREFIX = "OCOPCK1"
MAX_LINES = 200


def _lines(store: Store, lines) -> list[tuple[dict, int, str]]:
    if not lines or not isinstance(lines, (list, tuple)) or len(lines) > MAX_LINES:
        raise ValidationError("a transfer needs 1 to {most} lines", field="lines", most=MAX_LINES)
    out, seen = [], set()
    for line in lines:
        if not isinstance(line, dict):
            raise ValidationError("transfer line must be {{'product_id', 'qty', 'lot_no'}}, not {line!r}",
                                  field="lines", line=checks.shown(line))
        product = _product(store, line.get("product_id"))
        lot = lots.clean_lot({"lot_no": line.get("lot_no") or ""})
        key = (product["id"], lot["lot_no"] if lot else "")
        if key in seen:
            raise ValidationError("{name} appears twice on the transfer; add the quantities", field="lines",
                                  product_id=product["id"], name=product["name_vi"])
        seen.add(key)
        out.append((product, _check_qty(line.get("qty"), product), key[1]))
    return out


def send(store: Store, to_location: str, lines, manager_id: str, reason: str = "") -> tuple[str, OpChanges]:
    """Book goods out to another point of sale -> (transfer id, changes). A line naming a lot
    takes from that lot; one without, from stock no lot holds."""
    manager = require_manager(store, manager_id)
    to_location = checks.text(to_location or "", "to_location", 64).strip()
    if not to_location:
        raise ValidationError("say where the goods go (the other point of sale)", field="to_location")
    reason = checks.text(reason or "", "reason", 200).strip()
    clean = _lines(store, lines)
    tid = new_id()
    with store.transaction() as conn:
        n = conn.execute("SELECT count(*) FROM transfers WHERE direction = 'out'").fetchone()[0] + 1
        row = {"id": tid, "transfer_no": f"CK-{store.device_code}-{n:05d}", "direction": "out",
               "from_device": store.device_code, "to_location": to_location, "reason": reason,
               "staff_id": manager["id"], "at": store.now_iso()}
        conn.execute("INSERT INTO transfers(id, transfer_no, direction, from_device, to_location, reason, staff_id, at) "
                     "VALUES (:id, :transfer_no, :direction, :from_device, :to_location, :reason, :staff_id, :at)", row)
        moves, sent = [], []
        for product, qty, lot_no in clean:
            lot = _lot_out(store, product, qty, lot_no) if lot_no else _unlotted(store, product, qty)
            moves.append(_insert_move(store, product["id"], -qty, "transfer_out", manager["id"], "transfer", tid,
                                      reason or f"chuyển đến {to_location}", lot))
            sent.append(_line_row(tid, product, lot, qty))
        store.audit("stock.transfer_out", manager["id"], approved_by=manager["id"], ref_type="transfer", ref_id=tid,
                    transfer_no=row["transfer_no"], to_location=to_location, lines=len(sent))
        outbox.add(store, "stock.transferred", {"transfer": row, "lines": sent, "stock_moves": moves})
        print_jobs.enqueue(store, "transfer_note", tid, note_doc(store, tid))
    return tid, OpChanges(stock={p["id"] for p, _q, _l in clean}, outbox=1, print_jobs=1)


def _unlotted(store: Store, product: dict, qty: int) -> None:
    have = max(lots.unlotted(store, product["id"]), 0)
    if qty > have:
        raise InvalidQuantity("only {on_hand} {unit} of {name} are not in a lot; name the lot that goes",
                              qty=qty, on_hand=have, unit="g" if product["sold_by_weight"] else product["unit"],
                              name=product["name_vi"], product_id=product["id"])
    return None


def _line_row(tid: str, product: dict, lot: dict | None, qty: int) -> dict:
    return {"transfer_id": tid, "product_id": product["id"], "sku": product["sku"],
            "lot_id": lot["id"] if lot else None, "lot_no": lot["lot_no"] if lot else "",
            "produced_on": lot.get("produced_on") if lot else None, "use_by": lot.get("use_by") if lot else None,
            "qty": qty}


def get_transfer(store: Store, transfer_id: str) -> dict:
    checks.ident(transfer_id, "transfer_id")
    row = store.one("SELECT * FROM transfers WHERE id = ?", (transfer_id,))
    if row is None:
        raise ValidationError("unknown transfer {transfer_id!r}", field="transfer_id", transfer_id=transfer_id)
    row["lines"] = store.all(
        "SELECT p.id AS product_id, p.sku, p.name_vi, p.unit, p.sold_by_weight, abs(m.qty) AS qty, "
        "coalesce(l.lot_no, '') AS lot_no, l.produced_on, l.use_by FROM stock_moves m "
        "JOIN products p ON p.id = m.product_id LEFT JOIN lots l ON l.id = m.lot_id "
        "WHERE m.ref_type = 'transfer' AND m.ref_id = ? ORDER BY m.rowid", (transfer_id,))
    return row


def note_code(store: Store, transfer_id: str) -> str:
    """The note's code: OCOPCK1|id|number|from device|to|sku~lot~use_by~produced_on~qty;... (each
    field percent-encoded, so any lot number survives a keyboard-wedge scanner as ASCII)."""
    t = get_transfer(store, transfer_id)
    if t["direction"] != "out":
        raise ValidationError("only the sending kiosk prints a transfer's note", field="transfer_id")
    q = lambda v: quote(str(v or ""), safe="")  # noqa: E731
    lines = ";".join("~".join(q(v) for v in (ln["sku"], ln["lot_no"], ln["use_by"], ln["produced_on"], ln["qty"]))
                     for ln in t["lines"])
    return "|".join([PREFIX, t["id"], q(t["transfer_no"]), q(t["from_device"]), q(t["to_location"]), lines])


def note_doc(store: Store, transfer_id: str, reprint: bool = False) -> dict:
    """The printed transfer note (printers/return_note.py draws it). The sender's carries the whole
    transfer as a QR (a copy too: a torn or lost note must still let the goods be taken in); the
    receiver's copy is a record of what came in, its QR only the number (`direction` "in"): its
    goods are already booked, and the exactly-once key refuses a second take-in anyway."""
    t = get_transfer(store, transfer_id)
    s = store.settings()
    staff = store.one("SELECT name FROM staff WHERE id = ?", (t["staff_id"],)) or {}
    code = note_code(store, t["id"]) if t["direction"] == "out" else None
    return {"kind": "transfer_note", "lang": "vi", "return_no": t["transfer_no"], "code": code,
            "direction": t["direction"], "reprint": reprint,
            "store": {"name": s.get("store_name", ""), "header": s.get("receipt_header", ""),
                      "device_code": store.device_code, "address": s.get("address", ""), "phone": s.get("phone", "")},
            "local_time": local_time(t["at"]), "from_device": t["from_device"], "to_location": t["to_location"],
            "reason": t["reason"], "staff": staff.get("name", ""),
            "lines": [{"sku": ln["sku"], "name": ln["name_vi"], "unit": "g" if ln["sold_by_weight"] else ln["unit"],
                       "qty": ln["qty"], "lot_no": ln["lot_no"], "use_by": ln["use_by"]} for ln in t["lines"]]}


def reprint(store: Store, transfer_id: str, staff_id: str | None = None) -> OpChanges:
    """A sent or received transfer's note again, marked as a copy; audited."""
    doc = note_doc(store, transfer_id, reprint=True)
    with store.transaction():
        print_jobs.enqueue(store, "transfer_note", transfer_id, doc)
        store.audit("transfer_note.reprint", staff_id, ref_type="transfer", ref_id=transfer_id,
                    transfer_no=doc["return_no"], direction=doc["direction"])
    return OpChanges(print_jobs=1)


def transfers_of(store: Store, limit: int = 30) -> list[dict]:
    """The latest transfers, sent and received, newest first (the screen's list to reprint from)."""
    return store.all("SELECT t.id, t.transfer_no, t.direction, t.from_device, t.to_location, t.at, "
                     "(SELECT count(*) FROM stock_moves m WHERE m.ref_type = 'transfer' AND m.ref_id = t.id) "
                     "AS lines FROM transfers t ORDER BY t.rowid DESC LIMIT ?", (int(limit),))


def read_code(code: str) -> dict:
    """The note's code -> {id, transfer_no, from_device, to_location, lines: [{sku, lot_no, use_by,
    produced_on, qty}]}, or ValidationError saying it is not a transfer note's code."""
    parts = str(code or "").strip().split("|")
    if len(parts) != 6 or parts[0] != PREFIX:
        raise ValidationError("this is not the code of a transfer note", field="code")
    try:
        lines = []
        for item in parts[5].split(";"):
            sku, lot_no, use_by, produced, qty = (unquote(v) for v in item.split("~"))
            lines.append({"sku": sku, "lot_no": lot_no, "use_by": use_by or None, "produced_on": produced or None,
                          "qty": int(qty)})
    except ValueError as exc:
        raise ValidationError("this transfer note's code is damaged: scan it again", field="code") from exc
    checks.ident(parts[1], "transfer_id")
    return {"id": parts[1], "transfer_no": unquote(parts[2]), "from_device": unquote(parts[3]),
            "to_location": unquote(parts[4]), "lines": lines}


def receive(store: Store, code: str, manager_id: str) -> tuple[str, OpChanges]:
    """Take in the goods of a transfer note (its scanned code) -> (transfer id, changes). Refused
    with nothing booked when this kiosk already has that transfer (taken in, or sent by it)."""
    note = read_code(code)
    manager = require_manager(store, manager_id)
    if note["from_device"] == store.device_code:
        raise ValidationError("transfer {no} was sent from this kiosk; it is taken in at the other one",
                              field="code", no=note["transfer_no"])
    with store.transaction() as conn:
        if store.one("SELECT 1 AS x FROM transfers WHERE id = ?", (note["id"],)) is not None:
            raise ValidationError("transfer {no} was already taken in here", field="code", no=note["transfer_no"])
        row = {"id": note["id"], "transfer_no": note["transfer_no"], "direction": "in",
               "from_device": note["from_device"], "to_location": note["to_location"], "reason": "",
               "staff_id": manager["id"], "at": store.now_iso()}
        conn.execute("INSERT INTO transfers(id, transfer_no, direction, from_device, to_location, reason, staff_id, at) "
                     "VALUES (:id, :transfer_no, :direction, :from_device, :to_location, :reason, :staff_id, :at)", row)
        moves, got, changed = [], [], set()
        for line in note["lines"]:
            product = store.one("SELECT id, sku, name_vi, producer_id, sold_by_weight, unit FROM products WHERE sku = ?",
                                (line["sku"],))
            if product is None:
                raise ValidationError("product {sku} on the transfer note is not in this kiosk's catalog",
                                      field="code", sku=line["sku"])
            qty = _check_qty(line["qty"], product)
            fields = lots.clean_lot(line)
            lot = lots.book_lot(store, product, fields, qty, None) if fields else None
            moves.append(_insert_move(store, product["id"], qty, "transfer_in", manager["id"], "transfer", note["id"],
                                      f"nhận từ {note['from_device']}", lot))
            got.append(_line_row(note["id"], product, lot, qty))
            changed.add(product["id"])
        store.audit("stock.transfer_in", manager["id"], approved_by=manager["id"], ref_type="transfer",
                    ref_id=note["id"], transfer_no=note["transfer_no"], lines=len(got))
        outbox.add(store, "stock.transfer_received", {"transfer": row, "lines": got, "stock_moves": moves})
    return note["id"], OpChanges(stock=changed, outbox=1)
