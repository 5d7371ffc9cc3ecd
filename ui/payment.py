"""Payment: cash with quick tenders, VietQR, card, bank transfer, split (the after-sale panel is
ui/done_panel.py).

The methods and their keys come from pos.payment_methods; each uses one of this screen's modes:
cash (amount keypad, quick notes, change), vietqr (the code on screen, Enter when the money has
arrived) or reference (the clerk types the terminal's or the bank's reference). A new method is an
entry there; only a new kind of interaction is a new mode here (`_mode_widgets`).

Fewest actions: F12 then Enter pays a sale in exact cash; F12, F8, Enter pays it by VietQR.
Completing the sale is one DB transaction on the worker (the receipt print job is queued inside
it), so nothing here waits on a printer or the network.
"""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from pos import payment_methods
from pos.cart import Cart
from pos.errors import InvalidAmount, PosError
from pos.money import fmt_vnd, parse_vnd

from .approval import allow_expired_lot
from .errors import error_text
from .ops import sales as sale_ops
from .order_summary import OrderSummary
from .payment_voucher import VoucherMode

NOTES = (10_000, 20_000, 50_000, 100_000, 200_000, 500_000)
QR_SIZE = 280  # px: scans from a phone at arm's length, and fits a 768 px high screen


def quick_tenders(amount: int, limit: int = 5) -> list[int]:
    """The next round amounts a customer hands over in common notes (exact amount excluded)."""
    if amount <= 0:
        return []
    out = sorted({-(-amount // n) * n for n in NOTES} - {amount})
    bigger = [500_000 * k for k in (2, 3, 4) if 500_000 * k > amount]
    for b in bigger:
        if len(out) >= limit:
            break
        if b not in out:
            out.append(b)
    return out[:limit]


def pixmap_from_png(data: bytes) -> QPixmap:
    pm = QPixmap()
    pm.loadFromData(data, "PNG")
    return pm


class PaymentPanel(VoucherMode, QWidget):
    """Payment parts taken (a card charged, a transfer received, cash handed over short of the
    total) are money the customer paid: they stay with the sale when the clerk goes back to the
    cart (Esc) or a completion fails, and leave only through remove_requested (the sell screen
    asks the clerk and records it)."""

    completed = Signal(object)  # pos.sales.SaleResult
    promotions_refused = Signal(str)  # pos.errors.PromotionsChanged, translated: back to the cart
    cancelled = Signal()
    parts_changed = Signal(list)  # a part was taken: the sell screen keeps it with the open sale
    remove_requested = Signal(int)  # index of the part the clerk wants to take off
    qr_shown = Signal(str, int)  # the VietQR payload on screen and its amount; ("", 0) once it is gone

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.cart_dict: dict = {}
        self.total = 0
        self.parts: list[dict] = []
        self._final: dict | None = None  # the cash handed over last, not a part taken (see _finish)
        self.cash_method = payment_methods.first_with_mode("cash")  # the mode the screen opens in
        self.method = self.cash_method
        self.mode = "cash"
        self.qr_payload = ""
        self.qr_amount = 0
        self.busy = False
        self.quick_buttons: list[QPushButton] = []
        self.buyer: dict = {}  # who this sale's e-invoices are made out to ({} = a consumer)

        self._build_entry()
        self._build_qr()
        self._build_voucher()  # ui/payment_voucher.py
        parts_row = self._build_parts_row()
        methods = self._build_methods(ctx)
        self._build_layout(parts_row, methods)

    def _build_entry(self) -> None:
        """The figures at the top, the amount typed, the quick-tender grid and the reference field."""
        self.due_label = QLabel()
        self.due_label.setObjectName("due")
        self.remaining_label = QLabel()
        self.remaining_label.setObjectName("total")
        self.parts_list = QListWidget()
        self.parts_list.setMaximumHeight(120)
        self.parts_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.error = QLabel()
        self.error.setObjectName("alert")
        self.error.setWordWrap(True)
        self.error.hide()

        self.amount = QLineEdit()
        self.amount.setObjectName("tendered")
        self.amount.setPlaceholderText(self.tr("Cash given, or the part to pay by card / QR"))
        self.amount.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.]*"), self.amount))
        self.amount.textChanged.connect(self._amount_changed)
        self.amount_hint = QLabel()
        self.amount_hint.setObjectName("change_hint")  # the change, large, as the clerk types

        self.quick_host = QWidget()  # hidden as a whole while paying by QR or card
        self.quick_box = QGridLayout(self.quick_host)
        self.quick_box.setContentsMargins(0, 0, 0, 0)
        self.quick_box.setSpacing(6)

        self.ref_field = QLineEdit()  # the reference mode: a card slip's or a bank app's reference
        self.ref_field.setObjectName("card_ref")
        self.ref_field.setProperty("typed_only", True)  # a reference typed fast is not a barcode scan
        self.ref_field.hide()
        self.card_ref = self.ref_field  # its first name, still used by tests and screenshots

    def _build_qr(self) -> None:
        self.qr_image = QLabel()
        self.qr_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_image.setMinimumSize(QR_SIZE, QR_SIZE)
        self.qr_caption = QLabel()
        self.qr_caption.setObjectName("qr_caption")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.qr_caption.setWordWrap(True)
        self.qr_box = QWidget()
        qv = QHBoxLayout(self.qr_box)  # the code and its words side by side: fits 768 px high
        qv.setContentsMargins(0, 0, 0, 0)
        qv.addWidget(self.qr_image)
        qv.addWidget(self.qr_caption, 1)
        self.qr_caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.qr_box.setFixedHeight(QR_SIZE)  # a steady height: the window never grows to show a caption
        self.qr_box.hide()

    def _build_methods(self, ctx) -> QGridLayout:
        """One button per method with a key (cash is the screen's own mode), Back, and Complete."""
        self.buttons: dict[str, QPushButton] = {}
        methods = QGridLayout()  # three to a row: more methods wrap instead of widening the window
        methods.setSpacing(6)
        for m in payment_methods.all_methods():
            if m.mode != "cash" and m.key:
                self.buttons[m.code] = self._button(m.name(ctx.lang), m.key,
                                                    lambda code=m.code: self.start_method(code))
        self.buttons["back"] = self._button(self.tr("Back to cart"), "Esc", self.cancel)
        for i, b in enumerate(self.buttons.values()):
            methods.addWidget(b, i // 3, i % 3)
        self.buttons["remove_part"] = self.remove_button
        # beside Complete, not among the methods: the methods' row keeps its width at 1024 px
        self.buttons["buyer"] = self._button(self.tr("Buyer / invoice"), "Ctrl+B", self.open_buyer)
        self.buttons["buyer"].setMinimumHeight(70)
        self.confirm_button = self._button(self.tr("Complete sale"), "Enter", self.confirm)
        self.confirm_button.setProperty("role", "primary")
        self.confirm_button.setMinimumHeight(70)
        self._shortcut("Return", self.confirm)
        return methods

    def _build_parts_row(self) -> QHBoxLayout:
        self.remove_button = QPushButton(self.tr("Remove a payment…"))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.setMinimumHeight(52)
        self.remove_button.clicked.connect(lambda _=False: self.request_remove())
        self.remove_button.hide()
        parts_row = QHBoxLayout()  # beside the parts it removes: no width taken from the methods, no height added
        parts_row.addWidget(self.parts_list, 1)
        parts_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        return parts_row

    def _build_layout(self, parts_row: QHBoxLayout, methods: QGridLayout) -> None:
        left = QVBoxLayout()
        left.addWidget(self.due_label)
        self.buyer_label = QLabel()  # who the invoice is made out to, once the clerk said so
        self.buyer_label.hide()
        left.addWidget(self.buyer_label)
        left.addLayout(parts_row)
        left.addWidget(self.remaining_label)
        left.addWidget(self.amount)
        left.addWidget(self.amount_hint)
        left.addWidget(self.ref_field)
        left.addWidget(self.voucher_box)
        left.addWidget(self.quick_host)
        left.addLayout(methods)
        left.addWidget(self.qr_box)  # in the quick-tender buttons' place: the order stays in sight
        left.addWidget(self.error)
        left.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.buttons["buyer"])
        bottom.addWidget(self.confirm_button, 1)
        left.addLayout(bottom)
        self.summary = OrderSummary()  # what the money is for, in sight while paying
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 16, 16, 16)
        lw = QWidget()
        lw.setLayout(left)
        lay.addWidget(lw, 3)
        lay.addWidget(self.summary, 2)
        self.setFocusProxy(self.amount)

    def _shortcut(self, seq: str, fn) -> QShortcut:
        sc = QShortcut(QKeySequence(seq), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(fn)
        return sc

    def _button(self, text: str, seq: str, fn) -> QPushButton:
        label = QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)
        b = QPushButton(f"{text}  {label}")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setMinimumHeight(52)
        b.clicked.connect(lambda _=False: fn())
        self._shortcut(seq, fn)
        return b

    # -- state ---------------------------------------------------------------------------------
    def start(self, cart: Cart, parts: list[dict] | None = None) -> None:
        """Pay for `cart`; `parts` are payments already taken for it (kept from before)."""
        self.cart_dict = cart.to_dict()
        self.total = cart.totals().total
        self.summary.show_cart(cart, self.ctx.lang)
        self.parts = [dict(p) for p in parts or []]
        self.busy = False
        self.set_buyer({})
        self._set_method(self.cash_method)
        self.amount.clear()
        self.error.hide()
        self._refresh()
        self.amount.setFocus()

    def set_parts(self, parts: list[dict]) -> None:
        self._release_dropped(self.parts, parts)
        self.parts = [dict(p) for p in parts]
        self._refresh()

    def request_remove(self) -> None:
        if self.parts and not self.busy:
            self.remove_requested.emit(self.parts_list.currentRow())

    @property
    def paid(self) -> int:
        return sum(p.get("amount", p.get("tendered", 0)) for p in self.parts)

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.paid)

    def _typed(self) -> int | None:
        text = self.amount.text().strip()
        if not text:
            return None
        try:
            return parse_vnd(text)
        except InvalidAmount:
            return None

    def _refresh(self) -> None:
        self.due_label.setText(self.tr("To pay: %1").replace("%1", fmt_vnd(self.total)))
        self.remaining_label.setText(self.tr("Remaining: %1").replace("%1", fmt_vnd(self.remaining)))
        self.remaining_label.setVisible(bool(self.parts))
        self.parts_list.clear()
        for p in self.parts:
            amount = p.get("amount", p.get("tendered", 0))
            ref = f" · {p['reference']}" if p.get("reference") else ""
            name = payment_methods.lookup(p["method"]).name(self.ctx.lang)
            self.parts_list.addItem(f"{name}: {fmt_vnd(amount)}{ref}")
        self.parts_list.setVisible(bool(self.parts))
        self.remove_button.setVisible(bool(self.parts))
        # quick tender buttons for what is left
        while self.quick_box.count():
            w = self.quick_box.takeAt(0).widget()
            if w:
                w.deleteLater()
        for b in self.quick_buttons:
            b.setParent(None)
        self.quick_buttons = []
        amounts = [self.remaining] + quick_tenders(self.remaining)
        for i, a in enumerate(amounts[:6]):
            seq = f"F{i + 2}"
            text = self.tr("Exact %1").replace("%1", fmt_vnd(a)) if i == 0 else fmt_vnd(a)
            b = QPushButton(f"{text}\n{seq}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(56)
            b.clicked.connect(lambda _=False, a=a: self.pay_cash(a))
            self.quick_box.addWidget(b, i // 3, i % 3)
            self.quick_buttons.append(b)
        self._sync_quick_shortcuts(amounts[:6])
        self._amount_changed()

    def _sync_quick_shortcuts(self, amounts: list[int]) -> None:
        if not hasattr(self, "_quick_sc"):
            self._quick_sc = [self._shortcut(f"F{i + 2}", lambda i=i: self._quick(i)) for i in range(6)]
        self._quick_amounts = amounts

    def _quick(self, i: int) -> None:
        if i < len(self._quick_amounts) and self.mode == "cash":
            self.pay_cash(self._quick_amounts[i])

    def _amount_changed(self) -> None:
        typed = self._typed()
        if typed is None and self.mode == "cash" and self.parts and self.remaining <= 0:
            self.amount_hint.setText(self.tr("Paid in full: Enter completes the sale"))
        elif typed is None:
            self.amount_hint.setText(self.tr("Enter: exact cash %1").replace("%1", fmt_vnd(self.remaining))
                                     if self.mode == "cash" else "")
        elif self.mode == "cash" and typed >= self.remaining:
            self.amount_hint.setText(self.tr("Change: %1").replace("%1", fmt_vnd(typed - self.remaining)))
        else:
            self.amount_hint.setText(fmt_vnd(typed))
        self.amount_hint.setVisible(bool(self.amount_hint.text()))  # no empty band above the QR code

    def _mode_widgets(self) -> dict[str, QWidget]:
        """What each payment-screen mode shows (no notes by QR or reference)."""
        return {"cash": self.quick_host, "vietqr": self.qr_box, "reference": self.ref_field,
                "voucher": self.voucher_box}

    def _set_method(self, method) -> None:
        """Show `method`'s mode: its widgets, its confirm words, its reference prompt."""
        if method is not self.method:
            self.ref_field.clear()  # a card slip's number is no bank transfer's reference
        if self.mode == "vietqr" and method.mode != "vietqr":
            self.qr_shown.emit("", 0)  # the customer screen takes its code down too
        self.method, self.mode = method, method.mode
        # hide before showing: for a moment both would count, and a window grows but never shrinks
        widgets = self._mode_widgets()
        for key, widget in widgets.items():
            if key != method.mode:
                widget.hide()
        widgets[method.mode].show()
        confirm = method.confirm(self.ctx.lang) if method.confirm else self.tr("Complete sale")
        self.confirm_button.setText(confirm + "  Enter")
        self._amount_changed()  # the hint speaks of the mode now on screen (no "exact cash" by QR)
        if method.mode == "reference":
            self.ref_field.setPlaceholderText(method.reference_prompt(self.ctx.lang) if method.reference_prompt
                                              else "")
            self.ref_field.setFocus()
        else:
            (self.voucher_field if method.mode == "voucher" else self.amount).setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- actions -------------------------------------------------------------------------------
    def cancel(self) -> None:
        if self.busy:
            return
        if self.mode != "cash":
            self._set_method(self.cash_method)
            return
        self.cancelled.emit()  # the parts taken stay: the cart screen shows them, paying again brings them back

    def confirm(self) -> None:
        if self.busy:
            return
        self.error.hide()
        if self.mode == "vietqr":
            if not self.qr_payload:
                return
            self.parts.append({"method": self.method.code, "amount": self.qr_amount, "reference": "",
                               "qr_payload": self.qr_payload})
            self.qr_payload = ""
            self._after_part()
        elif self.mode == "reference":
            self._take_referenced()
        elif self.mode == "voucher":
            self._take_voucher()
        else:
            typed = self._typed()
            if typed is None and self.parts and self.remaining <= 0:
                self._finish()  # paid in full by the parts taken before
                return
            self.pay_cash(self.remaining if typed is None else typed)

    def _take_referenced(self) -> None:
        """The reference mode's part: the reference typed and checked as the store will check it
        (a pure check, no database), the amount typed or what is left."""
        method = self.method
        if method.asks_reference and not self.ref_field.text().strip():
            self.show_error(self.tr("Type the reference first: %1").replace(
                "%1", method.reference_prompt(self.ctx.lang) if method.reference_prompt else method.name(self.ctx.lang)))
            return
        try:
            ref = payment_methods.check_reference(method, self.ref_field.text())
        except PosError as exc:
            self.show_error(error_text(exc))
            return
        typed = self._typed()
        amount = min(typed, self.remaining) if typed else self.remaining
        self.parts.append({"method": method.code, "amount": amount, "reference": ref})
        self.ref_field.clear()
        self._after_part()

    def pay_cash(self, tendered: int) -> None:
        if self.busy or self.mode != "cash":
            return
        if self.total == 0:  # nothing to pay (a gift a manager approved): the sale takes no payment
            self._finish()
            return
        if tendered <= 0:
            return
        cash = self.cash_method.code
        if tendered < self.remaining:
            self.parts.append({"method": cash, "tendered": tendered, "amount": tendered})
            self._after_part()
            return
        self._finish({"method": cash, "tendered": tendered})

    def _after_part(self) -> None:
        self.amount.clear()
        self._set_method(self.cash_method)
        self.parts_changed.emit([dict(p) for p in self.parts])
        if self.remaining <= 0:
            self._finish()
        else:
            self._refresh()

    def start_method(self, code: str) -> None:
        """The clerk chose how the customer pays (the method's key or button)."""
        if self.busy or self.remaining <= 0:
            return
        method = payment_methods.get(code)
        if method.mode == "vietqr":
            self._start_qr(method)
        else:
            self._set_method(method)

    def start_qr(self) -> None:
        """Pay by the first method that shows a VietQR code (F8)."""
        method = payment_methods.first_with_mode("vietqr")
        if method is not None:
            self.start_method(method.code)

    def _start_qr(self, method) -> None:
        typed = self._typed()
        amount = min(typed, self.remaining) if typed else self.remaining
        self.qr_amount = amount
        self.qr_payload = ""
        self._set_method(method)
        self.qr_image.setText(self.tr("Making the QR code…"))
        self.qr_caption.setText(fmt_vnd(amount))
        self.ctx.worker.submit(sale_ops.vietqr, amount, on_done=self._qr_ready, on_error=self._qr_failed)

    def _qr_ready(self, result) -> None:
        payload, png = result
        if self.mode != "vietqr":
            return
        self.qr_payload = payload
        pm = pixmap_from_png(png)
        self.qr_image.setPixmap(pm.scaled(QR_SIZE, QR_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation))
        self.qr_shown.emit(payload, self.qr_amount)  # the same code, large, on the customer screen
        bank = self.ctx.settings.get("bank_account_name") or ""
        self.qr_caption.setText(self.tr("Scan to pay %1").replace("%1", fmt_vnd(self.qr_amount))
                                + (f"\n{bank}" if bank else "")
                                + "\n" + self.tr("Press Enter when the money has arrived"))

    def _qr_failed(self, exc) -> None:
        self._set_method(self.cash_method)
        self.show_error(error_text(exc))

    def open_buyer(self) -> None:
        """The buyer form (ui/buyer.py): the details go on this sale's e-invoices."""
        from .buyer import BuyerDialog

        if self.busy:
            return
        self.buyer_dialog = BuyerDialog(self.ctx, self.buyer, self)
        self.buyer_dialog.chosen.connect(self.set_buyer)
        self.buyer_dialog.finished.connect(lambda _r: self.amount.setFocus())  # the keys come back to paying
        self.buyer_dialog.open()

    def set_buyer(self, buyer: dict) -> None:
        self.buyer = dict(buyer)
        who = buyer.get("company") or buyer.get("name") or buyer.get("tax_code") or buyer.get("phone") or ""
        self.buyer_label.setText(self.tr("Invoice to: %1").replace("%1", who))
        self.buyer_label.setVisible(bool(who))

    def _finish(self, final: dict | None = None) -> None:
        """Complete the sale with the parts taken and `final`, the cash handed over last."""
        self._final = final  # kept for a retry (a shift opened meanwhile) and the drawer
        payments = []
        for p in self.parts + ([final] if final else []):
            if payment_methods.get(p["method"]).gives_change:
                payments.append({"method": p["method"], "tendered": p["tendered"]})
            else:
                payments.append({k: v for k, v in p.items()})
        self.busy = True
        self.confirm_button.setEnabled(False)
        staff_id = self.ctx.staff["id"] if self.ctx.staff else ""

        def submit() -> None:
            self.ctx.worker.submit(sale_ops.complete, self.cart_dict, payments, staff_id, self.ctx.lang,
                                   self.buyer or None, on_done=self._done, on_error=self._failed)

        keeper = self.ctx.cart_keeper
        if keeper is not None:
            keeper.when_written(submit)  # the sale closes the open cart: its last save lands first
        else:
            submit()

    def _done(self, result) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        if any(payment_methods.in_drawer(p["method"]) for p in self.parts + ([self._final] if self._final else [])):
            # the drawer opens now, not with the receipt
            self.ctx.devices_call("open_drawer")
        self.parts = []
        self.completed.emit(result)

    def _failed(self, exc) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        if getattr(exc, "code", "") == "no_open_shift":  # closed meanwhile: open one, then finish
            from .shift import offer_open_shift

            self.ctx.set_shift(None)
            final = self._final
            offer_open_shift(self.ctx, self, on_opened=lambda _shift: self._finish(final),
                             on_later=lambda: self._failed_for_good(exc))
            return
        self._failed_for_good(exc)

    def _failed_for_good(self, exc) -> None:
        if allow_expired_lot(self.ctx, self, exc, self.cart_dict):  # a manager let the expired lot go
            self._finish(self._final)
            return
        if getattr(exc, "code", "") == "promotions_changed":  # the customer hears the new total first
            self.promotions_refused.emit(error_text(exc))
            return
        # the parts taken stay: they are the customer's money (remove one explicitly if it is wrong)
        self._refresh()
        self.show_error(error_text(exc))
