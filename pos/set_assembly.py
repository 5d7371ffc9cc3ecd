"""Gift boxes made up ahead, and taken apart again (issue 16 item 1).

Before Tết a manager fills fifty boxes in the back room: assemble() takes each component out of
its lots (FEFO, pos.lots.draw; expired and recalled lots are never put in a box) and puts the
boxes into the set product's own stock, all as ledger movements of the kind 'set_assembly' in one
transaction with their audit row and their outbox event (stock.moved), so the centre's
consignment stock sees the components leave and the boxes arrive. A sale then takes boxes made
ahead before it puts one together at the counter (pos/sets.py). Nothing is printed.

disassemble() takes boxes apart: the components go back to the lots the most recent assemblies
drew (last drawn, first returned: the boxes still on the shelf are the newest, the older ones
were sold first), stock without a lot when the history does not cover it (boxes delivered made
up). Never more boxes than are in stock, never more components than the boxes hold.
"""
from __future__ import annotations

from . import checks, outbox, sets
from .errors import InvalidQuantity, ValidationError
from .staff import require_manager
from .store import OpChanges, Store, new_id

MAX_BOXES = 10_000


def _set(store: Store, set_id: str) -> tuple[dict, list[dict]]:
    checks.ident(set_id, "set_id")
    product = store.one("SELECT id, name_vi, unit FROM products WHERE id = ?", (set_id,))
    comps = sets.components(store, set_id) if product else []
    if not comps:
        raise ValidationError("{name} is not a gift set", field="set_id", name=(product or {}).get("name_vi", set_id))
    return product, comps


def _on_hand(store: Store, product_id: str) -> int:
    return store.conn.execute("SELECT coalesce((SELECT qty FROM stock_on_hand WHERE product_id = ?), 0)",
                              (product_id,)).fetchone()[0]


def _write(store: Store, assembly_id: str, set_id: str, qty: int, reason: str, staff_id: str,
           moves: list[tuple[str, int, dict | None]]) -> list[dict]:
    now = store.now_iso()
    store.conn.execute("INSERT INTO set_assemblies(id, set_id, qty, reason, staff_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                       (assembly_id, set_id, qty, reason, staff_id, now))
    out = []
    for product_id, q, lot in moves:
        row = {"id": new_id(), "product_id": product_id, "qty": q, "kind": "set_assembly", "ref_type": "set_assembly",
               "ref_id": assembly_id, "reason": reason, "staff_id": staff_id, "device_code": store.device_code,
               "at": now, "lot_id": lot["id"] if lot else None}
        store.conn.execute(
            "INSERT INTO stock_moves(id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at, "
            "lot_id) VALUES (:id, :product_id, :qty, :kind, :ref_type, :ref_id, :reason, :staff_id, :device_code, "
            ":at, :lot_id)", row)
        out.append({**row, "lot_no": lot["lot_no"]} if lot else row)
    return out


def assemble(store: Store, set_id: str, qty: int, manager_id: str, reason: str = "") -> OpChanges:
    """Make `qty` boxes of the set from its components in stock (see the module docstring)."""
    product, comps = _set(store, set_id)
    qty = checks.whole(qty, "qty", 1, MAX_BOXES)
    manager = require_manager(store, manager_id)
    reason = checks.text(reason or "", "reason").strip() or "đóng hộp quà"
    day = store.business_day()
    assembly_id = new_id()
    with store.transaction():
        moves: list[tuple[str, int, dict | None]] = []
        for comp in comps:
            need = comp["per_set"] * qty
            have = _on_hand(store, comp["product_id"])  # under the write lock
            if need > have:
                raise InvalidQuantity("{qty} boxes need {need} {unit} of {name}; only {on_hand} in stock", qty=qty,
                                      need=need, unit=comp["unit"], name=comp["name_vi"], on_hand=have)
            for lot, q in sets.draw_component(store, product["name_vi"], comp, need, day):
                moves.append((comp["product_id"], -q, lot if lot and lot.get("id") else None))
        moves.append((set_id, qty, None))
        rows = _write(store, assembly_id, set_id, qty, reason, manager["id"], moves)
        store.audit("set.assembled", manager["id"], approved_by=manager["id"], ref_type="set_assembly",
                    ref_id=assembly_id, product_id=set_id, qty=qty, reason=reason)
        outbox.add(store, "stock.moved", {"stock_moves": rows})
    return OpChanges(stock={r["product_id"] for r in rows}, outbox=1)


def _lifo_lots(store: Store, set_id: str, product_id: str, qty: int) -> list[tuple[dict | None, int]]:
    """Where `qty` of a component goes back: the lots the latest assemblies of this set drew,
    skipping what earlier take-aparts already gave back; the rest without a lot."""
    rows = store.conn.execute(
        "SELECT m.qty, m.lot_id, l.lot_no FROM stock_moves m JOIN set_assemblies a ON a.id = m.ref_id "
        "LEFT JOIN lots l ON l.id = m.lot_id WHERE m.ref_type = 'set_assembly' AND m.kind = 'set_assembly' "
        "AND a.set_id = ? AND m.product_id = ? ORDER BY m.rowid DESC", (set_id, product_id)).fetchall()
    skip = sum(q for q, _, _ in rows if q > 0)
    out: list[tuple[dict | None, int]] = []
    for q, lot_id, lot_no in rows:
        if q > 0 or qty == 0:
            continue
        taken = -q - min(skip, -q)
        skip -= min(skip, -q)
        if taken > 0:
            out.append(({"id": lot_id, "lot_no": lot_no} if lot_id else None, min(taken, qty)))
            qty -= out[-1][1]
    if qty:
        out.append((None, qty))
    return out


def disassemble(store: Store, set_id: str, qty: int, manager_id: str, reason: str = "") -> OpChanges:
    """Take `qty` boxes apart: their components back to stock (see the module docstring)."""
    product, comps = _set(store, set_id)
    qty = checks.whole(qty, "qty", 1, MAX_BOXES)
    manager = require_manager(store, manager_id)
    reason = checks.text(reason or "", "reason").strip() or "tháo hộp quà"
    assembly_id = new_id()
    with store.transaction():
        have = _on_hand(store, set_id)
        if qty > have:
            raise InvalidQuantity("only {on_hand} {unit} of {name} in stock", qty=qty, on_hand=have,
                                  unit=product["unit"], name=product["name_vi"])
        moves: list[tuple[str, int, dict | None]] = [(set_id, -qty, None)]
        for comp in comps:
            for lot, q in _lifo_lots(store, set_id, comp["product_id"], comp["per_set"] * qty):
                moves.append((comp["product_id"], q, lot))
        rows = _write(store, assembly_id, set_id, -qty, reason, manager["id"], moves)
        store.audit("set.disassembled", manager["id"], approved_by=manager["id"], ref_type="set_assembly",
                    ref_id=assembly_id, product_id=set_id, qty=qty, reason=reason)
        outbox.add(store, "stock.moved", {"stock_moves": rows})
    return OpChanges(stock={r["product_id"] for r in rows}, outbox=1)
