"""Receipt document (docs/contracts.md "Receipt document") -> 1-bit PIL image at the printer's width.

Why an image: cheap 58/80 mm printers print Vietnamese badly or not at all through code pages,
while every ESC/POS printer prints a raster. The function is pure (no DB, no device) so the same
document renders identically on a reprint, in a test or in the bench."""
from __future__ import annotations

from PIL import Image, ImageDraw

from pos import payment_methods
from pos.clock import local_time
from pos.money import fmt_vnd

from . import invoice
from .drawing import barcode_image, font, nfc, qr_image, to_mono, wrap

WIDTHS = (384, 512, 576)

LABELS = {
    "vi": {
        "sale": "HÓA ĐƠN BÁN HÀNG", "refund": "PHIẾU TRẢ HÀNG", "void": "HÓA ĐƠN ĐÃ HỦY",
        "x_report": "BÁO CÁO CA (X)", "z_report": "BÁO CÁO KẾT CA (Z)",
        "reprint": "BẢN IN LẠI", "receipt_no": "Số HĐ", "slip_no": "Số phiếu", "time": "Thời gian", "clerk": "Thu ngân",
        "original": "HĐ gốc", "reason": "Lý do", "tax_code": "MST", "phone": "ĐT",
        "subtotal": "Tổng tiền hàng", "line_discounts": "Giảm giá mặt hàng", "order_discount": "Giảm giá hóa đơn",
        "total": "TỔNG CỘNG", "refund_total": "TỔNG TIỀN TRẢ", "vat_incl": "Gồm thuế GTGT", "on": "trên",
        "tendered": "Khách đưa",
        "change": "Tiền thừa trả khách", "discount": "Giảm", "promo": "KM",
        "void_note": "Hóa đơn này đã bị hủy, không có giá trị thanh toán.",
        "device": "Máy", "location": "Điểm bán", "trace": "Quét để truy xuất nguồn gốc",
        "paid": "ĐÃ THANH TOÁN", "contains": "gồm",
    },
    "en": {
        "sale": "SALES RECEIPT", "refund": "REFUND RECEIPT", "void": "VOIDED RECEIPT",
        "x_report": "SHIFT REPORT (X)", "z_report": "END OF SHIFT (Z)",
        "reprint": "REPRINT", "receipt_no": "Receipt", "slip_no": "Receipt", "time": "Time", "clerk": "Cashier",
        "original": "Original receipt", "reason": "Reason", "tax_code": "Tax code", "phone": "Tel",
        "subtotal": "Subtotal", "line_discounts": "Item discounts", "order_discount": "Order discount",
        "total": "TOTAL", "refund_total": "TOTAL REFUNDED", "vat_incl": "Incl. VAT", "on": "on",
        "tendered": "Tendered",
        "change": "Change", "discount": "Discount", "promo": "Promo",
        "void_note": "This receipt has been voided and is not valid for payment.",
        "device": "Till", "location": "Location", "trace": "Scan to trace this product",
        "paid": "PAID", "contains": "contains",
    },
}

# Shift report fields (pos.shifts.report) in print order: key -> (vi, en, kind)
REPORT_FIELDS = [
    ("number", "Ca số", "Shift no.", "text"),
    ("opened_by", "Người mở ca", "Opened by", "text"),
    ("opened_at", "Mở ca lúc", "Opened at", "time"),
    ("closed_by", "Người kết ca", "Closed by", "text"),
    ("closed_at", "Kết ca lúc", "Closed at", "time"),
    ("opening_float", "Tiền đầu ca", "Opening float", "money"),
    ("sales_count", "Số hóa đơn bán", "Sales", "text"),
    ("sales_total", "Doanh thu bán", "Sales total", "money"),
    ("discounts_total", "Giảm giá", "Discounts", "money"),
    ("refunds_count", "Số phiếu trả hàng", "Refunds", "text"),
    ("refunds_total", "Tiền trả hàng", "Refunds total", "money"),
    ("voids_count", "Số hóa đơn hủy", "Voids", "text"),
    ("voids_total", "Giá trị hủy", "Voided total", "money"),
    ("net_total", "Doanh thu thuần", "Net sales", "money"),
    ("cash_in", "Nộp tiền vào két", "Cash in", "money"),
    ("cash_out", "Rút tiền khỏi két", "Cash out", "money"),
    ("expected_cash", "Tiền mặt phải có", "Expected cash", "money"),
    ("counted_cash", "Tiền mặt đếm được", "Counted cash", "money"),
    ("variance", "Chênh lệch", "Variance", "money"),
]


