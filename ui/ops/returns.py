"""Returns to the producer and transfers on the DB thread (pos/producer_returns.py,
pos/transfers.py): a product's lots to choose from, booking the return or the transfer (its note
goes to the print queue in the same transaction), taking a transfer in, reprints."""
from __future__ import annotations

from pos import lots, producer_returns, transfers

from . import OpResult


def choices(store, product_id: str) -> dict:
    """What can go back of a product: its lots holding stock, FEFO order (the one nearest or past
    its use-by first, the likeliest to go back), and the stock no lot holds."""
    held = [{"lot_no": r["lot_no"], "use_by": r["use_by"], "on_hand": r["on_hand"]}
            for r in lots.lots_of(store, product_id) if r["on_hand"] > 0]
    return {"lots": held, "unlotted": max(lots.unlotted(store, product_id), 0)}


def book(store, producer_id: str, lines: list[dict], manager_id, reason: str, note: str) -> OpResult:
    """Book the return -> OpResult((return id, return number), changes)."""
    return_id, changes = producer_returns.return_to_producer(store, producer_id, lines, manager_id, reason, note)
    return OpResult((return_id, producer_returns.get_return(store, return_id)["return_no"]), changes)


def recent(store) -> list[dict]:
    return producer_returns.returns_of(store, limit=20)


def reprint(store, return_id: str, staff_id) -> OpResult:
    return OpResult(None, producer_returns.reprint(store, return_id, staff_id))


def send_transfer(store, to_location: str, lines: list[dict], manager_id, reason: str) -> OpResult:
    """Book a transfer out (its note with the QR goes to the print queue) -> OpResult(transfer number)."""
    tid, changes = transfers.send(store, to_location, lines, manager_id, reason)
    return OpResult(transfers.get_transfer(store, tid)["transfer_no"], changes)


def take_in_transfer(store, code: str, manager_id) -> OpResult:
    """Take in the goods of a scanned transfer note -> OpResult((number, lines count))."""
    tid, changes = transfers.receive(store, code, manager_id)
    t = transfers.get_transfer(store, tid)
    return OpResult((t["transfer_no"], len(t["lines"])), changes)


def recent_transfers(store) -> list[dict]:
    return transfers.transfers_of(store, limit=30)


def reprint_transfer(store, transfer_id: str, staff_id) -> OpResult:
    """A past transfer's note again, marked as a copy (sent: with its QR; received: a record)."""
    return OpResult(None, transfers.reprint(store, transfer_id, staff_id))
