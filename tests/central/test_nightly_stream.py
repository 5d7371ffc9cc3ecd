"""The nightly files streamed (central/figures/nightly.py): a generated day of three kiosks at three
locations (names that look like formulas, refunds, a voided sale, a many-line receipt) written by the
streaming writer is the same as what the former in-memory writer produced (kept below as the
reference): the CSV files byte for byte, the workbook cell for cell (value, type, bold header,
quotePrefix, frozen header). With a small sheet capacity injected the lines continue on further
sheets named by their part, every sheet with its header, no receipt cut unless it is longer than a
sheet, every formula-like name still plain text. On SQLite the report reads a snapshot and does not
hold the write lock: a kiosk's push commits while the file is being written."""
from __future__ import annotations

import csv
import io
import random
import sqlite3

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from central import db
from central import models as m
from central.einvoice import check
from central.figures import cells, nightly
from central.figures import reports as rp
from central.figures import settlement as st

DAY = "2026-11-21"
EVIL = ['=HYPERLINK("http://x","y")', "+84 Đặc sản", "-2+3", "@SUM(A1)"]
LOCS = {"HN-BOOTH": "Gian hàng OCOP Hà Nội", "BL-SITE": "Điểm bán Bạc Liêu", "CT-MART": "Quầy OCOP Cần Thơ"}
DEVICES = {"HN01": "HN-BOOTH", "BL01": "BL-SITE", "CT01": "CT-MART"}
LONG_RECEIPT = 12  # lines of one receipt: longer than the small sheets below


def _uid(rng: random.Random) -> str:
    return "%08x-0000-4000-8000-%012x" % (rng.getrandbits(32), rng.getrandbits(48))


def _catalog(conn, rng) -> list[tuple]:
    producers = [(_uid(rng), "P01", EVIL[0]), (_uid(rng), "P02", "HTX Tôm khô Gành Hào"), (_uid(rng), "P03", EVIL[3])]
    conn.execute(sa.insert(m.producers), [{"id": i, "code": c, "name": n, "commission_bp": 1500, "rev": 1}
                                          for i, c, n in producers])
    conn.execute(sa.insert(m.locations), [{"code": c, "name": n} for c, n in LOCS.items()])
    names = ["Muối hầm Bạc Liêu", EVIL[1], "Mật ong bạc hà", EVIL[2], "Chả cá Lã Vọng", "Bánh đa tôm"]
    return [(_uid(rng), f"S{i}", name, producers[i % 3][0], 25_000 + 5_000 * i, (0, 5, 8, 10)[i % 4])
            for i, name in enumerate(names)]


