"""A supplement (pos/supplements.py) from the kiosk to the provider, on SQLite and PostgreSQL: the
setup arrives by the real pull, the kiosk sells, then charges a price rung too low and goods not rung
up; the push brings the supplement and its increasing adjustment to the centre, the reports count the
money on its day (units once, the producer's settlement included), the nightly check finds the sale's
chain and the supplement's increase whole (and a lost or altered increase when there is one), and
the sender delivers it to each fake provider on loopback as an increase of the sale's invoice."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))

from einvoice_fakes import FakeMisa, FakeViettel, Served  # noqa: E402
from einvoice_rig import OPERATOR, SimClock, deliveries, register_seller, sender  # noqa: E402

from central import models as m  # noqa: E402
from central.einvoice import check  # noqa: E402
from central.figures import nightly, portal, reports, settlement  # noqa: E402
from pos import catalog, sales, supplements  # noqa: E402
from pos.cart import Cart  # noqa: E402
from pos.einvoice import issue  # noqa: E402
from sync.client import kiosk_figures, reconcile, sync_once  # noqa: E402
from syncrig import enroll, fast_client, sell  # noqa: E402

FAKES = {"viettel": FakeViettel, "misa": FakeMisa}


def _office(server) -> requests.Session:
    from central import accounts as admin

    with server.engine.begin() as conn:
        admin.create_user(conn, "hoa", "mat-khau-dai-1", "admin", "Lê Thị Hoa")
    s = requests.Session()
    r = s.post(f"{server.url}/api/v1/auth/login", json={"username": "hoa", "password": "mat-khau-dai-1"}, timeout=30)
    r.raise_for_status()
    s.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return s


@pytest.fixture(params=["viettel", "misa"])
def provider(request):
    served = Served(FAKES[request.param](OPERATOR))
    served.name = request.param
    yield served
    served.stop()


def test_a_supplement_reaches_the_centre_its_reports_its_check_and_the_provider(server, kiosk, provider):
    store, ids = kiosk
    enroll(server, store)
    register_seller(server.engine, provider.name, provider.url)
    assert sync_once(store, fast_client(store)).pulled["einvoice"] == 1  # the setup, by the real pull
    (sold,) = sell(store, ids, 1)
    lines = sales.get_sale(store, sold.sale_id)["lines"]
    shrimp = next(ln for ln in lines if ln["product_id"] == ids["products"][1])  # 250.000 at 8 %
    more = Cart()
    more.add(catalog.get_product(store, ids["products"][2]), qty=2)  # bánh đa tôm 35.000 at 10 %, not rung up
    supp = supplements.supplement(store, sold.sale_id, ids["clerk"], ids["manager"], "tính thiếu", [
        {"method": "vietqr", "amount": 70_000 + 20_000 * shrimp["qty"], "reference": "FT-BS1"}], cart=more,
        raises=[{"line_id": shrimp["id"], "unit_price": 270_000}])
    assert supp.total == 70_000 + 20_000 * shrimp["qty"]
    (adj,) = issue.of_sale(store, supp.sale_id)
    sync_once(store, fast_client(store), pull=False)
    day = store.business_day()
    f = reports.Filters.make(day)
    with server.engine.connect() as c:
        stored = c.execute(sa.select(m.sales).where(m.sales.c.id == supp.sale_id)).one()
        assert (stored.kind, stored.original_sale_id, stored.total) == ("sale", sold.sale_id, supp.total)
        inv = c.execute(sa.select(m.invoices).where(m.invoices.c.id == adj["id"])).one()
        assert (inv.kind, inv.total, inv.number) == ("adjustment", supp.total, 2)
        assert check.summary(c, day)["ok"] is True
        summary = reports.summary(c, f)
        assert summary["gross"] == sold.total + supp.total and summary["net"] == sold.total + supp.total
        # a supplement is not a sale: its own count, its own kind in the nightly lines file
        assert (summary["sales_count"], summary["supplements_count"], summary["refunds_count"]) == (1, 1, 0)
        assert summary["avg_ticket"] == sold.total + supp.total  # what the one sale brought in
        (trend,) = reports.by_day(c, f)
        assert (trend["sales_count"], trend["supplements_count"]) == (1, 1)
        assert {row[3]: row[4] for row in nightly.line_rows(c, day)} == {sold.receipt_no: "Bán",
                                                                          supp.receipt_no: "Bổ sung"}
        header, (loc,) = nightly.summaries(c, day)["locations"]
        assert (dict(zip(header, loc))["Số hóa đơn bán"], dict(zip(header, loc))["Số phiếu bổ sung"]) == (1, 1)
        mine = portal.dashboard(c, shrimp["producer_id"], f)["summary"]  # the raised shrimp's producer
        assert (mine["sales_count"], mine["supplements_count"]) == (1, 1)
        assert reports.summary(c, reports.Filters.make(day, producer=shrimp["producer_id"]))["supplements_count"] == 1
        by_product = {r["product_id"]: r for r in reports.by_product(c, f)}
        assert by_product[shrimp["product_id"]]["qty_sold"] == shrimp["qty"]  # the raise adds money, no units
        assert by_product[shrimp["product_id"]]["gross"] == shrimp["net"] + 20_000 * shrimp["qty"]
        producer = shrimp["producer_id"]
        owed = {r["producer_id"]: r for r in settlement.settlement(c, f)}[producer]
        assert owed["gross"] == sum(ln["net"] for ln in lines if ln["producer_id"] == producer) + 20_000 * shrimp["qty"] + (
            70_000 if catalog.get_product(store, ids["products"][2])["producer_id"] == producer else 0)
    assert [r["status"] for r in reconcile(store, fast_client(store), days=[day])] == ["match"]
    office = _office(server)  # the dashboard: one sale, one supplement, each counted as what it is
    page = office.get(f"{server.url}/office", params={"start": day, "end": day}, timeout=60).text
    kpi = page[page.index('id="kpi-supplements"'):]
    assert "Số phiếu bổ sung" in kpi[:200] and '<div class="v">1</div>' in kpi[:200]
    lines_csv = office.get(f"{server.url}/office/lines.csv", params={"start": day, "end": day}, timeout=60)
    assert lines_csv.text.count(",Bổ sung,") == len(sales.get_sale(store, supp.sale_id)["lines"])
    # the sender: the sale's invoice first, then its increase
    clock = SimClock()
    sender(server.engine, clock).run_once()
    clock.advance(61)
    sender(server.engine, clock).run_once()
    assert {r.state for r in deliveries(server.engine).values()} == {"accepted"}
    body = provider.fake.invoices[adj["id"]]["body"]
    if provider.name == "viettel":
        gen = body["generalInvoiceInfo"]
        assert (gen["adjustmentType"], gen["adjustmentInvoiceType"]) == ("5", "1")
        assert gen["additionalReferenceDesc"].startswith("Điều chỉnh tăng cho hóa đơn Mẫu số 1 ký hiệu C26MBL số 1")
        assert all(item["isIncreaseItem"] is True for item in body["itemInfo"])
        assert sum(item["itemTotalAmountWithTax"] for item in body["itemInfo"]) == supp.total
        assert body["summarizeInfo"]["totalAmountWithTax"] == supp.total
    else:
        assert (body["ReferenceType"], body["AdjustmentType"], body["TotalAmount"]) == (2, 1, supp.total)
        assert body["InvoiceNote"].startswith("Điều chỉnh tăng cho hóa đơn Mẫu số 1 Ký hiệu C26MBL Số 1 ngày")
    # an increase the centre lost, or one that says another amount, is a finding
    with server.engine.begin() as c:
        c.execute(sa.update(m.invoices).where(m.invoices.c.id == adj["id"]).values(total=adj["total"] + 1))
    with server.engine.connect() as c:
        (found,) = check.problems(c, day)
        assert (found["kind"], found["sale_id"], found["invoice_total"]) == ("total_differs", supp.sale_id,
                                                                             supp.total + 1)
    with server.engine.begin() as c:
        c.execute(sa.delete(m.invoice_replies).where(m.invoice_replies.c.invoice_id == adj["id"]))
        c.execute(sa.delete(m.invoice_deliveries).where(m.invoice_deliveries.c.invoice_id == adj["id"]))
        c.execute(sa.delete(m.invoice_lines).where(m.invoice_lines.c.invoice_id == adj["id"]))
        c.execute(sa.delete(m.invoices).where(m.invoices.c.id == adj["id"]))
    with server.engine.connect() as c:
        assert [(x["kind"], x["sale_id"]) for x in check.problems(c, day)] == [("no_invoice", supp.sale_id)]
    assert kiosk_figures(store, [day])[day]["invoices"] == 2
