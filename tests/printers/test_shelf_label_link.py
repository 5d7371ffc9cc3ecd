"""Shelf labels carry the GS1 Digital Link of the lot on the shelf (the lot a sale draws next,
not a recalled one, or the lot asked for) as a QR beside the price and barcode, decoded back from
the ESC/POS bytes and the A4 sheet; without the centre's public address, no QR is invented."""
from __future__ import annotations

import zxingcpp

from pos import catalog, labels as pos_labels, shifts, stock
from printers import labels
from escpos_parse import parse

BASE = "https://truyxuat.ocop-baclieu.vn"
SHRIMP14 = "08930000000026"


def read(img):
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)}


def stocked(store, small):
    stock.receive_delivery(store, small.producer_htx, [
        {"product_id": small.shrimp, "qty": 5, "lot_no": "GH-0611", "use_by": "2027-06-11"},
        {"product_id": small.shrimp, "qty": 5, "lot_no": "GH-0712", "use_by": "2027-07-12"}], small.manager)
    shifts.open_shift(store, small.clerk, 0)


def test_the_shelf_label_carries_the_lot_a_sale_draws_next(store, small):
    stocked(store, small)
    catalog.apply_catalog(store, {"public_url": BASE})
    spec = pos_labels.label_specs(store, [{"product_id": small.shrimp, "kind": "shelf"}])[0]
    job = parse(labels.escpos_labels({"labels": [spec]}, width=576))
    assert read(job.images[0]) >= {("QRCode", f"{BASE}/01/{SHRIMP14}/10/GH-0611"), ("EAN13", "8930000000026")}
    # the earlier lot recalled: the label names the next one; a lot asked for is the one printed
    catalog.apply_catalog(store, {"lot_recalls": [{"product_id": small.shrimp, "lot_no": "GH-0611", "reason": "x"}]})
    spec = pos_labels.label_specs(store, [{"product_id": small.shrimp, "kind": "shelf"}])[0]
    assert spec["link"] == f"{BASE}/01/{SHRIMP14}/10/GH-0712"
    spec = pos_labels.label_specs(store, [{"product_id": small.shrimp, "kind": "shelf", "lot_no": "GH-0712"}])[0]
    page = labels.sheet_pages([spec])[0]
    assert ("QRCode", f"{BASE}/01/{SHRIMP14}/10/GH-0712") in read(page)
    barcode_label = pos_labels.label_specs(store, [{"product_id": small.shrimp, "kind": "barcode"}])[0]
    assert "link" not in barcode_label  # 48 x 30 mm: no room for a readable QR beside the EAN-13


def test_no_public_address_no_qr(store, small):
    stocked(store, small)
    spec = pos_labels.label_specs(store, [{"product_id": small.shrimp, "kind": "shelf"}])[0]
    assert "link" not in spec
    found = read(labels.label_image(spec))
    assert ("EAN13", "8930000000026") in found and not [f for f, _ in found if f == "QRCode"]
