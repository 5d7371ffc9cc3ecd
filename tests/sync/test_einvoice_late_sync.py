"""Sales made while e-invoicing was off at a kiosk, on SQLite and PostgreSQL (docs/einvoice.md,
"Sales made while e-invoicing was off"): the centre's check flags them; an administrator (only) can
mark a finding handled with a reason - kept, shown with the reason, audited, no longer counted -;
and when the kiosk is switched on again it issues the late invoices and the day adds up."""
from __future__ import annotations

import json

import pytest
import requests
import sqlalchemy as sa

from central import accounts
from central import models as m
from central.einvoice import check
from pos import catalog
from pos.einvoice import catchup, issue
from sync.client import sync_once
from einvoice_setup import einvoice
from syncrig import enroll, fast_client, sell

PASSWORD = "mật-khẩu-dài-đủ-12"


def _session(url: str, username: str) -> requests.Session:
    s = requests.Session()
    r = s.post(f"{url}/api/v1/auth/login", json={"username": username, "password": PASSWORD}, timeout=30)
    r.raise_for_status()
    s.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return s


def test_sales_made_while_off_are_flagged_marked_and_invoiced_late(server, kiosk, clock):
    store, ids = kiosk
    enroll(server, store)
    with server.engine.begin() as conn:
        accounts.create_user(conn, "office", PASSWORD, "admin")
        accounts.create_user(conn, "viewer", PASSWORD, "viewer")
    producer = catalog.get_product(store, ids["products"][1])["producer_id"]
    catalog.apply_catalog(store, {"einvoice": einvoice(producer)})  # as the pull applies it
    sell(store, ids, 2)
    clock.advance(days=1)
    catalog.apply_catalog(store, {"einvoice": einvoice(producer, enabled=False)})
    off = sell(store, ids, 3)
    day = store.business_day()
    sync_once(store, fast_client(store), pull=False)
    with server.engine.connect() as c:
        found = check.summary(c, day)
    assert not found["ok"] and found["counts"]["no_invoice"] == 3 and found["handled"] == []
    first = next(f for f in found["problems"] if f["sale_id"] == off[0].sale_id)
    key = f"no_invoice:{first['sale_id']}:"
    office, viewer = _session(server.url, "office"), _session(server.url, "viewer")
    form = {"day": day, "finding": [key], "reason": "Đã lập hóa đơn trên cổng của nhà cung cấp"}
    r = viewer.post(f"{server.url}/office/einvoices/check/mark", data=form, timeout=30, allow_redirects=False)
    assert r.status_code == 403
    r = office.post(f"{server.url}/office/einvoices/check/mark", data={**form, "reason": " "}, timeout=30)
    assert "Chưa đánh dấu được: cần điền lý do" in r.text
    r = office.post(f"{server.url}/office/einvoices/check/mark", data=form, timeout=30)
    assert "Đã đánh dấu 1 điểm không khớp là đã xử lý." in r.text
    assert "Đã xử lý: 1 điểm không khớp." in r.text and "Đã lập hóa đơn trên cổng của nhà cung cấp" in r.text
    assert "Đối chiếu đơn bán với hóa đơn điện tử: 2 điểm không khớp." in r.text
    r = office.post(f"{server.url}/office/einvoices/check/mark", data=form, timeout=30)  # twice: refused
    assert "không còn (đã được sửa hoặc đã đánh dấu)" in r.text
    with server.engine.connect() as c:
        found = check.summary(c, day)
        assert found["counts"]["no_invoice"] == 2 and len(check.problems(c, day)) == 2
        assert [(f["sale_id"], f["mark"]["reason"], f["mark"]["created_by"]) for f in found["handled"]] == [
            (off[0].sale_id, "Đã lập hóa đơn trên cổng của nhà cung cấp", "office")]
        audit = c.execute(sa.select(m.admin_actions).where(m.admin_actions.c.action == "einvoice-check-mark")).one()
        assert audit.actor == "office" and audit.target == day and json.loads(audit.detail)["findings"] == [key]
    # switched on again the next day: the kiosk issues the late invoices, the day adds up
    clock.advance(days=1)
    changes = catalog.apply_catalog(store, {"einvoice": einvoice(producer)})
    late = [i for s in off for i in issue.of_sale(store, s.sale_id)]
    assert changes.outbox == len(late) >= 3 and {i["business_day"] for i in late} == {store.business_day()}
    assert all(sum(i["total"] for i in issue.of_sale(store, s.sale_id)) == s.total for s in off)
    sync_once(store, fast_client(store), pull=False)
    with server.engine.connect() as c:
        after = check.summary(c, day)
        assert after["ok"] and after["handled"] == []  # nothing left to mark; the mark itself stays
        assert c.execute(sa.select(sa.func.count()).select_from(m.einvoice_check_marks)).scalar() == 1
    assert catchup.apply_settings(store, einvoice(producer)).outbox == 0


def test_a_setup_reaching_the_kiosk_days_late_invoices_the_sales_since_it_was_owed(server, kiosk, clock):
    """The office registers the operator with this kiosk's symbol owing invoices from 22/11; the
    kiosk sells on 22 and 23/11 without the setup (offline from the pull); the centre flags those
    sales; on 24/11 the pull brings the setup with "since", the kiosk issues their late invoices,
    and both days add up. The symbol's start day shows on the sellers page."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))
    from einvoice_rig import OPERATOR, register_seller
    from central.einvoice import settings

    store, ids = kiosk
    enroll(server, store)
    register_seller(server.engine, "viettel", "http://127.0.0.1:9")
    with server.engine.begin() as conn:
        settings.set_symbol(conn, OPERATOR, store.device_code, "C26MBL", since="2026-11-22")
        with pytest.raises(settings.Invalid):
            settings.set_symbol(conn, OPERATOR, store.device_code, "C26MBL", since="22/11/2026")
    days = []
    for _ in range(2):
        sell(store, ids, 2)
        days.append(store.business_day())
        clock.advance(days=1)
    sync_once(store, fast_client(store), pull=False)
    with server.engine.connect() as c:
        assert [check.summary(c, d)["counts"]["no_invoice"] for d in days] == [2, 2]
    result = sync_once(store, fast_client(store))  # the pull brings the setup, the push its invoices
    assert result.pulled["einvoice"] == 1 and store.one("SELECT since FROM einvoice_config")["since"] == days[0]
    sync_once(store, fast_client(store), pull=False)
    with server.engine.connect() as c:
        assert [check.summary(c, d)["ok"] for d in days] == [True, True]
        late = c.execute(sa.select(m.invoices.c.number, m.invoices.c.business_day).order_by(m.invoices.c.number)).all()
    assert [r.number for r in late] == [1, 2, 3, 4] and {r.business_day for r in late} == {store.business_day()}
    with server.engine.begin() as conn:
        accounts.create_user(conn, "office", PASSWORD, "admin")
    page = _session(server.url, "office").get(f"{server.url}/office/einvoices/sellers", timeout=30).text
    assert "22/11/2026" in page
