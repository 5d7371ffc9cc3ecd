"""Buyer profiles on the DB thread: find a returning buyer, keep one for next time."""
from __future__ import annotations

from pos.einvoice import buyers

from . import OpResult


def find(store, text: str) -> list[dict]:
    return buyers.find(store, text)


def save(store, data: dict) -> OpResult:
    """Keep the profile (and queue its buyer.saved event); the value is its id."""
    buyer_id, changes = buyers.save(store, data)
    return OpResult(buyer_id, changes)


def add_to_sale(store, sale_id: str, buyer: dict, staff_id: str):
    """Put the buyer on today's sale: its invoices are replaced (pos.einvoice.corrections)."""
    from pos.einvoice import corrections

    return corrections.add_buyer(store, sale_id, buyer, staff_id)


def correct_on_sale(store, sale_id: str, buyer: dict, staff_id: str, manager_id: str):
    """Correct the buyer typed wrong on a sale's invoices (a manager approved): replacements."""
    from pos.einvoice import corrections

    return corrections.correct_buyer(store, sale_id, buyer, staff_id, manager_id)
