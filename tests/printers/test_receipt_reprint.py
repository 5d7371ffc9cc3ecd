"""A receipt paid by VietQR, printed again: read back off the paper, it must carry no payable code.

The rendered image is decoded with zxing-cpp as a customer's banking app would scan it."""
from __future__ import annotations

import pytest
import zxingcpp

from pos import catalog, print_jobs, sales, vietqr
from pos.cart import Cart
from printers import escpos_job, receipt
from receipt_samples import sale_doc

TRACE = "https://truyxuat.ocop.vn/p/TOM-200"


def scanned(img) -> list[tuple[str, str]]:
    return sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(img))


def payable(codes) -> list[str]:
    """The VietQR payloads among scanned codes (a payable code decodes with a valid CRC)."""
    out = []
    for fmt, text in codes:
        if fmt == "QRCode":
            try:
                vietqr.decode(text)
            except Exception:
                continue
            out.append(text)
    return out


@pytest.fixture
def qr_sale(store, selling):
    """A VietQR sale of salt (no trace URL) then shrimp (with one), queued on a printer."""
    store.set_settings(printer={"kind": "file", "path": str(store.path.parent / "printer.bin")})
    catalog.upsert_product(store, {"id": selling.shrimp, "trace_url": TRACE})
    cart = Cart()
    for code in ("8930000000019", "8930000000026"):
        cart.add(catalog.lookup(store, code).product, barcode=code)
    res = sales.complete_sale(store, cart, [{"method": "vietqr", "amount": cart.totals().total}], selling.clerk)
    return res


@pytest.mark.parametrize("width", [384, 576])
def test_the_sale_receipt_carries_the_vietqr_and_its_reprint_does_not(store, selling, qr_sale, width):
    [job] = print_jobs.recent(store)
    first = scanned(receipt.render(job["payload"], width))
    assert [vietqr.decode(p).amount for p in payable(first)] == [qr_sale.total]

    sales.reprint(store, qr_sale.sale_id, selling.clerk)
    again = print_jobs.recent(store)[0]
    assert again["kind"] == "reprint"
    img, drawn = receipt.render_with_text(again["payload"], width)
    codes = scanned(img)
    assert payable(codes) == []
    assert ("QRCode", TRACE) in codes and ("Code128", qr_sale.receipt_no) in codes
    texts = [t for t, _, _ in drawn]
    assert "ĐÃ THANH TOÁN" in texts and "BẢN IN LẠI" in texts


def test_a_queued_job_printed_again_drops_the_vietqr_too(store, selling, qr_sale):
    """print_jobs.reprint copies the stored document of the sale's receipt."""
    [job] = print_jobs.recent(store)
    print_jobs.reprint(store, job["id"])
    copy = print_jobs.recent(store)[0]
    img, drawn = receipt.render_with_text(copy["payload"], 576)
    codes = scanned(img)
    assert payable(codes) == [] and ("QRCode", TRACE) in codes  # the trace code takes the payment code's place
    assert "ĐÃ THANH TOÁN" in [t for t, _, _ in drawn]


@pytest.mark.parametrize("lang,paid", [("vi", "ĐÃ THANH TOÁN"), ("en", "PAID")])
def test_a_reprint_from_before_the_rule_prints_paid_and_no_code(lang, paid):
    """A document stored before receipts knew their trace code: nothing to scan, the word PAID."""
    doc = sale_doc(3, lang, "vietqr", reprint=True)
    img, drawn = receipt.render_with_text(doc, 576)
    assert [f for f, _ in scanned(img)] == ["Code128"]
    assert paid in [t for t, _, _ in drawn]
    original = sale_doc(3, lang, "vietqr")
    assert payable(scanned(receipt.render(original, 576))) == [original["qr"]["payload"]]


def test_the_text_mode_reprint_sends_no_vietqr():
    doc = sale_doc(2, "vi", "vietqr", reprint=True)
    payload = doc["qr"]["payload"].encode()
    assert payload not in escpos_job.text_job(doc)
    assert payload in escpos_job.text_job(sale_doc(2, "vi", "vietqr"))
