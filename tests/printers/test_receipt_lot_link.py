"""The receipt's traceability QR carries the GS1 Digital Link of the lot sold
({public_url}/01/{GTIN-14}/10/{lot}), decoded back from the ESC/POS bytes the printer receives;
a VietQR printed with the sale still takes the place; a kiosk without the centre's public address
keeps the product's own trace URL. The address reaches the kiosk with the catalog pull."""
from __future__ import annotations

import pytest
import zxingcpp

from pos import catalog, gs1, sales, shifts, stock
from pos.cart import Cart
from pos.errors import ValidationError
from printers import escpos_job, receipt
from escpos_parse import parse

BASE = "https://truyxuat.ocop-baclieu.vn"
SHRIMP14 = "08930000000026"


@pytest.fixture
def lotted(store, small):
    stock.receive_delivery(store, small.producer_htx, [
        {"product_id": small.shrimp, "qty": 5, "lot_no": "GH-06/11", "use_by": "2027-06-11"}], small.manager)
    shifts.open_shift(store, small.clerk, 0)
    catalog.apply_catalog(store, {"public_url": BASE})  # as the pull brings it
    return small


def printed_codes(store, sale_id) -> set[str]:
    data = escpos_job.raster_job(receipt.render(sales.receipt_doc(store, sale_id), 576))
    return {r.text for r in zxingcpp.read_barcodes(parse(data).page()) if r.format.name == "QRCode"}


def sell(store, small, payments=None):
    cart = Cart()
    cart.add(catalog.get_product(store, small.salt))  # no lot: the lot line comes second
    cart.add(catalog.get_product(store, small.shrimp), qty=2)  # FEFO draws lot GH 06/11
    total = cart.totals().total
    return sales.complete_sale(store, cart, payments or [{"method": "cash", "tendered": total}], small.clerk)


def test_the_receipt_qr_is_the_digital_link_of_the_lot_sold(store, lotted):
    res = sell(store, lotted)
    assert printed_codes(store, res.sale_id) == {f"{BASE}/01/{SHRIMP14}/10/GH-06%2F11"}
    assert gs1.read(f"{BASE}/01/{SHRIMP14}/10/GH-06%2F11", store.business_date()).lot == "GH-06/11"


def test_a_vietqr_payment_keeps_its_place_and_the_reprint_carries_the_lot(store, lotted):
    store.set_settings(bank_bin="970436", bank_account="0101759560", bank_account_name="HTX OCOP")
    cart = Cart()
    cart.add(catalog.get_product(store, lotted.shrimp))
    total = cart.totals().total
    res = sales.complete_sale(store, cart, [{"method": "vietqr", "amount": total, "reference": "FT1"}], lotted.clerk)
    assert sales.receipt_doc(store, res.sale_id)["qr"]["kind"] == "vietqr"
    reprint = escpos_job.raster_job(receipt.render(sales.receipt_doc(store, res.sale_id, reprint=True), 576))
    found = {r.text for r in zxingcpp.read_barcodes(parse(reprint).page()) if r.format.name == "QRCode"}
    assert found == {f"{BASE}/01/{SHRIMP14}/10/GH-06%2F11"}


def test_without_a_public_address_nothing_is_invented(store, lotted):
    store.set_settings(public_url="")
    res = sell(store, lotted)
    assert sales.receipt_doc(store, res.sale_id)["trace_qr"] is None  # the rig's products have no trace URL
    with pytest.raises(ValidationError):
        store.set_settings(public_url="truyxuat.ocop.vn")
    assert gs1.lot_link(BASE, "2100001", "L1") is None  # a scale code is no GTIN
    assert gs1.lot_link(BASE + "/", "8930000000019") == f"{BASE}/01/08930000000019"
    assert gs1.lot_link(BASE, "8930000000019", "LÔ 1") == f"{BASE}/01/08930000000019"  # not GS1 characters


def test_the_customer_screen_shows_the_receipts_trace_code_or_the_centres_address(store, lotted):
    from pos import receipts

    res = sell(store, lotted)
    code = receipts.trace_code(store, res.sale_id)
    assert code["payload"] == f"{BASE}/01/{SHRIMP14}/10/GH-06%2F11" == sales.receipt_doc(store, res.sale_id)["trace_qr"]["payload"]
    cart = Cart()
    cart.add(catalog.get_product(store, lotted.fish), grams=500)  # a scale code: no GTIN, no trace page
    fish = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 210_000}], lotted.clerk)
    assert receipts.trace_code(store, fish.sale_id) == {"kind": "trace", "payload": BASE, "caption": ""}
    store.set_settings(public_url="")
    assert receipts.trace_code(store, fish.sale_id) is None  # nothing invented
    with pytest.raises(ValidationError):
        receipts.trace_code(store, "")
