"""Issue 13's "Done means", end to end on SQLite and PostgreSQL: two real kiosk stores sell offline
for two simulated Vietnam days (the kiosks' clock is moved, nothing sleeps), with refunds, a void
and buyers added after paying (replacement invoices), a supplement a day (increasing adjustments),
some goods of a producer that delegated its
invoicing to the booth operator; then the real sync client pushes everything through the faulty
proxy to the real server on loopback; the real sender delivers to local fakes of Viettel
S-Invoice (the operator's provider, down for a while) and MISA meInvoice (the producer's, slow).
At the end every sale has exactly one accepted invoice chain per seller, the numbers are gapless
per kiosk, seller and symbol, the invoices add up to the sales to the đồng, refunds and voids are
adjusted, and each invoice reached its provider once."""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from pos import catalog, sales, supplements
from pos.cart import Cart
from pos.einvoice import buyers, corrections, sellers
from sync.client import reconcile, sync_once

from faultproxy import FaultProxy
from syncrig import enroll, fast_client, make_kiosk, sell, sync_until_done

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))
from einvoice_fakes import FakeMisa, FakeViettel, Served  # noqa: E402
from einvoice_rig import KEY, OPERATOR, SimClock, register_seller  # noqa: E402

from central.einvoice import check, settings  # noqa: E402
from central.einvoice.sender import Sender  # noqa: E402
from testclock import Clock, vn  # noqa: E402

PRODUCER = "1900123408"  # Hộ Muối Đông Hải delegates its invoicing to the operator
SALES_PER_DAY = 45  # per kiosk: 2 kiosks x 2 days x 45 = 180 sales, ~400 invoices with corrections
BUYER = {"tax_code": "0100109106", "company": "Công ty TNHH Đặc sản OCOP Việt",
         "address": "12 Tràng Tiền, Hoàn Kiếm, Hà Nội", "email": "ketoan@ocop.vn"}
SYMBOLS = {"HN01": "C26MBL", "HN02": "C26MHN"}


@pytest.fixture
def providers():
    viettel, misa = Served(FakeViettel(OPERATOR)), Served(FakeMisa(PRODUCER))
    yield viettel, misa
    viettel.stop()
    misa.stop()


def _centre_setup(engine, viettel, misa, producer_ids: list[str]) -> None:
    register_seller(engine, "viettel", viettel.url)
    register_seller(engine, "misa", misa.url, tax_code=PRODUCER, name="Hộ kinh doanh Muối Đông Hải",
                    address="Ấp Diêm Điền, Bạc Liêu", template="2", authority_prefix="XY34Z", is_operator=False,
                    delegate_tax_code=OPERATOR, delegation_ref="TB 01/2026 ngày 2026-07-01")
    with engine.begin() as conn:
        for tax in (OPERATOR, PRODUCER):
            settings.set_symbol(conn, tax, "HN01", SYMBOLS["HN01"])  # register_seller set it already
            settings.set_symbol(conn, tax, "HN02", SYMBOLS["HN02"])
        settings.set_place(conn, OPERATOR, "BL01", "Gian hàng OCOP Hà Nội", "12 Tràng Tiền", "HN-BOOTH")
        for pid in producer_ids:
            settings.set_delegation(conn, pid, PRODUCER, "2026-07-01")


def _day_of_selling(store, ids, rnd: int) -> dict:
    """SALES_PER_DAY sales, then the corrections a real day has: a void, refunds (one partial, one
    of a sale whose buyer was added, i.e. of a replacement), buyers added after paying, and one added
    to a refunded sale (an adjustment of the buyer's details, pos.einvoice.issue.correct_buyer)."""
    sold = sell(store, ids, SALES_PER_DAY)
    sales.void_sale(store, sold[2].sale_id, ids["clerk"], ids["manager"], "khách đổi ý")
    for k in (4, 9, 14):
        corrections.add_buyer(store, sold[k].sale_id, dict(BUYER, name=f"Khách {rnd}-{k}"), ids["clerk"])
    for k in (9, 20, 21):
        line = sales.refundable_lines(store, sold[k].sale_id)[0]
        sales.refund(store, sold[k].sale_id, [{"line_id": line["line_id"], "qty": 1}], ids["clerk"], ids["manager"],
                     "hàng lỗi")
    # a buyer on a refunded sale: the invoice the refund adjusted gets an adjustment of the buyer only
    corrections.add_buyer(store, sold[20].sale_id, dict(BUYER, name=f"Khách {rnd}-20"), ids["clerk"])
    # a sale charged too little (pos.supplements): a price raised and goods of the delegating producer
    # added, paid now: one increasing adjustment per seller's invoice
    more = Cart()
    more.add(catalog.get_product(store, ids["products"][3]), qty=1)
    line = sales.refundable_lines(store, sold[30].sale_id)[0]
    supplements.supplement(store, sold[30].sale_id, ids["clerk"], ids["manager"], "tính thiếu",
                           [{"method": "cash", "tendered": 1_000_000}], cart=more,
                           raises=[{"line_id": line["line_id"], "unit_price": line["unit_price"] + 1_000}])
    return {"voided": sold[2].sale_id}


