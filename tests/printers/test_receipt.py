"""Receipt images: what the customer reads (decoded QR and Code128, Vietnamese glyphs, layout)."""
from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from pos import vietqr
from printers import receipt
from printers.drawing import font, qr_image
from receipt_samples import refund_doc, sale_doc, z_report_doc

VECTORS = {
    "static": "00020101021138540010A00000072701240006970436011010175956000208QRIBFTTA53037045802VN630438BB",
    "dynamic": "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN"
               "62230819thanh toan don hang630470FA",
    "card": "00020101021238600010A00000072701300006970436011697043610175956000208QRIBFTTC530370454061800005802VN"
            "62340507NPS68690819thanh toan don hang6304924E",
}

VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ₫★×"


def decode(img):
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)}


def texts(doc, width=576):
    return [t for t, _, _ in receipt.render_with_text(doc, width)[1]]


def _glyph(f, ch: str) -> bytes:
    return Image.frombuffer("L", f.getmask(ch).size, bytes(f.getmask(ch)), "raw", "L", 0, 1).tobytes()


def test_bundled_font_has_every_vietnamese_glyph():
    f = font(24)
    missing_box = _glyph(f, "\ue000")  # private-use char: DejaVu draws its .notdef box
    assert any(missing_box)
    for ch in VIETNAMESE:
        assert f.getmask(ch).getbbox() is not None, f"{ch!r} renders nothing"
        assert _glyph(f, ch) != missing_box, f"{ch!r} renders as the missing-glyph box"
    # the tone marks really change the glyph (not a bare base letter)
    assert _glyph(f, "ệ") != _glyph(f, "e") and _glyph(f, "ệ") != _glyph(f, "ê")


@pytest.mark.parametrize("width", [384, 512, 576])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_vietqr_receipt_decodes_to_the_payment(width, lang):
    doc = sale_doc(5, lang, "vietqr")
    img, drawn = receipt.render_with_text(doc, width)
    assert img.width == width and img.mode == "1"
    found = decode(img)
    qr = [t for f, t in found if f == "QRCode"]
    assert qr == [doc["qr"]["payload"]]
    d = vietqr.decode(qr[0])  # CRC checked inside
    assert (d.bin_code, d.account, d.amount) == ("970436", "1017595600", doc["total"])
    assert ("Code128", "HN01-000123") in found
    # nothing drawn past the paper's edge
    assert all(0 <= x0 and x1 <= width for _, x0, x1 in drawn)


@pytest.mark.parametrize("name,payload", list(VECTORS.items()))
def test_architecture_vectors_survive_print_and_scan(name, payload):
    assert vietqr.decode(payload)  # the vector itself is valid
    doc = sale_doc(2, "vi", "vietqr")
    doc["qr"]["payload"] = payload
    img = receipt.render(doc, 384)
    assert ("QRCode", payload) in decode(img)


def test_build_reproduces_the_vectors():
    assert vietqr.build("970436", "1017595600") == VECTORS["static"]
    assert vietqr.build("970436", "1017595600", 180000, purpose="thanh toan don hang") == VECTORS["dynamic"]


def test_barcode_bars_are_at_least_two_dots_wide():
    img = receipt.render(sale_doc(1, "vi", "cash"), 384)
    code = [r for r in zxingcpp.read_barcodes(img) if r.format.name == "Code128"][0]
    pos = code.position
    y = (pos.top_left.y + pos.bottom_left.y) // 2
    px = img.load()
    row = [px[x, y] == 0 for x in range(pos.top_left.x, pos.top_right.x + 1)]
    runs, x = [], 0
    while x < len(row):
        start = x
        while x < len(row) and row[x] == row[start]:
            x += 1
        runs.append(x - start)
    assert len(runs) > 30
    # bars and gaps inside the code: whole modules of 2 dots
    assert min(runs) >= 2 and all(n % 2 == 0 for n in runs)


def test_vietnamese_and_english_labels():
    vi = texts(sale_doc(3, "vi", "cash"))
    en = texts(sale_doc(3, "en", "cash"))
    assert "HÓA ĐƠN BÁN HÀNG" in vi and "TỔNG CỘNG" in vi and "Tiền thừa trả khách" in vi and "Thu ngân" in vi
    assert "SALES RECEIPT" in en and "TOTAL" in en and "Change" in en and "Cashier" in en
    assert not any("TỔNG" in t for t in en)
    # amounts the Vietnamese way
    doc = sale_doc(3, "vi", "cash")
    from pos.money import fmt_vnd
    assert fmt_vnd(doc["total"]) in vi and fmt_vnd(doc["change_due"]) in vi
    assert any("★★★★" in t for t in vi)  # OCOP stars next to the product


