"""Completing, voiding and refunding sales on a real SQLite file."""
from __future__ import annotations

import json

import pytest

from pos import catalog, errors, outbox, sales, shifts, stock, vietqr
from pos.cart import Cart


def ring(store, *codes):
    cart = Cart()
    for code in codes:
        hit = catalog.lookup(store, code)
        cart.add(hit.product, grams=hit.grams, price=hit.price, barcode=code)
    return cart


def counts(store):
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("sales", "sale_lines", "payments", "stock_moves", "outbox", "receipt_counters")}


def test_cash_sale_writes_everything_in_one_go(store, selling):
    cart = ring(store, "8930000000019", "8930000000019", "8930000000026")
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 500_000}], selling.clerk)
    assert res.receipt_no == "HN01-000001"
    assert res.total == 2 * 45_000 + 250_000
    assert res.change_due == 500_000 - 340_000
    sale = sales.get_sale(store, res.receipt_no)
    assert [(ln["sku"], ln["qty"], ln["net"]) for ln in sale["lines"]] == [("MUOI-500", 2, 90_000), ("TOM-200", 1, 250_000)]
    # VAT part of a VAT-inclusive 250.000 at 8 %: 250000*8/108 = 18518.5 -> 18519
    assert sale["lines"][1]["vat_amount"] == 18_519 and sale["lines"][0]["vat_amount"] == 0
    assert sale["vat_total"] == 18_519
    assert (sale["payments"][0]["amount"], sale["payments"][0]["tendered"], sale["payments"][0]["change_given"]) == (340_000, 500_000, 160_000)
    assert stock.on_hand(store, selling.salt) == 98 and stock.on_hand(store, selling.shrimp) == 49
    events = outbox.pending(store)
    ev = [e for e in events if e["type"] == "sale.completed"][-1]
    assert ev["payload"]["sale"]["receipt_no"] == "HN01-000001"
    assert len(ev["payload"]["lines"]) == 2 and len(ev["payload"]["stock_moves"]) == 2
    assert ev["device_code"] == "HN01" and ev["business_day"] == "2026-11-22"


def test_weighed_and_label_codes(store, selling):
    from pos import barcodes as bc

    weight_label = bc.make_embedded("21", 1, 350)  # 350 g of dried fish
    cart = ring(store, weight_label)
    assert cart.lines[0].qty == 350 and cart.lines[0].sold_by_weight
    cart.add(catalog.get_product(store, selling.fish), grams=1250)
    t = cart.totals()
    assert t.lines[0].gross == 147_000  # 420.000/kg x 0,35 kg
    assert t.lines[1].gross == 525_000
    res = sales.complete_sale(store, cart, [{"method": "card", "amount": t.total, "reference": "TID01/777"}], selling.clerk)
    assert stock.on_hand(store, selling.fish) == 20_000 - 350 - 1250
    doc = sales.receipt_doc(store, res.sale_id)
    assert [ln["qty_text"] for ln in doc["lines"]] == ["350 g", "1,25 kg"]


def test_split_payment_vietqr_and_cash(store, selling):
    cart = ring(store, "8930000000026", "8930000000033")  # 285.000
    res = sales.complete_sale(store, cart, [{"method": "vietqr", "amount": 200_000},
                                            {"method": "cash", "tendered": 100_000}], selling.clerk)
    sale = sales.get_sale(store, res.sale_id)
    by = {p["method"]: p for p in sale["payments"]}
    assert by["vietqr"]["amount"] == 200_000 and by["cash"]["amount"] == 85_000 and by["cash"]["change_given"] == 15_000
    decoded = vietqr.decode(by["vietqr"]["qr_payload"])
    assert decoded.amount == 200_000 and decoded.account == "1017595600" and res.receipt_no in decoded.purpose
    doc = sales.receipt_doc(store, res.sale_id)
    assert doc["qr"]["kind"] == "vietqr" and vietqr.decode(doc["qr"]["payload"]).amount == 200_000


def test_discounts_need_manager_above_threshold(store, selling):
    cart = ring(store, "8930000000026")
    cart.set_line_discount(0, 25_000, "khách quen")  # 10 %: allowed
    with pytest.raises(errors.ApprovalRequired):
        cart.set_line_discount(0, 30_000, "hàng trưng bày")
    with pytest.raises(errors.InvalidDiscount):
        cart.set_line_discount(0, 10_000, "")
    cart.set_line_discount(0, 50_000, "hàng trưng bày", approved_by=selling.manager)
    cart.add(catalog.get_product(store, selling.salt))
    cart.set_order_discount(5_000, "làm tròn")
    t = cart.totals()
    assert t.subtotal == 200_000 + 45_000 and t.total == 240_000
    assert sum(lt.order_share for lt in t.lines) == 5_000
    # a clerk's id is not an approval
    bad = ring(store, "8930000000026")
    bad.set_line_discount(0, 100_000, "x", approved_by=selling.clerk)
    before = counts(store)
    with pytest.raises(errors.PermissionDenied):
        sales.complete_sale(store, bad, [{"method": "cash", "tendered": 150_000}], selling.clerk)
    assert counts(store) == before
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 240_000}], selling.clerk)
    sale = sales.get_sale(store, res.sale_id)
    assert sale["approved_by"] == selling.manager and sale["order_discount"] == 5_000


