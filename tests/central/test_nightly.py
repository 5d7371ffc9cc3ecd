"""`main.py server report` as cron runs it: a separate process, with the server machine in another
time zone, reading the database the kiosks synced into."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from rig import DAY1, DAY2

ROOT = Path(__file__).resolve().parents[2]


def run_report(office, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": "America/Los_Angeles", "OCOP_SERVER_LOG_LEVEL": "WARNING"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "server", "report", "--database-url",
                           office.database_url, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_files_for_a_day(office, tmp_path):
    res = run_report(office, "--date", DAY1, "--format", "csv", "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"ocop_{DAY1}_einvoice_check.csv", f"ocop_{DAY1}_flags.csv", f"ocop_{DAY1}_locations.csv",
                     f"ocop_{DAY1}_producers.csv", f"ocop_{DAY1}_sales_lines.csv"]
    assert read_csv(tmp_path / "out" / f"ocop_{DAY1}_einvoice_check.csv")[1:] == []  # no e-invoicing: nothing due
    assert read_csv(tmp_path / "out" / f"ocop_{DAY1}_flags.csv")[1:] == []  # honest kiosks: nothing flagged
    lines = read_csv(tmp_path / "out" / f"ocop_{DAY1}_sales_lines.csv")
    head = lines[0]
    net = head.index("Thực thu")
    assert sum(int(r[net]) for r in lines[1:]) == 1_280_000  # day 1: 1.325.000 sold, 45.000 refunded
    assert all(r[0] == DAY1 for r in lines[1:])
    refund = [r for r in lines[1:] if r[head.index("Loại")] == "Trả hàng"]
    assert len(refund) == 1 and int(refund[0][net]) == -45_000
    locs = {r[0]: r for r in read_csv(tmp_path / "out" / f"ocop_{DAY1}_locations.csv")[1:]}
    assert int(locs["HN-BOOTH"][6]) == 890_000 and int(locs["BL-SITE"][6]) == 390_000
    prods = {r[0]: r for r in read_csv(tmp_path / "out" / f"ocop_{DAY1}_producers.csv")[1:]}
    assert int(prods["P01"][4]) == 90_000 + 499_800 - 45_000
    assert prods["P02"][1] == "HTX Tôm khô Gành Hào"


def test_xlsx_workbook_for_a_day(office, tmp_path):
    res = run_report(office, "--date", DAY2, "--format", "xlsx", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    wb = load_workbook(tmp_path / f"ocop_{DAY2}.xlsx")
    assert wb.sheetnames == ["Dòng bán", "Theo điểm bán", "Theo nhà sản xuất", "Hóa đơn gắn cờ", "Đối chiếu HĐĐT"]
    rows = list(wb["Theo nhà sản xuất"].iter_rows(values_only=True))
    got = {r[0]: r[4] for r in rows[1:]}
    assert got == {"P01": 135_000 - 199_920, "P02": 500_000}


def test_bad_date_is_an_error(office, tmp_path):
    res = run_report(office, "--date", "22/11/2026", "--format", "csv", "--out", str(tmp_path))
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_apply_prices_command_applies_what_is_due(office):
    import datetime as dt

    import sqlalchemy as sa

    from central import models as m
    from central.catalog import edit as catalog_admin
    from central.clock import vn_today

    plan = [{"product_id": office.cat.cake, "old_price": 35_000, "price": 36_000}]
    with office.server.engine.begin() as conn:
        catalog_admin.schedule_price_change(conn, plan, (vn_today() + dt.timedelta(days=30)).isoformat(), "office")
        # a change whose day came while the server was down
        conn.execute(sa.update(m.price_changes).where(m.price_changes.c.status == "pending")
                     .values(effective_day=(vn_today() - dt.timedelta(days=1)).isoformat()))
    env = {**os.environ, "TZ": "Pacific/Kiritimati"}
    res = subprocess.run([sys.executable, str(ROOT / "main.py"), "server", "apply-prices", "--database-url",
                          office.database_url], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("1 scheduled price changes applied")
    with office.server.engine.connect() as conn:
        assert catalog_admin.get_product(conn, office.cat.cake)["price"] == 36_000
