"""The producer portal in headless Chromium (Debian's /usr/bin/chromium driven by Playwright, as
test_dashboard_browser.py): the office gives a producer its login, the producer signs in, reads
its sales and stock, switches to English, downloads its sales, announces a delivery that the
kiosk then receives one line short, and sees the difference, as the office does.

Set OCOP_SCREENSHOTS=docs/portal to (re)write the screenshots kept in the repository."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from central.figures.settlement_close import close_period
from pos import announcements as kiosk_an
from pos import stock
from rig import DAY1, DAY2, PASSWORD
from test_dashboard_browser import page, shot  # noqa: F401 - the Chromium fixture and the screenshots

pytestmark = pytest.mark.browser
SQLITE = pytest.mark.parametrize("office", ["sqlite"], indirect=True)


def office_sign_in(pg, office):
    pg.goto(f"{office.url}/office/login")
    pg.fill("#username", "office")
    pg.fill("#password", PASSWORD)
    pg.click("button[type=submit]")
    pg.wait_for_load_state()


@SQLITE
def test_a_producer_reads_its_figures_and_announces_a_delivery(office, page, tmp_path):  # noqa: F811
    pg, cat = page, office.cat
    with office.server.engine.begin() as conn:
        close_period(conn, DAY1, DAY2, by="office")
    office_sign_in(pg, office)
    pg.goto(f"{office.url}/office/portal")
    pg.select_option("#f-producer_id", cat.producer_hh)
    pg.fill("#f-username", "muoi-dong-hai")
    pg.fill("#f-full_name", "Nguyễn Thị Hạnh")
    pg.fill("#f-password", PASSWORD)
    pg.click("#create-login")
    pg.wait_for_load_state()
    assert "Đã cấp tài khoản muoi-dong-hai" in pg.content()
    assert "muoi-dong-hai" in pg.locator("table.logins").inner_text()
    shot(pg, "01-van-phong-cap-tai-khoan", tmp_path)

    pg.goto(f"{office.url}/portal?start={DAY1}&end={DAY2}")
    assert "/portal/login" in pg.url
    pg.fill("#username", "muoi-dong-hai")
    pg.fill("#password", PASSWORD)
    pg.click("button[type=submit]")
    pg.wait_for_url(f"**/portal?start={DAY1}&end={DAY2}")
    assert pg.locator("#who").inner_text() == "P01 · Hộ kinh doanh Muối Đông Hải"
    products = pg.locator("table.by-product").inner_text()
    assert "Muối hầm Bạc Liêu 500g" in products and "Tôm khô" not in products
    stock_rows = pg.locator("table.stock tbody tr").all_inner_texts()
    assert any("Gian hàng OCOP Hà Nội" in r and "99 hũ" in r for r in stock_rows)
    assert pg.locator("svg.chart rect.bar").count() >= 2
    shot(pg, "02-tong-quan-nha-san-xuat", tmp_path)
    with pg.expect_download() as dl:
        pg.click("#dl-csv")
    rows = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8-sig"))))
    assert {r[3] for r in rows[1:]} == {"MUOI-500", "KHOCA"}
    pg.click("#lang-switch button[value=en]")
    pg.wait_for_load_state()
    assert "Sales and stock" in pg.locator("h1").inner_text() and "Stock at the points of sale" in pg.content()
    shot(pg, "03-dashboard-english", tmp_path)
    pg.click("#lang-switch button[value=vi]")
    pg.wait_for_load_state()

    pg.goto(f"{office.url}/portal/statements")
    assert "QT-" in pg.locator("table.statements").inner_text()
    shot(pg, "04-quyet-toan", tmp_path)

    pg.goto(f"{office.url}/portal/deliveries/new")
    pg.select_option("#f-location_code", "HN-BOOTH")
    pg.fill("#f-planned_on", "25/11/2026")
    pg.select_option("#f-product_id_0", cat.salt)
    pg.fill("#f-lot_no_0", "MUOI-L7")
    pg.fill("#f-use_by_0", "31/12/2027")
    pg.fill("#f-qty_0", "10")
    pg.select_option("#f-product_id_1", cat.fish)
    pg.fill("#f-lot_no_1", "CA-L2")
    pg.fill("#f-qty_1", "2000")
    shot(pg, "05-bao-giao-hang", tmp_path)
    pg.click("#send")
    pg.wait_for_load_state()
    assert "Chờ điểm bán nhận" in pg.locator("#state").inner_text()
    aid = pg.url.split("/portal/deliveries/")[1].split("?")[0]

    hn = office.hn
    hn.sync()
    (waiting,) = [a for a in kiosk_an.open_list(hn.store) if a["id"] == aid]
    stock.receive_delivery(hn.store, cat.producer_hh, [
        {"product_id": cat.salt, "qty": 9, "lot_no": "MUOI-L7", "use_by": "2027-12-31"},
        {"product_id": cat.fish, "qty": 2000, "lot_no": "CA-L2"}], hn.manager, note_no=waiting["note_no"],
        announcement_id=aid)
    hn.sync()
    pg.reload()
    assert "Đã nhận, có chênh lệch" in pg.locator("#state").inner_text()
    diffs = [r.locator("td").nth(5).inner_text() for r in pg.locator("table.compare tbody tr").all()]
    assert diffs == ["-1 hũ", "0"]
    shot(pg, "06-da-nhan-chenh-lech", tmp_path)
    pg.goto(f"{office.url}/portal/lots")
    assert "MUOI-L7" in pg.locator("table.lots").inner_text()
    shot(pg, "07-lo-hang", tmp_path)

    pg.goto(f"{office.url}/office/deliveries/{aid}")  # the office session is still open in this browser
    assert [r.locator("td").nth(5).inner_text() for r in pg.locator("table.compare tbody tr").all()] == ["-1 hũ", "0"]
    shot(pg, "08-van-phong-chenh-lech", tmp_path)