@pytest.mark.slow
def test_two_kiosks_two_days_offline_then_every_sale_has_one_accepted_invoice_chain(server, providers, tmp_path):
    viettel, misa = providers
    clock = Clock(vn(2026, 11, 22, 8, 0))
    kiosks = {}
    for code in ("HN01", "HN02"):
        store, ids = make_kiosk(tmp_path / f"{code}.db", code, clock=clock)
        enroll(server, store)
        kiosks[code] = (store, ids)
    producer_ids = [catalog.get_product(s, i["products"][1])["producer_id"] for s, i in kiosks.values()]
    _centre_setup(server.engine, viettel, misa, producer_ids)
    for store, _ in kiosks.values():  # the setup arrives with the catalog pull, before going offline
        assert sync_once(store, fast_client(store)).pulled["einvoice"] == 1
        assert sellers.status(store)["state"] == "on", sellers.status(store)
    first = kiosks["HN01"][0]
    buyers.save(first, {**BUYER, "phone": "0912345678"})  # a profile made at one kiosk reaches the other
    again = {code: sync_once(store, fast_client(store)) for code, (store, _) in kiosks.items()}
    assert again["HN01"].pulled["einvoice"] == 0 and again["HN02"].pulled["buyers"] == 1
    assert "1 buyers" in again["HN02"].summary()
    assert buyers.find(kiosks["HN02"][0], "0912345678")[0]["company"] == BUYER["company"]
    try:
        voided = []
        for day in (22, 23):  # two Vietnam days with no network
            for rnd, (store, ids) in enumerate(kiosks.values()):
                clock.set(vn(2026, 11, day, 9 + rnd, 0))
                voided.append(_day_of_selling(store, ids, day * 10 + rnd)["voided"])
        clock.set(vn(2026, 11, 24, 8, 0))
        proxy = FaultProxy(server.port)
        proxy.plan = ["pass", "drop", "500", "pass", "refuse", "delay", "pass", "drop"] * 3
        proxy.delay = 3.0
        try:
            for store, _ in kiosks.values():
                sync_until_done(store, fast_client(store, proxy.url, retries=1, read_timeout=1.5), attempts=60)
        finally:
            proxy.close()
        assert any(a != "pass" for a in proxy.log)
        _send_until_done(server.engine, viettel, misa)
        for code, (store, _) in kiosks.items():
            _check_kiosk(server.engine, store, code, viettel, misa)
        _check_provider_once(server.engine, viettel, misa)
        with server.engine.connect() as c:  # the centre's own nightly check agrees, and the kiosks' figures
            assert [check.summary(c, f"2026-11-{d}")["ok"] for d in (22, 23)] == [True, True]
        for store, _ in kiosks.values():
            assert {r["status"] for r in reconcile(store, fast_client(store))} == {"match"}
    finally:
        for store, _ in kiosks.values():
            store.close()


def _send_until_done(engine, viettel, misa) -> None:
    """The operator's provider down for the first simulated hours, the producer's slow."""
    viettel.fake.down = True
    misa.fake.latency = 0.02
    clock = SimClock()
    send = Sender(engine, KEY, clock=clock, timeout=5, workers=8)
    first = send.run_once()
    assert first["retry"] > 0 and first["accepted"] > 0  # the producer's went out, the operator's wait
    for _ in range(12):  # six simulated hours of Viettel being down
        clock.advance(1800)
        send.run_once()
    with engine.connect() as c:
        waiting = c.execute(sa.text("SELECT count(*) FROM invoice_deliveries WHERE state <> 'accepted' "
                                    "AND seller_tax_code = :t"), {"t": OPERATOR}).scalar()
        reasons = c.execute(sa.text("SELECT DISTINCT last_error FROM invoice_deliveries WHERE state = 'queued'"))
        assert waiting > 0 and all(("503" in r or "login" in r or "waits for invoice" in r) for (r,) in reasons)
    viettel.fake.down = False
    for _ in range(20):
        clock.advance(3600)
        send.run_once()
        with engine.connect() as c:
            if not c.execute(sa.text("SELECT count(*) FROM invoice_deliveries WHERE state <> 'accepted'")).scalar():
                return
    raise AssertionError("invoices still not accepted after 20 simulated hours with both providers up")


def _rows(engine, sql: str, **params) -> list:
    with engine.connect() as c:
        return [r._mapping for r in c.execute(sa.text(sql), params)]


