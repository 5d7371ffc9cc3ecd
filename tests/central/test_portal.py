"""The producer portal (/portal) against the real server with two kiosks that traded (rig.py), on
SQLite and PostgreSQL: a producer's login sees its own sales, stock, statements, payouts and lots;
one producer trying to read the other's data through every portal page and export, ids in URLs
and query parameters, and the office's pages and API, is refused; a delivery announced on the
portal and received at a kiosk with one line short shows the difference to the producer, the
office and the kiosk."""
from __future__ import annotations

import csv
import io
import re

import pytest
import requests
import sqlalchemy as sa
from openpyxl import load_workbook

from central import accounts
from central import models as m
from central.catalog import announcements as an
from central.figures import payouts
from central.figures.settlement_close import close_period
from central.office.auth import csrf_for
from pos import announcements as kiosk_an
from pos import stock
from rig import DAY1, DAY2, PASSWORD

P1_SKUS, P2_SKUS = {"MUOI-500", "KHOCA"}, {"TOM-200", "BANHDA"}
P2_NAMES = ("Tôm khô Gành Hào", "Bánh đa tôm", "HTX Tôm khô")
SECRET_REF = "CK-P02-BI-MAT"


def portal_session(url: str, username: str) -> requests.Session:
    s = requests.Session()
    r = s.post(f"{url}/portal/login", data={"username": username, "password": PASSWORD, "next": "/portal"},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text
    s.csrf = csrf_for(s.cookies["ocop_portal"])
    return s


@pytest.fixture(scope="module")
def portal(office):
    """Logins for both producers, a closed period for both, a payout to P02 and an announcement of
    P02's (what P01 must never see)."""
    cat = office.cat
    with office.server.engine.begin() as conn:
        accounts.create_user(conn, "muoi-dong-hai", PASSWORD, "producer", "Chị Hạnh", producer_id=cat.producer_hh)
        accounts.create_user(conn, "tom-ganh-hao", PASSWORD, "producer", "Anh Tú", producer_id=cat.producer_htx)
        closed = close_period(conn, DAY1, DAY2, by="office")["closed"]
        payouts.record_payout(conn, cat.producer_htx, DAY2, 100_000, "bank_transfer", SECRET_REF, by="office")
        p2_ann = an.announce(conn, cat.producer_htx, "BL-SITE", [{"product_id": cat.shrimp, "qty": 5,
                                                                  "lot_no": "TOM-BI-MAT"}], note="của P02")
    ids = {c["producer_id"]: c["id"] for c in closed}
    return {"p1": portal_session(office.url, "muoi-dong-hai"), "p2": portal_session(office.url, "tom-ganh-hao"),
            "p1_statement": ids[cat.producer_hh], "p2_statement": ids[cat.producer_htx], "p2_announcement": p2_ann}


def rows_of_csv(resp) -> list[list[str]]:
    assert resp.status_code == 200, resp.text
    return list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))


def test_the_dashboard_and_exports_show_the_producers_own_sales(office, portal):
    p1 = portal["p1"]
    r = p1.get(f"{office.url}/portal", params={"start": DAY1, "end": DAY2}, timeout=30)
    assert r.status_code == 200 and "Hộ kinh doanh Muối Đông Hải" in r.text
    lines = rows_of_csv(p1.get(f"{office.url}/portal/sales.csv", params={"start": DAY1, "end": DAY2}, timeout=30))
    head, body = lines[0], lines[1:]
    assert {r[head.index("Mã hàng")] for r in body} == P1_SKUS
    salt = [(r[0], r[1], r[6], r[7], r[8], r[9], r[10]) for r in body if r[3] == "MUOI-500"]
    # HN01 day 1: 2 sold, 1 refunded (45.000 each, VAT 0); BL01 day 2: 3 sold
    assert salt == [(DAY1, "HN-BOOTH", "2", "1", "90000", "45000", "45000"),
                    (DAY2, "BL-SITE", "3", "0", "135000", "0", "135000")]
    net = sum(int(r[10]) for r in body)
    kpi = re.search(r'id="kpi-net">([^<]+)<', r.text).group(1)
    assert kpi == f"{net:,}".replace(",", ".") + " ₫"
    wb = load_workbook(io.BytesIO(p1.get(f"{office.url}/portal/sales.xlsx", params={"start": DAY1, "end": DAY2},
                                         timeout=30).content))
    ws = wb.active
    assert [c.value for c in ws[1]] == head and ws.max_row == len(lines)
    assert sum(ws.cell(i, 11).value for i in range(2, ws.max_row + 1)) == net


