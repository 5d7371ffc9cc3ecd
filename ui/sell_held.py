"""Holding a sale (a customer steps away to fetch something) and taking a held sale back.

A sale with payments taken is never parked: it is finished or its payments removed first, so money
taken never waits in a list of held sales.

A mixin of ui.sell.SellScreen (its methods, kept in their own module): it works on the screen's
cart and messages; the held sales live in pos.held through ui/ops/held, on the cart keeper's thread.
"""
from __future__ import annotations

from pos.cart import Cart
from pos.money import fmt_vnd
from pos.store import new_id

from .errors import error_text
from .ops import held as held_ops


class SellHeldSales:
    """F6 hold, F7 held sales: the sale parked in pos.held, the cart on screen a new one."""

    def _parts_block(self) -> bool:
        """A sale with payments taken is finished or its payments removed, never parked."""
        if self.parts:
            self.show_alert(self.tr("Payments are already taken for this sale (%1): finish it (F12) or remove "
                                    "them before holding it.").replace("%1", self._parts_text()))
            return True
        return False

    def hold(self) -> bool:
        if not self.cart.lines or self.ctx.staff is None or self._parts_block():
            return False
        data = self.cart.to_dict()
        old_id = self.cart_id
        t = self.cart.totals()
        first = self.model.name(self.cart.lines[0])
        label = f"{first} (+{len(self.cart.lines) - 1}) · {fmt_vnd(t.total)}" if len(self.cart.lines) > 1 \
            else f"{first} · {fmt_vnd(t.total)}"

        def held(_hid):
            self.show_notice(self.tr("Sale held: %1").replace("%1", label))

        def failed(exc):  # the sale must not vanish: bring it back if the screen is still empty
            if not self.cart.lines and not self.parts:
                self.cart = Cart.from_dict(data)
                self.cart_id = old_id  # still the open cart in the database
                self.model.cart = self.cart
                self._cart_changed(0)
            self.show_alert(error_text(exc))

        self._cart_job(held_ops.hold, data, self.ctx.staff["id"], label, on_done=held, on_error=failed)
        self._start_new_cart()
        return True

    def show_held(self) -> None:
        self._cart_job(held_ops.list_held, on_done=self._open_held)  # after a hold just made

    def _open_held(self, rows: list[dict]) -> None:
        from .held import HeldDialog

        if not rows:
            self.show_notice(self.tr("No held sales"))
            return
        dlg = HeldDialog(rows, self)
        self.held_dialog = dlg
        dlg.chosen.connect(self.resume)
        dlg.finished.connect(lambda _r: setattr(self, "held_dialog", None))
        dlg.open()

    def resume(self, held_id: str) -> None:
        if self._parts_block():
            return
        if self.cart.lines and not self.hold():  # the current sale is parked, never lost
            return
        cart_id = new_id()

        def back(data: dict):
            self.cart = Cart.from_dict(data)
            self.cart_id = cart_id  # pos made it the open cart with the held sale's removal
            self.parts = []
            self.model.cart = self.cart
            self._cart_changed(0, keep=False)
            self.show_notice(self.tr("Held sale taken back"))

        self._cart_job(held_ops.resume, held_id, cart_id, self.ctx.staff["id"] if self.ctx.staff else None,
                       on_done=back, on_error=lambda e: self.show_alert(error_text(e)))
