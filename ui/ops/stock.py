"""Stock on the DB thread: the stock list's pages, a product's ledger, moves and deliveries."""
from __future__ import annotations

from pos import announcements, lots, recalls, stock
from pos.stock import stock_find as find, stock_page as page, stock_rows as rows, stock_summary as summary  # noqa: F401

from . import OpResult


def ledger(store, product_id: str):
    return stock.ledger(store, product_id, limit=50)


def move(store, product_id: str, qty: int, kind: str, reason: str, staff_id, manager_id, lot_no: str = "") -> OpResult:
    """Book one move (of one lot when `lot_no` names it) -> OpResult(the product's ledger after it, changes)."""
    changes = stock.record_move(store, product_id, qty, kind, reason, staff_id, manager_id, lot_no=lot_no)
    return OpResult(stock.ledger(store, product_id, limit=50), changes)


def receive(store, producer_id: str, lines: list[dict], staff_id, note_no: str, note: str,
            announcement_id: str = "") -> OpResult:
    """Book a delivery (against a producer's announcement when given) -> OpResult((delivery id,
    {product id: on hand after}, announced-against-received rows or None), changes)."""
    delivery_id, changes = stock.receive_delivery(store, producer_id, lines, staff_id, note_no=note_no, note=note,
                                                  announcement_id=announcement_id)
    after = {line["product_id"]: stock.on_hand(store, line["product_id"]) for line in lines}
    compared = announcements.compare(store, announcement_id) if announcement_id else None
    return OpResult((delivery_id, after, compared), changes)


def open_announcements(store) -> list[dict]:
    """The producers' announced deliveries waiting here, each with its lines (pos/announcements.py)."""
    return [announcements.get(store, a["id"]) for a in announcements.open_list(store)]


def stars_withdrawn(store) -> dict:
    return stock.stars_withdrawn(store, limit=3)


def expiring_lots(store, days: int) -> list[dict]:
    """Lots in stock whose use-by is within `days` days or past, soonest first (pos.lots.expiring)."""
    return lots.expiring(store, days)


def recalled_lots(store) -> list[dict]:
    """Recalled lots this kiosk still holds (pos.recalls.recalled_on_hand)."""
    return recalls.recalled_on_hand(store)
