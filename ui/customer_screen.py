"""The customer screen: the customer-facing window (ui/customer_window.py) on the monitor chosen in
the settings (`customer_screen`), following the sale on the sell screen.

What it shows, decided in `render` from what the sell screen already holds (no polling): the idle
"Xin chào / Welcome" with the booth's name when the cart is empty; the cart's lines and total as
they change (the sell screen's cart model signals, coalesced into one repaint per turn of the
event loop, so a scan burst costs one paint); the VietQR code large while the payment screen shows
one (PaymentPanel.qr_shown: the very payload the clerk's screen shows); after the sale, what was
paid and the change, with thanks and the traceability code (pos.receipts.trace_code, read on the
DB worker) for THANKS_MS, or until the next sale's first line.

A monitor is named by `screen_keys` (its name, "#2" for the second of the same name), so the choice
survives a restart, and the window moves when a monitor is plugged in or out (screenAdded /
screenRemoved). "" (the default) means no customer screen: the 2×20 pole display (printers/
pole_display.py) serves kiosks without a second monitor, and nothing here runs then.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QScreen

from pos.customer_view import cart_view

from .customer_window import CustomerWindow, both
from .ops import receipts as receipt_ops

log = logging.getLogger(__name__)

THANKS_MS = 10_000  # the thank-you and the traceability code, long enough to point a phone at it


def screen_keys(screens: list[QScreen]) -> list[str]:
    """A key per screen: its name, with "#k" for the k-th screen of a name seen before (an X server
    with several screens names each "screen")."""
    seen: dict[str, int] = {}
    keys = []
    for screen in screens:
        name = screen.name() or "screen"
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return keys


def find_screen(key: str) -> QScreen | None:
    screens = QGuiApplication.screens()
    return next((s for s, k in zip(screens, screen_keys(screens)) if k == key), None) if key else None


def key_of(screen: QScreen | None) -> str:
    screens = QGuiApplication.screens()
    return next((k for s, k in zip(screens, screen_keys(screens)) if s is screen), "")


def screen_label(screen: QScreen, key: str) -> str:
    """"HDMI-1 · 1920×1080 at 1366,0": which monitor, as a manager can tell them apart."""
    g = screen.geometry()
    model = " ".join(x for x in (screen.manufacturer(), screen.model()) if x)
    return f"{key}{f' ({model})' if model else ''} · {g.width()}×{g.height()} @ {g.x()},{g.y()}"


class CustomerScreen(QObject):
    def __init__(self, ctx, parent=None):
        super().__init__(parent or ctx)
        self.ctx = ctx
        self.window: CustomerWindow | None = None
        self.sell = None
        self.key = ""
        self.qr_payload, self.qr_amount = "", 0
        self.thanking = False  # the thank-you is up (until the timer or the next sale's first line)
        self.sale_id = ""
        self._pending = False
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_MS)
        self.thanks_timer.timeout.connect(self.thanks_over)
        ctx.settings_changed.connect(self.settings_changed)
        ctx.lang_changed.connect(lambda _lang: self.changed())
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)

    # -- where ----------------------------------------------------------------------------------
    def settings_changed(self, settings: dict) -> None:
        self.key = str(settings.get("customer_screen") or "")
        if self.window is not None:
            self.window.set_booth(str(settings.get("location_name") or ""), str(settings.get("store_name") or ""))
        self.place()

    def place(self) -> None:
        """Show the window on the chosen monitor, or hide it (none chosen, or not plugged in)."""
        screen = find_screen(self.key)
        if screen is None:
            if self.key:
                log.info("customer screen %r is not connected", self.key)
            if self.window is not None:
                self.window.hide()
            return
        if self.window is None:
            self.window = CustomerWindow()
            s = self.ctx.settings
            self.window.set_booth(str(s.get("location_name") or ""), str(s.get("store_name") or ""))
        self.window.setScreen(screen)
        self.window.setGeometry(screen.geometry())
        self.window.show()
        self.changed()

    def _screens_changed(self, _screen) -> None:
        """A monitor plugged in or out: place the window again once Qt has settled its screens."""
        QTimer.singleShot(0, self.place)

    @property
    def shown(self) -> bool:
        return self.window is not None and self.window.isVisible()

    # -- what ------------------------------------------------------------------------------------
    def follow(self, sell) -> None:
        """Follow `sell` (a SellScreen; a new one after a language switch)."""
        self.sell = sell
        model = sell.model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.changed)
        sell.pages.currentChanged.connect(self.changed)
        sell.payment.qr_shown.connect(self.qr_shown)
        sell.payment.parts_changed.connect(self.changed)
        sell.payment.completed.connect(self.completed)
        self.changed()

    def changed(self, *_args) -> None:
        """Something on the sell screen changed: one render at the next turn of the event loop."""
        if self.shown and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.render)

    def qr_shown(self, payload: str, amount: int) -> None:
        self.qr_payload, self.qr_amount = payload, amount
        self.changed()

    def render(self) -> None:
        self._pending = False
        sell, window = self.sell, self.window
        if sell is None or window is None or not self.shown:
            return
        cart = sell.cart
        if self.thanking and cart.lines:  # the next customer's first line ends the thank-you
            self.thanks_over()
            return
        if self.thanking:
            return
        paying = sell.pages.currentIndex() == sell.PAGE_PAY
        if paying and self.qr_payload:
            window.show_qr(self.qr_payload, self.qr_amount, cart_view(cart, self.ctx.lang, both("discount")),
                           str(self.ctx.settings.get("bank_account_name") or ""))
        elif cart.lines:
            paid = sell.payment.paid if paying else sum(p.get("amount", p.get("tendered", 0)) for p in sell.parts)
            window.show_cart(cart_view(cart, self.ctx.lang, both("discount")), paying, paid)
        else:
            window.show_idle()

    def completed(self, result) -> None:
        """The sale is written: paid, change and thanks now; the traceability code when read."""
        self.qr_payload, self.qr_amount = "", 0
        if not self.shown:
            return
        self.thanking = True
        self.sale_id = result.sale_id
        self.window.show_thanks(result.total, result.paid, result.change_due)
        self.thanks_timer.start()
        self.ctx.worker.submit(receipt_ops.trace_code, result.sale_id,
                               on_done=lambda code, sid=result.sale_id: self._trace_read(sid, code),
                               on_error=lambda exc: log.warning("customer screen: no trace code: %s", exc))

    def _trace_read(self, sale_id: str, code: dict | None) -> None:
        if self.thanking and sale_id == self.sale_id and self.window is not None:
            self.window.set_trace(code)

    def thanks_over(self) -> None:
        """The thank-you has been up long enough (or the next sale began): back to the cart or idle."""
        self.thanks_timer.stop()
        self.thanking = False
        self.changed()

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
