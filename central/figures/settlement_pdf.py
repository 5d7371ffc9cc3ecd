"""A closed settlement statement as a PDF, rendered on the server in Vietnamese with fpdf2
(pure Python, no system libraries) and the DejaVu fonts the project ships in assets/fonts.

Drawn only from the statement's frozen body, with the creation date set to the moment it was
closed, so the same statement gives the same bytes whenever it is printed: later lines of its
period change the next statement's adjustments, never this file."""
from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from fpdf.fonts import FontFace

from pos.clock import local_time
from pos.money import fmt_vnd

from central.catalog.rates import BEGINNING
from central.figures import settlement_stock as ss
from central.figures.settlement import KIND_VI, fmt_bp, fmt_qty

HEAD = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
TITLE = "BẢNG QUYẾT TOÁN HÀNG KÝ GỬI"
# column widths (mm) of the stock table: statements closed before the adjustment columns existed
# keep their layout, so their PDF stays the same bytes
STOCK_WIDTHS = {ss.OLD_FIELDS: (18, 40, 14, 14, 14, 15, 15, 18, 13, 19),
                ss.FIELDS: (16, 34, 13, 13, 13, 14, 14, 15, 16, 17, 15)}
BEFORE_FIRST = "Trước kỳ chốt đầu tiên (đến {end})"


def _t(s) -> str:
    """Text as fpdf2 should draw it: NFC (composed) so each Vietnamese letter is one glyph."""
    return unicodedata.normalize("NFC", str(s if s is not None else ""))


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _pdf(closed_at: str):
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, 15)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    when = dt.datetime.fromisoformat(closed_at) if closed_at else dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    pdf.set_creation_date(when)
    pdf.set_title(_t(TITLE))
    pdf.set_creator("OCOP POS")
    pdf.add_page()
    return pdf


