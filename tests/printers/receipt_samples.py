"""Receipt documents built by hand per docs/contracts.md, for tests and the bench."""
from __future__ import annotations

import copy

from pos import vietqr
from pos.money import vat_part

STORE = {
    "name": "OCOP Bạc Liêu", "header": "Trung tâm Xúc tiến Thương mại Bạc Liêu",
    "address": "12 Đường Trần Phú, Phường 3, TP. Bạc Liêu", "tax_code": "1900123456", "phone": "0291 382 4567",
    "location_name": "Điểm bán Nhà Công tử Bạc Liêu", "device_code": "HN01",
    "footer": "Cảm ơn quý khách! Hẹn gặp lại.",
}

PRODUCTS = [
    ("Muối hầm Bạc Liêu 500 g", "hũ", 45000, 8, 4),
    ("Mật ong rừng U Minh Hạ", "chai", 185000, 5, 5),
    ("Trà Shan tuyết cổ thụ Hà Giang", "gói", 320000, 10, 4),
    ("Nước mắm Phú Quốc 40 độ đạm", "chai", 95000, 8, 3),
    ("Bánh pía Sóc Trăng sầu riêng trứng muối", "hộp", 78000, 8, 3),
    ("Cà phê Buôn Ma Thuột rang xay", "gói", 150000, 10, 4),
    ("Kẹo dừa Bến Tre", "túi", 35000, 8, 3),
    ("Gạo ST25 Sóc Trăng 5 kg", "bao", 210000, 5, 5),
    ("Hạt điều rang muối Bình Phước", "hũ", 165000, 8, 4),
    ("Tỏi Lý Sơn cô đơn", "kg", 250000, 5, 3),
]


def sale_doc(n_lines: int = 3, lang: str = "vi", method: str = "vietqr", reprint: bool = False,
             discount: int = 0) -> dict:
    lines = []
    for i in range(n_lines):
        name, unit, price, rate, stars = PRODUCTS[i % len(PRODUCTS)]
        qty = 1 + i % 3
        gross = price * qty
        disc = discount if i == 0 else 0
        lines.append({"name": name, "sku": f"SKU{i:03d}", "qty": qty, "qty_text": str(qty), "unit": unit,
                      "unit_price": price, "gross": gross, "discount": disc, "net": gross - disc,
                      "vat_rate": rate, "ocop_stars": stars})
    subtotal = sum(ln["gross"] for ln in lines)
    total = sum(ln["net"] for ln in lines)
    vat = {}
    for ln in lines:
        vat.setdefault(ln["vat_rate"], 0)
        vat[ln["vat_rate"]] += ln["net"]
    vat_rows = [{"rate": r, "base": b, "amount": vat_part(b, r)} for r, b in sorted(vat.items())]
    receipt_no = "HN01-000123"
    if method == "cash":
        tendered = ((total + 49999) // 50000) * 50000 + 50000
        payments = [{"method": "cash", "amount": total, "tendered": tendered, "change": tendered - total,
                     "reference": ""}]
        change = tendered - total
        qr = {"kind": "trace", "payload": "https://ocop.gov.vn/truy-xuat/HN01-000123",
              "caption": "Truy xuất nguồn gốc sản phẩm OCOP" if lang == "vi" else "Product traceability"}
    else:
        payments = [{"method": "vietqr", "amount": total, "tendered": 0, "change": 0, "reference": ""}]
        change = 0
        qr = {"kind": "vietqr", "payload": vietqr.build("970436", "1017595600", total, purpose=f"HD {receipt_no}"),
              "caption": "Quét mã để chuyển khoản" if lang == "vi" else "Scan to pay by bank transfer"}
    return {
        "kind": "sale", "lang": lang, "reprint": reprint, "store": copy.deepcopy(STORE),
        "receipt_no": receipt_no, "created_at": "2026-11-22T07:05:00.000+00:00",
        "local_time": "22/11/2026 14:05", "clerk": "Nguyễn Thị Lan", "lines": lines,
        "subtotal": subtotal, "line_discount_total": sum(ln["discount"] for ln in lines),
        "order_discount": 0, "order_discount_reason": "", "total": total,
        "vat": vat_rows, "vat_total": sum(v["amount"] for v in vat_rows),
        "payments": payments, "change_due": change, "qr": qr, "barcode": receipt_no,
        "original_receipt_no": None, "reason": "",
    }


def refund_doc(lang: str = "vi") -> dict:
    doc = sale_doc(1, lang, "cash")
    doc.update(kind="refund", receipt_no="HN01-000130", barcode="HN01-000130",
               original_receipt_no="HN01-000123", reason="Khách đổi ý, hàng còn nguyên tem",
               qr=None, change_due=0)
    doc["payments"] = [{"method": "cash", "amount": doc["total"], "tendered": 0, "change": 0, "reference": ""}]
    return doc


def z_report_doc(lang: str = "vi") -> dict:
    """Shaped like pos.shifts.report_doc for a closed shift."""
    return {"kind": "z_report", "lang": lang, "store": copy.deepcopy(STORE),
            "printed_at": "2026-11-22T14:30:00.000+00:00",
            "shift": {"shift_id": "s1", "device_code": "HN01", "number": 42, "status": "closed",
                      "opened_at": "2026-11-22T00:00:00.000+00:00", "opened_by": "Trần Văn Minh",
                      "closed_at": "2026-11-22T14:30:00.000+00:00", "closed_by": "Trần Văn Minh",
                      "opening_float": 1000000, "sales_count": 37, "sales_total": 12650000,
                      "discounts_total": 120000, "refunds_count": 1, "refunds_total": 45000,
                      "voids_count": 1, "voids_total": 90000, "net_total": 12605000,
                      "by_method": {"cash": 5455000, "vietqr": 6200000, "card": 950000},
                      "vat": [{"rate": 5, "base": 4200000, "amount": 200000},
                              {"rate": 8, "base": 8405000, "amount": 622593}],
                      "cash_in": 0, "cash_out": 500000, "expected_cash": 5955000,
                      "counted_cash": 5950000, "variance": -5000,
                      "counted_detail": {"500000": 10, "200000": 4, "100000": 1, "50000": 1}}}
