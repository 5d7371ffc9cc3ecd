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
    found = set().union(*(read(page) for page in pages))  # barcode labels and shelf labels on pages of their own
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


def _narrowest_bar(img) -> list[int]:
    """Widths of the bars and gaps across the middle of the first 1-D code found."""
    code = next(r for r in zxingcpp.read_barcodes(img) if r.format.name != "QRCode")
    pos = code.position
    y = (pos.top_left.y + pos.bottom_left.y) // 2
    px = img.convert("L").load()
    row = [px[x, y] < 128 for x in range(pos.top_left.x, pos.top_right.x + 1)]
    runs, x = [], 0
    while x < len(row):
        start = x
        while x < len(row) and row[x] == row[start]:
            x += 1
        runs.append(x - start)
    return runs[1:-1]  # the ends may be cut by where the decoder put the code's edge


def test_copies_per_product_on_the_printer_and_the_sheet():
    job = parse(labels.escpos_labels({"labels": [dict(SALT, copies=3), TEA], "copies": 1}, width=576))
    assert len(job.images) == 4 and job.names().count("cut") == 4
    assert [("EAN13", SALT["code"]) in read(im) for im in job.images] == [True, True, True, False]
    assert all(min(_narrowest_bar(job.images[i])) >= 2 for i in (0, 3))  # 203 dpi: no one-dot bars
    assert len(labels.sheet_pages([dict(SAUCE, copies=15)])) == 2  # 2 x 7 shelf labels to a page
    # a stray count prints one label, never a roll's worth
    assert len(parse(labels.escpos_labels({"labels": [dict(SALT, copies=10**6)]})).images) == 1


def test_a4_pdf_renders_and_scans(tmp_path):
    """The A4 sheet is a real PDF: poppler renders it at A4 and every label scans off the page."""
    import shutil
    import subprocess

    from PIL import Image

    assert shutil.which("pdftoppm"), "poppler-utils is a test package (scripts/bootstrap.sh)"
    specs = [dict(SALT, copies=20), dict(TEA, kind="shelf", copies=2), dict(SAUCE, kind="barcode", copies=3)]
    pdf = labels.save_pdf(specs, tmp_path / "sheet.pdf")
    # rendered as a 600-dpi office laser prints it (at 300 dpi poppler smooths the page's edges to grey)
    subprocess.run(["pdftoppm", "-png", "-r", "600", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(labels.sheet_pages(specs)) >= 1
    # page 1: the 23 small barcode labels (4 across); page 2: the 2 shelf labels
    cells = [[2 * n for n in labels.label_image(s, 300).size] for s in (SALT, specs[1])]
    assert len(pages) == 2
    found = []
    margin = 2 * round(labels.SHEET_MARGIN_MM * 300 / 25.4)
    for png, (w, h) in zip(pages, cells):
        im = Image.open(png)
        assert abs(im.width - 4961) <= 2 and abs(im.height - 7016) <= 2  # A4 at 600 dpi
        assert min(_narrowest_bar(im)) >= 4  # 2 dots of the sheet's 300 dpi
        for y in range(margin, im.height - h + 1, h):  # each label cut out and scanned on its own
            for x in range(margin, im.width - w + 1, w):
                found += [(r.format.name, r.text) for r in zxingcpp.read_barcodes(im.crop((x, y, x + w, y + h)))]
    assert sorted(found) == sorted([("EAN13", SALT["code"])] * 20 + [("Code128", "SKU-TRA-001")] * 2
                                   + [("EAN13", "8934567890120")] * 3)
