"""Drawing helpers shared by receipts and labels: the bundled font, wrapping, QR and 1-D barcodes.

The font is bundled (assets/fonts) so a kiosk without Vietnamese fonts installed still prints
"Muối" and not boxes. Barcodes are drawn here from python-barcode's module pattern rather than
with its ImageWriter so each bar is a whole number of printer dots (>= 2): one-dot bars on 203 dpi
thermal paper decode unreliably."""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import barcode as pybarcode
import qrcode
from PIL import Image, ImageDraw, ImageFont

from pos.barcodes import validate as validate_code
from pos.errors import InvalidBarcode

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

QUIET_MODULES = 10
QR_MASK = 4  # Code128/EAN quiet zone each side, in modules


@functools.lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Basic layout (no shaping engine): ~20 % faster, and right for Vietnamese once text is NFC,
    where every toned letter is one precomposed glyph (see nfc)."""
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC)


def nfc(text: str) -> str:
    """Composed form: 'ệ' typed as e + circumflex + dot (NFD, as some keyboards and Macs send it)
    becomes the single glyph DejaVu draws correctly without a shaping engine."""
    return unicodedata.normalize("NFC", text or "")


def text_width(f: ImageFont.FreeTypeFont, text: str) -> float:
    return f.getlength(text)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by rendered width; words longer than the line are cut by characters."""
    out: list[str] = []
    for para in nfc(text).split("\n"):
        if f.getlength(para) <= width:  # the usual case: one measurement, no word loop
            out.append(para.strip())
            continue
        line = ""
        for word in para.split():
            candidate = f"{line} {word}" if line else word
            if f.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            while f.getlength(word) > width:
                cut = len(word)
                while cut > 1 and f.getlength(word[:cut]) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return out


def qr_image(payload: str, target_px: int, min_module: int = 3) -> Image.Image:
    """A QR code as a 1-bit image whose modules are whole dots, about `target_px` wide (quiet zone included)."""
    # A fixed mask: trying all eight (the library's default) costs ~35 ms per receipt; any mask
    # gives a valid code, the choice only tunes the dark/light balance.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    module = max(min_module, target_px // (n + 8))
    quiet = 4 * module
    size = n * module + 2 * quiet
    img = Image.new("1", (size, size), 1)
    draw = ImageDraw.Draw(img)
    for y, row in enumerate(matrix):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                draw.rectangle(
                    (quiet + start * module, quiet + y * module, quiet + x * module - 1, quiet + (y + 1) * module - 1),
                    fill=0,
                )
            else:
                x += 1
    return img


def modules_for(kind: str, code: str) -> str:
    """The bar pattern ('1' = bar) of a Code128, EAN-13 or EAN-8 code. EAN check digits are validated
    here because python-barcode would silently replace a wrong one."""
    if kind in ("ean13", "ean8"):
        code = validate_code(code)
        digits = 13 if kind == "ean13" else 8
        if not (code.isdigit() and len(code) == digits):
            raise InvalidBarcode(f"{kind.upper()} needs {digits} digits: {code!r}", code=code)
        return pybarcode.get(kind, code).build()[0]
    if kind == "code128":
        if not code or not all(32 <= ord(c) < 127 for c in code):
            raise InvalidBarcode(f"Code128 here takes printable ASCII: {code!r}", code=code)
        return pybarcode.get("code128", code).build()[0]
    raise ValueError(f"unknown barcode kind {kind!r}")


def barcode_image(kind: str, code: str, max_width: int, height: int, min_module: int = 2, max_module: int = 4) -> Image.Image:
    """1-D barcode with a quiet zone, module width the largest whole number of dots that fits."""
    pattern = modules_for(kind, code)
    total = len(pattern) + 2 * QUIET_MODULES
    module = min(max_module, max_width // total)
    if module < min_module:
        raise InvalidBarcode(
            f"{code!r} is too long for {max_width} dots with {min_module}-dot bars", code=code
        )
    img = Image.new("1", (total * module, height), 1)
    draw = ImageDraw.Draw(img)
    x = QUIET_MODULES * module
    i = 0
    while i < len(pattern):
        if pattern[i] == "1":
            start = i
            while i < len(pattern) and pattern[i] == "1":
                i += 1
            draw.rectangle((x + start * module, 0, x + i * module - 1, height - 1), fill=0)
        else:
            i += 1
    return img


def to_mono(img: Image.Image) -> Image.Image:
    """Grey text rendering -> crisp 1-bit (thresholded, not dithered: dithered glyph edges look fuzzy)."""
    if img.mode == "1":
        return img
    return img.convert("L").point(lambda v: 255 if v >= 150 else 0, mode="1")