def _line(pdf, text: str, size: float = 10, bold: bool = False, align: str = "L", h: float = 5.5) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.multi_cell(0, h, _t(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _table(pdf, head, rows, widths, total=None, size: float = 8) -> None:
    pdf.set_font("DejaVu", "", size)
    aligns = ["LEFT"] * 2 + ["RIGHT"] * (len(head) - 2) if widths[0] < 30 else ["LEFT"] + ["RIGHT"] * (len(head) - 1)
    with pdf.table(col_widths=widths, text_align=aligns, line_height=4.6, first_row_as_headings=True,
                   headings_style=HEAD) as table:
        for r in [head, *rows] + ([total] if total else []):
            row = table.row()
            for cell in r:
                row.cell(_t(cell))
    pdf.ln(2)


def _stock(pdf, stock: list[dict]) -> None:
    _line(pdf, "3. Tồn kho hàng ký gửi theo điểm bán (số lượng)", 10.5, True)
    if not stock:
        _line(pdf, "Không có biến động kho trong kỳ.", 9)
        return
    keys = ss.fields_of(stock)
    head = ("Mã hàng", "Tên hàng", *(ss.HEAD_VI[k] for k in keys))
    for loc in stock:
        _line(pdf, f"{loc['location_name']} ({loc['location_code']})", 9, True)
        rows = [[p["sku"], p["name_vi"], *(fmt_qty(p[k], "", p["sold_by_weight"]) for k in keys)]
                for p in loc["products"]]
        _table(pdf, head, rows, STOCK_WIDTHS[keys], size=7)
    if keys == ss.FIELDS:
        _line(pdf, f"Mỗi dòng: {ss.BALANCE_VI}.", 7.5)


def statement_pdf(stmt: dict) -> bytes:
    """stmt: a row of statements.statement() (id, body ...)."""
    b = stmt["body"]
    row = b["row"]
    pdf = _pdf(b.get("closed_at", ""))
    _line(pdf, b.get("issuer") or "Trung tâm Xúc tiến Thương mại OCOP", 9)
    _line(pdf, TITLE, 15, True, "C", 9)
    _line(pdf, f"Số: QT-{stmt['id']:06d} — Kỳ quyết toán: từ ngày {_day(b['start'])} đến ngày {_day(b['end'])}",
          10, False, "C")
    _line(pdf, f"Chốt lúc {local_time(b.get('closed_at'))} bởi {b.get('closed_by', '')}", 8,
          False, "C")
    pdf.ln(2)
    _line(pdf, f"Nhà sản xuất: {row['name']} (mã {row['code']})", 10, True)
    _line(pdf, f"Loại hình: {KIND_VI.get(row['kind'], row['kind'])} — Mã số thuế: {row['tax_code'] or '—'}", 9)
    _line(pdf, f"Địa chỉ: {row.get('address') or '—'}", 9)
    pdf.ln(1)
    _line(pdf, "1. Hàng bán theo sản phẩm", 10.5, True)
    prods = [[p["sku"], p["name_vi"], fmt_qty(p["qty_sold"], p["unit"], p["sold_by_weight"]),
              fmt_qty(p["qty_refunded"], p["unit"], p["sold_by_weight"]), fmt_vnd(p["gross"]), fmt_vnd(p["refunds"]),
              fmt_vnd(p["net"])] for p in row["products"]]
    _table(pdf, ("Mã hàng", "Tên hàng", "SL bán", "SL trả", "Doanh thu", "Hoàn trả", "Thực thu"), prods,
           (20, 50, 18, 18, 25, 24, 25), ["", "Cộng", "", "", fmt_vnd(row["gross"]), fmt_vnd(row["refunds"]),
                                          fmt_vnd(row["net"])])
    _line(pdf, "2. Theo điểm bán", 10.5, True)
    _table(pdf, ("Điểm bán", "Doanh thu", "Hoàn trả", "Thực thu"),
           [[f"{x['location_name']} ({x['location_code']})", fmt_vnd(x["gross"]), fmt_vnd(x["refunds"]),
             fmt_vnd(x["net"])] for x in row["locations"]], (90, 30, 30, 30))
    _stock(pdf, b.get("stock", []))
    _adjustments(pdf, b.get("adjustments", []))
    _settle(pdf, b, row)
    return bytes(pdf.output())


def _adjustments(pdf, adj: list[dict]) -> None:
    _line(pdf, "4. Điều chỉnh các kỳ đã chốt (bán, hoàn trả đồng bộ sau khi chốt)", 10.5, True)
    if not adj:
        _line(pdf, "Không có.", 9)
        return
    _table(pdf, ("Kỳ", "Doanh thu", "Hoàn trả", "Thực thu", "Hoa hồng", "Phải trả"),
           [[_span(a), fmt_vnd(a["gross"]), fmt_vnd(a["refunds"]), fmt_vnd(a["net"]),
             fmt_vnd(a["commission"]), fmt_vnd(a["payable"])] for a in adj], (50, 26, 26, 26, 26, 26))


def _span(a: dict) -> str:
    """The earlier period an adjustment is for; BEGINNING: the days before the first closed one."""
    if a["start"] == BEGINNING:
        return BEFORE_FIRST.format(end=_day(a["end"]))
    return f"{_day(a['start'])} – {_day(a['end'])}"


def promo_lines(row: dict) -> list[tuple[str, int]]:
    """The promotions of a statement and the basis they make (statement.html shows the same)."""
    if "promo_booth" not in row:  # none in the period, or a statement closed before promotions
        return []
    return [("Khuyến mãi do gian hàng chịu (trả lại nhà sản xuất)", row["promo_booth"]),
            ("Khuyến mãi do nhà sản xuất chịu", row["promo_producer"]),
            ("Giá trị bán trước khuyến mãi (cơ sở tính hoa hồng)",
             row["net"] + row["promo_booth"] + row["promo_producer"])]


def _settle(pdf, b: dict, row: dict) -> None:
    _line(pdf, "5. Quyết toán", 10.5, True)
    rates = row.get("commission_rates") or []
    rate = " → ".join(fmt_bp(s["commission_bp"]) for s in rates) if rates else fmt_bp(row["commission_bp"] or 0)
    lines = [(f"Thực thu trong kỳ (đã gồm thuế GTGT {fmt_vnd(row['vat'])})", row["net"]),
             *promo_lines(row),
             (f"Hoa hồng ký gửi ({rate})", row["commission"]),
             *([("Trừ khuyến mãi do nhà sản xuất chịu", -row["promo_producer"])] if row.get("promo_producer") else []),
             ("Phải trả cho hàng bán trong kỳ", row["payable"]),
             ("Điều chỉnh các kỳ trước", b["adjustment"]["payable"])]
    _table(pdf, ("Khoản", "Số tiền"), [[k, fmt_vnd(v)] for k, v in lines], (140, 40),
           ["Số tiền phải trả nhà sản xuất theo bảng này", fmt_vnd(b["due"])], size=9)
    pdf.ln(4)
    y = pdf.get_y()
    for x, who in ((15, "Đại diện nhà sản xuất"), (110, "Người lập bảng")):
        pdf.set_xy(x, y)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(85, 5, _t(who), align="C")
        pdf.set_xy(x, y + 5)
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(85, 5, _t("(Ký, ghi rõ họ tên)"), align="C")
