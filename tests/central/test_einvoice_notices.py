"""Form 04/SS-HĐĐT notices at the centre, over HTTP on the real server (SQLite and PostgreSQL):
invoices delivered to the fake Viettel on loopback (an original and the kiosk's replacement of it),
then an administrator picks the original, says its buyer's tax code was wrong and that it was
replaced; the centre records the notice, shows it on the invoice, gives its XML in the form's
fields; a correction that does not fit the mistake, a second notice of the same correction, two
sellers' invoices in one notice and a viewer are refused and write nothing."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa

from central import accounts
from central import models as m
from einvoice_fakes import FakeViettel, Served
from einvoice_rig import KEY, OPERATOR, SimClock, central, deliveries, invoice_payload, push, register_seller, sender
from rig import PASSWORD, Server, office_session

OTHER = "0100233488"  # another seller (valid check digit)
DAY = "17/11/2026"


@pytest.fixture
def office(database_url):
    engine = central(database_url)
    with engine.begin() as conn:
        accounts.create_user(conn, "office", PASSWORD, "admin")
        accounts.create_user(conn, "viewer", PASSWORD, "viewer")
    engine.dispose()
    server = Server(database_url, einvoice_key="")  # no loop of its own: the test runs the sender on its clock
    yield server
    server.stop()


@pytest.fixture
def viettel():
    served = Served(FakeViettel(OPERATOR))
    yield served
    served.stop()


def _form(**kw) -> dict:
    return {"day": DAY, "seller": OPERATOR, "error_kind": "buyer_tax_code", "action": "replace",
            "reason": "Ghi sai mã số thuế người mua", "tax_office_code": "10100", "tax_office_name": "Thuế TP Hà Nội",
            "place": "Hà Nội", "kind": "1", **kw}


def _notices(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(m.invoice_notices)).scalar()


def test_an_administrator_notifies_a_replaced_invoice_and_gets_its_xml(office, viettel):
    register_seller(office.engine, "viettel", viettel.url)
    wrong = {"buyer_tax_code": "0100109106", "buyer_company": "Công ty A", "buyer_address": "Hà Nội"}
    first = invoice_payload(1, buyer=wrong)
    fixed = invoice_payload(2, kind="replacement", related=first["invoice"]["id"],
                            buyer={**wrong, "buyer_tax_code": "0100233488"})
    other = invoice_payload(1, seller=OTHER)
    push(office.engine, [first, fixed, other])
    clock = SimClock()
    for _ in range(3):
        sender(office.engine, clock).run_once()
        clock.advance(61)
    assert deliveries(office.engine)[fixed["invoice"]["id"]].state == "accepted"
    assert viettel.fake.invoices[fixed["invoice"]["id"]]["body"]["generalInvoiceInfo"]["adjustmentType"] == "3"
    api = office_session(office.url)
    a, b = first["invoice"]["id"], fixed["invoice"]["id"]
    form = api.get(f"{office.url}/office/einvoices/notices/new", params={"seller": OPERATOR, "day": DAY, "invoice": a},
                   timeout=30).text
    assert f'value="{a}" checked' in form and "Sai mã số thuế hoặc số định danh người mua" in form
    r = api.post(f"{office.url}/office/einvoices/notices", data={**_form(), "invoice": [a]}, timeout=30)
    assert r.status_code == 200 and "Đã lập thông báo sai sót" in r.text
    assert "M1-26-AB12C-00000000001" in r.text and "Thay thế" in r.text and "C26MBL 2" in r.text  # the replacement
    notice_url = re.search(r'href="(/office/einvoices/notices/[^"]+)\.xml"', r.text).group(1)
    xml = api.get(f"{office.url}{notice_url}.xml", timeout=30)
    assert xml.headers["content-type"].startswith("application/xml")
    data = ET.fromstring(xml.content).find("DLTBao")
    assert (data.findtext("MSo"), data.findtext("Loai"), data.findtext("MST"), data.findtext("MCQT")) == (
        "04/SS-HĐĐT", "1", OPERATOR, "10100")
    (item,) = data.find("DSHDon")
    assert {c.tag: c.text for c in item} == {
        "STT": "1", "MCQTCap": "M1-26-AB12C-00000000001", "KHMSHDon": "1", "KHHDon": "C26MBL", "SHDon": "1",
        "Ngay": "2026-11-17", "LADHDDT": "1", "TCTBao": "3", "LDo": "Ghi sai mã số thuế người mua"}
    page = api.get(f"{office.url}/office/einvoices", params={"day": "2026-11-17"}, timeout=30).text
    assert page.count(notice_url + '"') == 1  # shown on the invoice it names, not on the others
    listing = api.get(f"{office.url}/office/einvoices/notices", timeout=30).text
    assert notice_url in listing and "office" in listing

    # refusals: nothing written, the reason shown on the form again
    refusals = [({**_form(error_kind="no_sale"), "invoice": [b]}, "không xử lý bằng cách đã chọn"),
                ({**_form(), "invoice": [a]}, "đã có thông báo Thay thế"),
                ({**_form(), "invoice": [b, other["invoice"]["id"]]}, "chỉ ghi hóa đơn của một người bán"),
                ({**_form(reason=" "), "invoice": [b]}, "cần điền lý do"),
                ({**_form(kind="2"), "invoice": [b]}, "cần điền số thông báo của cơ quan thuế"),
                (_form(), "chọn ít nhất một hóa đơn")]
    for data, said in refusals:
        r = api.post(f"{office.url}/office/einvoices/notices", data=data, timeout=30)
        assert r.status_code == 200 and said in r.text, said
    assert _notices(office.engine) == 1
    viewer = office_session(office.url, "viewer")
    r = viewer.post(f"{office.url}/office/einvoices/notices", data={**_form(), "invoice": [b]}, timeout=30,
                    allow_redirects=False)
    assert r.status_code == 403 and _notices(office.engine) == 1
    assert viewer.get(f"{office.url}{notice_url}", timeout=30).status_code == 200  # a viewer reads it
    # a notice answering the tax office's, in English
    api.headers["Accept-Language"] = "en"
    with office.engine.begin() as conn:
        conn.execute(sa.update(m.users).where(m.users.c.username == "office").values(lang="en"))
    r = api.post(f"{office.url}/office/einvoices/notices",
                 data={**_form(kind="2", authority_notice_no="123/TB-CT", authority_notice_day="20/11/2026",
                               error_kind="buyer_name_address", action="explain"), "invoice": [b]}, timeout=30)
    assert "Error notice recorded" in r.text and "Explanation" in r.text
    notice_url = re.search(r'href="(/office/einvoices/notices/[^"]+)\.xml"', r.text).group(1)
    data = ET.fromstring(api.get(f"{office.url}{notice_url}.xml", timeout=30).content).find("DLTBao")
    assert (data.findtext("Loai"), data.findtext("So"), data.findtext("NTBCCQT")) == ("2", "123/TB-CT", "2026-11-20")
    assert data.find("DSHDon/HDon").findtext("TCTBao") == "4"


def test_one_notice_names_invoices_with_different_mistakes_each_with_its_own_row(office):
    """The form's table has a correction (TCTBao) and a reason (LDo) per invoice: one notice may
    carry a cancellation and an explanation; a row left empty takes the notice's common fields, and
    a row whose correction does not fit its own mistake refuses the whole notice."""
    a, b, c = (invoice_payload(n) for n in (1, 2, 3))
    push(office.engine, [a, b, c])
    ia, ib, ic = (pl["invoice"]["id"] for pl in (a, b, c))
    api = office_session(office.url)
    form = api.get(f"{office.url}/office/einvoices/notices/new", params={"seller": OPERATOR, "day": DAY},
                   timeout=30).text
    assert f'name="action_{ia}"' in form and f'name="reason_{ib}"' in form
    bad = {**_form(), f"error_kind_{ia}": "no_sale", "invoice": [ia, ib]}  # no_sale with the common "replace"
    r = api.post(f"{office.url}/office/einvoices/notices", data=bad, timeout=30)
    assert "không xử lý bằng cách đã chọn" in r.text and _notices(office.engine) == 0
    data = {**_form(error_kind="", action="", reason=""), "invoice": [ia, ib, ic],
            f"error_kind_{ia}": "no_sale", f"action_{ia}": "cancel", f"reason_{ia}": "Lập trùng hóa đơn",
            f"error_kind_{ib}": "buyer_name_address", f"action_{ib}": "explain", f"reason_{ib}": "Sai địa chỉ",
            f"error_kind_{ic}": "amounts", f"action_{ic}": "adjust", f"reason_{ic}": "Sai đơn giá"}
    r = api.post(f"{office.url}/office/einvoices/notices", data=data, timeout=30)
    assert "Đã lập thông báo sai sót" in r.text, r.text[-2000:]
    notice_url = re.search(r'href="(/office/einvoices/notices/[^"]+)\.xml"', r.text).group(1)
    rows = ET.fromstring(api.get(f"{office.url}{notice_url}.xml", timeout=30).content).find("DLTBao/DSHDon")
    assert [(h.findtext("SHDon"), h.findtext("TCTBao"), h.findtext("LDo")) for h in rows] == [
        ("1", "1", "Lập trùng hóa đơn"), ("2", "4", "Sai địa chỉ"), ("3", "2", "Sai đơn giá")]
    with office.engine.connect() as conn:
        kinds = conn.execute(sa.select(m.invoice_notice_items.c.error_kind).order_by(m.invoice_notice_items.c.line_no))
        assert [k for (k,) in kinds] == ["no_sale", "buyer_name_address", "amounts"]
    # the common fields fill an empty row; the same correction of the same invoice is refused again
    r = api.post(f"{office.url}/office/einvoices/notices", data={**_form(error_kind="amounts", action="replace",
                                                                         reason="Sai số lượng"), "invoice": [ic]},
                 timeout=30)
    assert "Đã lập thông báo sai sót" in r.text and _notices(office.engine) == 2
    r = api.post(f"{office.url}/office/einvoices/notices", data={**_form(), "invoice": [ia],
                                                                 f"error_kind_{ia}": "no_sale", f"action_{ia}": "cancel"},
                 timeout=30)
    assert "đã có thông báo Hủy" in r.text and _notices(office.engine) == 2
