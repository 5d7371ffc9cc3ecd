"""One cash-register e-invoice drawn on the receipt (the invoice document of pos/einvoice/printed.py).

The receipt is the invoice's printed representation, so its block is always in Vietnamese, the
invoice's legal language, whatever the receipt's language: title and "(khởi tạo từ máy tính tiền)",
template and symbol, number, the tax authority's code, seller and business location (and the
delegate for a producer's invoice), the buyer or "Bán cho người tiêu dùng", the lines, pre-VAT and
VAT per rate for a VAT invoice, the total and the total in words, and how to look it up (text and
QR). A reprint says it is a copy."""
from __future__ import annotations

from pos.einvoice.rules import COPY_MARK
from pos.money import fmt_vnd

from .drawing import qr_image


def _m(amount: int) -> str:
    return fmt_vnd(int(amount), symbol=False)


def _party(p, label: str, party: dict) -> None:
    p.text(f"{label}: {party['name']}", p.fb)
    if party.get("tax_code"):
        p.text(f"MST: {party['tax_code']}", p.fs)
    if party.get("address"):
        p.text(f"Địa chỉ: {party['address']}", p.fs)


def _head(p, inv: dict, reprint: bool) -> None:
    p.text(inv["title"], p.fbig, "center")
    p.text(inv["subtitle"], p.fs, "center")
    if reprint:
        p.space(p.gap)
        p.text(COPY_MARK, p.fb, "center", invert=True)
    if inv.get("note"):
        p.text(inv["note"], p.fs, "center")
    p.space(p.gap)
    p.pair("Mẫu số - Ký hiệu", inv["template_symbol"], p.fs)
    p.pair("Số", str(inv["number"]), p.fb)
    p.pair("Ngày", inv["issued_at"], p.fs)
    p.text(f"Mã CQT: {inv['authority_code']}", p.fs)
    p.rule()
    _party(p, "Người bán", inv["seller"])
    place = inv.get("place") or {}
    if place.get("name") or place.get("code"):
        code = f" ({place['code']})" if place.get("code") else ""
        p.text(f"Địa điểm kinh doanh: {place.get('name', '')}{code}", p.fs)
        if place.get("address"):
            p.text(place["address"], p.fs)
    if inv.get("delegate"):
        _party(p, "Đơn vị nhận ủy nhiệm lập hóa đơn", inv["delegate"])
    p.rule()
    for label, value in inv["buyer"]:
        p.text(f"{label}: {value}", p.fs)
    p.rule(dashed=False)


def _lines(p, inv: dict) -> None:
    for n, ln in enumerate(inv["lines"], start=1):
        p.text(f"{n}. {ln['name']}", p.fb)
        unit = ln.get("unit") or ""
        qty = ln["qty_text"]
        what = (f"{qty} × {_m(ln['unit_price'])}/{unit}" if any(c.isalpha() for c in qty)
                else f"{qty} {unit} × {_m(ln['unit_price'])}".replace("  ", " "))
        rate = f"  {ln['vat_rate']}%" if inv["vat_breakdown"] else ""
        p.pair(what + rate, _m(ln["amount"]), indent=p.margin)
        if ln.get("discount"):
            p.pair("Chiết khấu thương mại (đã trừ)", _m(ln["discount"]), p.fs, indent=p.margin)
    p.rule()


def _totals(p, inv: dict) -> None:
    if inv.get("discount_total"):
        p.pair("Chiết khấu thương mại", _m(inv["discount_total"]), p.fs)
    if inv["vat_breakdown"]:
        for r in inv["rates"]:
            p.pair(f"Cộng tiền hàng chưa thuế {r['rate']}%", _m(r["pre_vat"]), p.fs)
            p.pair(f"Tiền thuế GTGT {r['rate']}%", _m(r["vat"]), p.fs)
        p.pair("Tổng tiền chưa thuế", _m(inv["pre_vat_total"]))
        p.pair("Tổng tiền thuế GTGT", _m(inv["vat_total"]))
    p.pair("TỔNG TIỀN THANH TOÁN", _m(inv["total"]), p.fb)
    p.text(f"Số tiền viết bằng chữ: {inv['total_words']}", p.fs)


def _lookup(p, inv: dict, width: int) -> None:
    if inv.get("lookup_url"):
        p.space(p.gap)
        p.text(f"Tra cứu hóa đơn tại: {inv['lookup_url'].replace('{code}', inv['lookup_code'])}", p.fs)
        p.text(f"Mã tra cứu: {inv['lookup_code']}", p.fb)
    if inv.get("qr"):
        p.space(p.gap)
        p.paste_center(qr_image(inv["qr"], int(width * (0.55 if width <= 384 else 0.42))))


def draw(p, inv: dict, reprint: bool, width: int) -> None:
    """Draw one invoice on the page `p` (printers.receipt._Page)."""
    _head(p, inv, reprint)
    _lines(p, inv)
    _totals(p, inv)
    _lookup(p, inv, width)
    p.rule(dashed=False)
