"""The sale on screen kept safe: written as the open cart (pos.open_cart, through
ui.open_cart.CartKeeper) after every change, brought back at start after a crash or power cut, kept
across a language switch (the screen is rebuilt), and thrown away only on the clerk's word.

A mixin of ui.sell.SellScreen (its methods, kept in their own module): it works on the screen's
cart, cart id and payment parts.
"""
from __future__ import annotations

from pos.cart import Cart
from pos.clock import short_time
from pos.money import fmt_vnd
from pos.store import new_id

from .errors import error_text
from .ops import open_cart as open_cart_ops


class SellOpenSale:
    """The screen's side of the open cart: what is written, what comes back, what is thrown away."""

    # -- state for language rebuilds ---------------------------------------------------------
    def save_state(self) -> dict:
        return {"cart": self.cart.to_dict(), "cart_id": self.cart_id, "parts": [dict(p) for p in self.parts]}

    def restore_state(self, state: dict) -> None:
        self.cart = Cart.from_dict(state.get("cart") or {})
        self.cart_id = state.get("cart_id") or self.cart_id
        self.parts = [dict(p) for p in state.get("parts") or []]
        self.model.cart = self.cart
        self.model.reset()
        self.refresh_totals()

    # -- the open sale in the database (pos.open_cart, through ui.open_cart.CartKeeper) -----------
    def open_state(self) -> dict | None:
        """What the keeper writes: the cart on screen and the payment parts taken."""
        if self.pages.currentIndex() == self.PAGE_DONE:
            return None  # sold: pos closed it with the sale
        return {"cart_id": self.cart_id, "cart": self.cart.to_dict(), "parts": [dict(p) for p in self.parts],
                "staff_id": self.ctx.staff["id"] if self.ctx.staff else None}

    def has_open_sale(self) -> bool:
        """A sale the clerk would lose by closing (one being completed is written at shutdown)."""
        if self.pages.currentIndex() == self.PAGE_DONE or self.payment.busy:
            return False
        return bool(self.cart.lines or self.parts)

    def _keep(self, removed_parts: list[dict] | None = None) -> None:
        if self.keeper is not None:
            self.keeper.changed(removed_parts)

    def _cart_job(self, fn, *args, on_done=None, on_error=None) -> None:
        """Held sales and the open cart change on the keeper's thread, in order with its saves."""
        if self.keeper is not None:
            self.keeper.submit(fn, *args, on_done=on_done, on_error=on_error)
        else:
            self.ctx.worker.submit(fn, *args, on_done=on_done, on_error=on_error)

    def restore_open_cart(self) -> None:
        """At start: the sale that was open when the kiosk stopped (closed, killed, power cut)."""
        self.ctx.worker.submit(open_cart_ops.load, on_done=self._open_cart_loaded, on_error=self._open_cart_failed)

    def _open_cart_failed(self, exc) -> None:
        if self.ctx.db_problem is None:  # else the problem screen says it (and retries)
            self.show_alert(error_text(exc))

    def _open_cart_loaded(self, saved) -> None:
        if saved is None or self.cart.lines or self.parts:
            return
        self.cart = saved.cart
        self.cart_id = saved.cart_id
        self.parts = [dict(p) for p in saved.parts]
        self.model.cart = self.cart
        self._cart_changed(0 if self.cart.lines else None, keep=False)
        t = self.cart.totals()
        started = short_time(saved.started_at, self.ctx.now()) or ""  # "14:05", or "21/11 23:30" another day
        note = (self.tr("Open sale restored: %1 lines, %2 (started by %3 at %4).")
                .replace("%1", str(len(self.cart.lines))).replace("%2", fmt_vnd(t.total))
                .replace("%3", saved.staff_name or "—").replace("%4", started))
        if self.parts:
            note += " " + self.tr("Payments already taken: %1.").replace("%1", self._parts_text())
        self._restored_note = note
        if self.ctx.staff is not None:
            self._show_restored_note()

    def _staff_changed(self, staff) -> None:
        if staff is not None and self._restored_note:
            self._show_restored_note()

    def _show_restored_note(self) -> None:
        self.show_notice(self._restored_note, 20_000)
        self._restored_note = ""

    def save_failed(self, exc) -> None:
        self.show_alert(self.tr("The open sale could not be saved: %1. It is still on screen: finish or hold it.")
                        .replace("%1", error_text(exc)))

    def discard_open_sale(self) -> None:
        """Throw the open sale away (the window's close question, after a second confirmation)."""
        self._cart_job(open_cart_ops.discard, self.cart_id, self.cart.to_dict(), [dict(p) for p in self.parts],
                       self.ctx.staff["id"] if self.ctx.staff else None,
                       on_error=lambda exc: self.show_alert(error_text(exc)))
        self._start_new_cart()
        self.pages.setCurrentIndex(self.PAGE_CART)

    def _start_new_cart(self) -> None:
        """A new, empty cart with a new id (the old one was sold, held or discarded)."""
        self.cart = Cart()
        self.cart_id = new_id()
        self.parts = []
        self.model.cart = self.cart
        self._cart_changed(keep=False)
