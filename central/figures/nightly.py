"""The central office's nightly files (`main.py server report`, in central/cli.py, writes them).

`python main.py server report --date YYYY-MM-DD --format csv|xlsx --out DIR` writes, for one
Vietnam business day: every counted sale line, a per-location summary, a per-producer summary and
the day's flagged events (sales whose figures disagree with their lines, events refused) and the
e-invoice check (central/einvoice/check.py: a sale without its invoice, an invoice without its sale,
two invoice chains for one seller, invoices whose total differs from the sale; CSV: five files;
XLSX: one workbook with five sheets). Files are written to a temporary name
and renamed, so whatever picks them up after cron never reads half a file. Without --date the
day is yesterday in Vietnam, which is what a job run after midnight wants.

A national night has 10 million lines (2,000 kiosks x 1,000 five-line sales): they are never held
in memory. The lines come from a server-side cursor (FETCH rows at a time) and go straight into the
file: CSV row by row, XLSX through openpyxl's write-only mode (rows go to a temporary file in
TMPDIR; the workbook is zipped from it). Memory stays flat however long the day is: the small
tables are bounded by the catalog and the locations (the producers' settlement) and the e-invoice
check goes kiosks of up to 20,000 sales at a time (check.problems_by_group).

An XLSX sheet holds at most 1,048,576 rows (XLSX_MAX_ROWS, the header included). A longer table
continues on further sheets, each with the same header row and frozen, named by the part they are:
"Dòng bán (phần 1 trên 3)", "Dòng bán (phần 2 trên 3)", ... (a sheet name may not contain "/"). A
receipt's lines are never cut between two sheets (a receipt is checked on one sheet), so a sheet
may stop a few rows short of the limit. A day that fits keeps the one sheet "Dòng bán", as before.
The CSV file always holds the whole day in one table, for whoever loads it into another program.

Crontab (server in UTC; 00:30 Vietnam time is 17:30 UTC):
    30 17 * * *  cd /opt/ocop && .venv/bin/python main.py server report --format xlsx --out /srv/reports
"""
from __future__ import annotations

import os
from functools import partial
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
            ("net", "Thực thu"), ("vat", "Thuế GTGT"), ("discounts", "Chiết khấu"),
            ("supplements_count", "Số phiếu bổ sung")]  # last: the columns before keep their places
PRODUCER_COLS = [("code", "Mã NSX"), ("name", "Nhà sản xuất"), ("gross", "Doanh thu"), ("refunds", "Hoàn trả"),
                 ("net", "Thực thu"), ("vat", "Thuế GTGT"), ("commission_bp", "Hoa hồng (phần vạn)"),
                 ("commission", "Hoa hồng"), ("payable", "Phải trả")]
KIND_VI = {"sale": "Bán", "refund": "Trả hàng", "supplement": "Bổ sung"}  # a supplement: pos/supplements.py
FLAG_COLS = [("business_day", "Ngày"), ("location_code", "Điểm bán"), ("device_code", "Máy"), ("seq", "Số thứ tự"),
             ("kind", "Cờ"), ("record_id", "Mã bản ghi"), ("detail", "Chi tiết")]
FLAG_VI = {"arithmetic": "Số liệu lệch với các dòng (đã lưu, cộng theo dòng)",
           "conflict": "Bị từ chối: mã bản ghi trùng máy khác (409)"}
CHECK_COLS = [("device_code", "Máy"), ("receipt_no", "Số hóa đơn bán"), ("kind", "Vấn đề"),
              ("sale_id", "Mã đơn bán"), ("invoice_id", "Mã hóa đơn điện tử"), ("sale_total", "Tiền đơn bán"),
              ("invoice_total", "Tiền trên hóa đơn điện tử")]
CHECK_VI = {"no_invoice": "Đơn bán chưa có hóa đơn điện tử", "no_sale": "Hóa đơn điện tử không có đơn bán",
            "two_chains": "Hai hóa đơn cho cùng một người bán", "total_differs": "Tổng tiền hóa đơn khác đơn bán"}


XLSX_MAX_ROWS = 1_048_576  # rows an XLSX sheet holds (Excel's limit), the header row included
FETCH = 5_000              # lines fetched from the database at a time
TITLES = {"sales_lines": "Dòng bán", "locations": "Theo điểm bán", "producers": "Theo nhà sản xuất",
          "flags": "Hóa đơn gắn cờ", "einvoice_check": "Đối chiếu HĐĐT"}
PART = "{title} (phần {n} trên {of})"
RECEIPT = (2, 3)  # device, receipt number: the columns of LINE_COLS that name a receipt