class _Page:
    """A growing canvas with a y cursor: draw top to bottom, crop at the end."""

    def __init__(self, width: int, est_height: int):
        self.w = width
        self.margin = max(6, width // 48)
        self.inner = width - 2 * self.margin
        self.img = Image.new("L", (width, est_height), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = self.margin
        base = {384: 19, 512: 23, 576: 25}.get(width, max(16, width // 23))
        self.f = font(base)
        self.fb = font(base, bold=True)
        self.fs = font(max(14, base - 4))
        self.fbig = font(int(base * 1.35), bold=True)
        self.gap = max(2, base // 6)
        self.drawn: list[tuple[str, float, float]] = []  # (text, left x, right x): what was printed where

    def _ensure(self, h: int) -> None:
        if self.y + h + self.margin > self.img.height:
            bigger = Image.new("L", (self.w, max(self.img.height * 2, self.y + h + 200)), 255)
            bigger.paste(self.img, (0, 0))
            self.img = bigger
            self.draw = ImageDraw.Draw(self.img)

    def _lh(self, f) -> int:
        asc, desc = f.getmetrics()
        return asc + desc + self.gap

    def text(self, s: str, f=None, align: str = "left", invert: bool = False, indent: int = 0) -> None:
        f = f or self.f
        for line in wrap(s, f, self.inner - indent - (16 if invert else 0)):
            lh = self._lh(f)
            tw = f.getlength(line)
            x = self.margin + indent if align == "left" else (self.w - tw) / 2 if align == "center" else self.w - self.margin - tw
            self.drawn.append((line, x, x + tw))
            if invert:
                # The box must hold the real ink: a capital's tone mark (the hook of Ả) rises above
                # the font's ascent and would vanish white-on-white, turning BẢN into BÁN.
                pad = self.gap + 2
                _, top, _, bottom = f.getbbox(line)
                h = bottom - min(top, 0) + 2 * pad
                self._ensure(h)
                self.draw.rectangle((x - 8, self.y, x + tw + 8, self.y + h - 1), fill=0)
                self.draw.text((x, self.y + pad - min(top, 0)), line, font=f, fill=255)
                self.y += h + self.gap
            else:
                self._ensure(lh)
                self.draw.text((x, self.y), line, font=f, fill=0)
                self.y += lh

    def pair(self, left: str, right: str, f=None, indent: int = 0) -> None:
        """Label on the left, amount on the right; the label wraps if both do not fit."""
        f = f or self.f
        right = nfc(right)
        rw = f.getlength(right)
        if rw > self.inner * 0.6:  # a long value (a reason, a name) goes under its label
            self.text(left, f)
            self.text(right, f, "right")
            return
        lines = wrap(left, f, max(40, self.inner - indent - int(rw) - 10))
        lh = self._lh(f)
        for i, line in enumerate(lines):
            self._ensure(lh)
            self.draw.text((self.margin + indent, self.y), line, font=f, fill=0)
            self.drawn.append((line, self.margin + indent, self.margin + indent + f.getlength(line)))
            if i == len(lines) - 1:
                self.draw.text((self.w - self.margin - rw, self.y), right, font=f, fill=0)
                self.drawn.append((right, self.w - self.margin - rw, self.w - self.margin))
            self.y += lh

    def rule(self, dashed: bool = True) -> None:
        self._ensure(12)
        y = self.y + 4
        if dashed:
            for x in range(self.margin, self.w - self.margin, 12):
                self.draw.line((x, y, min(x + 6, self.w - self.margin), y), fill=0, width=2)
        else:
            self.draw.line((self.margin, y, self.w - self.margin, y), fill=0, width=2)
        self.y += 12

    def space(self, h: int) -> None:
        self._ensure(h)
        self.y += h

    def paste_center(self, im: Image.Image) -> None:
        self._ensure(im.height)
        self.img.paste(im.convert("L"), ((self.w - im.width) // 2, self.y))
        self.y += im.height

    def finish(self) -> Image.Image:
        self.y += self.margin
        return to_mono(self.img.crop((0, 0, self.w, self.y)))


def printed_qr(doc: dict) -> tuple[dict | None, bool]:
    """The code this receipt may carry, and whether to say "paid" where the payment code was.

    Only the receipt printed with the sale carries the VietQR the customer paid with: on a reprint
    it is a payable code for a sale already paid (a customer could pay twice), so a reprint shows
    the traceability code instead, or nothing, under the word PAID; a void receipt drops it too.
    Decided here as well as in pos.sales.receipt_doc because a stored job printed again
    (pos.print_jobs.reprint) carries the original document, with or without its payment code."""
    qr = doc.get("qr")
    reprint, sale = bool(doc.get("reprint")), doc.get("kind", "sale") == "sale"
    paid_by_qr = bool(doc.get("paid_by_qr"))
    if qr and qr.get("kind") == "vietqr" and (reprint or not sale):
        paid_by_qr, qr = True, doc.get("trace_qr")
    elif not qr and reprint and paid_by_qr:
        qr = doc.get("trace_qr")  # the payment code was already taken out of the copy
    return (qr if qr and qr.get("payload") else None), paid_by_qr and reprint and sale


def _paid_by_qr_words(doc: dict, lang: str) -> str:
    """How a reprinted receipt says it was paid where the payment code was: the method of its QR."""
    methods = [payment_methods.lookup(str(p.get("method", ""))) for p in doc.get("payments") or []]
    method = next((m for m in methods if m.qr_code), None) or payment_methods.first_with_mode("vietqr")
    return method.receipt(lang) if method else ""


def _m(amount: int, symbol: bool = True) -> str:
    return fmt_vnd(int(amount), symbol=symbol)


def _header(p: _Page, doc: dict, L: dict) -> None:
    st = doc.get("store") or {}
    if st.get("name"):
        p.text(st["name"], p.fbig, "center")
    for key in ("header", "location_name", "address"):
        if st.get(key):
            p.text(st[key], p.fs, "center")
    contact = []
    if st.get("tax_code"):
        contact.append(f"{L['tax_code']}: {st['tax_code']}")
    if st.get("phone"):
        contact.append(f"{L['phone']}: {st['phone']}")
    if contact:
        p.text("  ".join(contact), p.fs, "center")
    p.space(p.gap * 2)


def _stars(n) -> str:
    n = int(n or 0)
    return " " + "★" * n if 0 < n <= 5 else ""


def _sale_body(p: _Page, doc: dict, L: dict) -> None:
    kind = doc.get("kind", "sale")
    refund = kind == "refund"
    for ln in doc.get("lines", []):
        p.text(f"{ln['name']}{_stars(ln.get('ocop_stars'))}", p.fb)
        qty = ln.get("qty_text") or str(ln.get("qty", ""))
        unit = ln.get("unit") or ""
        if any(c.isalpha() for c in qty):  # weighed: "350 g" at a price per kg
            what = f"{qty} × {_m(ln['unit_price'], False)}" + (f"/{unit}" if unit else "")
        else:
            what = f"{qty}{' ' + unit if unit else ''} × {_m(ln['unit_price'], False)}"
        vat = f"  VAT {ln['vat_rate']}%" if ln.get("vat_rate") is not None else ""
        p.pair(what + vat, _m(ln.get("gross", ln.get("net", 0)), False), indent=p.margin)
        _contents(p, ln, L)
        if ln.get("discount"):
            p.pair(L["discount"], "-" + _m(ln["discount"], False), p.fs, indent=p.margin)
        for promo in ln.get("promotions") or ():  # pos/sale_promotions.for_receipt
            p.pair(f"{L['promo']}: {promo['text']}", "-" + _m(promo["amount"], False), p.fs, indent=p.margin)
    p.rule()
    n_items = len(doc.get("lines", []))
    p.pair(f"{L['subtotal']} ({n_items})", _m(doc.get("subtotal", 0)))
    if doc.get("line_discount_total"):
        p.pair(L["line_discounts"], "-" + _m(doc["line_discount_total"]))
    for promo in doc.get("order_promotions") or ():
        p.pair(f"{L['promo']}: {promo['text']}", "-" + _m(promo["amount"]))
    if doc.get("order_discount"):
        reason = f" ({doc['order_discount_reason']})" if doc.get("order_discount_reason") else ""
        p.pair(L["order_discount"] + reason, "-" + _m(doc["order_discount"]))
    p.space(p.gap)
    p.pair(L["refund_total"] if refund else L["total"], _m(doc.get("total", 0)), p.fbig)
    for v in doc.get("vat", []):
        p.pair(f"{L['vat_incl']} {v['rate']}% {L['on']} {_m(v['base'], False)}", _m(v["amount"], False), p.fs)
    p.rule()
    _payments(p, doc, L)


def _contents(p: _Page, ln: dict, L: dict) -> None:
    """A gift set's line: what one box holds, beneath it, the quantities aligned."""
    lead = f"{L['contains']}: "
    for n, c in enumerate(ln.get("components") or []):
        at = p.margin if n == 0 else p.margin + int(p.fs.getlength(lead))
        p.text(f"{lead if n == 0 else ''}{c['qty']} × {c['name']}", p.fs, indent=at)


def _set_contents(p: _Page, doc: dict, L: dict) -> None:
    """With e-invoices the invoice's own lines are printed as issued (nothing added to them), so
    what the gift boxes hold comes after the invoices, each box by name."""
    sets = [ln for ln in doc.get("lines", []) if ln.get("components")]
    for ln in sets:
        p.text(ln["name"], p.fb)
        _contents(p, ln, L)
    if sets:
        p.rule()


def _payments(p: _Page, doc: dict, L: dict) -> None:
    """How it was paid and the change; a void says it is void."""
    kind = doc.get("kind", "sale")
    refund = kind == "refund"
    for pay in doc.get("payments", []):
        method = payment_methods.lookup(str(pay.get("method", "")))
        ref = f" {pay['reference']}" if pay.get("reference") else ""
        p.pair(method.receipt(doc.get("lang")) + ref, _m(pay.get("amount", 0)))
        if method.gives_change and pay.get("tendered") and not refund:
            p.pair(L["tendered"], _m(pay["tendered"]), p.fs, indent=p.margin)
    if doc.get("change_due"):
        p.pair(L["change"], _m(doc["change_due"]), p.fb)
    if kind == "void":
        p.space(p.gap)
        p.text(L["void_note"], p.fb, "center")


def _report_body(p: _Page, doc: dict, L: dict, lang: str) -> None:
    shift = doc.get("shift") or {}
    for key, vi, en, kind in REPORT_FIELDS:
        val = shift.get(key)
        if val in (None, ""):
            continue
        label = vi if lang == "vi" else en
        if kind == "money" and isinstance(val, int):
            text = _m(val)
        elif kind == "time":
            text = local_time(val)
        else:
            text = str(val)
        big = key in ("net_total", "variance")
        p.pair(label, text, p.fb if big else None)
    by_method = shift.get("by_method") or {}
    if by_method:
        p.rule()
        for method, amount in by_method.items():
            p.pair(payment_methods.lookup(str(method)).receipt(lang), _m(int(amount)))
    vat = [v for v in shift.get("vat") or [] if isinstance(v, dict) and "rate" in v]
    if vat:
        p.rule()
        for v in vat:
            p.pair(f"{L['vat_incl']} {v['rate']}% {L['on']} {_m(int(v.get('base', 0)), False)}",
                   _m(int(v.get("amount", 0)), False), p.fs)
    detail = shift.get("counted_detail") or {}
    if isinstance(detail, dict) and detail:
        p.rule()
        for denom, count in sorted(detail.items(), key=lambda kv: -int(kv[0]) if str(kv[0]).isdigit() else 0):
            if str(denom).isdigit():
                p.pair(f"{_m(int(denom), False)} × {count}", _m(int(denom) * int(count), False), p.fs)


def _facts(p: _Page, doc: dict, L: dict, invoiced: bool) -> None:
    """Receipt number, original, time, clerk, till and reason, above a full rule."""
    st = doc.get("store") or {}
    if doc.get("receipt_no"):  # beside an invoice's number, the receipt's is the slip's ("phiếu")
        p.pair(L["slip_no"] if invoiced else L["receipt_no"], doc["receipt_no"])
    if doc.get("original_receipt_no"):
        p.pair(L["original"], doc["original_receipt_no"])
    when = doc.get("local_time") or local_time(doc.get("printed_at") or doc.get("created_at"))
    if when:
        p.pair(L["time"], when)
    if doc.get("clerk"):
        p.pair(L["clerk"], doc["clerk"])
    if st.get("device_code"):
        p.pair(L["device"], st["device_code"])
    if doc.get("reason"):
        p.pair(L["reason"], doc["reason"])
    p.rule(dashed=False)


def _qr(p: _Page, doc: dict, L: dict, lang: str, width: int) -> None:
    """The payment or traceability code (printed_qr decides which), or PAID where it was."""
    qr, paid = printed_qr(doc)
    if paid:
        p.space(p.gap * 3)
        p.text(L["paid"], p.fbig, "center", invert=True)
        p.text(_paid_by_qr_words(doc, lang), p.fs, "center")
    if qr:
        p.space(p.gap * 3)
        p.paste_center(qr_image(qr["payload"], int(width * (0.62 if width <= 384 else 0.5))))
        caption = qr.get("caption") or ""
        if qr.get("kind") == "trace" and not any(w in caption.lower() for w in ("truy xuất", "trace")):
            p.text(L["trace"], p.fs, "center")  # say what the code is for, not only whose it is
        if caption:
            p.text(caption, p.fs, "center")


def render(doc: dict, width: int = 576) -> Image.Image:
    """The receipt as a 1-bit image `width` dots wide (384 = 58 mm, 512/576 = 80 mm)."""
    return render_with_text(doc, width)[0]


def render_with_text(doc: dict, width: int = 576) -> tuple[Image.Image, list[tuple[str, float, float]]]:
    """The image and every text run drawn on it with its horizontal extent (for checks and tests)."""
    if width not in WIDTHS:
        raise ValueError(f"printer width must be one of {WIDTHS}, not {width}")
    lang = doc.get("lang") if doc.get("lang") in LABELS else "vi"
    L = LABELS[lang]
    kind = doc.get("kind", "sale")
    invoices = (doc.get("invoices") or []) if kind not in ("x_report", "z_report") else []
    p = _Page(width, 900 + 110 * len(doc.get("lines", [])) + (width if doc.get("qr") else 0)
              + 60 * sum(len(ln.get("components") or []) for ln in doc.get("lines", []))
              + sum(1400 + 130 * len(inv.get("lines", [])) for inv in invoices))
    _header(p, doc, L)
    if not invoices or kind != "sale":  # an invoice's own title says what a sale's paper is
        p.text(L.get(kind, L["sale"]), p.fbig, "center")
    if doc.get("reprint"):
        p.space(p.gap)
        p.text(L["reprint"], p.fbig, "center", invert=True)
    p.space(p.gap)
    st = doc.get("store") or {}
    _facts(p, doc, L, bool(invoices))
    if kind in ("x_report", "z_report"):
        _report_body(p, doc, L, lang)
    elif invoices:
        for inv in invoices:
            invoice.draw(p, inv, bool(doc.get("reprint")), width)
        _set_contents(p, doc, L)
        _payments(p, doc, L)
    else:
        _sale_body(p, doc, L)
    _qr(p, doc, L, lang, width)
    code = doc.get("barcode")
    if code:
        p.space(p.gap * 3)
        p.paste_center(barcode_image("code128", code, p.inner, max(60, width // 7)))
        p.text(code, p.fs, "center")
    if st.get("footer"):
        p.space(p.gap * 2)
        p.text(st["footer"], p.f, "center")
    if doc.get("reprint"):
        p.space(p.gap)
        p.text(L["reprint"], p.fb, "center")
    return p.finish(), p.drawn
