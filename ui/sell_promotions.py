"""Promotions on the sell screen: the cart re-evaluated after every change (pos/promotions.py,
through the cart's pricing: the context's book and clock), again when a pull brings a new book,
"KM: …" under each line (ui/cart_view.py) and in the totals, F8 to take a promotion off the sale,
and the refusal at payment when the promotions changed meanwhile (pos/sale_promotions.py).

A mixin of ui.sell.SellScreen (its methods, kept in their own module). The evaluation is pure and
takes well under a millisecond for a 30-line cart with 1,000 promotions (bench promo_eval_p99_ms),
so it runs on the UI thread with the change it follows; only loading the book is DB work.
"""
from __future__ import annotations


class SellPromotions:
    def _attach_pricing(self) -> None:
        """A cart made or restored without the context's pricing (new, held, reopened) gets it."""
        if self.cart.pricing is not self.ctx.pricing:
            self.cart.pricing = self.ctx.pricing
            self.cart.reprice()

    def _tell_gifts(self) -> None:
        """After a change: a sale that just reached a "spend N, get a gift" whose gift is not in the
        cart yet says so once (the gift is scanned like any item, so its stock moves)."""
        hints = list(self.cart.gift_hints)
        if hints and hints != getattr(self, "_gift_hints_told", []):
            book = self.ctx.pricing.book
            texts = [book.text(pid)[0 if self.ctx.lang == "vi" else 1] for pid in hints if pid in book.promotions]
            if texts:
                self.show_notice(self.tr("This sale earns a gift (%1): scan the gift to give it").replace(
                    "%1", "; ".join(texts)), 10_000)
        self._gift_hints_told = hints

    def _promotions_changed(self) -> None:
        """A new book (a pull, the first load): re-evaluate the cart unless a payment is under way."""
        if self.pages.currentIndex() == self.PAGE_CART and not self.parts:
            self.cart.reprice()
            self._cart_changed(keep=True)

    def remove_promotion(self) -> None:
        """F8: take the selected line's promotions off this sale (the whole sale's when the line has
        none of its own); stored on the sale with who did it and audited (pos/sale_promotions.py)."""
        row = self._row()
        if row is None or self.ctx.staff is None:
            return
        line = self.cart.lines[row]
        ids = [a["promotion_id"] for a in line.promos if a["level"] == "line"]
        if not ids:
            ids = sorted({a["promotion_id"] for ln in self.cart.lines for a in ln.promos if a["level"] == "order"})
        if not ids:
            self.show_notice(self.tr("No promotion on this line"))
            return
        texts = {a["promotion_id"]: a["text_vi"] if self.ctx.lang == "vi" else a["text_en"]
                 for ln in self.cart.lines for a in ln.promos}
        for pid in ids:
            self.cart.remove_promotion(pid, self.ctx.staff["id"])
        self._cart_changed(row)
        self.show_notice(self.tr("Promotion removed from this sale: %1").replace(
            "%1", ", ".join(texts.get(pid, pid) for pid in ids)))

    def promotions_refused(self, text: str) -> None:
        """complete_sale found other promotions at payment: back to the cart with the book reloaded
        (the cart is re-evaluated when it arrives) and the reason, new total included, on screen."""
        self.back_to_cart()
        self.ctx.load_promotions()
        self.cart.reprice()
        self._cart_changed(keep=True)
        self.show_alert(text)
