"""Refunds and voids of what a supplement charged (pos/refundable.py), from the kiosk to the centre
and the provider, on SQLite and PostgreSQL: a raised unit refunded (its price and its raise), a
supplement's goods refunded, another supplement voided on its shift, a buyer added after a
supplement. The centre holds each reducing adjustment against the sale's invoice, its nightly check finds every chain whole, its reports count
the money and the units once, the kiosk's figures match, and the sender delivers every invoice."""
from __future__ import annotations

import sys
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))

from einvoice_fakes import FakeViettel, Served  # noqa: E402
from einvoice_rig import OPERATOR, SimClock, deliveries, register_seller, sender  # noqa: E402

from central import models as m  # noqa: E402
from central.einvoice import check  # noqa: E402
from central.figures import reports  # noqa: E402
from pos import catalog, sales, supplements  # noqa: E402
from pos.cart import Cart  # noqa: E402
from pos.einvoice import corrections, issue  # noqa: E402
from sync.client import reconcile, sync_once  # noqa: E402
from syncrig import enroll, fast_client, sell  # noqa: E402

BUYER = {"tax_code": "0100233488", "company": "Công ty TNHH An Phát", "address": "5 Lê Lợi, Hà Nội"}


def _supplement(store, ids, sold, price):
    shrimp = next(ln for ln in sales.get_sale(store, sold.sale_id)["lines"] if ln["product_id"] == ids["products"][1])
    more = Cart()
    more.add(catalog.get_product(store, ids["products"][2]), qty=2)  # bánh đa tôm 35.000 at 10 %, not rung up
    raise_ = (price - shrimp["unit_price"]) * shrimp["qty"]
    supp = supplements.supplement(store, sold.sale_id, ids["clerk"], ids["manager"], "tính thiếu", [
        {"method": "cash", "tendered": 70_000 + raise_}], cart=more,
        raises=[{"line_id": shrimp["id"], "unit_price": price}])
    assert supp.total == 70_000 + raise_
    return shrimp, supp


def test_refunds_and_a_void_of_supplements_reach_the_centre_whole(server, kiosk):
    store, ids = kiosk
    provider = Served(FakeViettel(OPERATOR))
    try:
        enroll(server, store)
        register_seller(server.engine, "viettel", provider.url)
        sync_once(store, fast_client(store))
        first, second = sell(store, ids, 2)
        shrimp, supp = _supplement(store, ids, first, 270_000)
        _other, voided = _supplement(store, ids, second, 260_000)
        corrections.add_buyer(store, first.sale_id, BUYER, ids["clerk"])  # reaches the increase too
        back_shrimp = sales.refund(store, first.sale_id, [{"line_id": shrimp["id"], "qty": 1}], ids["clerk"],
                                   ids["manager"], "khách trả")
        assert back_shrimp.total == 270_000  # 250.000 with the sale + 20.000 with the supplement
        cake = next(ln for ln in sales.get_sale(store, supp.sale_id)["lines"] if not ln["original_line_id"])
        back_cake = sales.refund(store, supp.sale_id, [{"line_id": cake["id"], "qty": 1}], ids["clerk"],
                                 ids["manager"], "khách trả")
        assert back_cake.total == 35_000
        sales.void_sale(store, voided.sale_id, ids["clerk"], ids["manager"], "tính nhầm")
        sync_once(store, fast_client(store), pull=False)
        day = store.business_day()
        first_inv = issue.of_sale(store, first.sale_id)[0]
        with server.engine.connect() as c:
            for sale_id, total in ((back_shrimp.sale_id, -270_000), (back_cake.sale_id, -35_000)):
                (inv,) = c.execute(sa.select(m.invoices).where(m.invoices.c.sale_id == sale_id)).all()
                assert (inv.kind, inv.related_invoice_id, inv.total) == ("adjustment", first_inv["id"], total)
            stored = c.execute(sa.select(m.sales).where(m.sales.c.id == voided.sale_id)).one()
            assert stored.status == "voided"
            assert sorted(r.total for r in c.execute(sa.select(m.invoices.c.total)
                                                     .where(m.invoices.c.sale_id == voided.sale_id))) == [
                -voided.total, voided.total]
            assert check.summary(c, day)["ok"] is True
            f = reports.Filters.make(day)
            assert reports.flagged_events(c, f) == []  # every figure agrees with its lines (central/events/sums.py)
            summary = reports.summary(c, f)
            assert summary["net"] == first.total + second.total + supp.total - 270_000 - 35_000
            shrimp_row = {r["product_id"]: r for r in reports.by_product(c, f)}[shrimp["product_id"]]
            assert shrimp_row["qty_refunded"] == 1  # units once: the raise gave back no unit of its own
        assert [r["status"] for r in reconcile(store, fast_client(store), days=[day])] == ["match"]
        clock = SimClock()
        for _ in range(6):
            sender(server.engine, clock).run_once()
            clock.advance(61)
        states = deliveries(server.engine)
        assert len(states) == store.one("SELECT count(*) AS n FROM invoices")["n"] == 2 + 2 + 2 + 2 + 1
        assert {r.state for r in states.values()} == {"accepted"}
        inc, info = issue.of_sale(store, supp.sale_id)  # the buyer's adjustment of the increase, at the provider
        body = provider.fake.invoices[info["id"]]["body"]
        assert body["generalInvoiceInfo"]["originalInvoiceId"] == f"C26MBL{inc['number']}"
        assert body["generalInvoiceInfo"]["adjustmentInvoiceType"] == "2"
        assert body["buyerInfo"]["buyerTaxCode"] == BUYER["tax_code"]
        # a decrease that says another amount is a finding
        with server.engine.begin() as c:
            c.execute(sa.update(m.invoices).where(m.invoices.c.sale_id == back_shrimp.sale_id)
                      .values(total=-269_999))
        with server.engine.connect() as c:
            assert [(x["kind"], x["sale_id"]) for x in check.problems(c, day)] == [
                ("total_differs", back_shrimp.sale_id)]
    finally:
        provider.stop()
