"""The settlement-period pages on a real server (SQLite and PostgreSQL) after two kiosks traded:
an accountant closes the period for every producer, opens the frozen statement as a page and as a
PDF (Vietnamese text checked in the file), records payouts under the owed / advance rule; a viewer
sees the figures but can neither close nor pay."""
from __future__ import annotations

import re
import shutil
import subprocess
import urllib.parse

import pytest

from central.figures import statements
from hubrig import csrf, signed_in
from rig import PASSWORD, office  # noqa: F401 - office is a fixture


def _msg(resp, key: str) -> str:
    q = urllib.parse.parse_qs(urllib.parse.urlparse(resp.headers["location"]).query)
    return q.get(key, [""])[0]


@pytest.fixture(scope="module")
def accountant(office):
    from central import accounts as admin

    with office.server.engine.begin() as conn:
        admin.create_user(conn, "ketoan", PASSWORD, "accountant", "Trần Thị Kế")
    return signed_in(office.url, "ketoan")


def test_close_view_pay(office, accountant, tmp_path):
    base = office.url
    page = accountant.get(f"{base}/office/settlement/periods?start=2026-11-21&end=2026-11-22", timeout=30)
    assert page.status_code == 200 and 'id="close-period"' in page.text
    r = accountant.post(f"{base}/office/settlement/periods", data={"csrf": csrf(page.text), "start": "21/11/2026",
                                                                   "end": "22/11/2026", "producer_id": ""},
                        allow_redirects=False, timeout=60)
    assert r.status_code == 303 and "Đã chốt 2 bảng" in _msg(r, "msg"), _msg(r, "err")
    again = accountant.post(f"{base}/office/settlement/periods", data={"csrf": csrf(page.text), "start": "21/11/2026",
                                                                       "end": "22/11/2026"}, allow_redirects=False,
                            timeout=60)
    assert "Đã chốt 0 bảng" in _msg(again, "msg") and "2 nhà sản xuất" in _msg(again, "msg")
    gap = accountant.post(f"{base}/office/settlement/periods", data={"csrf": csrf(page.text), "start": "24/11/2026",
                                                                     "end": "30/11/2026"}, allow_redirects=False,
                          timeout=60)
    assert "nối tiếp" in _msg(gap, "err")
    with office.server.engine.connect() as conn:
        (s,) = statements.statements_of(conn, office.cat.producer_htx)
    listing = accountant.get(f"{base}/office/settlement/periods?start=2026-11-21&end=2026-11-22", timeout=30).text
    assert f"QT-{s['id']:06d}" in listing
    html = accountant.get(f"{base}/office/settlement/statements/{s['id']}", timeout=30).text
    assert "Tồn kho hàng ký gửi" in html and f"QT-{s['id']:06d}" in html
    pdf = accountant.get(f"{base}/office/settlement/statements/{s['id']}.pdf", timeout=30)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        (tmp_path / "s.pdf").write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "s.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "BẢNG QUYẾT TOÁN HÀNG KÝ GỬI" in text and "Tồn kho hàng ký gửi" in text
        assert re.search(r"Số tiền phải trả nhà sản xuất theo bảng này\s+[\d.]+ ₫", text)
    _payouts(office, accountant, s)


def _payouts(office, accountant, s):
    where = f"{office.url}/office/settlement/producers/{office.cat.producer_htx}"
    page = accountant.get(where, timeout=30)
    assert page.status_code == 200 and 'id="record-payout"' in page.text
    form = {"csrf": csrf(page.text), "paid_on": "01/12/2026", "method": "cash", "amount": str(s["due"] + 1)}
    over = accountant.post(f"{where}/payouts", data=form, allow_redirects=False, timeout=30)
    assert "vượt quá" in _msg(over, "err")
    ok = accountant.post(f"{where}/payouts", data={**form, "amount": f"{s['due']:,}".replace(",", ".")},
                         allow_redirects=False, timeout=30)
    assert "Đã ghi khoản chi" in _msg(ok, "msg"), _msg(ok, "err")
    adv = accountant.post(f"{where}/payouts", data={**form, "amount": "100000", "advance": "1", "method": "bank_transfer",
                                                    "reference": "VCB-2026-12-01"}, allow_redirects=False, timeout=30)
    assert "Đã ghi khoản chi" in _msg(adv, "msg"), _msg(adv, "err")
    with office.server.engine.connect() as conn:
        assert statements.balance_of(conn, office.cat.producer_htx) == {"owed": s["due"], "paid": s["due"] + 100_000,
                                                                       "still_owed": -100_000}
    assert "VCB-2026-12-01" in accountant.get(where, timeout=30).text


def test_a_viewer_cannot_close_or_pay(office):
    viewer = signed_in(office.url, "viewer1")
    page = viewer.get(f"{office.url}/office/settlement/periods", timeout=30)
    assert page.status_code == 200 and 'id="close-period"' not in page.text
    r = viewer.post(f"{office.url}/office/settlement/periods", data={"csrf": csrf(page.text), "start": "01/11/2026",
                                                                     "end": "20/11/2026"}, allow_redirects=False,
                    timeout=30)
    assert r.status_code == 403
    r = viewer.post(f"{office.url}/office/settlement/producers/{office.cat.producer_htx}/payouts",
                    data={"csrf": csrf(page.text), "paid_on": "01/12/2026", "method": "cash", "amount": "1000",
                          "advance": "1"}, allow_redirects=False, timeout=30)
    assert r.status_code == 403


def test_lines_without_a_known_producer_are_flagged_on_the_pages(office, accountant):
    """A kiosk's own product (no producer) and a producer the centre does not know: a flagged row on
    the settlement page and in its CSV, a count on the overview; nothing payable for them."""
    from settlerig import sell

    with office.server.engine.begin() as conn:
        sell(conn, "2026-11-10", "kiosk-own", "", 4, 10_000)
        sell(conn, "2026-11-10", "ghost", "p-gone", 1, 50_000)
    q = "start=2026-11-10&end=2026-11-10"
    page = accountant.get(f"{office.url}/office/settlement?{q}", timeout=30).text
    assert page.count("data-unassigned=") == 2 and "CHƯA GÁN NHÀ SẢN XUẤT" in page
    assert "NHÀ SẢN XUẤT KHÔNG CÓ TRONG DANH MỤC (p-gone)" in page and "2 mặt hàng bán trong kỳ" in page
    overview = accountant.get(f"{office.url}/office?{q}", timeout=30).text
    assert 'id="unassigned"' in overview and "2 mặt hàng bán trong kỳ" in overview and "90.000" in overview
    text = accountant.get(f"{office.url}/office/settlement.csv?{q}", timeout=30).content.decode("utf-8-sig")
    assert "CHƯA GÁN NHÀ SẢN XUẤT" in text and "Cảnh báo: 2 mặt hàng" in text
