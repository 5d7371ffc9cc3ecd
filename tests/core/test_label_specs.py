"""Label specs: the till's rules on paper (price, stars only while certified, validated codes)."""
from __future__ import annotations

import pytest

from pos import catalog, labels, print_jobs
from pos.errors import InvalidQuantity, UnknownProduct, ValidationError


def test_specs_follow_the_catalog_and_the_certificate(store, small):
    catalog.upsert_product(store, {"id": small.shrimp, "ocop_cert_expires": "2026-11-21"})  # ended yesterday
    code = catalog.issue_instore_barcode(store, small.cake)
    specs = labels.label_specs(store, [
        {"product_id": small.salt, "kind": "shelf", "copies": 3},
        {"product_id": small.shrimp, "kind": "shelf"},
        {"product_id": small.cake, "kind": "barcode", "copies": 12, "code": code},
        {"product_id": small.fish, "kind": "shelf"},
    ])
    assert [(s["code"], s["ocop_stars"], s["copies"], s["kind"]) for s in specs] == [
        ("8930000000019", 4, 3, "shelf"), ("8930000000026", 0, 1, "shelf"), (code, 3, 12, "barcode"),
        ("KHOCA", 3, 1, "shelf")]
    assert (specs[3]["unit"], specs[3]["price"]) == ("kg", 420_000)  # weighed: the price per kg
    en = labels.label_specs(store, [{"product_id": small.salt, "kind": "barcode"}], lang="en")
    assert en[0]["name"] == "Bac Lieu roasted salt 500g"


@pytest.mark.parametrize("item,error", [
    ({"kind": "shelf", "copies": 0}, InvalidQuantity),
    ({"kind": "shelf", "copies": 501}, InvalidQuantity),
    ({"kind": "shelf", "copies": True}, InvalidQuantity),
    ({"kind": "shelf", "copies": "2"}, InvalidQuantity),
    ({"kind": "poster"}, ValidationError),
    ({"kind": "barcode", "code": "8930000000026"}, ValidationError),  # another product's code
    ({"product_id": "nope"}, UnknownProduct),
    ({"product_id": ["nope"]}, ValidationError),
    ({"kind": {"shelf": 1}}, ValidationError),
    ({"kind": "barcode", "code": 8930000000019}, ValidationError),
])
def test_bad_label_lines_are_refused(store, small, item, error):
    with pytest.raises(error):
        labels.label_specs(store, [{"product_id": small.salt, **item}])


def test_a_code_with_a_wrong_check_digit_is_never_printed(store, small):
    store.conn.execute("INSERT INTO barcodes(code, product_id, kind) VALUES ('8930000000010', ?, 'ean13')",
                       (small.salt,))  # slipped in around the catalog's own check
    with pytest.raises(ValidationError, match="check digit"):
        labels.label_specs(store, [{"product_id": small.salt, "kind": "barcode", "code": "8930000000010"}])


def test_labels_queue_for_the_label_printer(store, small):
    with pytest.raises(ValidationError, match="A4"):
        labels.print_labels(store, [{"product_id": small.salt, "kind": "barcode"}])
    assert print_jobs.recent(store) == []
    store.set_settings(printer={"kind": "file", "path": str(store.path.parent / "labels.bin")})
    job_id, changes = labels.print_labels(store, [{"product_id": small.salt, "kind": "barcode", "copies": 2}])
    assert changes.print_jobs == 1
    job = print_jobs.get(store, job_id)
    assert job["kind"] == "label" and job["status"] == "pending"
    assert [(s["code"], s["copies"]) for s in job["payload"]["labels"]] == [("8930000000019", 2)]
