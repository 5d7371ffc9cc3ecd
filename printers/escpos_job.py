"""ESC/POS byte jobs, built on python-escpos's Dummy printer so the bytes can be stored, inspected
and sent by any connection (the drivers only move bytes).

Raster (default): the receipt image goes out with GS v 0, which every ESC/POS printer prints.

Text mode (optional, for printers whose firmware really has a Vietnamese code page): the receipt
text is encoded in Windows-1258 and selected with ESC t n from the printer's python-escpos
profile. Profiles that list CP1258: TM-T20II, TM-T88II, TM-T88V, TM-L90, TM-P80 (n=52), NT-80-V-UL,
NT-5890K, POS-5890 (n=94), RP326 (n=35). Many clones that claim these profiles print garbage
instead, which is why raster stays the default."""
from __future__ import annotations

import unicodedata

from escpos.printer import Dummy
from PIL import Image

from pos.money import fmt_vnd

ESC = b"\x1b"
GS = b"\x1d"
INIT = ESC + b"@"
DRAWER_PIN = 2

# CP1258 has the Vietnamese base letters (ă â ê ô ơ ư đ) but writes the five tones as separate
# combining marks; Python's codec does not decompose, so we do.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


def _printer(profile: str | None, width_px: int | None = None) -> Dummy:
    """A Dummy with the profile; profiles of unknown paper width get the image's width so
    python-escpos neither complains on stdout nor refuses the raster."""
    p = Dummy(profile=profile)
    media = p.profile.profile_data.get("media", {})
    if width_px and media.get("width", {}).get("pixels") == "Unknown":
        data = dict(p.profile.profile_data)
        data["media"] = {**media, "width": {"mm": "Unknown", "pixels": width_px}}
        p.profile.profile_data = data
    return p


_INVERT = bytes(b ^ 0xFF for b in range(256))


def raster_commands(image: Image.Image, fragment_height: int = 960) -> bytes:
    """GS v 0 commands for a 1-bit image, in bands of at most `fragment_height` rows.

    The same command python-escpos's image(impl="bitImageRaster") writes (and the same 960-row
    bands), without its detour through RGBA, which took longer than drawing the receipt."""
    im = image if image.mode == "1" else image.convert("1")
    width_bytes = (im.width + 7) // 8
    if im.width % 8:
        padded = Image.new("1", (width_bytes * 8, im.height), 1)
        padded.paste(im, (0, 0))
        im = padded
    data = im.tobytes().translate(_INVERT)  # PIL: 1 = white; ESC/POS: 1 = black dot
    out = bytearray()
    for top in range(0, im.height, fragment_height):
        rows = min(fragment_height, im.height - top)
        out += GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")
        out += data[top * width_bytes : (top + rows) * width_bytes]
    return bytes(out)


def raster_job(image: Image.Image, cut: bool = True, profile: str | None = None) -> bytes:
    """Init, the image as GS v 0 raster, feed and cut. Never a drawer kick: the drawer opens when
    the cash is taken (printers/drawer.py), not whenever the paper happens to come out."""
    p = _printer(profile, image.width)
    known = p.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    if isinstance(known, int) and image.width > known:
        raise ValueError(f"receipt is {image.width} dots wide but printer profile {profile!r} prints {known}")
    p._raw(INIT)
    p._raw(raster_commands(image))
    if cut:
        p.cut()
    return p.output


def break_offsets(data: bytes) -> list[int]:
    """Offsets in a job where one command ends and the next begins: the start, each GS v 0 band
    of a raster job, the end. Bytes slipped in there (a drawer kick) are read as a command, not
    as image dots. Jobs of any other shape have only their start and end."""
    points = [0]
    i = len(INIT) if data.startswith(INIT) else 0
    while data[i : i + 4] in (GS + b"v0\x00", GS + b"v00"):
        width_bytes = int.from_bytes(data[i + 4 : i + 6], "little")
        rows = int.from_bytes(data[i + 6 : i + 8], "little")
        end = i + 8 + width_bytes * rows
        if end > len(data):
            break
        points.append(end)
        i = end
    points.append(len(data))
    return sorted(set(points))


def drawer_job() -> bytes:
    """ESC p: the kick every ESC/POS printer knows. It is an ordinary command: a printer that is
    offline (paper out, cover open) keeps it in its buffer and kicks when it comes back."""
    p = Dummy()
    p.cashdraw(DRAWER_PIN)
    return p.output


