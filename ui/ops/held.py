"""Held sales on the DB thread (run on the cart saver, after the open cart's last save)."""
from __future__ import annotations

from pos import held
from pos.cart import Cart


def hold(store, cart_dict: dict, staff_id: str, label: str) -> str:
    return held.hold(store, Cart.from_dict(cart_dict), staff_id, label)[0]


def list_held(store) -> list[dict]:
    return held.list_held(store)


def resume(store, held_id: str, cart_id: str | None = None, staff_id: str | None = None) -> dict:
    """Take a held sale back; with cart_id it becomes the open cart in the same transaction."""
    return held.resume(store, held_id, cart_id=cart_id, staff_id=staff_id)[0].to_dict()