def _check_kiosk(engine, store, code: str, viettel, misa) -> None:
    # the centre holds exactly the kiosk's invoices, as printed
    cols = "id, sale_id, kind, related_invoice_id, seller_tax_code, symbol, year, number, total, vat_total"
    kiosk_inv = sorted(tuple(r) for r in store.conn.execute(f"SELECT {cols} FROM invoices"))
    central_inv = sorted(tuple(r.values()) for r in _rows(engine, f"SELECT {cols} FROM invoices WHERE device_code = :d",
                                                          d=code))
    assert central_inv == kiosk_inv
    states = {r["state"] for r in _rows(engine, "SELECT d.state FROM invoice_deliveries d JOIN invoices i "
                                        "ON i.id = d.invoice_id WHERE i.device_code = :d", d=code)}
    assert states == {"accepted"}
    inv = _rows(engine, "SELECT * FROM invoices WHERE device_code = :d", d=code)
    # numbers gapless from 1 per (seller, template, symbol, year) on this kiosk
    numbers = defaultdict(list)
    for r in inv:
        numbers[(r["seller_tax_code"], r["template"], r["symbol"], r["year"])].append(r["number"])
    assert {k[0] for k in numbers} == {OPERATOR, PRODUCER} and {k[2] for k in numbers} == {SYMBOLS[code]}
    for key, nos in numbers.items():
        assert sorted(nos) == list(range(1, len(nos) + 1)), key
    _check_chains(engine, code, inv)


def _check_chains(engine, code: str, inv: list) -> None:
    by_id = {r["id"]: r for r in inv}
    replaced = {r["related_invoice_id"] for r in inv if r["kind"] == "replacement"}
    sale_rows = _rows(engine, "SELECT id, kind, status, total, original_sale_id FROM sales WHERE device_code = :d",
                      d=code)
    by_sale = defaultdict(list)
    for r in inv:
        by_sale[r["sale_id"]].append(r)
    counted = {"sales": 0, "replacements": len(replaced), "refunds": 0, "voided": 0, "buyer_adjustments": 0,
               "supplements": 0}
    for s in sale_rows:
        mine = by_sale.pop(s["id"], [])
        if s["kind"] == "sale" and s["original_sale_id"]:  # a supplement: increases of its sale's invoices
            counted["supplements"] += 1
            assert len(mine) == 2 and {r["kind"] for r in mine} == {"adjustment"} and all(r["total"] > 0 for r in mine)
            assert sum(r["total"] for r in mine) == s["total"], s["id"]
            for r in mine:
                orig = by_id[r["related_invoice_id"]]
                assert orig["sale_id"] == s["original_sale_id"] and orig["id"] not in replaced
                assert orig["seller_tax_code"] == r["seller_tax_code"]
        elif s["kind"] == "sale":
            counted["sales"] += 1
            in_force = [r for r in mine if r["kind"] != "adjustment" and r["id"] not in replaced]
            sellers_in_force = [r["seller_tax_code"] for r in in_force]
            assert len(sellers_in_force) == len(set(sellers_in_force)) >= 1, s["id"]  # one chain per seller
            assert sum(r["total"] for r in in_force) == s["total"], s["id"]  # to the đồng
            originals = [r for r in mine if r["kind"] == "original"]
            assert len(originals) == len(in_force)
            for r in in_force:  # each chain leads back to its one original, same seller
                link = r
                while link["kind"] == "replacement":
                    link = by_id[link["related_invoice_id"]]
                    assert link["seller_tax_code"] == r["seller_tax_code"]
                assert link["kind"] == "original"
            if s["status"] != "voided":  # adjustments riding on a sale: of its buyer only, nothing owed
                info = [r for r in mine if r["kind"] == "adjustment"]
                assert all(r["total"] == 0 and by_id[r["related_invoice_id"]]["sale_id"] == s["id"] for r in info)
                counted["buyer_adjustments"] += len(info)
            if s["status"] == "voided":
                counted["voided"] += 1
                adj = [r for r in inv if r["kind"] == "adjustment" and by_id[r["related_invoice_id"]]["sale_id"] == s["id"]]
                assert sum(r["total"] for r in adj) == -s["total"]
        else:  # a refund: one adjustment per invoice it touches, reducing, summing to the refund
            counted["refunds"] += 1
            assert mine and {r["kind"] for r in mine} == {"adjustment"}
            assert all(r["total"] < 0 for r in mine)
            assert sum(r["total"] for r in mine) == -abs(s["total"]), s["id"]
            for r in mine:
                orig = by_id[r["related_invoice_id"]]
                assert orig["sale_id"] == s["original_sale_id"] and orig["id"] not in replaced
    assert counted == {"sales": 2 * SALES_PER_DAY, "replacements": counted["replacements"], "refunds": 6,
                       "voided": 2, "buyer_adjustments": counted["buyer_adjustments"], "supplements": 2}
    assert counted["buyer_adjustments"] >= 2  # one refunded sale a day got its buyer
    assert counted["replacements"] >= 6  # 3 buyers a day, each replacing one invoice per seller of its sale
    assert not by_sale  # no invoice without its sale (a void's adjustments ride on the voided sale)


def _check_provider_once(engine, viettel, misa) -> None:
    ids = {r["id"]: r["seller_tax_code"] for r in _rows(engine, "SELECT id, seller_tax_code FROM invoices")}
    assert set(viettel.fake.invoices) == {i for i, t in ids.items() if t == OPERATOR}
    assert set(misa.fake.invoices) == {i for i, t in ids.items() if t == PRODUCER}
    assert viettel.fake.creates == len(viettel.fake.invoices)  # nothing sent twice
    assert misa.fake.creates == len(misa.fake.invoices)
