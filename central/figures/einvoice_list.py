"""The invoice list (bảng kê hóa đơn bán ra) for the accountant, as XLSX: every invoice of a period,
one row per invoice and VAT rate (pre-VAT revenue, rate, VAT, total), with its template, symbol,
number, tax-authority code, buyer, and whether the provider accepted it. Amounts are whole đồng as
the kiosk printed them; cells go through figures/cells.py (no formula injection from names)."""
from __future__ import annotations

import io

import sqlalchemy as sa

from central import models as m
from central.figures import cells

HEADER = ["STT", "Ngày", "Mẫu số", "Ký hiệu", "Số", "Mã của CQT", "Loại", "Người bán (MST)", "Người mua",
          "MST người mua", "Máy bán", "Thuế suất (%)", "Doanh thu chưa thuế", "Thuế GTGT", "Tổng thanh toán",
          "Trạng thái gửi", "Số của nhà cung cấp"]
KIND_VI = {"original": "Hóa đơn", "replacement": "Thay thế", "adjustment": "Điều chỉnh"}
STATE_VI = {"issued": "Giữ lại: số liệu lệch", "queued": "Chờ gửi", "sent": "Đang gửi",
            "accepted": "Đã được chấp nhận", "refused": "Bị từ chối"}


def rows(conn, start: str, end: str, seller: str = "", device: str = "") -> list[list]:
    I, L, D = m.invoices, m.invoice_lines, m.invoice_deliveries
    cond = [I.c.business_day >= start, I.c.business_day <= end]
    if seller:
        cond.append(I.c.seller_tax_code == seller)
    if device:
        cond.append(I.c.device_code == device)
    q = (sa.select(I.c.id, I.c.business_day, I.c.template, I.c.symbol, I.c.number, I.c.authority_code, I.c.kind,
                   I.c.seller_tax_code, I.c.buyer_name, I.c.buyer_company, I.c.buyer_tax_code, I.c.device_code,
                   L.c.vat_rate, sa.func.sum(L.c.pre_vat), sa.func.sum(L.c.vat_amount), sa.func.sum(L.c.amount),
                   D.c.state, D.c.provider_invoice_no)
         .select_from(I.join(L, L.c.invoice_id == I.c.id).outerjoin(D, D.c.invoice_id == I.c.id)).where(*cond)
         .group_by(I.c.id, I.c.business_day, I.c.template, I.c.symbol, I.c.number, I.c.authority_code, I.c.kind,
                   I.c.seller_tax_code, I.c.buyer_name, I.c.buyer_company, I.c.buyer_tax_code, I.c.device_code,
                   L.c.vat_rate, D.c.state, D.c.provider_invoice_no)
         .order_by(I.c.business_day, I.c.seller_tax_code, I.c.symbol, I.c.number, L.c.vat_rate))
    out = []
    for i, r in enumerate(conn.execute(q), start=1):
        buyer = r.buyer_company or r.buyer_name or "Bán cho người tiêu dùng"
        out.append([i, r.business_day, r.template, r.symbol, r.number, r.authority_code, KIND_VI.get(r.kind, r.kind),
                    r.seller_tax_code, buyer, r.buyer_tax_code, r.device_code, r.vat_rate, int(r[13]), int(r[14]),
                    int(r[15]), STATE_VI.get(r.state or "", r.state or ""), r.provider_invoice_no or ""])
    return out


def to_xlsx(body: list[list], start: str, end: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng kê"
    cells.append(ws, HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in body:
        cells.append(ws, row)
    for col in ws.iter_cols(min_col=13, max_col=15, min_row=2):
        for c in col:
            c.number_format = "#,##0"
    cells.append(ws, ["", "Tổng cộng"] + [""] * 10 + [sum(r[12] for r in body), sum(r[13] for r in body),
                                                      sum(r[14] for r in body), "", ""])
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Kỳ")
    info.append(["Từ ngày", start])
    info.append(["Đến ngày", end])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
