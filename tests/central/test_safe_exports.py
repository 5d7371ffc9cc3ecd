"""Every CSV/XLSX the server writes shows names that look like formulas as plain text: producers
and products named so in the office, and a sale line's name a tampered kiosk pushed. The real
files are fetched from a real server (SQLite and PostgreSQL) and opened back with csv/openpyxl."""
from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook

from central.figures import cells
from rig import DAY1, PASSWORD, Kiosk, Server, ok, office_session
from testclock import Clock

EVIL_PRODUCER = '=HYPERLINK("http://x","y")'
EVIL_PRODUCER2 = "@SUM(A1)"
EVIL_PRODUCTS = ["+1", "-2+3"]
EVIL_LINE = '=HYPERLINK("http://kiosk","z")'
EVIL = {EVIL_PRODUCER, EVIL_PRODUCER2, *EVIL_PRODUCTS, EVIL_LINE}


def test_cells_neutralise_text_only():
    assert cells.csv_row(["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "tên", -45_000, 0, None]) == [
        "'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "tên", -45_000, 0, None]
    wb = Workbook()
    ws = wb.active
    cells.append(ws, ["=1+1", -45_000, "Muối"])
    a, b, c = ws[1]
    assert (a.data_type, a.value, a.quotePrefix) == ("s", "=1+1", True)
    assert (b.data_type, b.value) == ("n", -45_000) and (c.data_type, c.value) == ("s", "Muối")


@pytest.fixture
def shop(database_url, tmp_path):
    from central import accounts as admin

    srv = Server(database_url)
    kiosk = None
    try:
        with srv.engine.begin() as conn:
            admin.create_user(conn, "office", PASSWORD, "admin", "Lê Thị Hoa")
        api = office_session(srv.url)
        o = f"{srv.url}/api/v1/office"
        p1 = ok(api.post(f"{o}/producers", json={"code": "P01", "name": EVIL_PRODUCER, "kind": "household",
                                                 "commission_bp": 1500}))["id"]
        p2 = ok(api.post(f"{o}/producers", json={"code": "P02", "name": EVIL_PRODUCER2, "kind": "cooperative",
                                                 "commission_bp": 2000}))["id"]
        ids = {}
        for key, sku, name, prod, price, vat in [("salt", "S1", EVIL_PRODUCTS[0], p1, 45_000, 0),
                                                 ("shrimp", "S2", EVIL_PRODUCTS[1], p2, 250_000, 8),
                                                 ("cake", "S3", "Bánh đa tôm", p2, 35_000, 10),
                                                 ("fish", "S4", "Khô cá lóc", p1, 420_000, 5)]:
            ids[key] = ok(api.post(f"{o}/products", json={
                "sku": sku, "name_vi": name, "producer_id": prod, "unit": "gói", "price": price, "vat_rate": vat,
                "sold_by_weight": int(key == "fish")}))["id"]
        cat = SimpleNamespace(producer_hh=p1, producer_htx=p2, **ids)
        clock = Clock(dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.timezone.utc))  # DAY1, 10:00 in Vietnam
        kiosk = Kiosk(tmp_path / "hn01.db", srv, "HN01", "HN-BOOTH", clock, cat)
        kiosk.sell([(cat.salt, 1), (cat.shrimp, 1)], [{"method": "cash", "tendered": 300_000}])
        # a tampered kiosk renames a product in its own database and sells it: the name travels in the line
        kiosk.store.conn.execute("UPDATE products SET name_vi = ? WHERE id = ?", (EVIL_LINE, cat.cake))
        kiosk.store.conn.commit()
        kiosk.sell([(cat.cake, 2)], [{"method": "cash", "tendered": 70_000}])
        kiosk.refund(kiosk.store.conn.execute("SELECT id FROM sales ORDER BY created_at LIMIT 1").fetchone()[0],
                     cat.salt, 1)
        kiosk.sync()
        yield SimpleNamespace(server=srv, url=srv.url, api=api)
    finally:
        if kiosk is not None:
            kiosk.store.close()
        srv.stop()


def _csv_texts(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _check_csv(rows: list[list[str]], expect: set[str], negative: str | None = None) -> None:
    flat = [v for r in rows for v in r]
    for name in expect:
        assert "'" + name in flat, name
    assert not [v for v in flat if v[:1] in ("=", "+", "@") or (v[:1] == "-" and not v.lstrip("-").isdigit())]
    if negative:
        assert negative in flat  # a refund amount is still a plain negative number


def _check_xlsx(data: bytes, expect: set[str]) -> None:
    wb = load_workbook(io.BytesIO(data))
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if c.value in EVIL:
                    assert c.data_type == "s"
                    seen.add(c.value)
                if c.value == -45_000:
                    assert c.data_type == "n"
    assert expect <= seen, expect - seen


def test_downloads_show_formula_names_as_text(shop, tmp_path):
    span = {"start": DAY1, "end": DAY1}
    settle = {EVIL_PRODUCER, EVIL_PRODUCER2, *EVIL_PRODUCTS}
    for path in ("/office/settlement.csv", "/api/v1/office/settlement?format=csv"):
        r = shop.api.get(f"{shop.url}{path}", params=span, timeout=30)
        assert r.status_code == 200, r.text[:300]
        _check_csv(_csv_texts(r.content), settle)
    for path in ("/office/settlement.xlsx", "/api/v1/office/settlement?format=xlsx"):
        r = shop.api.get(f"{shop.url}{path}", params=span, timeout=30)
        assert r.status_code == 200, r.text[:300]
        _check_xlsx(r.content, settle)
    r = shop.api.get(f"{shop.url}/office/lines.csv", params=span, timeout=30)
    assert r.status_code == 200
    _check_csv(_csv_texts(r.content), {EVIL_LINE, *EVIL_PRODUCTS}, negative="-45000")


def test_nightly_files_show_formula_names_as_text(shop, tmp_path):
    from central.figures.nightly import write_nightly

    paths = write_nightly(shop.server.engine, DAY1, "csv", tmp_path / "csv")
    rows = [r for p in paths for r in _csv_texts(p.read_bytes())]
    _check_csv(rows, {EVIL_LINE, *EVIL_PRODUCTS, EVIL_PRODUCER, EVIL_PRODUCER2}, negative="-45000")
    (path,) = write_nightly(shop.server.engine, DAY1, "xlsx", tmp_path / "xlsx")
    _check_xlsx(path.read_bytes(), {EVIL_LINE, *EVIL_PRODUCTS, EVIL_PRODUCER, EVIL_PRODUCER2})
