"""The customer-facing window: the cart, the total, the VietQR code large, the change, thanks.

Painted by hand, not laid out with widgets: every size comes from the window's own size (a unit
`u` = the window against 1024×768), so the same drawing reads from a metre away on an 800×600
panel and on a 1920×1080 monitor, and a long name or a large amount shrinks or is cut at its end
instead of pushing the layout off the screen. The QR codes are painted module by module at a whole
number of pixels per module (crisp to a phone's camera at any size), from the payload itself.

Its fixed words are shown in Vietnamese and English at once (a foreign tourist and a Vietnamese
customer read the same screen), so they are a table of pairs here, not Qt translations of one
language. Product names follow the sale's language (pos.customer_view).

The window never takes the keyboard (WindowDoesNotAcceptFocus, shown without activating): the
clerk's keys stay on the sell screen. `drawn` lists the texts of the last paint, `cut` those cut
at their end (tests read both).
"""
from __future__ import annotations

import qrcode
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText
from PySide6.QtWidgets import QWidget

from pos.customer_view import Row, View
from pos.money import fmt_vnd

from . import theme

WORDS: dict[str, tuple[str, str]] = {
    "welcome": ("Xin chào quý khách", "Welcome"),
    "total": ("Tổng cộng", "Total"),
    "to_pay": ("Cần thanh toán", "To pay"),
    "items": ("{n} sản phẩm", "{n} items"),
    "saved": ("Tiết kiệm {amount}", "You save {amount}"),
    "paid_part": ("Đã trả {amount}", "Paid {amount}"),
    "scan_to_pay": ("Quét mã VietQR để thanh toán", "Scan the VietQR code to pay"),
    "paid": ("Đã thanh toán", "Paid"),
    "given": ("Khách đưa", "Cash given"),
    "change": ("Tiền thừa", "Change"),
    "thanks": ("Cảm ơn quý khách!", "Thank you!"),
    "trace": ("Quét để xem nguồn gốc sản phẩm", "Scan to trace your products"),
    "more_above": ("… và {n} dòng phía trên", "… and {n} lines above"),
    "discount": ("Giảm giá", "Discount"),
}


def words(key: str, **values) -> tuple[str, str]:
    vi, en = WORDS[key]
    return vi.format(**values), en.format(**values)


def both(key: str, **values) -> str:
    """"Tổng cộng / Total": both languages on one line."""
    return " / ".join(words(key, **values))


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules (True: dark), without the quiet zone; level M like the payment screen's."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


