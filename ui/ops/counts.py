"""Stock counts on the DB thread: start, scan, review, approve or cancel."""
from __future__ import annotations

from pos import stock

from . import OpResult


def state(store):
    """(the open count or None, what it has counted so far)."""
    count = stock.open_count(store)
    return count, (stock.counted_products(store, count["id"]) if count else [])


def start(store, staff_id, note: str):
    stock.start_count(store, staff_id, note)
    return state(store)


def add(store, count_id: str, product_id: str, qty: int):
    """`qty` more of this product on the shelf (a scan: 1, or a scale label's grams); the DB
    keeps the running number so scans queued back to back add up."""
    current = {r["product_id"]: r["counted"] for r in stock.counted_products(store, count_id)}
    stock.record_count(store, count_id, product_id, current.get(product_id, 0) + qty)
    return stock.counted_products(store, count_id)


def set_counted(store, count_id: str, product_id: str, counted: int):
    stock.record_count(store, count_id, product_id, counted)
    return stock.counted_products(store, count_id)


def variances(store, count_id: str):
    return stock.count_variances(store, count_id)


def approve(store, count_id: str, manager_id: str) -> OpResult:
    """Book the count -> OpResult(its variances, changes)."""
    changes = stock.approve_count(store, count_id, manager_id)
    return OpResult(stock.count_variances(store, count_id), changes)


def cancel(store, count_id: str, staff_id):
    stock.cancel_count(store, count_id, staff_id)
    return state(store)