def test_stock_and_statements_are_the_producers_own(office, portal):
    p1 = portal["p1"]
    page = p1.get(f"{office.url}/portal", params={"start": DAY1, "end": DAY2}, timeout=30).text
    stock_table = page[page.index('class="stock"'):]
    # on hand from the ledger: salt 100 - 2 + 1 at HN, 100 - 3 at BL; fish 20 kg - 1,25 + 0,5 at HN
    for text in ("99 hũ", "97 hũ", "19,25 kg", "20 kg"):
        assert text in stock_table
    for name in P2_NAMES:
        assert name not in page
    st = p1.get(f"{office.url}/portal/statements", timeout=30)
    assert st.status_code == 200 and f"QT-{portal['p1_statement']:06d}" in st.text
    assert f"QT-{portal['p2_statement']:06d}" not in st.text and SECRET_REF not in st.text
    own = p1.get(f"{office.url}/portal/statements/{portal['p1_statement']}", timeout=30)
    assert own.status_code == 200 and "Muối Đông Hải" in own.text
    pdf = p1.get(f"{office.url}/portal/statements/{portal['p1_statement']}.pdf", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    p2 = portal["p2"].get(f"{office.url}/portal/statements", timeout=30).text
    assert SECRET_REF in p2 and "100.000 ₫" in p2  # the other producer does see its own payout


def test_the_weekly_list_of_what_to_bring_is_the_producers_own(office, portal):
    """/portal/orders: central/figures/replenish.py's list for the signed-in producer (every row with
    all=1, since which rows need an order depends on the day the test runs), on the page and in the
    files; the other producer's rows never (test_one_producer_cannot_read_the_others_data_anywhere)."""
    p1 = portal["p1"]
    page = p1.get(f"{office.url}/portal/orders", params={"all": "1"}, timeout=30)
    assert page.status_code == 200 and 'id="rule"' in page.text
    assert all(sku in page.text for sku in P1_SKUS) and not any(sku in page.text for sku in P2_SKUS)
    lines = rows_of_csv(p1.get(f"{office.url}/portal/orders.csv", timeout=30))
    head = next(i for i, row in enumerate(lines) if row[:1] == ["Mã điểm bán"])
    skus = {row[3] for row in lines[head + 1:] if len(row) > 3}
    assert skus == P1_SKUS
    wb = load_workbook(io.BytesIO(p1.get(f"{office.url}/portal/orders.xlsx", timeout=30).content))
    text = _xlsx_text_all(wb)
    assert all(sku in text for sku in P1_SKUS) and not any(sku in text for sku in P2_SKUS)


def _xlsx_text_all(wb) -> str:
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def test_days_of_cover_from_the_dashboards_sales_or_its_own_query(office, portal):
    """The dashboard's default view passes its sales to the stock table: the same rows as asking
    the lines again. On DAY2 the last four weeks hold both days: salt at BL sold 3, at HN 2 - 1."""
    import datetime as dt

    from central.figures import portal as fp
    from central.figures.reports import Filters

    today = dt.date.fromisoformat(DAY2)
    with office.server.engine.connect() as conn:
        cube = fp.dashboard(conn, office.cat.producer_hh, Filters("2026-10-24", DAY2))["cube"]
        own = fp.stock_cover(conn, office.cat.producer_hh, today)
        shared = fp.stock_cover(conn, office.cat.producer_hh, today, cube, ("2026-10-24", DAY2))
        short = fp.stock_cover(conn, office.cat.producer_hh, today, cube, (DAY1, DAY2))  # too short: queried
    assert own == shared == short
    salt = {r["location_code"]: (r["qty"], r["sold_recent"], r["cover_days"]) for r in own
            if r["product_id"] == office.cat.salt}
    assert salt == {"BL-SITE": (97, 3, round(97 * 28 / 3, 1)), "HN-BOOTH": (99, 1, 99 * 28)}


# every portal path, with the ids and parameters one producer might try to reach another's data
def _attempts(portal, office) -> list[tuple[str, str, dict]]:
    other = office.cat.producer_htx
    s2, a2 = portal["p2_statement"], portal["p2_announcement"]
    q = {"start": DAY1, "end": DAY2, "producer": other, "producer_id": other}
    return [("GET", "/portal", q), ("GET", "/portal/sales.csv", q), ("GET", "/portal/sales.xlsx", q),
            ("GET", "/portal/lots", {"producer": other}), ("GET", "/portal/lots.csv", {"producer": other}),
            ("GET", "/portal/orders", {"producer": other, "producer_id": other, "all": "1"}),
            ("GET", "/portal/orders.csv", {"producer": other}), ("GET", "/portal/orders.xlsx", {"producer": other}),
            ("GET", "/portal/statements", {"producer": other}), ("GET", f"/portal/statements/{s2}", {}),
            ("GET", f"/portal/statements/{s2}.pdf", {}), ("GET", "/portal/deliveries", {"producer": other}),
            ("GET", "/portal/deliveries/new", {"producer": other}), ("GET", f"/portal/deliveries/{a2}", {}),
            ("POST", f"/portal/deliveries/{a2}/cancel", {}), ("POST", "/portal/deliveries", {}),
            ("POST", "/portal/lang", {}), ("POST", "/portal/logout", {}), ("GET", "/portal/login", {}),
            ("POST", "/portal/login", {})]


def test_every_portal_route_is_in_the_isolation_check(office, portal):
    """A new portal page must be added to the attempts above (and so to the checks below)."""
    ids = re.compile(r"/(?:[0-9a-f]{8}-[0-9a-f-]{27}|\d+)(?=\.pdf$|/|$)")
    tried = {(meth, ids.sub("/{id}", path)) for meth, path, _q in _attempts(portal, office)}
    routes = set()
    for route in office.server.app.routes:
        if getattr(route, "path", "").startswith("/portal"):
            path = re.sub(r"\{[a-z_]+\}", "{id}", route.path)
            routes |= {(meth, path) for meth in route.methods if meth != "HEAD"}
    assert routes <= tried, routes - tried


def test_one_producer_cannot_read_the_others_data_anywhere(office, portal):
    p1, url = portal["p1"], office.url
    for meth, path, params in _attempts(portal, office):
        if path in ("/portal/logout", "/portal/login", "/portal/lang"):
            continue
        if meth == "GET":
            r = p1.get(url + path, params=params, timeout=30, allow_redirects=False)
        else:
            data = {"csrf": p1.csrf, "producer_id": office.cat.producer_htx, "location_code": "BL-SITE",
                    "product_id_0": office.cat.shrimp, "qty_0": "3"}
            r = p1.post(url + path, data=data, timeout=30, allow_redirects=False)
        if path.endswith(str(portal["p2_statement"])) or path.endswith(".pdf") or portal["p2_announcement"] in path:
            assert r.status_code == 404, (path, r.status_code)
            continue
        if path == "/portal/deliveries" and meth == "POST":  # P02's product on P01's announcement
            assert r.status_code == 422 and "không có sản phẩm này trong danh mục của bạn" in r.text
            continue
        assert r.status_code == 200, (path, r.status_code)
        text = r.content.decode("utf-8-sig") if not path.endswith(".xlsx") else _xlsx_text(r.content)
        for secret in (*P2_NAMES, *P2_SKUS, SECRET_REF, "TOM-BI-MAT", f"QT-{portal['p2_statement']:06d}"):
            assert secret not in text, (path, secret)
    with office.server.engine.connect() as conn:
        a2 = an.get(conn, portal["p2_announcement"])
        mine = an.list_of(conn, office.cat.producer_hh)
    assert a2["state"] == "announced"  # P01's cancel changed nothing
    assert all(a["producer_id"] == office.cat.producer_hh for a in mine)
    assert not any(a["location_code"] == "BL-SITE" for a in mine)  # the refused announcement left nothing


def _xlsx_text(content: bytes) -> str:
    ws = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_a_producer_login_opens_nothing_of_the_office(office, portal):
    token = portal["p1"].cookies["ocop_portal"]
    bearer = {"Authorization": f"Bearer {token}"}
    for path in ("/office", "/office/settlement", "/office/stock", "/office/deliveries", "/office/portal",
                 f"/office/settlement/statements/{portal['p2_statement']}", "/office/lines.csv"):
        assert requests.get(office.url + path, headers=bearer, timeout=30, allow_redirects=False).status_code == 403
        r = requests.get(office.url + path, cookies={"ocop_office": token}, timeout=30, allow_redirects=False)
        assert r.status_code == 403, path
    for path in ("/api/v1/office/producers", "/api/v1/office/report", "/api/v1/office/settlement",
                 "/api/v1/office/stock", "/api/v1/reconciliations",
                 "/api/v1/admin/devices"):
        r = requests.get(office.url + path, headers=bearer, params={"start": DAY1}, timeout=30)
        assert r.status_code == 403, (path, r.status_code)
    r = requests.post(f"{office.url}/office/login", data={"username": "tom-ganh-hao", "password": PASSWORD},
                      timeout=30, allow_redirects=False)
    assert r.status_code == 403 and "/portal" in r.text and "ocop_office" not in r.headers.get("set-cookie", "")


def test_an_office_login_or_nobody_opens_nothing_of_the_portal(office, portal):
    r = requests.get(f"{office.url}/portal", timeout=30, allow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/portal/login")
    r = requests.post(f"{office.url}/portal/login", data={"username": "office", "password": PASSWORD},
                      timeout=30, allow_redirects=False)
    assert r.status_code == 403 and "ocop_portal" not in r.headers.get("set-cookie", "")
    staff = office.api.headers["Authorization"]
    r = requests.get(f"{office.url}/portal/sales.csv", headers={"Authorization": staff}, timeout=30,
                     allow_redirects=False)
    assert r.status_code == 303
    p1 = portal["p1"]  # a change sent with the cookie but without the session's CSRF value
    r = p1.post(f"{office.url}/portal/deliveries", data={"location_code": "HN-BOOTH"}, timeout=30,
                allow_redirects=False)
    assert r.status_code == 403


def test_announced_delivery_received_one_line_short_shows_on_both_sides(office, portal):
    cat, hn, p1 = office.cat, office.hn, portal["p1"]
    form = {"csrf": p1.csrf, "location_code": "HN-BOOTH", "planned_on": "25/11/2026", "note": "xe chiều",
            "product_id_0": cat.salt, "lot_no_0": "MUOI-L7", "use_by_0": "31/12/2027", "qty_0": "10",
            "product_id_1": cat.fish, "lot_no_1": "CA-L2", "qty_1": "2000", "product_id_2": "", "qty_2": ""}
    r = p1.post(f"{office.url}/portal/deliveries", data=form, timeout=30, allow_redirects=False)
    assert r.status_code == 303, r.text
    aid = r.headers["location"].split("/")[-1].split("?")[0]
    hn.sync()  # the pull brings it to the kiosk at HN-BOOTH
    waiting = [a for a in kiosk_an.open_list(hn.store) if a["id"] == aid]
    assert len(waiting) == 1 and waiting[0]["lines"] == 2
    assert not [a for a in kiosk_an.open_list(office.bl.store) if a["id"] == aid]  # not BL's delivery
    lines = [{"product_id": cat.salt, "qty": 9, "lot_no": "MUOI-L7", "use_by": "2027-12-31"},
             {"product_id": cat.fish, "qty": 2000, "lot_no": "CA-L2"}]
    stock.receive_delivery(hn.store, cat.producer_hh, lines, hn.manager, note_no=waiting[0]["note_no"],
                           announcement_id=aid)
    at_kiosk = {r["product_id"]: r["difference"] for r in kiosk_an.compare(hn.store, aid)}
    assert at_kiosk == {cat.salt: -1, cat.fish: 0}
    hn.sync()
    with office.server.engine.connect() as conn:
        a = an.get(conn, aid, cat.producer_hh)
    assert a["state"] == "received" and a["differs"]
    assert [(ln["product_id"], ln["qty"], ln["received"], ln["difference"]) for ln in a["lines"]] == [
        (cat.salt, 10, 9, -1), (cat.fish, 2000, 2000, 0)]
    page = p1.get(f"{office.url}/portal/deliveries/{aid}", timeout=30).text
    assert "Đã nhận, có chênh lệch" in page and "-1 hũ" in page
    office_page = office.api.get(f"{office.url}/office/deliveries/{aid}", timeout=30)
    assert office_page.status_code == 200 and "-1 hũ" in office_page.text and "Đã nhận, có chênh lệch" in office_page.text
    lots_page = p1.get(f"{office.url}/portal/lots", timeout=30).text
    assert "MUOI-L7" in lots_page and "CA-L2" in lots_page
    hn.sync()  # received: the next pull no longer offers it, and the kiosk keeps it as received
    assert not [x for x in kiosk_an.open_list(hn.store) if x["id"] == aid]
    r = p1.post(f"{office.url}/portal/deliveries/{aid}/cancel", data={"csrf": p1.csrf}, timeout=30)
    assert "Không hủy được" in r.text  # a received announcement cannot be withdrawn


def test_the_office_gives_and_turns_off_producer_logins(office, portal):
    s = requests.Session()
    r = s.post(f"{office.url}/office/login", data={"username": "office", "password": PASSWORD, "next": "/office"},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303
    token = csrf_for(s.cookies["ocop_office"])
    new = f"{office.url}/office/portal/logins"
    r = s.post(new, data={"csrf": token, "producer_id": office.cat.producer_htx, "username": "tom-2", "password": "ngan"},
               timeout=30)
    assert r.status_code == 422 and "Mật khẩu: ít nhất 8 ký tự" in r.text
    r = s.post(new, data={"csrf": token, "producer_id": "", "username": "tom-2", "password": PASSWORD}, timeout=30)
    assert r.status_code == 422 and "Chọn nhà sản xuất" in r.text
    r = s.post(new, data={"csrf": token, "producer_id": office.cat.producer_htx, "username": "tom-ganh-hao",
                          "password": PASSWORD}, timeout=30)
    assert r.status_code == 409  # the username is taken
    viewer = requests.Session()
    viewer.post(f"{office.url}/office/login", data={"username": "viewer1", "password": PASSWORD}, timeout=30)
    assert viewer.get(f"{office.url}/office/portal", timeout=30).status_code == 403
    with office.server.engine.connect() as conn:
        uid = conn.execute(sa.select(m.users.c.id).where(m.users.c.username == "tom-ganh-hao")).scalar_one()
    p2 = portal["p2"]
    assert p2.get(f"{office.url}/portal", timeout=30, allow_redirects=False).status_code == 200
    r = s.post(f"{office.url}/office/portal/logins/{uid}/active", data={"csrf": token, "active": "0"}, timeout=30)
    assert r.status_code == 200 and "Đã khóa" in r.text
    assert p2.get(f"{office.url}/portal", timeout=30, allow_redirects=False).status_code == 303  # off at once
    s.post(f"{office.url}/office/portal/logins/{uid}/active", data={"csrf": token, "active": "1"}, timeout=30)
    assert p2.get(f"{office.url}/portal", timeout=30, allow_redirects=False).status_code == 200
