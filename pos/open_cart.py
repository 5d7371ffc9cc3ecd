"""The till's open cart: the sale on screen, written to the database after every change.

Why: a clerk's work must survive a closed window, a killed process and a power cut, like held
sales do. The screen saves the cart (lines, discounts) and the payment parts already taken (a card
charged on the terminal, a VietQR transfer received, cash handed over) after each change; after a
restart the kiosk puts it back on screen for whoever logs in, saying who started it.

One row per database: a kiosk database is one till, and the cart belongs to the till, not to a
clerk (a clerk who locks the screen leaves the sale for the next one). `complete_sale` and
`held.hold` close the row in the same transaction as they write the sale or the held cart, so
after any crash there is either the open cart or the sale, never both and never neither.

A closed row keeps the closed cart's id and why it closed (sold / held / discarded): the screen
names its cart with an id, and a save of that id arriving after the sale is refused, so a late
save can never bring a sold cart back on screen to be sold twice.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import checks, payment_methods
from .cart import Cart
from .errors import InvalidState, ValidationError
from .store import OpChanges, Store

CLOSED = ("sold", "held", "discarded")


@dataclass
class OpenCart:
    cart_id: str
    cart: Cart
    parts: list[dict] = field(default_factory=list)
    staff_id: str | None = None
    staff_name: str = ""
    started_at: str = ""
    saved_at: str = ""

    @property
    def paid(self) -> int:
        return parts_total(self.parts)


def parts_total(parts: list[dict]) -> int:
    """What the parts already taken cover (cash counts what was handed over)."""
    return sum(int(p.get("amount") or p.get("tendered") or 0) for p in parts)


def check_parts(parts) -> list[dict]:
    """The parts in their stored shape, each checked by its method (pos.payment_methods); a bad
    part is refused with the project's own error. A part of a method that gives change keeps what
    was handed over."""
    out = []
    for p in checks.records(parts, "parts"):
        part = payment_methods.check_part(p)
        if payment_methods.get(part["method"]).gives_change:
            out.append({"method": part["method"], "amount": part["amount"], "tendered": part["amount"]})
        else:
            out.append(part)
    return out


def _cart_json(cart) -> tuple[str, bool]:
    """(JSON of the cart, whether it has lines); accepts a Cart or its to_dict()."""
    if isinstance(cart, Cart):
        data = cart.to_dict()
    elif isinstance(cart, dict):
        data = cart
    else:
        raise ValidationError("{field} must be a cart, not {kind}", field="cart", kind=type(cart).__name__)
    back = Cart.from_dict(data)  # what is stored must come back as a Cart (refuses wrong types)
    back.check_fields()
    return json.dumps(data, ensure_ascii=False), bool(back.lines)


def save(store: Store, cart_id: str, cart, parts=(), staff_id: str | None = None,
         removed_parts=()) -> bool:
    """Write the open cart `cart_id` (a Cart or its to_dict()) with the payment parts taken.

    The first save of a cart records who started it and when; later saves keep that. A cart with
    no lines and no parts is no open sale: its row goes. `removed_parts` are parts the clerk
    took off (audited as `payment.removed` in the same transaction: a charged card dropped is money
    the shop owes the customer). Returns False, writing nothing, when `cart_id` was already sold,
    held or discarded (a late save). Refuses to overwrite ANOTHER cart that is still open."""
    checks.ident(cart_id, "cart_id")
    checks.optional_ident(staff_id, "staff_id")
    text, has_lines = _cart_json(cart)
    stored_parts = check_parts(parts)
    dropped = check_parts(removed_parts)
    now = store.now_iso()
    with store.transaction() as conn:
        row = conn.execute("SELECT cart_id, status, cart, payments FROM open_cart WHERE till = 1").fetchone()
        if row is not None and row[0] == cart_id and row[1] in CLOSED:
            return False
        for part in dropped:
            store.audit("payment.removed", staff_id, ref_type="open_cart", ref_id=cart_id, **part)
        other_open = row is not None and row[0] != cart_id and row[1] == "open"
        if not has_lines and not stored_parts:  # nothing to keep: this cart's row goes, another's stays
            conn.execute("DELETE FROM open_cart WHERE till = 1 AND status = 'open' AND cart_id = ?", (cart_id,))
            return True
        if other_open and (Cart.from_dict(json.loads(row[2])).lines or json.loads(row[3])):
            raise InvalidState("another open sale is saved on this till: finish, hold or discard it first")
        conn.execute(
            "INSERT INTO open_cart(till, cart_id, status, staff_id, started_at, saved_at, cart, payments) "
            "VALUES (1, :id, 'open', :staff, :now, :now, :cart, :parts) "
            "ON CONFLICT(till) DO UPDATE SET saved_at = excluded.saved_at, cart = excluded.cart, "
            "payments = excluded.payments, "
            "staff_id = CASE WHEN open_cart.cart_id = excluded.cart_id AND open_cart.status = 'open' "
            "           THEN open_cart.staff_id ELSE excluded.staff_id END, "
            "started_at = CASE WHEN open_cart.cart_id = excluded.cart_id AND open_cart.status = 'open' "
            "           THEN open_cart.started_at ELSE excluded.started_at END, "
            "cart_id = excluded.cart_id, status = 'open'",
            {"id": cart_id, "staff": staff_id, "now": now, "cart": text,
             "parts": json.dumps(stored_parts, ensure_ascii=False)})
    return True


def load(store: Store) -> OpenCart | None:
    """The open cart to put back on screen after a restart, or None."""
    row = store.one("SELECT o.*, s.name AS staff_name FROM open_cart o LEFT JOIN staff s ON s.id = o.staff_id "
                    "WHERE o.till = 1 AND o.status = 'open'")
    if row is None:
        return None
    return OpenCart(cart_id=row["cart_id"], cart=Cart.from_dict(json.loads(row["cart"])),
                    parts=json.loads(row["payments"]), staff_id=row["staff_id"],
                    staff_name=row["staff_name"] or "", started_at=row["started_at"], saved_at=row["saved_at"])


def clear(store: Store, status: str = "sold", at: str | None = None) -> bool:
    """Close the open cart: call it INSIDE the transaction that writes what replaced it (the sale,
    the held cart), so a crash leaves one or the other; `at` (default now): when. True when there
    was one."""
    if status not in CLOSED:
        raise ValidationError("unknown reason {status!r} to close the open cart", field="status",
                              status=checks.shown(status))
    cur = store.conn.execute("UPDATE open_cart SET status = ?, saved_at = ?, cart = '{}', payments = '[]' "
                             "WHERE till = 1 AND status = 'open'", (status, at or store.now_iso()))
    return cur.rowcount == 1


def discard(store: Store, cart_id: str, cart, parts=(), staff_id: str | None = None) -> OpChanges:
    """The clerk threw the open sale away (after confirming): audited with its lines' count, total
    and every payment part taken, since money taken for a discarded sale goes back to the customer.
    Also closes a cart whose first save had not landed yet, so that save cannot bring it back."""
    checks.ident(cart_id, "cart_id")
    checks.optional_ident(staff_id, "staff_id")
    text, _ = _cart_json(cart)
    data = Cart.from_dict(json.loads(text))
    taken = check_parts(parts)
    now = store.now_iso()
    with store.transaction() as conn:
        store.audit("cart.discarded", staff_id, ref_type="open_cart", ref_id=cart_id, lines=len(data.lines),
                    total=data.totals().total, parts=taken)
        conn.execute("INSERT INTO open_cart(till, cart_id, status, staff_id, started_at, saved_at, cart, payments) "
                     "VALUES (1, ?, 'discarded', ?, ?, ?, '{}', '[]') ON CONFLICT(till) DO UPDATE SET "
                     "cart_id = excluded.cart_id, status = 'discarded', saved_at = excluded.saved_at, "
                     "cart = '{}', payments = '[]'", (cart_id, staff_id, now, now))
    return OpChanges()


def replace_with(store: Store, cart_id: str, cart: Cart, staff_id: str | None) -> None:
    """Make `cart` the open cart inside the caller's transaction (a held sale taken back), refusing
    when another sale with lines or payments is still open (it would be lost)."""
    row = store.conn.execute("SELECT cart_id, cart, payments FROM open_cart WHERE till = 1 AND status = 'open'"
                             ).fetchone()
    if row is not None and row[0] != cart_id and (Cart.from_dict(json.loads(row[1])).lines or json.loads(row[2])):
        raise InvalidState("another open sale is saved on this till: finish, hold or discard it first")
    save(store, cart_id, cart, (), staff_id)