class CustomerWindow(QWidget):
    IDLE, CART, QR, THANKS = "idle", "cart", "qr", "thanks"
    QUIET = 2  # modules of white drawn around a QR code; the window's white margin adds the rest of the standard's 4

    def __init__(self):
        flags = Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus
        super().__init__(None, flags)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the kiosk's window alone ends the app
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle("OCOP · Khách hàng / Customer")
        self.setMinimumSize(320, 240)
        self.page = self.IDLE
        self.booth = ("", "")  # (location name, store name)
        self.view: View | None = None
        self.paying = False  # the clerk is on the payment screen: "To pay"
        self.paid_part = 0  # payments already taken for this sale (split payments)
        self.qr_payload, self.qr_amount = "", 0
        self.payee = ""  # the bank account's name the code pays (the customer checks it in the bank app)
        self.sale: dict = {}  # the sale just completed: total, paid, change
        self.trace: dict | None = None  # the traceability code after the sale (pos.receipts.trace_code)
        self._matrices: dict[str, list[list[bool]]] = {}
        self._laid: dict[tuple, tuple] = {}  # (text, px, bold, width) -> its laid-out QStaticText (see _text)
        self.drawn: list[str] = []
        self.cut: list[str] = []  # texts of the last paint cut at their end (too long even shrunk)

    # -- what the screen shows (ui.customer_screen calls these) -------------------------------
    def set_booth(self, location: str, store: str) -> None:
        self.booth = (location, store)
        self.update()

    def show_idle(self) -> None:
        self._show(self.IDLE)

    def show_cart(self, view: View, paying: bool = False, paid_part: int = 0) -> None:
        self.view, self.paying, self.paid_part = view, paying, paid_part
        self._show(self.CART)

    def show_qr(self, payload: str, amount: int, view: View | None = None, payee: str = "") -> None:
        self.qr_payload, self.qr_amount, self.payee = payload, amount, payee
        if view is not None:
            self.view = view
        self._show(self.QR)

    def show_thanks(self, total: int, paid: int, change: int) -> None:
        self.sale = {"total": total, "paid": paid, "change": change}
        self.trace = None
        self._show(self.THANKS)

    def set_trace(self, code: dict | None) -> None:
        self.trace = code if code and code.get("payload") else None
        self.update()

    def _show(self, page: str) -> None:
        self.page = page
        self.update()

    # -- drawing --------------------------------------------------------------------------------
    def _font(self, px: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(9, int(px)))
        font.setBold(bold)
        return font

    def _text(self, p: QPainter, rect: QRect, text: str, px: float, bold: bool = False, color: str = theme.TEXT,
              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> int:
        """Draw `text` in `rect`, shrunk (to 60 %) then cut at its end if it is too wide; -> its height.
        An amount (a text with "₫") is shrunk as far as it takes and never cut: a customer must see
        the whole of what they pay (266.000… was drawn on the VietQR page at 1024 px).
        Laid out once per text, size and width (QStaticText): a repaint after a scan draws cached
        layouts instead of shaping every text again (7 ms a paint without, on a 30-line cart)."""
        key = (text, int(px), bold, rect.width())
        hit = self._laid.get(key)
        if hit is None:
            font = self._font(px, bold)
            fm = QFontMetrics(font)
            size = font.pixelSize()
            floor = 9 if "₫" in text else px * 0.6
            # shrink while Qt would cut it (its own test: an advance equal to the width is cut too)
            while fm.elidedText(text, Qt.TextElideMode.ElideRight, max(1, rect.width())) != text and size > floor:
                size -= 1
                font.setPixelSize(size)
                fm = QFontMetrics(font)
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(1, rect.width()))
            st = QStaticText(shown)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=font)
            if len(self._laid) > 2000:
                self._laid.clear()
            hit = self._laid[key] = (st, font, fm.horizontalAdvance(shown), fm.height(), shown != text)
        st, font, width, height, cut = hit
        flags = Qt.AlignmentFlag(align)
        x = rect.left()
        if flags & Qt.AlignmentFlag.AlignRight:
            x = rect.right() + 1 - width
        elif flags & Qt.AlignmentFlag.AlignHCenter:
            x = rect.left() + (rect.width() - width) // 2
        y = rect.top() + ((rect.height() - height) // 2 if flags & Qt.AlignmentFlag.AlignVCenter else 0)
        p.setFont(font)
        p.setPen(QColor(color))
        p.drawStaticText(x, y, st)
        self.drawn.append(text)
        if cut:
            self.cut.append(text)
        return height

    def _pair(self, p: QPainter, x: int, y: int, width: int, pair: tuple[str, str], px: float,
              color: str = theme.TEXT, align=Qt.AlignmentFlag.AlignLeft) -> int:
        """Vietnamese large and English under it, smaller; -> the y below them."""
        vi_h = int(px * 1.3)
        self._text(p, QRect(x, y, width, vi_h), pair[0], px, True, color, align | Qt.AlignmentFlag.AlignVCenter)
        en_h = int(px * 0.7 * 1.35)
        self._text(p, QRect(x, y + vi_h, width, en_h), pair[1], px * 0.7, False, theme.MUTED,
                   align | Qt.AlignmentFlag.AlignVCenter)
        return y + vi_h + en_h

    def _qr(self, p: QPainter, payload: str, x: int, y: int, side: int) -> int:
        """A QR code in a white square of at most `side` px at (x, y); -> the side drawn."""
        matrix = self._matrices.get(payload)
        if matrix is None:  # made once per code, not on every paint
            if len(self._matrices) > 4:
                self._matrices.clear()
            matrix = self._matrices[payload] = qr_matrix(payload)
        n = len(matrix)
        module = max(1, side // (n + 2 * self.QUIET))
        drawn = module * (n + 2 * self.QUIET)
        p.fillRect(x, y, drawn, drawn, QColor("white"))
        dark = QColor("black")
        top = self.QUIET * module
        for r, row in enumerate(matrix):
            for c, on in enumerate(row):
                if on:
                    p.fillRect(x + top + c * module, y + top + r * module, module, module, dark)
        return drawn

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        w, h = self.width(), self.height()
        u = min(w / 1024, h / 768)
        self.drawn, self.cut = [], []
        p.fillRect(self.rect(), QColor(theme.CARD))
        head = int(64 * u)
        pad = int(24 * u)
        p.fillRect(0, 0, w, head, QColor(theme.ACCENT))
        location, store = self.booth
        self._text(p, QRect(pad, 0, w - 2 * pad, head), " · ".join(x for x in (location, store) if x) or "OCOP",
                   26 * u, True, "white")
        body = QRect(pad, head + pad, w - 2 * pad, h - head - 2 * pad)
        {self.IDLE: self._paint_idle, self.CART: self._paint_cart, self.QR: self._paint_qr,
         self.THANKS: self._paint_thanks}[self.page](p, body, u)
        p.end()

    def _paint_idle(self, p: QPainter, body: QRect, u: float) -> None:
        center = Qt.AlignmentFlag.AlignHCenter
        y = body.top() + int(body.height() * 0.22)
        y = self._pair(p, body.left(), y, body.width(), WORDS["welcome"], 84 * u, theme.ACCENT, center)
        location, store = self.booth
        y += int(48 * u)
        if location:
            y += self._text(p, QRect(body.left(), y, body.width(), int(52 * u)), location, 38 * u, True,
                            align=center | Qt.AlignmentFlag.AlignVCenter)
        if store:
            self._text(p, QRect(body.left(), y + int(8 * u), body.width(), int(40 * u)), store, 28 * u,
                       color=theme.MUTED, align=center | Qt.AlignmentFlag.AlignVCenter)

    def _paint_cart(self, p: QPainter, body: QRect, u: float) -> None:
        view = self.view
        band = int(150 * u)
        lines = QRect(body.left(), body.top(), body.width(), body.height() - band)
        self._paint_rows(p, lines, u, view.rows if view else ())
        y = body.bottom() - band + int(10 * u)
        p.fillRect(body.left(), y - int(6 * u), body.width(), max(2, int(3 * u)), QColor(theme.ACCENT))
        half = body.width() // 2
        right = Qt.AlignmentFlag.AlignRight
        label = WORDS["to_pay" if self.paying else "total"]
        after = self._pair(p, body.left() + half, y, half, label, 30 * u, align=right)
        total = view.total if view else 0
        self._text(p, QRect(body.left() + half // 3, after, body.width() - half // 3, body.bottom() - after), fmt_vnd(total),
                   70 * u, True, theme.ACCENT_DARK, right | Qt.AlignmentFlag.AlignVCenter)
        if view:
            y = self._pair(p, body.left(), y, half, words("items", n=view.item_count), 30 * u)
            if view.discount_total:
                y = self._pair(p, body.left(), y, half, words("saved", amount=fmt_vnd(view.discount_total)),
                               24 * u, theme.ACCENT)
            if self.paid_part:
                self._pair(p, body.left(), y, half, words("paid_part", amount=fmt_vnd(self.paid_part)), 24 * u)

    def _paint_rows(self, p: QPainter, area: QRect, u: float, rows: tuple[Row, ...]) -> None:
        """The newest rows at the bottom of `area`; the oldest give way, counted at the top."""
        line_h, detail_h = int(52 * u), int(38 * u)
        heights = [line_h if r.kind == "line" else detail_h for r in rows]
        room, first = area.height(), len(rows)
        while first > 0 and heights[first - 1] + (detail_h if first > 1 else 0) <= room:
            room -= heights[first - 1]  # this row fits, with the "lines above" row if any are left
            first -= 1
        y = area.top()
        if first:
            lines_above = sum(1 for r in rows[:first] if r.kind == "line")
            self._text(p, QRect(area.left(), y, area.width(), detail_h), both("more_above", n=lines_above),
                       22 * u, color=theme.MUTED)
            y += detail_h
        amount_w, qty_w = int(240 * u), int(150 * u)
        name_w = area.width() - amount_w - qty_w - int(16 * u)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, height in zip(rows[first:], heights[first:]):
            line = row.kind == "line"
            px = 30 * u if line else 24 * u
            indent = 0 if line else int(36 * u)
            color = theme.TEXT if line else (theme.ACCENT if (row.amount or 0) < 0 else theme.MUTED)
            if line and y > area.top():
                p.fillRect(area.left(), y, area.width(), 1, QColor("#dde3e0"))
            self._text(p, QRect(area.left() + indent, y, name_w - indent, height), row.text, px, line, color)
            if row.qty:
                self._text(p, QRect(area.left() + name_w, y, qty_w, height), row.qty, px, False, color, right)
            if row.amount is not None:
                text = ("−" + fmt_vnd(-row.amount)) if row.amount < 0 else fmt_vnd(row.amount)
                self._text(p, QRect(area.right() - amount_w, y, amount_w, height), text, px, line, color, right)
            y += height

    def _paint_qr(self, p: QPainter, body: QRect, u: float) -> None:
        side = min(body.height(), int(body.width() * 0.58))
        drawn = self._qr(p, self.qr_payload, body.left(), body.top() + (body.height() - side) // 2, side)
        x = body.left() + drawn + int(32 * u)
        width = body.right() - x
        y = body.top() + int(body.height() * 0.18)
        y = self._pair(p, x, y, width, WORDS["scan_to_pay"], 34 * u)
        y += int(24 * u)
        y += self._text(p, QRect(x, y, width, int(96 * u)), fmt_vnd(self.qr_amount), 72 * u, True, theme.ACCENT_DARK)
        if self.payee:
            y += self._text(p, QRect(x, y + int(8 * u), width, int(44 * u)), self.payee, 28 * u, color=theme.MUTED)
        total = self.view.total if self.view else self.qr_amount
        if total != self.qr_amount:
            y += self._text(p, QRect(x, y + int(12 * u), width, int(44 * u)), f"{both('total')}: {fmt_vnd(total)}",
                            26 * u, color=theme.MUTED)

    def _paint_thanks(self, p: QPainter, body: QRect, u: float) -> None:
        qr_side = min(int(body.height() * 0.72), int(body.width() * 0.42)) if self.trace else 0
        width = body.width() - qr_side - (int(32 * u) if qr_side else 0)
        x, y = body.left(), body.top() + int(body.height() * 0.08)
        y = self._pair(p, x, y, width, WORDS["thanks"], 64 * u, theme.ACCENT)
        y += int(36 * u)
        sale = self.sale
        rows = [("total", sale.get("total", 0), False)]
        if sale.get("change"):  # cash handed over beyond the total: what was given, and the change
            rows += [("given", sale["paid"], False), ("change", sale["change"], True)]
        else:
            rows.append(("paid", sale.get("paid", 0), False))
        for key, amount, big in rows:
            px = 44 * u if big else 30 * u
            height = int(px * 1.45)
            self._text(p, QRect(x, y, width // 2, height), both(key), 26 * u, big, theme.TEXT)
            self._text(p, QRect(x + width // 2, y, width - width // 2, height), fmt_vnd(amount), px, True,
                       theme.ACCENT_DARK if big else theme.TEXT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            y += height
        if self.trace:
            qx = body.right() - qr_side
            drawn = self._qr(p, self.trace["payload"], qx, body.top(), qr_side)
            cy = self._pair(p, qx, body.top() + drawn + int(10 * u), qr_side, WORDS["trace"], 28 * u,
                            align=Qt.AlignmentFlag.AlignHCenter)
            if self.trace.get("caption"):
                self._text(p, QRect(qx, cy, qr_side, int(30 * u)), self.trace["caption"], 24 * u,
                           color=theme.MUTED, align=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