@pytest.mark.parametrize("payments, error", [
    ([{"method": "cash", "tendered": 44_999}], errors.PaymentShort),
    ([], errors.PaymentShort),
    ([{"method": "card", "amount": 40_000}], errors.PaymentShort),
    ([{"method": "card", "amount": 50_000}], errors.InvalidAmount),
    ([{"method": "cash", "tendered": -5}], errors.InvalidAmount),
    ([{"method": "cash", "tendered": 45_000.0}], errors.InvalidAmount),
    ([{"method": "bitcoin", "amount": 45_000}], errors.InvalidAmount),
])
def test_bad_payments_change_nothing(store, selling, payments, error):
    before = counts(store)
    with pytest.raises(error):
        sales.complete_sale(store, ring(store, "8930000000019"), payments, selling.clerk)
    assert counts(store) == before


def test_bad_scans_and_quantities(store, selling):
    with pytest.raises(errors.UnknownBarcode):
        catalog.lookup(store, "8930000000040")
    with pytest.raises(errors.InvalidBarcode):
        catalog.lookup(store, "8930000000018")  # wrong check digit
    cart = ring(store, "8930000000019")
    for qty in (0, -1, 10_000, 2.5, "3"):
        with pytest.raises(errors.InvalidQuantity):
            cart.set_qty(0, qty)
    assert cart.lines[0].qty == 1
    with pytest.raises(errors.InvalidQuantity):
        cart.add(catalog.get_product(store, selling.fish))  # weighed goods need grams
    with pytest.raises(errors.InvalidQuantity):  # a weight label on a unit product
        cart.add(catalog.get_product(store, selling.salt), grams=750)
    assert [(ln.sku, ln.qty) for ln in cart.lines] == [("MUOI-500", 1)]
    with pytest.raises(errors.EmptyCart):
        sales.complete_sale(store, Cart(), [{"method": "cash", "tendered": 1}], selling.clerk)


def test_no_sale_without_open_shift(store, small):
    before = counts(store)
    with pytest.raises(errors.NoOpenShift):
        sales.complete_sale(store, ring(store, "8930000000019"), [{"method": "cash", "tendered": 45_000}], small.clerk)
    assert counts(store) == before


def test_receipt_numbers_gapless_across_sales_refunds_and_failures(store, selling):
    numbers = []
    for i in range(5):
        try:
            if i == 2:
                sales.complete_sale(store, ring(store, "8930000000019"), [{"method": "cash", "tendered": 1}], selling.clerk)
        except errors.PaymentShort:
            pass
        numbers.append(sales.complete_sale(store, ring(store, "8930000000019"),
                                           [{"method": "cash", "tendered": 45_000}], selling.clerk).receipt_no)
    r = sales.refund(store, numbers[0], [{"line_id": sales.get_sale(store, numbers[0])["lines"][0]["id"], "qty": 1}],
                     selling.clerk, selling.manager, "khách đổi ý")
    numbers.append(r.receipt_no)
    assert numbers == [f"HN01-{n:06d}" for n in range(1, 7)]


def test_void_same_shift_returns_stock_and_cash(store, selling):
    res = sales.complete_sale(store, ring(store, "8930000000026"), [{"method": "cash", "tendered": 250_000}], selling.clerk)
    shift = shifts.current(store)
    assert shifts.report(store, shift["id"])["expected_cash"] == 1_250_000
    with pytest.raises(errors.PermissionDenied):
        sales.void_sale(store, res.sale_id, selling.clerk, selling.clerk, "nhầm hàng")
    with pytest.raises(errors.ValidationError):
        sales.void_sale(store, res.sale_id, selling.clerk, selling.manager, "  ")
    sales.void_sale(store, res.sale_id, selling.clerk, selling.manager, "nhầm hàng")
    assert stock.on_hand(store, selling.shrimp) == 50
    rep = shifts.report(store, shift["id"])
    assert rep["expected_cash"] == 1_000_000 and rep["voids_count"] == 1
    with pytest.raises(errors.InvalidState):
        sales.void_sale(store, res.sale_id, selling.clerk, selling.manager, "again")
    assert [e["type"] for e in outbox.pending(store)][-1] == "sale.voided"
    audit = store.all("SELECT action, approved_by FROM audit_log WHERE action = 'void'")
    assert audit == [{"action": "void", "approved_by": selling.manager}]