def line_rows(conn, day: str):
    """The day's sale lines as file rows, streamed from the database (see the module docstring)."""
    if conn.dialect.name == "postgresql":  # a cursor is planned for its first rows unless told otherwise
        conn.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    for ln in rp.iter_sale_lines(conn, rp.Filters.make(day, day), stream=FETCH):
        ln["kind"] = KIND_VI.get(ln["kind"], ln["kind"])
        yield [ln[k] for k, _ in LINE_COLS]


def summaries(conn, day: str) -> dict[str, tuple[list[str], list[list]]]:
    """The day's small tables: name -> (header, rows)."""
    f = rp.Filters.make(day, day)
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
    found = [{**r, "kind": CHECK_VI[r["kind"]]} for r in check.problems_by_group(conn, day)]
    return {
        "locations": ([h for _, h in LOC_COLS] + [f"Thu {mth}" for mth in methods], loc_rows),
        "producers": ([h for _, h in PRODUCER_COLS], [[r[k] for k, _ in PRODUCER_COLS]
                                                      for r in ({**r, "name": st.producer_label(r)} for r in prod)]),
        "flags": ([h for _, h in FLAG_COLS], [[r[k] for k, _ in FLAG_COLS] for r in flags]),
        "einvoice_check": ([h for _, h in CHECK_COLS], [[r[k] for k, _ in CHECK_COLS] for r in found]),
    }


def gather(conn, day: str) -> dict[str, tuple[list[str], object]]:
    """The tables of one day: name -> (header, rows); the lines' rows are a stream that reads from
    `conn` as it is consumed (the small tables are read first)."""
    small = summaries(conn, day)
    return {"sales_lines": ([h for _, h in LINE_COLS], line_rows(conn, day)), **small}


def _atomic(path: Path, write) -> None:
    """write(tmp_path), then fsync and rename over `path`: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_csv(tmp: Path, header: list[str], rows) -> None:
    """UTF-8 with a BOM and neutralised cells, byte for byte what cells.csv_bytes gives, row by row."""
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff")
        w = cells.SafeWriter(fh)
        w.writerow(header)
        for row in rows:
            w.writerow(row)


def _groups(rows, key):
    """Runs of consecutive rows with the same key(row), as lists (each row alone without a key)."""
    group, last = [], None
    for row in rows:
        k = key(row) if key else None
        if group and (key is None or k != last):
            yield group
            group = []
        group.append(row)
        last = k
    if group:
        yield group


def _sheets(wb, title: str, header: list[str], rows, limit: int, key=None) -> None:
    """One table on write-only sheets, continued on a further sheet at `limit` rows (header
    included); a run of rows with the same key (a receipt's lines) stays on one sheet if it fits one."""
    cap = limit - 1
    made = []

    def sheet():
        ws = wb.create_sheet(f"{title} ({len(made) + 1})" if made else title)
        ws.freeze_panes = "A2"  # before the first row: a write-only sheet writes its view first
        ws.append(cells.write_only_row(ws, header, bold=True))
        made.append(ws)
        return ws

    ws, n = sheet(), 0
    for group in _groups(rows, key):
        if n and n + len(group) > cap:
            ws, n = sheet(), 0
        for row in group:
            if n == cap:  # one receipt longer than a whole sheet: it has to be cut
                ws, n = sheet(), 0
            ws.append(cells.write_only_row(ws, row))
            n += 1
    if len(made) > 1:  # titles are written when the workbook is saved: name the parts now
        for i, part in enumerate(made, start=1):
            part.title = PART.format(title=title, n=i, of=len(made))


def _write_xlsx(tmp: Path, tables: dict, limit: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, (header, rows) in tables.items():
        _sheets(wb, TITLES[name], header, rows, limit,
                key=(lambda r: (r[RECEIPT[0]], r[RECEIPT[1]])) if name == "sales_lines" else None)
    wb.save(tmp)


def write_nightly(engine, day: str, fmt: str, out_dir, sheet_rows: int = XLSX_MAX_ROWS) -> list[Path]:
    """Write the day's files into out_dir and return their paths. `sheet_rows` is XLSX_MAX_ROWS
    except in tests (a sheet's capacity, header included)."""
    rp.parse_day(day)
    if fmt not in ("csv", "xlsx"):
        raise rp.ReportError(N_("định dạng phải là csv hoặc xlsx"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # a read: on SQLite a deferred transaction (a snapshot) rather than the write lock (central/db.py)
    with engine.connect().execution_options(ocop_read_only=True) as conn:
        tables = gather(conn, day)
        if fmt == "xlsx":
            path = out / f"ocop_{day}.xlsx"
            _atomic(path, partial(_write_xlsx, tables=tables, limit=sheet_rows))
            return [path]
        written = []
        for name, (header, rows) in tables.items():
            path = out / f"ocop_{day}_{name}.csv"
            _atomic(path, partial(_write_csv, header=header, rows=rows))
            written.append(path)
        return written
