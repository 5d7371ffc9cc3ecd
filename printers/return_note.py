"""The return note (pos.producer_returns.note_doc) and the transfer note (pos.transfers.note_doc)
-> 1-bit image at the printer's width.

"Phiếu trả hàng cho nhà sản xuất": what went back to the producer, lot by lot, with room for
both sides to sign: the kiosk keeps one signed copy, the producer takes a reprint. Drawn like a
receipt (an image, since cheap printers print Vietnamese badly through code pages), with the
note's number also as a small QR code so a signed copy scans back to its return. A transfer
note carries instead a QR code of the whole transfer (pos.transfers.note_code): the kiosk the goods
go to scans it to take them in; its copy (a reprint, sent or received) says "BẢN SAO". Pure: the
same document draws the same image in the print queue, a reprint or a test."""
from __future__ import annotations

import datetime as dt

from PIL import Image

from .drawing import qr_image, wrap
from .receipt import WIDTHS, _header, _Page

LABELS = {
    "vi": {"title": "PHIẾU TRẢ HÀNG CHO NHÀ SẢN XUẤT", "reprint": "BẢN IN LẠI", "no": "Số phiếu",
           "time": "Thời gian", "location": "Điểm bán", "device": "Máy", "producer": "Nhà sản xuất",
           "producer_code": "Mã NSX", "address": "Địa chỉ", "phone": "ĐT", "tax_code": "MST", "reason": "Lý do",
           "note": "Ghi chú", "staff": "Người lập phiếu", "lot": "Lô", "use_by": "HSD", "no_lot": "không theo lô",
           "lines": "Số dòng hàng", "left_sign": "ĐẠI DIỆN ĐIỂM BÁN", "right_sign": "ĐẠI DIỆN NHÀ SẢN XUẤT",
           "sign_hint": "(Ký, ghi rõ họ tên)", "copies": "Lập 2 bản: mỗi bên giữ 1 bản."},
    "en": {"title": "GOODS RETURNED TO THE PRODUCER", "reprint": "REPRINT", "no": "Note no.", "time": "Time",
           "location": "Location", "device": "Till", "producer": "Producer", "producer_code": "Producer code",
           "address": "Address", "phone": "Tel", "tax_code": "Tax code", "reason": "Reason", "note": "Note",
           "staff": "Issued by", "lot": "Lot", "use_by": "Use by", "no_lot": "no lot", "lines": "Lines",
           "left_sign": "FOR THE POINT OF SALE", "right_sign": "FOR THE PRODUCER",
           "sign_hint": "(Signature and full name)", "copies": "Two copies: one for each side."},
}
# A transfer note's copy says "BẢN SAO" (a copy), as an invoice's does: its QR still takes the goods
# in (pos/transfers.py), so the paper must say it is not a second consignment.
TRANSFER = {"title": "PHIẾU CHUYỂN KHO", "from": "Nơi chuyển", "to": "Nơi nhận", "left_sign": "BÊN GIAO",
            "right_sign": "BÊN NHẬN", "scan": "Nơi nhận quét mã này để nhận hàng vào kho",
            "reprint": "BẢN SAO - IN LẠI", "receiver": "Người nhận vào kho"}


def qty_text(qty: int) -> str:
    """1250 -> '1.250' (Vietnamese thousands)."""
    return f"{int(qty):,}".replace(",", ".")


def _day(iso: str | None) -> str:
    try:
        return dt.date.fromisoformat(str(iso)).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso or "")


def _facts(p: _Page, doc: dict, L: dict) -> None:
    st, pr = doc.get("store") or {}, doc.get("producer") or {}
    p.pair(L["no"], doc.get("return_no", ""), p.fb)
    p.pair(L["time"], doc.get("local_time", ""))
    if st.get("location_name"):
        p.pair(L["location"], st["location_name"])
    if st.get("device_code"):
        p.pair(L["device"], st["device_code"])
    p.rule()
    if doc.get("kind") == "transfer_note":
        p.text(f"{TRANSFER['from']}: {doc.get('from_device', '')}", p.fb)
        p.text(f"{TRANSFER['to']}: {doc.get('to_location', '')}", p.fb)
        if doc.get("reason"):
            p.text(f"{L['reason']}: {doc['reason']}")
        who = TRANSFER["receiver"] if doc.get("direction") == "in" else L["staff"]
        p.text(f"{who}: {doc.get('staff', '')}", p.fs)
        p.rule(dashed=False)
        return
    p.text(f"{L['producer']}: {pr.get('name', '')}", p.fb)
    for key in ("producer_code", "address", "phone", "tax_code"):
        value = pr.get("code" if key == "producer_code" else key)
        if value:
            p.text(f"{L[key]}: {value}", p.fs)
    p.text(f"{L['reason']}: {doc.get('reason', '')}")
    if doc.get("note"):
        p.text(f"{L['note']}: {doc['note']}", p.fs)
    if doc.get("staff"):
        p.text(f"{L['staff']}: {doc['staff']}", p.fs)
    p.rule(dashed=False)