def test_void_from_closed_shift_is_refused(store, selling):
    res = sales.complete_sale(store, ring(store, "8930000000019"), [{"method": "cash", "tendered": 45_000}], selling.clerk)
    shifts.close_shift(store, selling.manager, 1_045_000)
    shifts.open_shift(store, selling.clerk, 0)
    before = counts(store)
    with pytest.raises(errors.InvalidState):
        sales.void_sale(store, res.sale_id, selling.clerk, selling.manager, "too late")
    assert counts(store) == before


def test_partial_refunds_never_exceed_sold(store, selling):
    cart = ring(store, *["8930000000033"] * 3)
    cart.add(catalog.get_product(store, selling.fish), grams=500)
    cart.set_order_discount(1_000, "làm tròn")
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 400_000}], selling.clerk)
    sale = sales.get_sale(store, res.sale_id)
    cake_line, fish_line = sale["lines"]
    r1 = sales.refund(store, res.sale_id, [{"line_id": cake_line["id"], "qty": 1}], selling.clerk, selling.manager, "hỏng")
    r2 = sales.refund(store, res.sale_id, [{"line_id": cake_line["id"], "qty": 2}, {"line_id": fish_line["id"], "qty": 200}],
                      selling.clerk, selling.manager, "hỏng")
    before = counts(store)
    with pytest.raises(errors.RefundTooLarge):
        sales.refund(store, res.sale_id, [{"line_id": cake_line["id"], "qty": 1}], selling.clerk, selling.manager, "x")
    with pytest.raises(errors.RefundTooLarge):
        sales.refund(store, res.sale_id, [{"line_id": fish_line["id"], "qty": 301}], selling.clerk, selling.manager, "x")
    with pytest.raises(errors.PermissionDenied):
        sales.refund(store, res.sale_id, [{"line_id": fish_line["id"], "qty": 1}], selling.clerk, selling.clerk, "x")
    assert counts(store) == before
    r3 = sales.refund(store, res.sale_id, [{"line_id": fish_line["id"], "qty": 300}], selling.clerk, selling.manager, "hỏng")
    # everything refunded adds up to exactly what was paid: no đồng lost to rounding
    assert r1.total + r2.total + r3.total == res.total
    assert stock.on_hand(store, selling.cake) == 80 and stock.on_hand(store, selling.fish) == 20_000
    assert all(r["refundable_qty"] == 0 for r in sales.refundable_lines(store, res.sale_id))
    doc = sales.receipt_doc(store, r3.sale_id)
    assert doc["kind"] == "refund" and doc["original_receipt_no"] == res.receipt_no
    rep = shifts.report(store, shifts.current(store)["id"])
    assert rep["net_total"] == 0 and rep["expected_cash"] == 1_000_000


def test_receipt_doc_matches_contract(store, selling):
    store.set_settings(printer={"kind": "file", "path": "/dev/null"})
    res = sales.complete_sale(store, ring(store, "8930000000019", "8930000000026"),
                              [{"method": "cash", "tendered": 300_000}], selling.clerk, lang="en")
    doc = sales.receipt_doc(store, res.sale_id)
    assert doc["lang"] == "en" and doc["lines"][1]["name"] == "Dried shrimp 200g"
    assert doc["clerk"] == "Nguyễn Thị Lan" and doc["local_time"] == "22/11/2026 10:00"
    assert doc["vat"] == [{"rate": 0, "base": 45_000, "amount": 0}, {"rate": 8, "base": 250_000, "amount": 18_519}]
    assert doc["barcode"] == res.receipt_no and doc["change_due"] == 5_000
    job = store.one("SELECT kind, ref_id, payload FROM print_jobs")
    assert job["kind"] == "receipt" and json.loads(job["payload"])["receipt_no"] == res.receipt_no
    sales.reprint(store, res.sale_id, selling.clerk)
    reprints = store.all("SELECT payload FROM print_jobs WHERE kind = 'reprint'")
    assert json.loads(reprints[0]["payload"])["reprint"] is True


def test_price_change_does_not_touch_cart_being_paid(store, selling):
    cart = ring(store, "8930000000026")
    catalog.upsert_product(store, {"id": selling.shrimp, "price": 260_000})
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 250_000}], selling.clerk)
    assert res.total == 250_000
    assert ring(store, "8930000000026").totals().total == 260_000