def drawer_pulse_job(pin: int = 0, units: int = 2) -> bytes:
    """DLE DC4 1 m t: the real-time pulse, done when received even while the printer is offline,
    or not at all (a printer without it ignores the bytes): never held back and done later."""
    return b"\x10\x14\x01" + bytes((pin, units))


def _cols(left: str, right: str, width: int) -> str:
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: max(1, room)]
    return left + " " * (width - len(left) - len(right)) + right


def text_job(doc: dict, profile: str = "TM-T20II", columns: int = 48, cut: bool = True) -> bytes:
    """A sale receipt in printer fonts with the CP1258 code page of `profile` (see module docstring).

    Covers sales and refunds; the QR is sent as GS ( k and the receipt number as GS k Code128."""
    from .receipt import LABELS

    p = Dummy(profile=profile)
    pages = p.profile.profile_data.get("codePages", {})
    slot = next((int(k) for k, v in pages.items() if v == "CP1258"), None)
    if slot is None:
        raise ValueError(f"printer profile {profile!r} has no CP1258 code page; print as an image")
    L = LABELS.get(doc.get("lang"), LABELS["vi"])

    def line(s: str = "") -> None:
        p._raw(encode_cp1258(s) + b"\n")

    p._raw(INIT + ESC + b"t" + bytes((slot,)))
    _text_head(p, line, doc, L, columns)
    _text_lines(p, line, doc, L, columns)
    _text_foot(p, line, doc, L)
    if cut:
        p.cut()
    return p.output


def _text_head(p: Dummy, line, doc: dict, L: dict, columns: int) -> None:
    """text_job's top: the store, what the paper is (sale, refund, reprint), number, time, clerk."""
    st = doc.get("store") or {}
    p.set(align="center", bold=True, double_height=True, double_width=True)
    line(st.get("name", ""))
    p.set_with_default(align="center")
    for key in ("header", "location_name", "address"):
        if st.get(key):
            line(st[key])
    p.set_with_default(align="center", bold=True)
    line(L.get(doc.get("kind", "sale"), L["sale"]))
    if doc.get("reprint"):
        line(f"*** {L['reprint']} ***")
    p.set_with_default()
    line(_cols(L["receipt_no"], doc.get("receipt_no", ""), columns))
    line(_cols(L["time"], doc.get("local_time", ""), columns))
    line(_cols(L["clerk"], doc.get("clerk", ""), columns))
    line("-" * columns)


def _text_lines(p: Dummy, line, doc: dict, L: dict, columns: int) -> None:
    """text_job's middle: the goods, the total, VAT included, payments and change."""
    for ln in doc.get("lines", []):
        stars = " " + "*" * int(ln.get("ocop_stars") or 0) if ln.get("ocop_stars") else ""
        line(ln["name"] + stars)
        qty = ln.get("qty_text") or str(ln.get("qty"))
        line(_cols(f"  {qty} x {fmt_vnd(ln['unit_price'], False)}", fmt_vnd(ln.get("gross", 0), False), columns))
        if ln.get("discount"):
            line(_cols(f"  {L['discount']}", "-" + fmt_vnd(ln["discount"], False), columns))
    line("-" * columns)
    p.set_with_default(bold=True)
    line(_cols(L["total"], fmt_vnd(doc.get("total", 0), False) + " d", columns))
    p.set_with_default()
    for v in doc.get("vat", []):
        line(_cols(f"{L['vat_incl']} {v['rate']}%", fmt_vnd(v["amount"], False), columns))
    for pay in doc.get("payments", []):
        line(_cols(L.get(pay.get("method"), pay.get("method", "")), fmt_vnd(pay.get("amount", 0), False), columns))
    if doc.get("change_due"):
        line(_cols(L["change"], fmt_vnd(doc["change_due"], False), columns))


def _text_foot(p: Dummy, line, doc: dict, L: dict) -> None:
    """text_job's bottom: PAID or the payment QR, the receipt number as a barcode, the footer."""
    from .receipt import printed_qr

    p.set_with_default(align="center")
    qr, paid = printed_qr(doc)
    if paid:
        p.set_with_default(align="center", bold=True, double_height=True, double_width=True)
        line(L["paid"])
        p.set_with_default(align="center")
    if qr:
        p.qr(qr["payload"], size=6, native=True)
        if qr.get("caption"):
            line(qr["caption"])
    if doc.get("barcode"):
        p.barcode("{B" + doc["barcode"], "CODE128", height=80, width=2, pos="BELOW", function_type="B", check=False)
    st = doc.get("store") or {}
    if st.get("footer"):
        line(st["footer"])
    p.set_with_default()
