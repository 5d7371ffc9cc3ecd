"""Payment methods over the wire: a bank transfer without QR, and a method a test adds to the
kiosk's registry alone, reach the central office under their wire codes, are stored once and
show in its reports (API and office page) on SQLite and PostgreSQL."""
from __future__ import annotations

import requests
import sqlalchemy as sa

from pos import payment_methods, sales
from pos.cart import Cart
from pos.catalog import get_product
from pos.payment_methods import PaymentMethod, Words
from sync.client import sync_once

from syncrig import assert_same_books, enroll

VOUCHER = PaymentMethod(
    "voucher", Words("Phiếu quà tặng", "Gift voucher"), Words("Phiếu quà tặng", "Gift voucher"), "reference",
    key="Ctrl+F8", asks_reference=True, reference_required=True, reference_prompt=Words("Số phiếu", "Voucher no."),
    confirm=Words("Đã thu phiếu", "Voucher taken"), wire="gift_voucher")


def _office(server) -> requests.Session:
    from central import accounts as admin

    with server.engine.begin() as conn:
        admin.create_user(conn, "hoa", "mat-khau-dai-1", "admin", "Lê Thị Hoa")
    s = requests.Session()
    r = s.post(f"{server.url}/api/v1/auth/login", json={"username": "hoa", "password": "mat-khau-dai-1"}, timeout=30)
    r.raise_for_status()
    s.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return s


def test_transfer_and_a_registered_method_reach_the_office(server, kiosk, monkeypatch):
    store, ids = kiosk
    monkeypatch.setitem(payment_methods.METHODS, "voucher", payment_methods.check_entry(VOUCHER))
    enroll(server, store)
    tea = get_product(store, ids["products"][4])  # 120.000 ₫
    cart = Cart()
    cart.add(tea, qty=2)
    by_transfer = sales.complete_sale(store, cart, [{"method": "transfer", "amount": 240_000,
                                                     "reference": "FT26112200071"}], ids["clerk"])
    cart = Cart()
    cart.add(tea)
    sales.complete_sale(store, cart, [{"method": "voucher", "amount": 100_000, "reference": "GV-1"},
                                      {"method": "cash", "tendered": 50_000}], ids["clerk"])
    line = sales.refundable_lines(store, by_transfer.sale_id)[0]
    sales.refund(store, by_transfer.sale_id, [{"line_id": line["line_id"], "qty": 1}], ids["clerk"], ids["manager"],
                 "khách trả", method="transfer")
    report = sync_once(store)
    assert report.unsynced == 0
    assert_same_books(store, server.engine)
    with server.engine.connect() as c:
        stored = c.execute(sa.text("SELECT method, amount, reference FROM payments ORDER BY method, amount")).all()
    assert [tuple(r) for r in stored] == [("cash", 20_000, ""), ("gift_voucher", 100_000, "GV-1"),
                                          ("transfer", 120_000, ""), ("transfer", 240_000, "FT26112200071")]
    office = _office(server)
    day = store.business_day()
    r = office.get(f"{server.url}/api/v1/office/report", params={"start": day}, timeout=60)
    assert r.status_code == 200, r.text
    pays = {x["method"]: (x["taken"], x["refunded"], x["net"]) for x in r.json()["by_payment"]}
    assert pays == {"transfer": (240_000, 120_000, 120_000), "gift_voucher": (100_000, 0, 100_000),
                    "cash": (20_000, 0, 20_000)}
    page = office.get(f"{server.url}/office", params={"start": day, "end": day}, timeout=60).text
    table = page[page.index('class="by-payment"'):]
    assert "Chuyển khoản" in table[:table.index("</table>")]
