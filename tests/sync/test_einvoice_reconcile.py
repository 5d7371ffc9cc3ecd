"""The nightly check of issue 13, on SQLite and PostgreSQL: the kiosk's per-day reconcile figures
carry its invoice count and total (and an older kiosk without them still reconciles); the centre's
own check of its sales against its invoices finds a sale without its invoice, an invoice without
its sale, two chains for one seller and a total that differs."""
from __future__ import annotations

import msgspec
import sqlalchemy as sa

from pos import catalog, sales
from pos.einvoice import corrections, sellers
from sync import protocol as p
from sync.client import kiosk_figures, reconcile, sync_once

from central import models as m
from central.einvoice import check
from central.figures import nightly
from einvoice_setup import einvoice
from syncrig import enroll, fast_client, sell

BUYER = {"tax_code": "0100109106", "company": "Công ty TNHH Đặc sản OCOP Việt", "address": "12 Tràng Tiền, Hà Nội"}


def _day(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    producer = catalog.get_product(store, ids["products"][1])["producer_id"]
    sellers.apply_settings(store, einvoice(producer))
    sold = sell(store, ids, 8)
    corrections.add_buyer(store, sold[1].sale_id, BUYER, ids["clerk"])
    line = sales.refundable_lines(store, sold[3].sale_id)[0]
    sales.refund(store, sold[3].sale_id, [{"line_id": line["line_id"], "qty": 1}], ids["clerk"], ids["manager"], "lỗi")
    sales.void_sale(store, sold[4].sale_id, ids["clerk"], ids["manager"], "khách đổi ý")
    sync_once(store, fast_client(store), pull=False)
    return store, sold


def test_the_day_figures_carry_the_invoices_and_match(server, kiosk):
    store, sold = _day(server, kiosk)
    day = store.business_day()
    mine = kiosk_figures(store, [day])[day]
    n, total = store.conn.execute("SELECT count(*), sum(total) FROM invoices").fetchone()
    assert (mine["invoices"], mine["invoices_total"]) == (n, total) and n >= 2 * 8 + 2 + 1 + 2
    result = reconcile(store, fast_client(store), days=[day])
    assert [r["status"] for r in result] == ["match"]
    assert (result[0]["server"]["invoices"], result[0]["server"]["invoices_total"]) == (n, total)
    with server.engine.connect() as c:
        assert check.summary(c, day)["ok"] is True
    # an invoice the centre lost shows as a mismatch of that day's figures
    with server.engine.begin() as c:
        c.execute(sa.text("DELETE FROM invoices WHERE id = (SELECT min(id) FROM invoices WHERE kind = 'original')"))
    client = fast_client(store)
    answer = client.reconcile(kiosk_figures(store, [day]))["days"][0]
    assert answer["status"] == "mismatch" and answer["server"]["invoices"] == n - 1


def test_an_older_kiosk_without_invoice_figures_still_reconciles(server, kiosk):
    store, ids = kiosk
    enroll(server, store)
    sell(store, ids, 3)  # no e-invoicing set up: a kiosk from before issue 13
    sync_once(store, fast_client(store), pull=False)
    day = store.business_day()
    old = {k: v for k, v in kiosk_figures(store, [day])[day].items() if not k.startswith("invoices")}
    decoded = msgspec.json.decode(msgspec.json.encode({"days": {day: old}}), type=p.ReconcileRequest)
    assert decoded.days[day].invoices == 0
    answer = fast_client(store).reconcile({day: old})["days"][0]
    assert answer["status"] == "match"
    with server.engine.connect() as c:  # not invoicing yet: its sales are not expected to have one
        assert check.summary(c, day)["ok"] is True


def test_the_centre_finds_what_does_not_add_up(server, kiosk):
    store, sold = _day(server, kiosk)
    day = store.business_day()
    eng = server.engine
    with eng.connect() as c:
        inv = {r.sale_id: r for r in c.execute(sa.text("SELECT * FROM invoices WHERE kind = 'original'"))}
    with eng.begin() as c:
        c.execute(sa.text("DELETE FROM invoices WHERE sale_id = :s"), {"s": sold[5].sale_id})  # sale without invoice
        c.execute(sa.text("UPDATE invoices SET total = total + 1 WHERE id = :i"), {"i": inv[sold[6].sale_id].id})
        c.execute(sa.text("UPDATE sales SET business_day = '2000-01-01' WHERE id = :s"), {"s": sold[7].sale_id})
        c.execute(sa.text("UPDATE invoices SET business_day = '2000-01-01' WHERE sale_id = :s"), {"s": sold[7].sale_id})
        c.execute(sa.text("DELETE FROM sales WHERE id = :s"), {"s": sold[0].sale_id})  # invoice without sale
        orig = inv[sold[2].sale_id]  # a second original for the same seller
        dup = {k: v for k, v in orig._mapping.items()}
        c.execute(sa.insert(m.invoices).values({**dup, "id": "dup-1", "number": 999, "total": 0, "pre_vat_total": 0,
                                                "vat_total": 0}))
    with eng.connect() as c:
        found = check.summary(c, day)
    assert found["ok"] is False
    got = {(f["kind"], f["sale_id"]) for f in found["problems"]}
    assert got == {("no_invoice", sold[5].sale_id), ("total_differs", sold[6].sale_id),
                   ("no_sale", sold[0].sale_id), ("two_chains", sold[2].sale_id)}
    assert found["counts"] == {"no_invoice": 1, "no_sale": 2, "two_chains": 1, "total_differs": 1}  # 2 sellers
    differs = next(f for f in found["problems"] if f["kind"] == "total_differs")
    assert differs["invoice_total"] == differs["sale_total"] + 1 and differs["receipt_no"]
    with eng.connect() as c:
        assert check.summary(c, day, device_code="NOPE")["ok"] is True
        header, rows = nightly.gather(c, day)["einvoice_check"]  # the nightly files carry the findings
    assert header[2] == "Vấn đề" and len(rows) == 5
    assert {r[2] for r in rows} == {"Đơn bán chưa có hóa đơn điện tử", "Hóa đơn điện tử không có đơn bán",
                                    "Hai hóa đơn cho cùng một người bán", "Tổng tiền hóa đơn khác đơn bán"}


def test_the_first_day_adds_up_when_the_setup_arrives_after_the_first_sales(server, kiosk, clock):
    """Sales made the day before e-invoicing, then sales the first day before the setup arrived: the
    setup issues the day's invoices (pos/einvoice/catchup.py), a refund of the day before's sale has
    nothing to adjust, and the centre's check finds nothing on either day - no finding to dismiss."""
    store, ids = kiosk
    enroll(server, store)
    before = sell(store, ids, 2)
    day_before = store.business_day()
    clock.advance(days=1)
    early = sell(store, ids, 3)
    producer = catalog.get_product(store, ids["products"][1])["producer_id"]
    catalog.apply_catalog(store, {"einvoice": einvoice(producer)})  # as the pull applies it
    later = sell(store, ids, 2)
    line = sales.refundable_lines(store, before[0].sale_id)[0]
    sales.refund(store, before[0].sale_id, [{"line_id": line["line_id"], "qty": 1}], ids["clerk"], ids["manager"],
                 "lỗi")
    sync_once(store, fast_client(store), pull=False)
    day = store.business_day()
    with server.engine.connect() as c:
        assert check.summary(c, day)["ok"] is True and check.summary(c, day_before)["ok"] is True
        numbers = c.execute(sa.select(m.invoices.c.sale_id, m.invoices.c.number).where(
            m.invoices.c.seller_tax_code == einvoice()["sellers"][0]["tax_code"]).order_by(m.invoices.c.number)).all()
    assert [r.sale_id for r in numbers] == [s.sale_id for s in early + later]
    assert [r.number for r in numbers] == [1, 2, 3, 4, 5]
    assert [r["status"] for r in reconcile(store, fast_client(store), days=[day])] == ["match"]
