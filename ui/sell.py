"""The sell screen: always ready for a scan; search, category grid, cart, payment, after-sale.

Keys (shown on the buttons): F2 search, F3 quantity/grams, F4 line discount, F5 order discount,
F6 hold, F7 held sales, Del remove line, +/- quantity, F12 pay. In payment: Enter pays the exact
amount in cash (or confirms the QR / card), F2-F7 quick cash, F8 VietQR, F12 card, Esc back.
After a sale: Enter (or a new scan) starts the next sale.

The screen is one class in several modules, each named after what it holds: the left side is
ui.product_browser, the cart table ui.cart_view, the payment ui.payment; the screen's own methods
are spread over mixins: adding products (ui.sell_scan), changing lines (ui.sell_cart_edits), the
payment parts taken (ui.sell_parts), held sales (ui.sell_held) and the open sale kept in the
database (ui.sell_open_sale). Here: the layout, the keys, the messages and paying.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from pos.cart import Cart
from pos.money import fmt_vnd
from pos.store import new_id

from .cart_view import CartModel, CartView
from .errors import detail_text
from .done_panel import DonePanel
from .payment import PaymentPanel
from .product_browser import ProductBrowser
from .prompts import NumberPrompt
from .sell_cart_edits import SellCartEdits
from .sell_held import SellHeldSales
from .sell_open_sale import SellOpenSale
from .sell_parts import SellPaymentParts
from .sell_promotions import SellPromotions
from .sell_scan import SellScan


class AlertLabel(QLabel):
    """The red message: wraps instead of widening the layout; a click closes it."""

    clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.clicked.emit()


class SellScreen(SellScan, SellCartEdits, SellPaymentParts, SellHeldSales, SellOpenSale, SellPromotions, QWidget):
    PAGE_CART, PAGE_PAY, PAGE_DONE = 0, 1, 2

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.cart = Cart()
        self.cart.pricing = ctx.pricing  # promotions re-evaluated after every change (ui/sell_promotions.py)
        self.cart_id = new_id()  # names this cart in pos.open_cart; a new cart gets a new id
        self.parts: list[dict] = []  # payment parts already taken (card, VietQR, cash handed over)
        self._restored_note = ""
        self.confirm_box: QMessageBox | None = None  # the "remove a payment?" question while open
        self.prompt: NumberPrompt | None = None
        self.held_dialog = None
        self.last_added_ns = 0
        self.pending_scans = 0

        self.pages = QStackedWidget()
        self.cart_page = QWidget()
        self._build_cart_page()
        self.payment = PaymentPanel(ctx, self)
        self.payment.completed.connect(self._sale_completed)
        self.payment.cancelled.connect(self.back_to_cart)
        self.payment.parts_changed.connect(self._parts_taken)
        self.payment.remove_requested.connect(self.remove_part)
        self.payment.promotions_refused.connect(self.promotions_refused)
        self.done = DonePanel(ctx, self)
        self.done.next_sale.connect(self.new_sale)
        self.pages.addWidget(self.cart_page)
        self.pages.addWidget(self.payment)
        self.pages.addWidget(self.done)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.pages)

        ctx.lang_changed.connect(lambda lang: setattr(self.model, "lang", lang))
        ctx.staff_changed.connect(self._staff_changed)
        ctx.promotions_changed.connect(self._promotions_changed)
        ctx.catalog_changed.connect(ctx.load_promotions)  # the sell screen's book, loaded on the DB worker
        ctx.load_promotions()
        self.keeper = ctx.cart_keeper
        if self.keeper is not None:
            self.keeper.source = self.open_state
        self.browser.load_categories()
        self.refresh_totals()
        if ctx.customer is not None:  # the customer's monitor follows this sale (ui/customer_screen.py)
            ctx.customer.follow(self)

    # -- layout -------------------------------------------------------------------------------
    def _build_cart_page(self) -> None:
        """Left: search, categories, products, results. Right: messages, the cart, totals, the
        payment parts taken, the action buttons and Pay."""
        self.browser = ProductBrowser(self.ctx)
        self.browser.chosen.connect(self.choose_product)
        self.browser.card_requested.connect(self.show_card)
        # the browser's parts, by the names the screen's keys and the tests use
        self.search, self.browse, self.results = self.browser.search, self.browser.browse, self.browser.results
        self.cat_grid, self.prod_host = self.browser.cat_grid, self.browser.prod_host
        right = QVBoxLayout()
        right.addWidget(self._build_alerts())
        right.addWidget(self.notice)
        self.model = CartModel(self.cart, self.ctx.lang, self)
        self.view = CartView(self.model)
        self.view.setObjectName("cart")
        right.addWidget(self.view, 1)
        right.addLayout(self._build_totals())
        right.addWidget(self._build_parts_bar())
        right.addLayout(self._build_actions())
        right.addWidget(self.pay_button)

        page = self.cart_page
        lay = QHBoxLayout(page)
        lay.setContentsMargins(10, 10, 10, 10)
        rw = QWidget()
        rw.setLayout(right)
        self.browser.setMinimumWidth(360)
        lay.addWidget(self.browser, 3)  # the cart gets the larger part: clerk and customer read it all day
        lay.addWidget(rw, 5)

    def _build_alerts(self) -> QLabel:
        """The red alert (returned) and the passing notice (self.notice)."""
        self.alert = AlertLabel()
        self.alert.setObjectName("alert")
        self.alert.clicked.connect(self.clear_alert)
        self.alert.hide()
        self.notice = QLabel("")
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)
        return self.alert

    def _build_totals(self) -> QHBoxLayout:
        self.total_label = QLabel("")
        self.total_label.setObjectName("total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.vat_label = QLabel("")
        self.vat_label.setObjectName("vat")
        self.vat_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.vat_label.setWordWrap(True)  # VAT and an order discount on two lines rather than a wider window
        self.count_label = QLabel("")
        self.count_label.setObjectName("muted")
        totals = QHBoxLayout()
        self.info_button = QPushButton(self.tr("Info\nCtrl+I"))  # the product card of the selected line
        self.info_button.setObjectName("info")
        self.info_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.info_button.clicked.connect(lambda _=False: self.show_card())
        totals.addWidget(self.info_button)
        tl = QVBoxLayout()
        tl.addWidget(self.count_label)
        tl.addWidget(self.vat_label)
        totals.addLayout(tl, 1)
        totals.addWidget(self.total_label)
        return totals

    def _build_actions(self) -> QGridLayout:
        """The cart's buttons (+, −, quantity, discounts, hold...) and Pay, with their keys."""
        self.buttons: dict[str, QPushButton] = {}
        acts = QGridLayout()
        acts.setSpacing(6)
        specs = [
            ("plus", "+", "+", self.qty_plus),
            ("minus", "−", "-", self.qty_minus),
            ("qty", self.tr("Qty / grams"), "F3", self.ask_qty),
            ("remove", self.tr("Remove"), "Del", self.remove_line),
            ("line_discount", self.tr("Line discount"), "F4", self.ask_line_discount),
            ("order_discount", self.tr("Order discount"), "F5", self.ask_order_discount),
            ("hold", self.tr("Hold"), "F6", self.hold),
            ("held", self.tr("Held sales"), "F7", self.show_held),
        ]
        for i, (key, text, seq, fn) in enumerate(specs):
            b = self._button(text, seq, fn, self.cart_page)
            acts.addWidget(b, i // 4, i % 4)
            self.buttons[key] = b
        self.pay_button = self._button(self.tr("Pay"), "F12", self.pay, self.cart_page)
        self.pay_button.setProperty("role", "primary")
        self.pay_button.setMinimumHeight(64)
        self.buttons["pay"] = self.pay_button
        self._button_shortcut("F2", self.browser.focus_search, self.cart_page)
        self._button_shortcut("Ctrl+I", self.show_card, self.cart_page)  # F1 is the Sell screen's own key
        self._button_shortcut("F8", self.remove_promotion, self.cart_page)  # take a promotion off the sale
        self._button_shortcut("Escape", self.escape, self.cart_page)
        return acts

    def _button(self, text: str, seq: str, fn, owner: QWidget) -> QPushButton:
        label = QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)
        b = QPushButton(f"{text}\n{label}" if len(text) > 2 else f"{text}  {label}" if text not in "+−" else text)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setMinimumHeight(52)
        b.clicked.connect(lambda _=False: fn())
        self._button_shortcut(seq, fn, owner)
        return b

    def _button_shortcut(self, seq: str, fn, owner: QWidget) -> None:
        sc = QShortcut(QKeySequence(seq), owner)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(fn)

    @property
    def product_buttons(self) -> list:
        """The tiles of the category open in the browser."""
        return self.browser.product_buttons

    def open_category(self, category_id: str, title: str = "") -> None:
        self.browser.open_category(category_id, title)

    def activated(self) -> None:
        if self.pages.currentIndex() == self.PAGE_CART:
            self.view.setFocus()

    def focus_home(self) -> None:
        """Keys back where this page takes them (after a dialog closed): the cart, the payment,
        or the finished sale (Enter starts the next one)."""
        page = self.pages.currentIndex()
        if page == self.PAGE_CART:
            self.view.setFocus()
        elif page == self.PAGE_PAY:
            self.payment.setFocus()
        else:
            self.done.setFocus()

    # -- messages ------------------------------------------------------------------------------
    def show_alert(self, text: str) -> None:
        """The impossible-to-miss message: red, large, with a beep; the cart is untouched."""
        self.alert.setText("⚠  " + text + "\n" + self.tr("Click or press Esc to close"))
        self.alert.show()
        QApplication.beep()

    def clear_alert(self) -> None:
        self.alert.hide()

    def show_notice(self, text: str, ms: int = 6000) -> None:
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start(ms)  # one timer: an older notice's timeout cannot hide this one

    def show_card(self, product_id: str | None = None) -> None:
        """Ctrl+I / the browser's info button: the product card of the search result selected, else of
        the cart's selected line (the customer asks about what is in hand); a long press on a
        product tile names its product."""
        from .product_card import ProductCard

        product = self.browser.current_product()
        row = self._row()
        pid = product_id or (product["id"] if product else self.cart.lines[row].product_id if row is not None else None)
        if pid is None:
            self.show_notice(self.tr("Choose a product first: search for it or select its line"))
            return
        self.card = ProductCard(self.ctx, pid, self)
        self.card.open()

    def escape(self) -> None:
        if self.alert.isVisible():
            self.clear_alert()
        elif self.search.text():
            self.search.clear()
            self.view.setFocus()
        else:
            self.browse.setCurrentIndex(0)

    def _open_prompt(self, dlg: NumberPrompt) -> None:
        self.prompt = dlg
        dlg.finished.connect(lambda _r: self._prompt_closed(dlg))
        dlg.open()

    def _prompt_closed(self, dlg) -> None:
        if self.prompt is dlg:
            self.prompt = None
        dlg.deleteLater()

    # -- the cart on screen --------------------------------------------------------------------
    def refresh_totals(self) -> None:
        t = self.cart.totals()
        self.total_label.setText(fmt_vnd(t.total))
        vat = self.tr("incl. VAT %1").replace("%1", fmt_vnd(t.vat_total))
        if t.promo_total:
            vat += " · " + self.tr("promotions −%1").replace("%1", fmt_vnd(t.promo_total))
        if t.order_discount:
            vat += " · " + self.tr("order discount %1").replace("%1", fmt_vnd(t.order_discount))
        self.vat_label.setText(vat)
        self.count_label.setText(self.tr("%1 items").replace("%1", str(t.item_count)))
        self.pay_button.setEnabled(bool(self.cart.lines))
        if self.parts:
            self.refresh_parts()

    def _cart_changed(self, row: int | None = None, keep: bool = True) -> None:
        self._attach_pricing()
        self.model.reset()
        if row is not None:
            self.view.select_row(min(row, len(self.cart.lines) - 1))
        self.refresh_totals()
        self._tell_gifts()
        self.refresh_parts()
        if keep:
            self._keep()

    # -- paying ----------------------------------------------------------------------------------
    def pay(self) -> None:
        if not self.cart.lines or self.pages.currentIndex() != self.PAGE_CART:
            return
        if self.pending_scans:
            return  # a scan is still on its way to the cart
        if self.ctx.shift is None and self.ctx.staff is not None:  # open it now, then pay
            from .shift import offer_open_shift

            offer_open_shift(self.ctx, self, on_opened=lambda _shift: self.pay())
            return
        self.clear_alert()
        if not self._discounts_approved():
            return
        self.payment.start(self.cart, self.parts)
        self.ctx.devices_call("show_total", self.cart.totals().total)
        self.pages.setCurrentIndex(self.PAGE_PAY)
        self.payment.setFocus()

    def _discounts_approved(self) -> bool:
        """An approval covers an amount on a base: after a line was removed or a quantity lowered
        a discount can be a bigger share than the manager approved (or above the threshold with no
        approval at all). Show what changed and ask the manager again; pos.sales.complete_sale
        would refuse the sale otherwise."""
        threshold = int(self.ctx.settings.get("discount_approval_pct", 10))
        missing = self.cart.unapproved(threshold)
        if not missing:
            return True
        what = "\n".join(detail_text(item.error(threshold)) for item in missing)
        self.show_alert(self.tr("A manager must approve the discount as the sale is now:") + "\n" + what)
        manager = self.ctx.approve(self, "discount", what)
        if manager is None:
            self.show_alert(self.tr("Not approved: the sale stays in the cart. Change the discount or ask a "
                                    "manager.") + "\n" + what)
            return False
        self.cart.approve(manager["id"], threshold)
        self._keep()  # the approval is part of the open sale
        self.clear_alert()
        self.show_notice(self.tr("Discount approved by %1").replace("%1", manager["name"]))
        return True

    def back_to_cart(self) -> None:
        """Esc from the payment screen: the payment parts taken stay with the sale."""
        self.pages.setCurrentIndex(self.PAGE_CART)
        self.refresh_parts()
        self.view.setFocus()

    def _sale_completed(self, result) -> None:
        self.ctx.devices_call("show_change", result.paid, result.change_due)
        self.done.show_result(result)
        self.pages.setCurrentIndex(self.PAGE_DONE)
        self._start_new_cart()  # the sold cart is closed in the database with the sale
        self.done.setFocus()

    def new_sale(self) -> None:
        if self.pages.currentIndex() == self.PAGE_DONE:
            self.ctx.devices_call("show_welcome")
            self._start_new_cart()
        elif not self.parts:
            self.cart = Cart()
            self.model.cart = self.cart
            self._cart_changed()
        self.clear_alert()
        self.pages.setCurrentIndex(self.PAGE_CART)
        self.view.setFocus()
