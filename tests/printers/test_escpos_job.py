"""The bytes python-escpos produces, read back as a printer would."""
from __future__ import annotations

import unicodedata

import pytest
import zxingcpp
from PIL import ImageChops

from pos import vietqr
from printers import escpos_job, receipt
from escpos_parse import drawer_kicks, parse
from receipt_samples import sale_doc


def decoded(img):
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)}


@pytest.mark.parametrize("width", [384, 576])
def test_raster_job_prints_the_receipt_image(width):
    doc = sale_doc(10, "vi", "vietqr")
    img = receipt.render(doc, width)
    job = parse(escpos_job.raster_job(img))
    names = job.names()
    assert names[0] == "ESC @" and "cut" in names
    assert drawer_kicks(job) == 0
    page = job.page()
    # python-escpos splits tall images into GS v 0 fragments; stacked they are our image, dot for dot
    assert len(job.images) >= 2 and page.size == img.size
    assert ImageChops.difference(page.convert("L"), img.convert("L")).getbbox() is None
    found = decoded(page)
    qr = next(t for f, t in found if f == "QRCode")
    assert vietqr.decode(qr).amount == doc["total"]
    assert ("Code128", doc["receipt_no"]) in found


def test_receipts_never_kick_the_drawer():
    """The drawer opens when the cash is taken (printers/drawer.py), not when paper comes out:
    a receipt that waited behind a stuck printer used to pop the drawer open minutes later."""
    for doc in (sale_doc(2, "vi", "cash"), dict(sale_doc(2, "vi", "cash"), kind="refund"),
                dict(sale_doc(2, "vi", "cash"), kind="void")):
        raster = parse(escpos_job.raster_job(receipt.render(doc, 384)))
        text = parse(escpos_job.text_job(doc, profile="TM-T20II"))
        assert drawer_kicks(raster) == 0 and drawer_kicks(text) == 0
        assert raster.names().count("cut") == 1 and text.names().count("cut") == 1
    assert not hasattr(escpos_job, "opens_drawer")
    assert parse(escpos_job.drawer_job()).names() == ["ESC p"]
    assert parse(escpos_job.drawer_pulse_job()).events == [("pulse", (0, 2))]


def test_break_offsets_fall_between_commands():
    """A drawer kick slipped in at a break is read as a command, never as image dots."""
    doc = sale_doc(10, "vi", "cash")
    img = receipt.render(doc, 576)
    data = escpos_job.raster_job(img)
    points = escpos_job.break_offsets(data)
    assert points[0] == 0 and points[-1] == len(data) and len(points) >= 4
    kick = escpos_job.drawer_job()
    for at in points:
        job = parse(data[:at] + kick + data[at:])
        assert drawer_kicks(job) == 1 and job.names().count("cut") == 1
        assert ImageChops.difference(job.page().convert("L"), img.convert("L")).getbbox() is None
    assert escpos_job.break_offsets(b"plain text\n") == [0, 11]


def test_cp1258_encoding_round_trips_vietnamese():
    text = "Muối hầm Bạc Liêu – Nước mắm Phú Quốc, Đặc sản OCOP"
    raw = escpos_job.encode_cp1258(text.replace("–", "-"))
    back = unicodedata.normalize("NFC", raw.decode("cp1258"))
    assert back == text.replace("–", "-")


def test_text_mode_job_with_code_page_qr_and_barcode():
    doc = sale_doc(3, "vi", "vietqr")
    job = parse(escpos_job.text_job(doc, profile="TM-T20II"))
    assert ("ESC t", bytes((52,))) in job.events  # CP1258 slot of the Epson profile
    text = unicodedata.normalize("NFC", bytes(job.text).decode("cp1258"))
    assert "Muối hầm Bạc Liêu 500 g" in text and "HÓA ĐƠN BÁN HÀNG" in text and "Nguyễn Thị Lan" in text
    assert job.qr_data == [doc["qr"]["payload"].encode()]
    assert vietqr.decode(job.qr_data[0].decode()).amount == doc["total"]
    assert job.barcodes == [(73, b"{BHN01-000123")]  # GS k m=73: CODE128, code set B
    assert "cut" in job.names()


def test_text_mode_refuses_printers_without_vietnamese_code_page():
    with pytest.raises(ValueError):
        escpos_job.text_job(sale_doc(1), profile="TM-U220")


@pytest.mark.parametrize("width", [384, 512, 576])
def test_our_raster_bytes_equal_python_escpos_image(width):
    """raster_commands skips python-escpos's slow RGBA detour but must write the very same bytes."""
    from escpos.printer import Dummy

    img = receipt.render(sale_doc(10, "vi", "vietqr"), width)
    ref = Dummy()
    ref.profile.profile_data = {**ref.profile.profile_data, "media": {"width": {"mm": 80, "pixels": width}}}
    ref.image(img, impl="bitImageRaster")
    assert escpos_job.raster_commands(img) == ref.output


def test_raster_wider_than_the_profile_is_refused():
    img = receipt.render(sale_doc(1), 576)
    with pytest.raises(ValueError):
        escpos_job.raster_job(img, profile="POS-5890")  # a 58 mm printer: 384 dots
    assert parse(escpos_job.raster_job(receipt.render(sale_doc(1), 384), profile="POS-5890")).images