def test_reprint_refund_void_and_discounts():
    rp = texts(sale_doc(2, "vi", "vietqr", reprint=True))
    assert rp.count("BẢN IN LẠI") == 2  # under the title and at the foot
    assert "BẢN IN LẠI" not in texts(sale_doc(2, "vi", "vietqr"))
    assert "REPRINT" in texts(sale_doc(2, "en", "vietqr", reprint=True))
    rf = texts(refund_doc())
    assert "PHIẾU TRẢ HÀNG" in rf and "HN01-000123" in rf and "TỔNG TIỀN TRẢ" in rf
    assert "Khách đổi ý, hàng còn nguyên tem" in rf
    doc = sale_doc(2, "vi", "cash", discount=5000)
    doc.update(order_discount=10000, order_discount_reason="Khách quen", total=doc["total"] - 10000)
    t = texts(doc)
    assert "-5.000" in t and "-5.000 ₫" in t and "-10.000 ₫" in t
    assert any("Khách quen" in x for x in t)
    void = sale_doc(2, "vi", "cash")
    void["kind"] = "void"
    assert "HÓA ĐƠN ĐÃ HỦY" in texts(void)


def test_vat_per_rate_lines():
    doc = sale_doc(10, "vi", "vietqr")
    t = texts(doc, 512)
    for v in doc["vat"]:
        assert any(x.startswith(f"Gồm thuế GTGT {v['rate']}%") for x in t)
        assert f"{v['amount']:,}".replace(",", ".") in t


def test_z_report():
    t = texts(z_report_doc(), 384)
    assert "BÁO CÁO KẾT CA (Z)" in t and "Tiền mặt đếm được" in t and "-5.000 ₫" in t
    assert "22/11/2026 21:30" in t  # UTC 14:30 shown in Vietnam time
    t_en = texts(z_report_doc("en"), 576)
    assert "END OF SHIFT (Z)" in t_en and "Variance" in t_en


def test_trace_qr_and_no_qr():
    doc = sale_doc(1, "vi", "cash")
    assert ("QRCode", doc["qr"]["payload"]) in decode(receipt.render(doc, 576))
    doc["qr"] = {"kind": "trace", "payload": "https://ocop.gov.vn/sp/123", "caption": "Muối ớt Bạc Liêu 200 g"}
    t = texts(doc)
    assert "Quét để truy xuất nguồn gốc" in t and "Muối ớt Bạc Liêu 200 g" in t
    doc["qr"] = None
    assert not [f for f, _ in decode(receipt.render(doc, 576)) if f == "QRCode"]


def test_bad_width_is_refused():
    with pytest.raises(ValueError):
        receipt.render(sale_doc(1), 600)


def test_qr_modules_are_whole_dots():
    img = qr_image("HN01-000123", 200)
    assert img.width % 1 == 0 and decode(img) == {("QRCode", "HN01-000123")}


def test_decomposed_vietnamese_input_prints_like_composed():
    import unicodedata

    doc = sale_doc(3, "vi", "cash")
    nfd = sale_doc(3, "vi", "cash")
    for ln in nfd["lines"]:
        ln["name"] = unicodedata.normalize("NFD", ln["name"])
    nfd["clerk"] = unicodedata.normalize("NFD", nfd["clerk"])
    assert nfd["clerk"] != doc["clerk"]
    assert receipt.render(nfd, 512).tobytes() == receipt.render(doc, 512).tobytes()


def test_reprint_banner_keeps_the_tone_marks():
    """White-on-black text: the hook of Ả rises above the font ascent; a box that did not hold it
    would print it white on white, and 'BẢN' would read 'BÁN'. The box's edge rows must be solid."""
    page = receipt._Page(384, 200)
    page.text("BẢN IN LẠI", page.fbig, "center", invert=True)
    (_, x0, x1), = page.drawn
    img = page.finish()
    px = img.load()
    left = int(x0) - 4  # inside the box's 8-dot side padding: black on every box row
    rows = [y for y in range(img.height) if px[left, y] == 0]
    assert rows, "no banner box"
    top, bottom = rows[0], rows[-1]
    for y in (top, top + 1, bottom - 1, bottom):
        assert all(px[x, y] == 0 for x in range(left, int(x1) + 4)), f"ink reaches the box edge at row {y}"
    # and the glyphs are really there, white inside the box
    inside = sum(px[x, y] != 0 for y in range(top, bottom + 1) for x in range(left, int(x1) + 4))
    assert inside > 200
