"""Stock counts on the DB thread: start, scan (per lot for products kept in lots), review, approve
or cancel."""
from __future__ import annotations

from pos import lots, stock

from . import OpResult


def rows(store, count_id: str) -> list[dict]:
    """What has been counted, blind: one row per product, or per lot (lot_no, '' for the goods
    without a lot) for a product counted lot by lot; lot_no None on a whole-product row."""
    by_lot = stock.counted_lots(store, count_id)
    split = {r["product_id"] for r in by_lot}
    out = [{**r, "lot_no": None} for r in stock.counted_products(store, count_id) if r["product_id"] not in split]
    return sorted(out + by_lot, key=lambda r: (r["name_vi"], r["product_id"], r["lot_no"] or ""))


def state(store):
    """(the open count or None, what it has counted so far)."""
    count = stock.open_count(store)
    return count, (rows(store, count["id"]) if count else [])


def lot_choice(store, product_id: str) -> list[str]:
    """The lot numbers a counter can choose for this product (no quantities: the count is blind):
    its lots holding stock, then '' for goods without a lot when the ledger holds some. Empty
    when the product is not kept in lots: it is counted whole."""
    held = [r["lot_no"] for r in lots.lots_of(store, product_id) if r["on_hand"] > 0]
    if held and lots.unlotted(store, product_id) > 0:
        held.append("")
    return held


def start(store, staff_id, note: str):
    stock.start_count(store, staff_id, note)
    return state(store)


def add(store, count_id: str, product_id: str, qty: int, lot_no: str | None = None):
    """`qty` more of this product (of lot `lot_no` when given) on the shelf (a scan: 1, or a scale
    label's grams); the DB keeps the running number so scans queued back to back add up."""
    if lot_no is None:
        current = {r["product_id"]: r["counted"] for r in stock.counted_products(store, count_id)}
        stock.record_count(store, count_id, product_id, current.get(product_id, 0) + qty)
    else:
        current = {(r["product_id"], r["lot_no"]): r["counted"] for r in stock.counted_lots(store, count_id)}
        stock.record_count_lot(store, count_id, product_id, lot_no, current.get((product_id, lot_no), 0) + qty)
    return rows(store, count_id)


def set_counted(store, count_id: str, product_id: str, counted: int, lot_no: str | None = None):
    if lot_no is None:
        stock.record_count(store, count_id, product_id, counted)
    else:
        stock.record_count_lot(store, count_id, product_id, lot_no, counted)
    return rows(store, count_id)


def variances(store, count_id: str):
    return stock.count_variances(store, count_id)


def approve(store, count_id: str, manager_id: str) -> OpResult:
    """Book the count -> OpResult(its variances, changes)."""
    changes = stock.approve_count(store, count_id, manager_id)
    return OpResult(stock.count_variances(store, count_id), changes)


def cancel(store, count_id: str, staff_id):
    stock.cancel_count(store, count_id, staff_id)
    return state(store)