def _lines(p: _Page, doc: dict, L: dict) -> None:
    lines = doc.get("lines") or []
    for i, ln in enumerate(lines, 1):
        p.text(f"{i}. {ln.get('name', '')} ({ln.get('sku', '')})", p.fb)
        lot = f"{L['lot']} {ln['lot_no']}" if ln.get("lot_no") else L["no_lot"]
        if ln.get("use_by"):
            lot += f" · {L['use_by']} {_day(ln['use_by'])}"
        p.pair(lot, f"{qty_text(ln.get('qty', 0))} {ln.get('unit', '')}".strip(), indent=p.margin)
    p.rule()
    p.pair(L["lines"], str(len(lines)), p.fb)


def _signatures(p: _Page, L: dict) -> None:
    """Two columns side by side, each with its heading, the hint, room to sign and a dotted line."""
    half = (p.inner - p.margin) // 2
    lefts = [p.margin, p.margin * 2 + half]
    for words, f in ((("left_sign", "right_sign"), p.fb), (("sign_hint", "sign_hint"), p.fs)):
        rows = [wrap(L[w], f, half) for w in words]
        lh = p._lh(f)
        for n in range(max(len(r) for r in rows)):
            p._ensure(lh)
            for x0, r in zip(lefts, rows):
                if n < len(r):
                    tw = f.getlength(r[n])
                    x = x0 + (half - tw) / 2
                    p.draw.text((x, p.y), r[n], font=f, fill=0)
                    p.drawn.append((r[n], x, x + tw))
            p.y += lh
    p.space(p._lh(p.f) * 4)  # room for the signature
    p._ensure(8)
    for x0 in lefts:
        for x in range(x0, x0 + half, 8):
            p.draw.line((x, p.y, x + 3, p.y), fill=0, width=2)
    p.space(p.gap * 3)


def render(doc: dict, width: int = 576) -> Image.Image:
    """The note as a 1-bit image `width` dots wide (384 = 58 mm, 512/576 = 80 mm)."""
    return render_with_text(doc, width)[0]


def render_with_text(doc: dict, width: int = 576) -> tuple[Image.Image, list[tuple[str, float, float]]]:
    """The image and every text run drawn on it with its horizontal extent (for checks and tests)."""
    if width not in WIDTHS:
        raise ValueError(f"printer width must be one of {WIDTHS}, not {width}")
    L = LABELS[doc.get("lang") if doc.get("lang") in LABELS else "vi"]
    if doc.get("kind") == "transfer_note":
        L = {**LABELS["vi"], **TRANSFER}
    p = _Page(width, 1400 + 120 * len(doc.get("lines") or []))
    _header(p, {"store": {k: v for k, v in (doc.get("store") or {}).items() if k != "location_name"}}, L)
    p.text(L["title"], p.fbig, "center")
    if doc.get("reprint"):
        p.space(p.gap)
        p.text(L["reprint"], p.fbig, "center", invert=True)
    p.space(p.gap)
    _facts(p, doc, L)
    _lines(p, doc, L)
    p.space(p.gap * 4)
    _signatures(p, L)
    p.text(L["copies"], p.fs, "center")
    if doc.get("code"):
        p.space(p.gap * 3)
        p.paste_center(qr_image(doc["code"], int(width * (0.8 if width <= 384 else 0.6))))
        p.text(L["scan"], p.fs, "center")
    elif doc.get("return_no"):  # a QR: a Code 128 of TH-HN01-00001 is wider than 58 mm paper at 2-dot bars
        p.space(p.gap * 3)
        p.paste_center(qr_image(doc["return_no"], int(width * 0.35)))
        p.text(doc["return_no"], p.fs, "center")
    return p.finish(), p.drawn
