"""The e-invoice dashboard page over HTTP on the real server (SQLite and PostgreSQL): a day's invoices
by state with the provider's reason, the filters, the alarm for a past day not all accepted, the
missing-key banner, the page in English, and an administrator (only) queueing a refusal again."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from central import accounts
from central import models as m
from einvoice_rig import KEY, central, deliveries, invoice_payload, push
from rig import PASSWORD, Server, office_session


@pytest.fixture
def office(database_url):
    engine = central(database_url)
    with engine.begin() as conn:
        accounts.create_user(conn, "office", PASSWORD, "admin")
        accounts.create_user(conn, "viewer", PASSWORD, "viewer")
    engine.dispose()
    server = Server(database_url, einvoice_key="")
    yield server
    server.stop()


def _set(engine, inv_id: str, **values) -> None:
    with engine.begin() as conn:
        conn.execute(sa.update(m.invoice_deliveries).where(m.invoice_deliveries.c.invoice_id == inv_id).values(values))


def test_the_days_invoices_by_state_with_the_reason(office):
    pls = [invoice_payload(n) for n in (1, 2, 3)]
    push(office.engine, pls)
    a, b, c = (pl["invoice"]["id"] for pl in pls)
    _set(office.engine, a, state="accepted", provider="viettel", provider_invoice_no="C26MBL1")
    _set(office.engine, b, state="refused", last_error="viettel: INVALID_INVOICE: Ký hiệu hóa đơn chưa được đăng ký")
    api = office_session(office.url)
    html = api.get(f"{office.url}/office/einvoices", params={"day": "2026-11-17"}, timeout=30).text
    assert "Ký hiệu hóa đơn chưa được đăng ký" in html and "Bị từ chối" in html and "Đã được chấp nhận" in html
    assert "C26MBL1" in html and "Bán cho người tiêu dùng" in html
    assert "OCOP_SERVER_EINVOICE_KEY" in html  # the server has no key: nothing can be sent
    assert "17/11/2026 đã qua nhưng còn 2 hóa đơn" in html
    only = api.get(f"{office.url}/office/einvoices", params={"day": "2026-11-17", "state": "refused"}, timeout=30).text
    assert "chưa được đăng ký" in only and "C26MBL1" not in only
    api.headers["Accept-Language"] = "en"
    with office.engine.begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.username == "office").values(lang="en"))
    en = api.get(f"{office.url}/office/einvoices", params={"day": "2026-11-17"}, timeout=30).text
    assert "Refused" in en and "E-invoices" in en

    viewer = office_session(office.url, "viewer")
    r = viewer.post(f"{office.url}/office/einvoices/{b}/requeue", data={"day": "2026-11-17"}, timeout=30,
                    allow_redirects=False)
    assert r.status_code == 403 and deliveries(office.engine)[b].state == "refused"
    r = api.post(f"{office.url}/office/einvoices/{b}/requeue", data={"day": "2026-11-17"}, timeout=30,
                 allow_redirects=False)
    assert r.status_code == 303 and deliveries(office.engine)[b].state == "queued"
    r = api.post(f"{office.url}/office/einvoices/{c}/requeue", data={"day": "2026-11-17"}, timeout=30,
                 allow_redirects=False)
    assert r.status_code == 303 and deliveries(office.engine)[c].state == "queued"


def test_no_banner_when_the_key_is_set(database_url):
    engine = central(database_url)
    with engine.begin() as conn:
        accounts.create_user(conn, "office", PASSWORD, "admin")
    engine.dispose()
    server = Server(database_url, einvoice_key=KEY)
    try:
        html = office_session(server.url).get(f"{server.url}/office/einvoices", timeout=30).text
        assert "OCOP_SERVER_EINVOICE_KEY" not in html and "Không có hóa đơn nào trong ngày này." in html
    finally:
        server.stop()


def test_an_administrator_registers_a_seller_its_symbol_and_place(database_url):
    from central.einvoice import secrets, settings
    from einvoice_rig import OPERATOR

    engine = central(database_url)
    with engine.begin() as conn:
        accounts.create_user(conn, "office", PASSWORD, "admin")
        accounts.create_user(conn, "viewer", PASSWORD, "viewer")
    engine.dispose()
    server = Server(database_url, einvoice_key=KEY)
    try:
        url, api = f"{server.url}/office/einvoices/sellers", office_session(server.url)
        assert office_session(server.url, "viewer").get(url, timeout=30).status_code == 403
        seller = {"tax_code": "0100109107", "name": "Công ty TNHH Đặc sản OCOP Việt", "template": "1",
                  "authority_prefix": "AB12C", "provider": "viettel", "username": "api-user",
                  "password": "mat-khau-bi-mat", "is_operator": "1", "enabled": "1", "provider_options": "{}"}
        r = api.post(url, data=seller, timeout=30)
        assert r.status_code == 422 and "0100109107 không hợp lệ" in r.text and "mat-khau-bi-mat" not in r.text
        r = api.post(url, data={**seller, "tax_code": OPERATOR}, timeout=30)
        assert r.status_code == 200 and "Đã lưu cài đặt hóa đơn điện tử" in r.text and "đã lưu mật khẩu" in r.text
        r = api.post(url + "/symbol", data={"seller": OPERATOR, "device": "HN01", "symbol": "C26MBL",
                                            "symbol_since": "31/02/2026"}, timeout=30)
        assert r.status_code == 422 and "ngày bắt đầu lập hóa đơn phải là ngày/tháng/năm" in r.text
        r = api.post(url + "/symbol", data={"seller": OPERATOR, "device": "HN01", "symbol": "C26MBL",
                                            "symbol_since": "20/11/2026"}, timeout=30)
        assert r.status_code == 200 and "20/11/2026" in r.text
        assert r.status_code == 200 and "C26MBL" in r.text
        r = api.post(url + "/place", data={"seller": OPERATOR, "code": "BL01", "name": "Gian hàng Hà Nội",
                                           "address": "12 Tràng Tiền", "location_code": "HN-BOOTH"}, timeout=30)
        assert r.status_code == 200 and "Gian hàng Hà Nội" in r.text
        r = api.post(url + "/symbol", data={"seller": OPERATOR, "device": "HN01", "symbol": "X26MBL"}, timeout=30)
        assert r.status_code == 422 and "X26MBL" in r.text
        with server.engine.connect() as conn:
            sealed = conn.execute(sa.select(m.einvoice_sellers.c.secret)).scalar()
            assert "mat-khau-bi-mat" not in sealed and secrets.unseal(KEY, sealed) == "mat-khau-bi-mat"
            assert settings.seller_for_sending(conn, OPERATOR, KEY).username == "api-user"
        r = api.post(url, data={**seller, "tax_code": OPERATOR, "password": "", "username": "api-2"}, timeout=30)
        with server.engine.connect() as conn:  # an empty password keeps the stored one
            assert settings.seller_for_sending(conn, OPERATOR, KEY).password == "mat-khau-bi-mat"
    finally:
        server.stop()


def test_the_invoice_list_xlsx_has_a_row_per_invoice_and_rate_adding_up(office):
    import io

    from openpyxl import load_workbook

    pls = [invoice_payload(n) for n in (1, 2)]
    pls[1]["invoice"]["buyer_company"] = "=HYPERLINK(\"http://x\",\"y\")"
    push(office.engine, pls)
    r = office_session(office.url).get(f"{office.url}/office/einvoices.xlsx", params={"day": "2026-11-17"}, timeout=30)
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content))["Bảng kê"]
    rows = list(ws.iter_rows(values_only=True))
    body = rows[1:-1]
    assert len(body) == 8 and {row[11] for row in body} == {0, 5, 8, 10}  # 2 invoices x 4 rates
    assert rows[-1][14] == sum(pl["invoice"]["total"] for pl in pls) == sum(row[14] for row in body)
    assert sum(row[13] for row in body) == sum(pl["invoice"]["vat_total"] for pl in pls)
    cell = next(c for c in ws["I"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # a buyer's name is never a live formula


def test_the_overview_alarms_and_the_check_shows_on_the_page_and_in_sync_health(office):
    """The alarm for a past day not all accepted is on the overview too (vi and en); the centre's
    check of sales against invoices is on the e-invoices page and counted per kiosk in sync health
    (these invoices came without their sales: each one is a finding)."""
    import datetime as dt

    from central.figures import reports as rp

    push(office.engine, [invoice_payload(n) for n in (1, 2, 3)])
    api = office_session(office.url)
    home = api.get(f"{office.url}/office", timeout=30).text
    assert 'data-alarm="einvoice-late"' in home and "17/11/2026 đã qua nhưng còn 3 hóa đơn" in home
    page = api.get(f"{office.url}/office/einvoices", params={"day": "2026-11-17"}, timeout=30).text
    assert "3 điểm không khớp" in page and page.count("Hóa đơn điện tử không có đơn bán") == 3
    with office.engine.begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.username == "office").values(lang="en"))
    api.headers["Accept-Language"] = "en"
    home_en = api.get(f"{office.url}/office", timeout=30).text
    assert 'data-alarm="einvoice-late"' in home_en and "đã qua" not in home_en
    page_en = api.get(f"{office.url}/office/einvoices", params={"day": "2026-11-17"}, timeout=30).text
    assert "E-invoice without its sale" in page_en and "3 findings" in page_en
    with office.engine.connect() as conn:
        health = {r["device_code"]: r for r in rp.sync_health(conn, dt.datetime(2026, 11, 18, 3, tzinfo=dt.timezone.utc))}
        later = {r["device_code"]: r for r in rp.sync_health(conn, dt.datetime(2026, 12, 30, 3, tzinfo=dt.timezone.utc))}
    assert health["HN01"]["einvoice_findings"] == 3 and later["HN01"]["einvoice_findings"] == 0
    assert "E-invoice mismatches (7 days)" in api.get(f"{office.url}/office/sync", timeout=30).text
