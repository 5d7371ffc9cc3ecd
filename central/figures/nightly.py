"""The central office's nightly files (`main.py server report`, in central/cli.py, writes them).

`python main.py server report --date YYYY-MM-DD --format csv|xlsx --out DIR` writes, for one
Vietnam business day: every counted sale line, a per-location summary, a per-producer summary and
the day's flagged events (sales whose figures disagree with their lines, events refused) and the
e-invoice check (central/einvoice/check.py: a sale without its invoice, an invoice without its sale,
two invoice chains for one seller, invoices whose total differs from the sale; CSV: five files;
XLSX: one workbook with five sheets). Files are written to a temporary name
and renamed, so whatever picks them up after cron never reads half a file. Without --date the
day is yesterday in Vietnam, which is what a job run after midnight wants.

Crontab (server in UTC; 00:30 Vietnam time is 17:30 UTC):
    30 17 * * *  cd /opt/ocop && .venv/bin/python main.py server report --format xlsx --out /srv/reports
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from central.catalog.rules import N_
from central.figures import cells
from central.figures import reports as rp
from central.figures import settlement as st
from central.einvoice import check

LINE_COLS = [("business_day", "Ngày"), ("location_code", "Điểm bán"), ("device_code", "Máy"),
             ("receipt_no", "Số hóa đơn"), ("kind", "Loại"), ("created_at", "Thời điểm (UTC)"),
             ("line_no", "Dòng"), ("sku", "Mã hàng"), ("name_vi", "Tên hàng"), ("unit", "Đơn vị"),
             ("producer_name", "Nhà sản xuất"), ("qty", "Số lượng (cái / gam)"), ("unit_price", "Đơn giá"),
             ("gross", "Thành tiền"), ("line_discount", "Chiết khấu dòng"),
             ("order_discount_share", "Chiết khấu hóa đơn"), ("net", "Thực thu"), ("vat_rate", "Thuế suất (%)"),
             ("vat_amount", "Tiền thuế")]
LOC_COLS = [("location_code", "Mã điểm bán"), ("location_name", "Điểm bán"), ("sales_count", "Số hóa đơn bán"),
            ("refunds_count", "Số hóa đơn trả"), ("gross", "Doanh thu"), ("refunds", "Hoàn trả"),
            ("net", "Thực thu"), ("vat", "Thuế GTGT"), ("discounts", "Chiết khấu")]
PRODUCER_COLS = [("code", "Mã NSX"), ("name", "Nhà sản xuất"), ("gross", "Doanh thu"), ("refunds", "Hoàn trả"),
                 ("net", "Thực thu"), ("vat", "Thuế GTGT"), ("commission_bp", "Hoa hồng (phần vạn)"),
                 ("commission", "Hoa hồng"), ("payable", "Phải trả")]
KIND_VI = {"sale": "Bán", "refund": "Trả hàng"}
FLAG_COLS = [("business_day", "Ngày"), ("location_code", "Điểm bán"), ("device_code", "Máy"), ("seq", "Số thứ tự"),
             ("kind", "Cờ"), ("record_id", "Mã bản ghi"), ("detail", "Chi tiết")]
FLAG_VI = {"arithmetic": "Số liệu lệch với các dòng (đã lưu, cộng theo dòng)",
           "conflict": "Bị từ chối: mã bản ghi trùng máy khác (409)"}
CHECK_COLS = [("device_code", "Máy"), ("receipt_no", "Số hóa đơn bán"), ("kind", "Vấn đề"),
              ("sale_id", "Mã đơn bán"), ("invoice_id", "Mã hóa đơn điện tử"), ("sale_total", "Tiền đơn bán"),
              ("invoice_total", "Tiền trên hóa đơn điện tử")]
CHECK_VI = {"no_invoice": "Đơn bán chưa có hóa đơn điện tử", "no_sale": "Hóa đơn điện tử không có đơn bán",
            "two_chains": "Hai hóa đơn cho cùng một người bán", "total_differs": "Tổng tiền hóa đơn khác đơn bán"}


def gather(conn, day: str) -> dict[str, tuple[list[str], list[list]]]:
    """The tables of one day: name -> (header, rows)."""
    f = rp.Filters.make(day, day)
    lines = rp.sale_lines(conn, f)
    for ln in lines:
        ln["kind"] = KIND_VI.get(ln["kind"], ln["kind"])
    methods = sorted({p["method"] for p in rp.by_payment(conn, f)})
    loc_rows = []
    for loc in rp.locations(conn):
        lf = rp.Filters.make(day, day, loc["code"])
        s = rp.summary(conn, lf)
        pays = {p["method"]: p["net"] for p in rp.by_payment(conn, lf)}
        loc_rows.append([loc["code"], loc["name"]] + [s[k] for k, _ in LOC_COLS[2:]] +
                        [pays.get(mth, 0) for mth in methods])
    prod = st.settlement(conn, f)
    flags = [{**r, "kind": FLAG_VI.get(r["kind"], r["kind"])} for r in rp.flagged_events(conn, f, limit=100_000)]
    found = [{**r, "kind": CHECK_VI[r["kind"]]} for r in check.problems(conn, day)]
    return {
        "sales_lines": ([h for _, h in LINE_COLS], [[ln[k] for k, _ in LINE_COLS] for ln in lines]),
        "locations": ([h for _, h in LOC_COLS] + [f"Thu {mth}" for mth in methods], loc_rows),
        "producers": ([h for _, h in PRODUCER_COLS], [[r[k] for k, _ in PRODUCER_COLS]
                                                      for r in ({**r, "name": st.producer_label(r)} for r in prod)]),
        "flags": ([h for _, h in FLAG_COLS], [[r[k] for k, _ in FLAG_COLS] for r in flags]),
        "einvoice_check": ([h for _, h in CHECK_COLS], [[r[k] for k, _ in CHECK_COLS] for r in found]),
    }


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_nightly(engine, day: str, fmt: str, out_dir) -> list[Path]:
    rp.parse_day(day)
    if fmt not in ("csv", "xlsx"):
        raise rp.ReportError(N_("định dạng phải là csv hoặc xlsx"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        tables = gather(conn, day)
    written = []
    if fmt == "csv":
        for name, (header, rows) in tables.items():
            path = out / f"ocop_{day}_{name}.csv"
            _atomic_write(path, cells.csv_bytes([header, *rows]))
            written.append(path)
        return written
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    titles = {"sales_lines": "Dòng bán", "locations": "Theo điểm bán", "producers": "Theo nhà sản xuất",
              "flags": "Hóa đơn gắn cờ", "einvoice_check": "Đối chiếu HĐĐT"}
    for i, (name, (header, rows)) in enumerate(tables.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = titles[name]
        cells.append(ws, header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            cells.append(ws, r)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    path = out / f"ocop_{day}.xlsx"
    _atomic_write(path, buf.getvalue())
    return [path]
