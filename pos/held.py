"""Held sales: a cart parked while the customer fetches one more thing, resumed later (also by
another clerk, also after a restart: held carts live in the database, not in memory)."""
from __future__ import annotations

import json

from . import checks, open_cart
from .cart import Cart
from .errors import EmptyCart, ValidationError
from .store import OpChanges, Store, new_id


def hold(store: Store, cart: Cart, staff_id: str, label: str = "") -> tuple[str, OpChanges]:
    if not isinstance(cart, Cart):
        raise ValidationError("{field} must be a cart, not {kind}", field="cart", kind=type(cart).__name__)
    checks.ident(staff_id, "staff_id")
    checks.text(label, "label")
    cart.check_fields()  # what is stored must come back through Cart.from_dict
    if not cart.lines:
        raise EmptyCart("nothing to hold: the cart is empty")
    hid = new_id()
    with store.transaction() as conn:
        conn.execute("INSERT INTO held_sales(id, label, staff_id, created_at, cart) VALUES (?,?,?,?,?)",
                     (hid, (label or "").strip()[:60], staff_id, store.now_iso(),
                      json.dumps(cart.to_dict(), ensure_ascii=False)))
        open_cart.clear(store, "held")  # the open cart became this held sale, in one transaction
    return hid, OpChanges(held=True)


def list_held(store: Store) -> list[dict]:
    rows = store.all("SELECT h.id, h.label, h.created_at, h.cart, s.name AS clerk FROM held_sales h "
                     "LEFT JOIN staff s ON s.id = h.staff_id ORDER BY h.created_at")
    for row in rows:
        cart = Cart.from_dict(json.loads(row.pop("cart")))
        row["lines"] = len(cart.lines)
        row["total"] = cart.totals().total
    return rows


def resume(store: Store, held_id: str, cart_id: str | None = None,
           staff_id: str | None = None) -> tuple[Cart, OpChanges]:
    """Take a held cart back (it leaves the held list). Prices stay as they were rung up.

    With `cart_id` it becomes the till's open cart (pos.open_cart) in the same transaction, so a
    crash right after leaves it held or open, never gone. The cart is read back before its
    row is deleted: one that cannot be read stays held."""
    checks.ident(held_id, "held_id")
    with store.transaction() as conn:
        row = conn.execute("SELECT cart FROM held_sales WHERE id = ?", (held_id,)).fetchone()
        if row is None:
            raise ValidationError("that held sale no longer exists", field="held_id")
        cart = Cart.from_dict(json.loads(row[0]))
        conn.execute("DELETE FROM held_sales WHERE id = ?", (held_id,))
        if cart_id is not None:
            open_cart.replace_with(store, cart_id, cart, staff_id)
    return cart, OpChanges(held=True)
