"""The payment parts a sale already has (a card charged, a transfer received, cash handed over) as
the sell screen shows them under the cart, and taking one off.

Why on the cart page and not only in the payment screen: the clerk may go back to the cart (Esc)
with parts taken; they stay with the sale and must stay in sight, or a second charge follows.

A mixin of ui.sell.SellScreen (its methods, kept in their own module): it works on the screen's
`parts`, `cart`, `payment` and messages.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSizePolicy, QWidget

from pos import payment_methods
from pos.money import fmt_vnd


class SellPaymentParts:
    """The bar under the cart that lists the parts taken and what is left to pay."""

    def _build_parts_bar(self) -> QWidget:
        """Payment parts already taken (kept when the clerk goes back from the payment screen)."""
        self.parts_label = QLabel("")
        self.parts_label.setObjectName("parts_taken")
        self.parts_label.setWordWrap(True)
        self.parts_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.remove_part_button = QPushButton(self.tr("Remove a payment…"))
        self.remove_part_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_part_button.clicked.connect(lambda _=False: self.remove_part())
        self.parts_bar = QWidget()
        pb = QHBoxLayout(self.parts_bar)
        pb.setContentsMargins(0, 0, 0, 0)
        pb.addWidget(self.parts_label, 1)
        pb.addWidget(self.remove_part_button)
        self.parts_bar.hide()
        return self.parts_bar

    def _method_name(self, method: str) -> str:
        return payment_methods.lookup(method).name_in_sentence(self.ctx.lang)

    def _part_text(self, p: dict) -> str:
        ref = f" ({p['reference']})" if p.get("reference") else ""
        return f"{fmt_vnd(int(p.get('amount') or p.get('tendered') or 0))} {self._method_name(p['method'])}{ref}"

    def _parts_text(self) -> str:
        return " · ".join(self._part_text(p) for p in self.parts)

    def refresh_parts(self) -> None:
        if not self.parts:
            self.parts_bar.hide()
            return
        from pos.open_cart import parts_total

        left = self.cart.totals().total - parts_total(self.parts)
        text = self.tr("Paid already: %1").replace("%1", self._parts_text())
        if left > 0:
            text += " — " + self.tr("still to pay %1").replace("%1", fmt_vnd(left))
        elif left < 0:
            text += " — " + self.tr("%1 more than the total").replace("%1", fmt_vnd(-left))
        self.parts_label.setText(text)
        self.parts_bar.show()

    def _parts_taken(self, parts: list[dict]) -> None:
        """The payment screen took a part (card charged, transfer received, cash handed over)."""
        self.parts = [dict(p) for p in parts]
        self.refresh_parts()
        self._keep()

    def remove_part(self, index: int = -1) -> bool:
        """Take a payment part off, after the clerk confirms; audited with the save."""
        if not self.parts or self.payment.busy:
            return False
        i = index if 0 <= index < len(self.parts) else len(self.parts) - 1
        part = self.parts[i]
        text = self.tr("Remove the payment %1 from this sale?").replace("%1", self._part_text(part))
        if not payment_methods.in_drawer(part["method"]):
            text += "\n\n" + self.tr("If the money was taken (card charged on the terminal, transfer received), "
                                      "give it back to the customer. The removal is recorded.")
        else:
            text += "\n\n" + self.tr("Give the cash back to the customer. The removal is recorded.")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove a payment"), text, parent=self)
        remove = box.addButton(self.tr("Remove the payment"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.confirm_box = box
        box.exec()
        self.confirm_box = None
        self.window().activateWindow()  # keys go back where they were going (no window manager does it)
        if self.pages.currentIndex() == self.PAGE_PAY:
            self.payment.setFocus()
        else:
            self.view.setFocus()
        if box.clickedButton() is not remove or i >= len(self.parts) or self.parts[i] is not part:
            return False
        removed = self.parts.pop(i)
        self.payment.set_parts(self.parts)
        self.refresh_parts()
        self._keep([removed])
        self.show_notice(self.tr("Payment removed: %1").replace("%1", self._part_text(removed)))
        return True