def _sale(conn, rng, products, dev: str, no: int, kind: str, status: str, n_lines: int) -> None:
    sid, loc = _uid(rng), DEVICES[dev]
    lines, total, vat = [], 0, 0
    for ln in range(1, n_lines + 1):
        pid, sku, name, prod, price, rate = products[rng.randrange(len(products))]
        qty = 1 + rng.randrange(3)
        disc = 1_000 * rng.randrange(2)
        net = price * qty - disc
        v = (net * rate + (100 + rate) // 2) // (100 + rate)
        total, vat = total + net, vat + v
        lines.append({"id": _uid(rng), "sale_id": sid, "device_code": dev, "location_code": loc, "business_day": DAY,
                      "line_no": ln, "product_id": pid, "producer_id": prod, "sku": sku, "name_vi": name,
                      "unit": "gói", "qty": qty, "unit_price": price, "gross": price * qty, "line_discount": disc,
                      "net": net, "vat_rate": rate, "vat_amount": v})
    conn.execute(sa.insert(m.sales).values(
        id=sid, device_code=dev, location_code=loc, receipt_no=f"{dev}-{no:06d}", kind=kind, status=status,
        business_day=DAY, created_at=f"{DAY}T0{no % 10}:00:00.000+00:00", subtotal=total, total=total,
        vat_total=vat, paid_total=total, event_id=sid))
    conn.execute(sa.insert(m.sale_lines), lines)
    conn.execute(sa.insert(m.payments).values(id=_uid(rng), sale_id=sid, device_code=dev, location_code=loc,
                                              business_day=DAY, method=("cash", "vietqr", "card")[no % 3],
                                              amount=total))


@pytest.fixture
def engine(database_url):
    """A migrated central database holding the generated day."""
    eng = db.make_engine(database_url)
    db.upgrade(eng)
    rng = random.Random(12)
    with eng.begin() as conn:
        products = _catalog(conn, rng)
        for dev in DEVICES:
            for no in range(1, 26):
                kind = "refund" if no % 9 == 0 else "sale"
                status = "voided" if no == 7 else "completed"
                n_lines = LONG_RECEIPT if (dev, no) == ("BL01", 5) else 1 + rng.randrange(5)
                _sale(conn, rng, products, dev, no, kind, status, n_lines)
    yield eng
    eng.dispose()


# -- the former writer (everything in memory), the reference -----------------------------------
def old_gather(conn, day: str) -> dict:
    f = rp.Filters.make(day, day)
    lines = rp.sale_lines(conn, f)
    for ln in lines:
        ln["kind"] = nightly.KIND_VI.get(ln["kind"], ln["kind"])
    methods = sorted({p["method"] for p in rp.by_payment(conn, f)})
    loc_rows = []
    for loc in rp.locations(conn):
        lf = rp.Filters.make(day, day, loc["code"])
        s = rp.summary(conn, lf)
        pays = {p["method"]: p["net"] for p in rp.by_payment(conn, lf)}
        loc_rows.append([loc["code"], loc["name"]] + [s[k] for k, _ in nightly.LOC_COLS[2:]] +
                        [pays.get(mth, 0) for mth in methods])
    prod = st.settlement(conn, f)
    flags = [{**r, "kind": nightly.FLAG_VI.get(r["kind"], r["kind"])} for r in rp.flagged_events(conn, f, 100_000)]
    found = [{**r, "kind": nightly.CHECK_VI[r["kind"]]} for r in check.problems(conn, day)]
    cols = lambda spec: [h for _, h in spec]  # noqa: E731
    return {
        "sales_lines": (cols(nightly.LINE_COLS), [[ln[k] for k, _ in nightly.LINE_COLS] for ln in lines]),
        "locations": (cols(nightly.LOC_COLS) + [f"Thu {mth}" for mth in methods], loc_rows),
        "producers": (cols(nightly.PRODUCER_COLS), [[r[k] for k, _ in nightly.PRODUCER_COLS] for r in prod]),
        "flags": (cols(nightly.FLAG_COLS), [[r[k] for k, _ in nightly.FLAG_COLS] for r in flags]),
        "einvoice_check": (cols(nightly.CHECK_COLS), [[r[k] for k, _ in nightly.CHECK_COLS] for r in found]),
    }


def old_files(engine, day: str) -> tuple[dict[str, bytes], Workbook]:
    with engine.connect() as conn:
        tables = old_gather(conn, day)
    csvs = {f"ocop_{day}_{name}.csv": cells.csv_bytes([header, *rows]) for name, (header, rows) in tables.items()}
    wb = Workbook()
    for i, (name, (header, rows)) in enumerate(tables.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = nightly.TITLES[name]
        cells.append(ws, header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in rows:
            cells.append(ws, r)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return csvs, load_workbook(io.BytesIO(buf.getvalue()))


def _cells(ws) -> list[list[tuple]]:
    return [[(c.value, c.data_type, bool(c.font.b), bool(c.quotePrefix)) for c in row] for row in ws.iter_rows()]


# -- tests ---------------------------------------------------------------------------------------
def test_streamed_files_are_the_former_files(engine, tmp_path):
    want_csv, want_wb = old_files(engine, DAY)
    got = nightly.write_nightly(engine, DAY, "csv", tmp_path / "csv")
    assert {p.name: p.read_bytes() for p in got} == want_csv
    lines = list(csv.reader(io.StringIO(want_csv[f"ocop_{DAY}_sales_lines.csv"].decode("utf-8-sig"))))
    assert len({(r[2], r[3]) for r in lines[1:]}) == 3 * 24  # a multi-kiosk day: 72 receipts (one voided each)
    assert {"'" + e for e in EVIL} <= {c for r in lines for c in r}  # formula-like names neutralised

    [path] = nightly.write_nightly(engine, DAY, "xlsx", tmp_path / "xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == want_wb.sheetnames == list(nightly.TITLES.values())
    for name in wb.sheetnames:
        assert _cells(wb[name]) == _cells(want_wb[name]), name
        assert wb[name].freeze_panes == "A2"
    risky = [c for row in wb["Dòng bán"].iter_rows() for c in row if cells.risky(c.value)]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert not list(tmp_path.rglob(".*tmp*"))  # no temporary file left behind


def test_a_day_longer_than_a_sheet_continues_on_named_sheets(engine, tmp_path):
    limit = 9  # a header and 8 lines per sheet
    _csv, want_wb = old_files(engine, DAY)
    want = list(want_wb["Dòng bán"].iter_rows(values_only=True))
    [path] = nightly.write_nightly(engine, DAY, "xlsx", tmp_path, sheet_rows=limit)
    wb = load_workbook(path)
    parts = [n for n in wb.sheetnames if n.startswith("Dòng bán")]
    assert len(parts) >= (len(want) - 1) // (limit - 1) + 1 and len(parts) > 3
    assert parts == [f"Dòng bán (phần {i} trên {len(parts)})" for i in range(1, len(parts) + 1)]
    assert wb.sheetnames[len(parts):] == list(nightly.TITLES.values())[1:]  # the other tables follow
    body, where = [], {}
    for i, name in enumerate(parts):
        rows = list(wb[name].iter_rows(values_only=True))
        assert rows[0] == want[0] and 1 < len(rows) <= limit and wb[name].freeze_panes == "A2"
        assert all(c.font.b for c in wb[name][1])
        for r in rows[1:]:
            where.setdefault((r[2], r[3]), set()).add(i)
        body += rows[1:]
    assert body == want[1:]  # every line, in the CSV's order
    cut = {k: v for k, v in where.items() if len(v) > 1}
    long_receipt = ("BL01", "BL01-000005")
    assert set(cut) == {long_receipt}  # only the receipt longer than a sheet is cut
    assert sum(1 for r in body if (r[2], r[3]) == long_receipt) == LONG_RECEIPT
    risky = [c for n in parts for row in wb[n].iter_rows() for c in row if cells.risky(c.value)]
    assert len(risky) == sum(1 for r in want[1:] for v in r if cells.risky(v)) > 0
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_a_day_that_fits_keeps_one_sheet_at_the_exact_limit(engine, tmp_path):
    _csv, want_wb = old_files(engine, DAY)
    n_rows = want_wb["Dòng bán"].max_row  # header included
    [path] = nightly.write_nightly(engine, DAY, "xlsx", tmp_path, sheet_rows=n_rows)
    assert load_workbook(path).sheetnames == list(nightly.TITLES.values())
    [path] = nightly.write_nightly(engine, DAY, "xlsx", tmp_path / "b", sheet_rows=n_rows - 1)
    assert load_workbook(path).sheetnames[:2] == ["Dòng bán (phần 1 trên 2)", "Dòng bán (phần 2 trên 2)"]


def test_sqlite_report_reads_a_snapshot_without_the_write_lock(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    eng = db.make_engine(url)
    db.upgrade(eng)
    rng = random.Random(3)
    with eng.begin() as conn:
        products = _catalog(conn, rng)
        for no in range(1, 11):
            _sale(conn, rng, products, "HN01", no, "sale", "completed", 3)
    pushed = []

    def rows_then_push(conn, day):
        for i, row in enumerate(original(conn, day)):
            if i == 5:  # mid-file: a kiosk's push (its own connection, 2 s busy timeout) must not wait
                raw = sqlite3.connect(tmp_path / "central.sqlite3", timeout=2, isolation_level=None)
                raw.execute("BEGIN IMMEDIATE")
                raw.execute("INSERT INTO sales (id, device_code, location_code, receipt_no, business_day, event_id) "
                            "VALUES ('late', 'HN01', 'HN-BOOTH', 'HN01-000099', ?, 'late')", (DAY,))
                raw.execute("INSERT INTO sale_lines (id, sale_id, device_code, location_code, business_day, line_no, "
                            "product_id, producer_id) VALUES ('late-1', 'late', 'HN01', 'HN-BOOTH', ?, 1, 'x', 'y')",
                            (DAY,))
                raw.execute("COMMIT")
                raw.close()
                pushed.append(True)
            yield row

    original = nightly.line_rows
    monkeypatch.setattr(nightly, "line_rows", rows_then_push)
    paths = nightly.write_nightly(eng, DAY, "csv", tmp_path / "out")
    assert pushed
    with open(paths[0], encoding="utf-8-sig", newline="") as fh:
        receipts = {r[3] for r in list(csv.reader(fh))[1:]}
    assert receipts == {f"HN01-{no:06d}" for no in range(1, 11)}  # the snapshot: not the sale pushed meanwhile
    with eng.connect() as conn:  # which the next report has
        assert "HN01-000099" in {r[3] for r in original(conn, DAY)}
    eng.dispose()
