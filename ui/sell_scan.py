"""Products into the cart: a scanned barcode (a scale label carries the grams or the price), a
product chosen in the browser (checked on the DB worker like a scan: expired and recalled lots),
the grams asked for one sold by weight.

Why the alerts say "The item was NOT added" so loudly: the clerk scans without looking at the
screen, and only a red message with a beep stops the next scan before the customer pays for less.

A mixin of ui.sell.SellScreen (its methods, kept in their own module): it works on the screen's
cart, cart view and messages; the lookup runs on the DB worker (ui/ops/catalog).
"""
from __future__ import annotations

import time

from pos.barcodes import is_plu_key
from pos.errors import PosError
from pos.money import fmt_vnd

from .errors import error_text
from .ops import catalog as catalog_ops
from .prompts import NumberPrompt


def _day(iso: str) -> str:
    """2026-11-20 -> 20/11/2026, as the clerk reads dates."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if len(iso) == 10 else iso


class SellScan:
    """A scan, a tile or a search result becomes a cart line (after the grams, for one by weight)."""

    def handle_scan(self, code: str) -> bool:
        if self.pages.currentIndex() == self.PAGE_DONE:
            self.new_sale()
        elif self.pages.currentIndex() == self.PAGE_PAY:
            if self.payment.scan_voucher(code):  # a voucher's QR pays (ui/payment_voucher.py)
                return True
            self.ctx.message.emit("warn", self.tr("Finish or cancel the payment before scanning more"))
            self.payment.show_error(self.tr("Finish or cancel the payment before scanning more"))
            return True
        self._look_up(catalog_ops.lookup, code)
        return True

    def _look_up(self, op, what) -> None:
        """A scanned code or a picked product checked on the DB worker (expired or recalled lots),
        then added by _scan_found: one path for both, so a pick is refused or asked as a scan is."""
        self.pending_scans += 1
        in_cart: dict[str, int] = {}
        for line in self.cart.lines:  # what FEFO will already draw for the cart's lines naming no lot
            if not line.lot:
                in_cart[line.product_id] = in_cart.get(line.product_id, 0) + line.qty
        self.ctx.worker.submit(op, what, in_cart, on_done=self._scan_found, on_error=self._scan_failed)

    def _scan_found(self, hit) -> None:
        self.pending_scans -= 1
        allowed_by = None
        if hit.expired_lot is not None:
            allowed_by = self._expired_allowed(hit)
            if allowed_by is None:
                return
        if hit.grams is not None and not hit.product["sold_by_weight"]:  # a scale PLU set up wrongly
            self.show_alert(self.tr("Weight label %1: %2 is sold per unit, not by weight. Check the item "
                                    "number on the scale. The item was NOT added.")
                            .replace("%1", hit.code).replace("%2", self._name(hit.product)))
            return
        if hit.grams is None and hit.price is None and hit.product["sold_by_weight"]:
            self.ask_grams(hit.product, hit.code, expired_ok_by=allowed_by)
            return
        # a 2D code names its lot (GS1 AI 10) and use-by (17): the sale draws that lot (pos/lots.py)
        self.add_product(hit.product, grams=hit.grams, price=hit.price, barcode=hit.code, lot=hit.lot,
                         use_by=hit.use_by, expired_ok_by=allowed_by)

    def _expired_allowed(self, hit) -> str | None:
        """The item would be sold from an expired lot: a manager's PIN now (audited by
        pos.staff.approve, and by the sale), or it is not added. -> the manager's id, or None.
        A line already allowed for this product and lot is not asked again."""
        for line in self.cart.lines:
            if line.product_id == hit.product["id"] and line.lot == (hit.lot or "") and line.expired_ok_by:
                return line.expired_ok_by
        lot, day = hit.expired_lot["lot_no"], _day(hit.expired_lot["use_by"])
        name = self._name(hit.product)
        if lot:
            text = self.tr("%1: lot %2 was to be used by %3 and is past its use-by date. It may be sold only if "
                           "a manager allows it now.").replace("%1", name).replace("%2", lot).replace("%3", day)
        else:
            text = self.tr("%1: the code says use by %2, which is past. It may be sold only if a manager allows "
                           "it now.").replace("%1", name).replace("%2", day)
        manager = self.ctx.approve(self, "sell_expired_lot", detail=text,
                                   audit={"ref_type": "product", "ref_id": hit.product["id"], "lot": lot,
                                          "use_by": hit.expired_lot["use_by"]})
        if manager is None:
            self.show_alert(self.tr("Past its use-by date: %1, lot %2, use by %3. No manager allowed it: the item "
                                    "was NOT added.").replace("%1", name).replace("%2", lot or "-").replace("%3", day))
            return None
        return manager["id"]

    def _scan_failed(self, exc) -> None:
        self.pending_scans -= 1
        code = getattr(exc, "details", {}).get("code", "")
        if getattr(exc, "code", "") == "unknown_barcode" and len(code) == 13 and is_plu_key(code[:7]):
            self.show_alert(self.tr("Scale label %1: item number %2 is not in the catalog (no product has the "
                                    "PLU key %3). The item was NOT added.")
                            .replace("%1", code).replace("%2", code[2:7]).replace("%3", code[:7]))
        elif getattr(exc, "code", "") == "unknown_barcode":
            self.show_alert(self.tr("Unknown barcode %1: not in the catalog. The item was NOT added.")
                            .replace("%1", code))
        elif getattr(exc, "code", "") == "invalid_barcode":
            self.show_alert(self.tr("Invalid barcode %1: scan again or type the product name. "
                                    "The item was NOT added.").replace("%1", code))
        else:
            self.show_alert(error_text(exc))

    def add_product(self, product: dict, qty: int | None = None, grams: int | None = None,
                    price: int | None = None, barcode: str = "", lot: str | None = None,
                    use_by: str | None = None, expired_ok_by: str | None = None) -> bool:
        before = len(self.cart.lines)
        self._attach_pricing()  # a new or restored cart re-evaluates its promotions from this scan on
        try:
            idx = self.cart.add(product, qty=qty, grams=grams, price=price, barcode=barcode, lot=lot, use_by=use_by)
            if expired_ok_by:  # the manager allowed the expired lot at the scan (CartLine.expired_ok_by)
                self.cart.allow_expired(idx, expired_ok_by)
        except PosError as exc:
            self.show_alert(error_text(exc))
            return False
        self.clear_alert()
        self.model.line_added(idx, before)
        # paint the new line now rather than at the next frame tick: the clerk looks for it
        # (only its row, already selected and scrolled into view; totals follow with the next frame)
        self.last_added_ns = time.monotonic_ns()
        self.view.show_row_now(idx)
        self.refresh_totals()
        self._tell_gifts()
        self._keep()
        line = self.cart.lines[idx]
        self.ctx.devices_call("show_item", line.name_vi, line.unit_price,
                              f"{line.qty} g" if line.sold_by_weight else f"x{line.qty}", line.after_discount)
        return True

    def _name(self, product: dict) -> str:
        return product["name_en"] if self.ctx.lang == "en" and product.get("name_en") else product["name_vi"]

    def ask_grams(self, product: dict, barcode: str = "", expired_ok_by: str | None = None) -> None:
        name = self._name(product)
        label = self.tr("%1 is sold by weight (%2/kg). Enter the grams:").replace("%1", name).replace(
            "%2", fmt_vnd(int(product["price"])))

        def done(grams: int):
            return self.add_product(product, grams=grams, barcode=barcode, expired_ok_by=expired_ok_by)

        self._open_prompt(NumberPrompt(self, self.tr("Weight"), label, done))

    def choose_product(self, p: dict) -> None:
        """A tile or a search result: checked like a scan (an expired lot asks the manager now, a
        recalled one is refused), then added, or the grams asked for one sold by weight."""
        self._look_up(catalog_ops.picked, p)
        if self.search.text():
            self.search.clear()
        self.view.setFocus()
