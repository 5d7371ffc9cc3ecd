"""The sell screen: always ready for a scan; search, category grid, cart, payment, after-sale.

Keys (shown on the buttons): F2 search, F3 quantity/grams, F4 line discount, F5 order discount,
F6 hold, F7 held sales, Del remove line, +/- quantity, F12 pay. In payment: Enter pays the exact
amount in cash (or confirms the QR / card), F2-F7 quick cash, F8 VietQR, F12 card, Esc back.
After a sale: Enter (or a new scan) starts the next sale.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QScrollArea, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from pos import payment_methods
from pos.barcodes import is_plu_key
from pos.cart import Cart
from pos.errors import ApprovalRequired, PosError
from pos.money import fmt_vnd
from pos.clock import short_time
from pos.store import new_id

from .cart_view import CartModel, CartView, stars
from .errors import detail_text, error_text
from .ops import catalog as catalog_ops, held as held_ops, open_cart as open_cart_ops
from .payment import DonePanel, PaymentPanel
from .prompts import NumberPrompt
from .tiles import TileButton


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


class SellScreen(QWidget):
    PAGE_CART, PAGE_PAY, PAGE_DONE = 0, 1, 2

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.cart = Cart()
        self.cart_id = new_id()  # names this cart in pos.open_cart; a new cart gets a new id
        self.parts: list[dict] = []  # payment parts already taken (card, VietQR, cash handed over)
        self._restored_note = ""
        self.confirm_box: QMessageBox | None = None  # the "remove a payment?" question while open
        self.prompt: NumberPrompt | None = None
        self.held_dialog = None
        self.last_added_ns = 0
        self.pending_scans = 0
        self.categories: list[dict] = []

        self.pages = QStackedWidget()
        self.cart_page = QWidget()
        self._build_cart_page()
        self.payment = PaymentPanel(ctx, self)
        self.payment.completed.connect(self._sale_completed)
        self.payment.cancelled.connect(self.back_to_cart)
        self.payment.parts_changed.connect(self._parts_taken)
        self.payment.remove_requested.connect(self.remove_part)
        self.done = DonePanel(ctx, self)
        self.done.next_sale.connect(self.new_sale)
        self.pages.addWidget(self.cart_page)
        self.pages.addWidget(self.payment)
        self.pages.addWidget(self.done)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.pages)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self._run_search)
        ctx.catalog_changed.connect(self.load_categories)
        ctx.lang_changed.connect(lambda lang: setattr(self.model, "lang", lang))
        ctx.staff_changed.connect(self._staff_changed)
        self.keeper = ctx.cart_keeper
        if self.keeper is not None:
            self.keeper.source = self.open_state
        self.load_categories()
        self.refresh_totals()

    # -- layout -------------------------------------------------------------------------------
    def _build_cart_page(self) -> None:
        """Left: search, categories, products, results. Right: messages, the cart, totals, the
        payment parts taken, the action buttons and Pay."""
        left = self._build_browse()
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
        lw = QWidget()
        lw.setLayout(left)
        rw = QWidget()
        rw.setLayout(right)
        lw.setMinimumWidth(360)
        lay.addWidget(lw, 3)  # the cart gets the larger part: clerk and customer read it all day
        lay.addWidget(rw, 5)

    def _build_browse(self) -> QVBoxLayout:
        """The search field over the categories, a category's products and the search results."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search (F2): name, producer, SKU"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.search.installEventFilter(self)
        self.browse = QStackedWidget()
        self.browse.installEventFilter(self)
        self.cat_grid_host = QWidget()
        self.cat_grid = QGridLayout(self.cat_grid_host)
        self.cat_grid.setSpacing(8)
        cat_scroll = QScrollArea()
        cat_scroll.setWidgetResizable(True)
        cat_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cat_scroll.setWidget(self.cat_grid_host)
        self._build_products()
        self.results = QListWidget()
        self.results.setObjectName("results")
        self.results.setIconSize(QSize(0, 0))
        self.results.setSpacing(2)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)
        self.browse.addWidget(cat_scroll)
        self.browse.addWidget(self.prod_host)
        self.browse.addWidget(self.results)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.browse, 1)
        return left

    def _build_products(self) -> None:
        """A category's product tiles under a back button and the category's name."""
        self.prod_host = QWidget()
        pv = QVBoxLayout(self.prod_host)
        self.back_button = QPushButton(self.tr("← Categories"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(lambda: self.browse.setCurrentIndex(0))
        self.prod_title = QLabel("")
        self.prod_title.setObjectName("title")
        self.prod_title.setWordWrap(True)  # "Fermented & processed seafood" on two lines at 1024 px
        self.prod_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.prod_title, 1)
        pv.addLayout(top)
        self.prod_grid_host = QWidget()
        self.prod_grid = QGridLayout(self.prod_grid_host)
        self.prod_grid.setSpacing(8)
        prod_scroll = QScrollArea()
        prod_scroll.setWidgetResizable(True)
        prod_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        prod_scroll.setWidget(self.prod_grid_host)
        pv.addWidget(prod_scroll, 1)

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
        tl = QVBoxLayout()
        tl.addWidget(self.count_label)
        tl.addWidget(self.vat_label)
        totals.addLayout(tl, 1)
        totals.addWidget(self.total_label)
        return totals

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
        self._button_shortcut("F2", self.focus_search, self.cart_page)
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

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.browse and event.type() == event.Type.Resize:  # 2 or 3 tiles a row
            if self.categories and self._tile_columns() != getattr(self, "_cat_columns", 0):
                self._show_categories(self.categories)
            return False
        # arrow keys in the search box move through the results
        if obj is self.search and event.type() == event.Type.KeyPress and self.browse.currentWidget() is self.results:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
                return True
        return super().eventFilter(obj, event)

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

    def escape(self) -> None:
        if self.alert.isVisible():
            self.clear_alert()
        elif self.search.text():
            self.search.clear()
            self.view.setFocus()
        else:
            self.browse.setCurrentIndex(0)

    # -- scanning ------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> bool:
        if self.pages.currentIndex() == self.PAGE_DONE:
            self.new_sale()
        elif self.pages.currentIndex() == self.PAGE_PAY:
            self.ctx.message.emit("warn", self.tr("Finish or cancel the payment before scanning more"))
            self.payment.show_error(self.tr("Finish or cancel the payment before scanning more"))
            return True
        self.pending_scans += 1
        self.ctx.worker.submit(catalog_ops.lookup, code, on_done=self._scan_found, on_error=self._scan_failed)
        return True

    def _scan_found(self, hit) -> None:
        self.pending_scans -= 1
        if hit.grams is not None and not hit.product["sold_by_weight"]:  # a scale PLU set up wrongly
            self.show_alert(self.tr("Weight label %1: %2 is sold per unit, not by weight. Check the item "
                                    "number on the scale. The item was NOT added.")
                            .replace("%1", hit.code).replace("%2", self._name(hit.product)))
            return
        if hit.grams is None and hit.price is None and hit.product["sold_by_weight"]:
            self.ask_grams(hit.product, hit.code)
            return
        self.add_product(hit.product, grams=hit.grams, price=hit.price, barcode=hit.code)

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
                    price: int | None = None, barcode: str = "") -> bool:
        before = len(self.cart.lines)
        try:
            idx = self.cart.add(product, qty=qty, grams=grams, price=price, barcode=barcode)
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
        self._keep()
        line = self.cart.lines[idx]
        self.ctx.devices_call("show_item", line.name_vi, line.unit_price,
                              f"{line.qty} g" if line.sold_by_weight else f"x{line.qty}", line.after_discount)
        return True

    def _name(self, product: dict) -> str:
        return product["name_en"] if self.ctx.lang == "en" and product.get("name_en") else product["name_vi"]

    def ask_grams(self, product: dict, barcode: str = "") -> None:
        name = self._name(product)
        label = self.tr("%1 is sold by weight (%2/kg). Enter the grams:").replace("%1", name).replace(
            "%2", fmt_vnd(int(product["price"])))

        def done(grams: int):
            return self.add_product(product, grams=grams, barcode=barcode)

        self._open_prompt(NumberPrompt(self, self.tr("Weight"), label, done))

    def _open_prompt(self, dlg: NumberPrompt) -> None:
        self.prompt = dlg
        dlg.finished.connect(lambda _r: self._prompt_closed(dlg))
        dlg.open()

    def _prompt_closed(self, dlg) -> None:
        if self.prompt is dlg:
            self.prompt = None
        dlg.deleteLater()

    # -- search and categories ----------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.browse.setCurrentIndex(0)
            return
        self.ctx.worker.submit(catalog_ops.search, text, 30, on_done=lambda rows, t=text: self._show_results(t, rows))

    def _product_text(self, p: dict) -> str:
        name = (p.get("name_en") or p["name_vi"]) if self.ctx.lang == "en" else p["name_vi"]
        price = fmt_vnd(int(p["price"])) + ("/kg" if p["sold_by_weight"] else "")
        # the price first on its line: a long name or producer may be cut at its end, never the price
        sub = " · ".join(x for x in (price, stars(p.get("ocop_stars")), p.get("producer_name") or "") if x)
        return f"{name}\n{sub}"

    def _show_results(self, text: str, rows: list[dict]) -> None:
        if text != self.search.text().strip():
            return  # typed on meanwhile
        self.results.clear()
        for p in rows:
            item = QListWidgetItem(self._product_text(p))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setSizeHint(QSize(100, 56))
            self.results.addItem(item)
        if not rows:
            item = QListWidgetItem(self.tr("No product matches “%1”").replace("%1", text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        else:
            self.results.setCurrentRow(0)
        self.browse.setCurrentWidget(self.results)

    def _search_enter(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._run_search()
            return
        item = self.results.currentItem()
        if item is not None:
            self._result_chosen(item)

    def _result_chosen(self, item: QListWidgetItem) -> None:
        p = item.data(Qt.ItemDataRole.UserRole)
        if not p:
            return
        self.choose_product(p)

    def choose_product(self, p: dict) -> None:
        if p["sold_by_weight"]:
            self.ask_grams(p)
        else:
            self.add_product(p)
        if self.search.text():
            self.search.clear()
        self.view.setFocus()

    def load_categories(self) -> None:
        self.ctx.worker.submit(catalog_ops.categories, on_done=self._show_categories, on_error=lambda e: None)

    def _clear_grid(self, grid: QGridLayout) -> None:
        while grid.count():
            item = grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def _tile_columns(self) -> int:
        """Three category tiles a row, two on a narrow screen (1024 px): names stay on two lines."""
        return 2 if 0 < self.browse.width() < 400 else 3

    def _show_categories(self, cats: list[dict]) -> None:
        self.categories = cats
        self._clear_grid(self.cat_grid)
        cols = self._cat_columns = self._tile_columns()
        for i, c in enumerate(cats):
            name = (c.get("name_en") or c["name_vi"]) if self.ctx.lang == "en" else c["name_vi"]
            b = TileButton(name)  # wraps between words; '&' shown as typed
            b.setMinimumHeight(80)
            b.clicked.connect(lambda _=False, c=c, n=name: self.open_category(c["id"], n))
            self.cat_grid.addWidget(b, i // cols, i % cols)
        for r in range(self.cat_grid.rowCount()):
            self.cat_grid.setRowStretch(r, 0)
        self.cat_grid.setRowStretch(len(cats) // cols + 1, 1)

    def open_category(self, category_id: str, title: str = "") -> None:
        self.prod_title.setText(title)
        self.ctx.worker.submit(catalog_ops.in_category, category_id, on_done=self._show_products)

    def _show_products(self, rows: list[dict]) -> None:
        self._clear_grid(self.prod_grid)
        self.product_buttons = []
        for i, p in enumerate(rows):
            name = (p.get("name_en") or p["name_vi"]) if self.ctx.lang == "en" else p["name_vi"]
            price = fmt_vnd(int(p["price"])) + ("/kg" if p["sold_by_weight"] else "")
            line2 = "   ".join(x for x in (price, stars(p.get("ocop_stars"))) if x)
            b = TileButton(f"{name}\n{line2}\n{p.get('producer_name') or ''}", role="ptile")
            b.setMinimumHeight(96)
            b.clicked.connect(lambda _=False, p=p: self.choose_product(p))
            self.prod_grid.addWidget(b, i // 2, i % 2)
            self.product_buttons.append(b)
        self.prod_grid.setRowStretch(len(rows) // 2 + 1, 1)
        self.browse.setCurrentWidget(self.prod_host)

    # -- cart actions -------------------------------------------------------------------------
    def refresh_totals(self) -> None:
        t = self.cart.totals()
        self.total_label.setText(fmt_vnd(t.total))
        vat = self.tr("incl. VAT %1").replace("%1", fmt_vnd(t.vat_total))
        if t.order_discount:
            vat += " · " + self.tr("order discount %1").replace("%1", fmt_vnd(t.order_discount))
        self.vat_label.setText(vat)
        self.count_label.setText(self.tr("%1 items").replace("%1", str(t.item_count)))
        self.pay_button.setEnabled(bool(self.cart.lines))
        if self.parts:
            self.refresh_parts()

    def _row(self) -> int | None:
        if not self.cart.lines:
            return None
        row = self.view.current_row()
        return row if 0 <= row < len(self.cart.lines) else len(self.cart.lines) - 1

    def _cart_changed(self, row: int | None = None, keep: bool = True) -> None:
        self.model.reset()
        if row is not None:
            self.view.select_row(min(row, len(self.cart.lines) - 1))
        self.refresh_totals()
        self.refresh_parts()
        if keep:
            self._keep()

    def _try(self, fn) -> bool:
        try:
            fn()
        except PosError as exc:
            self.show_alert(error_text(exc))
            return False
        return True

    def qty_plus(self) -> None:
        row = self._row()
        if row is None:
            return
        line = self.cart.lines[row]
        if line.sold_by_weight:
            self.ask_qty()
            return
        if self._try(lambda: self.cart.set_qty(row, line.qty + 1)):
            self._cart_changed(row)

    def qty_minus(self) -> None:
        row = self._row()
        if row is None:
            return
        line = self.cart.lines[row]
        if line.sold_by_weight:
            self.ask_qty()
            return
        if line.qty <= 1:
            self.remove_line()
            return
        if self._try(lambda: self.cart.set_qty(row, line.qty - 1)):
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

    # -- held sales -----------------------------------------------------------------------------
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
