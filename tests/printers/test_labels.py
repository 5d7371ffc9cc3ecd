"""Barcode and shelf labels: scanned back from the image, the PDF sheet and the ESC/POS raster."""
from __future__ import annotations

import re

import pytest
import zxingcpp

from pos import barcodes
from pos.errors import InvalidBarcode
from printers import labels
from escpos_parse import parse

SALT = {"name": "Muối hầm Bạc Liêu 500 g", "price": 45000, "code": barcodes.make_instore(1), "ocop_stars": 4,
        "unit": "hũ"}
TEA = {"name": "Trà Shan tuyết cổ thụ Hà Giang", "price": 320000, "code": "SKU-TRA-001", "ocop_stars": 5,
       "unit": "hộp", "kind": "shelf"}
SAUCE = {"name": "Nước mắm Phú Quốc", "price": 95000, "code": "8934567890120", "ocop_stars": 3, "kind": "shelf"}


def read(img):
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)}


@pytest.mark.parametrize("dpi", [203, 300])
def test_labels_scan_back(dpi):
    assert ("EAN13", SALT["code"]) in read(labels.label_image(SALT, dpi))
    assert ("Code128", "SKU-TRA-001") in read(labels.label_image(TEA, dpi))
    assert ("EAN13", "8934567890120") in read(labels.label_image(SAUCE, dpi))


def test_ean8_label():
    spec = dict(SALT, code="89300015")
    assert ("EAN8", "89300015") in read(labels.label_image(spec, 203))
    with pytest.raises(InvalidBarcode):
        labels.label_image(dict(SALT, code="89300016"))


def test_wrong_check_digit_is_refused_not_fixed():
    with pytest.raises(InvalidBarcode):
        labels.label_image(dict(SALT, code="8934567890128"))
    with pytest.raises(InvalidBarcode):
        labels.save_pdf([dict(SAUCE, code="8934567890121")], "/dev/null")


def test_label_sizes():
    im = labels.label_image(SALT, 203)
    assert im.size == (384, 240)  # 48 x 30 mm at 203 dpi
    assert labels.label_image(TEA, 203).size == (559, 320)


def test_pdf_and_png_sheets(tmp_path):
    specs = [SALT, TEA, SAUCE] * 12
    pdf = labels.save_pdf(specs, tmp_path / "labels.pdf")
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF")
    pages = labels.sheet_pages(specs)
    assert re.findall(rb"/Type /Page\b", body) == [b"/Type /Page"] * len(pages)
    assert len(pages) >= 2
    found = read(pages[0])
    assert ("EAN13", SALT["code"]) in found and ("Code128", "SKU-TRA-001") in found
    pngs = labels.save_png(specs, tmp_path)
    assert len(pngs) == len(pages) and all(p.exists() for p in pngs)


def test_escpos_label_job_decodes():
    job = parse(labels.escpos_labels({"labels": [SALT, TEA], "copies": 2}, width=576))
    assert len(job.images) == 4 and job.names().count("cut") == 4
    assert ("EAN13", SALT["code"]) in read(job.images[0])
    assert ("Code128", "SKU-TRA-001") in read(job.images[2])
    narrow = parse(labels.escpos_labels({"labels": [TEA]}, width=384))
    assert narrow.images[0].width <= 384 and ("Code128", "SKU-TRA-001") in read(narrow.images[0])
    with pytest.raises(ValueError):
        labels.escpos_labels({"labels": []})
