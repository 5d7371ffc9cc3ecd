"""The clerk's changes to the cart's lines: quantity (+, −, F3), removal (Del), line and order
discounts (F4, F5) with a manager's approval above the store's threshold.

A mixin of ui.sell.SellScreen (its methods, kept in their own module): it works on the screen's
cart, the selected row of its cart view and its prompt; pos.cart checks every change.
"""
from __future__ import annotations

from pos.errors import ApprovalRequired, PosError
from pos.money import fmt_vnd

from .errors import error_text
from .prompts import NumberPrompt


class SellCartEdits:
    """+, −, F3, Del, F4, F5 on the selected line (or the last one) and on the whole sale."""

    def _row(self) -> int | None:
        if not self.cart.lines:
            return None
        row = self.view.current_row()
        return row if 0 <= row < len(self.cart.lines) else len(self.cart.lines) - 1

    def _try(self, fn) -> bool:
        try:
            fn()
        except PosError as exc:
            self.show_alert(error_text(exc))
            return False
        return True

    def qty_plus(self) -> None:
        self._step_qty(1)

    def qty_minus(self) -> None:
        self._step_qty(-1)

    def _step_qty(self, step: int) -> None:
        """One piece more or less; a line sold by weight asks for its grams instead, and − on the
        last piece removes the line."""
        row = self._row()
        if row is None:
            return
        line = self.cart.lines[row]
        if line.sold_by_weight:
            self.ask_qty()
            return
        if step < 0 and line.qty <= 1:
            self.remove_line()
            return
        if self._try(lambda: self.cart.set_qty(row, line.qty + step)):
            self._cart_changed(row)

    def remove_line(self) -> None:
        row = self._row()
        if row is None:
            return
        self.cart.remove(row)
        self._cart_changed(row)

    def ask_qty(self) -> None:
        row = self._row()
        if row is None:
            return
        line = self.cart.lines[row]
        label = self.tr("Grams of %1:") if line.sold_by_weight else self.tr("Quantity of %1:")
        label = label.replace("%1", self.model.name(line))

        def done(v: int):
            try:
                self.cart.set_qty(row, v)
            except PosError as exc:
                self.prompt.show_error(error_text(exc))
                return False
            self._cart_changed(row)
            return True

        self._open_prompt(NumberPrompt(self, self.tr("Quantity"), label, done, value=line.qty))

    def _reasons(self) -> list[str]:
        return [self.tr("Promotion"), self.tr("Damaged packaging"), self.tr("Near expiry"),
                self.tr("Loyal customer")]

    def _discount(self, apply, action_label: str):
        """Try a discount; above the threshold ask a manager's PIN and try again with approval."""
        threshold = int(self.ctx.settings.get("discount_approval_pct", 10))

        def done(amount: int, reason: str):
            try:
                apply(amount, reason, None, threshold)
            except ApprovalRequired:
                manager = self.ctx.approve(self, "discount")
                if manager is None:
                    self.prompt.show_error(self.tr("Not approved: the discount was not applied"))
                    return False
                try:
                    apply(amount, reason, manager["id"], threshold)
                except PosError as exc:
                    self.prompt.show_error(error_text(exc))
                    return False
                self.show_notice(self.tr("Discount approved by %1").replace("%1", manager["name"]))
            except PosError as exc:
                self.prompt.show_error(error_text(exc))
                return False
            self._cart_changed(self._row())
            return True

        return done

    def ask_line_discount(self) -> None:
        row = self._row()
        if row is None:
            return
        line = self.cart.lines[row]
        done = self._discount(lambda a, r, m, t: self.cart.set_line_discount(row, a, r, m, t), "line")
        label = self.tr("Discount on %1 (đồng, or % of %2):").replace("%1", self.model.name(line)).replace(
            "%2", fmt_vnd(line.gross))
        self._open_prompt(NumberPrompt(self, self.tr("Line discount"), label, done, value=line.discount or None,
                                       reasons=self._reasons(), allow_percent_of=line.gross, money=True))

    def ask_order_discount(self) -> None:
        if not self.cart.lines:
            return
        sub = self.cart.subtotal()
        done = self._discount(lambda a, r, m, t: self.cart.set_order_discount(a, r, m, t), "order")
        label = self.tr("Discount on the whole sale (đồng, or % of %1):").replace("%1", fmt_vnd(sub))
        self._open_prompt(NumberPrompt(self, self.tr("Order discount"), label, done,
                                       value=self.cart.order_discount or None, reasons=self._reasons(),
                                       allow_percent_of=sub, money=True))
