"""The open sale on the DB thread: kept as the clerk rings it up, found again after a restart."""
from __future__ import annotations

from pos import open_cart
from pos.store import OpChanges


def save(store, cart_id: str, cart: dict, parts: list[dict], staff_id, removed: list[dict]) -> bool:
    return open_cart.save(store, cart_id, cart, parts, staff_id, removed_parts=removed)


def load(store):
    return open_cart.load(store)


def discard(store, cart_id: str, cart: dict, parts: list[dict], staff_id) -> OpChanges:
    return open_cart.discard(store, cart_id, cart, parts, staff_id)
