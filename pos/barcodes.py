"""GS1 barcodes: check digits, kinds, in-store codes and weight/price-embedded labels.

Why our own check: python-barcode silently "fixes" a wrong EAN-13 check digit and python-escpos
prints one, so a mistyped code would otherwise become a different, valid-looking product.

In-store scheme (GS1 prefix 2, restricted circulation, valid only inside this chain):
  20 NNNNNNNNNN C  an item code we issued for a product without its own GS1 code
  21 IIIII WWWWW C weight-embedded: item IIIII, WWWWW grams (from a label scale)
  22 IIIII PPPPP C price-embedded: item IIIII, PPPPP x 100 đồng
For 21/22 labels the product is found by its 7-digit key "21IIIII"/"22IIIII" in the barcodes table.

Any Unicode can arrive (a typed code, a scanner on the wrong keyboard layout): codes are taken in
their NFKC form, so full-width and superscript digits become 0-9, and digits of other scripts
(Arabic-Indic ٣ ...) are refused with InvalidBarcode; only 0-9 ever reach int().
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidBarcode
from .text import is_ascii_digits as _digits
from .text import nfkc

WEIGHT_PREFIX = "21"
PRICE_PREFIX = "22"
INSTORE_PREFIX = "20"
PRICE_UNIT = 100  # đồng per unit of the embedded price
MAX_INPUT = 256  # longer input is not a scan: refused before any Unicode work on it


def gs1_check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits before it (any GTIN length)."""
    if not _digits(body):
        raise InvalidBarcode("barcode must be digits: {code!r}", code=body)
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return _digits(code) and len(code) in (8, 12, 13, 14) and gs1_check_digit(code[:-1]) == int(code[-1])


def kind_of(code: str) -> str:
    """'ean13' | 'ean8' | 'upca' | 'instore' | 'other' (non-GTIN codes such as Code128 SKUs)."""
    if _digits(code) and ((len(code) == 13 and code[0] == "2") or is_plu_key(code)):
        return "instore"
    if _digits(code) and len(code) == 13:
        return "ean13"
    if _digits(code) and len(code) == 8:
        return "ean8"
    if _digits(code) and len(code) == 12:
        return "upca"
    return "other"


def normalize(code: str) -> str:
    """The code as it is stored and looked up: NFKC, surrounding blanks off ("" if not a str)."""
    if isinstance(code, str) and len(code) > MAX_INPUT:
        raise InvalidBarcode("not a barcode: {shown!r}", code=code[:64], shown=code[:20])
    return nfkc(code).strip()


def validate(code: str) -> str:
    """Return the normalised code, or raise InvalidBarcode with the reason.

    Numeric codes of GTIN length must carry a correct check digit; other codes (Code128
    SKUs, QR traceability codes) pass through if they are printable and short."""
    code = normalize(code)
    if not code:
        raise InvalidBarcode("empty barcode", code=code)
    if any(ch.isnumeric() and not ch.isascii() for ch in code):
        raise InvalidBarcode("{code} has digits other than 0-9", code=code[:64])
    if _digits(code) and len(code) in (8, 12, 13, 14):
        expected = gs1_check_digit(code[:-1])
        if expected != int(code[-1]):
            raise InvalidBarcode("wrong check digit in {code}: expected {expected}", code=code, expected=expected)
        return code
    if _digits(code):
        raise InvalidBarcode("{code} has {digits} digits; GS1 codes have 8, 12, 13 or 14", code=code, digits=len(code))
    if len(code) > 64 or not code.isprintable():
        raise InvalidBarcode("not a barcode: {shown!r}", code=code[:64], shown=code[:20])
    return code


def is_plu_key(code: str) -> bool:
    """'21IIIII' / '22IIIII': the key a weight or price label is found by."""
    return len(code) == 7 and _digits(code) and code[:2] in (WEIGHT_PREFIX, PRICE_PREFIX)


def validate_key(code: str) -> str:
    """What may be stored in the barcodes table: a valid code, or a scale-label PLU key."""
    code = normalize(code)
    return code if is_plu_key(code) else validate(code)


def make_instore(number: int) -> str:
    """The 13-digit in-store code number `number` (prefix 20)."""
    if not 0 < number < 10**10:
        raise ValueError("in-store number out of range")
    body = f"{INSTORE_PREFIX}{number:010d}"
    return body + str(gs1_check_digit(body))


def make_embedded(prefix: str, item: int, value: int) -> str:
    """A weight (prefix 21, grams) or price (prefix 22, units of 100 đồng) label code."""
    if prefix not in (WEIGHT_PREFIX, PRICE_PREFIX) or not 0 <= item < 10**5 or not 0 <= value < 10**5:
        raise ValueError("embedded code out of range")
    body = f"{prefix}{item:05d}{value:05d}"
    return body + str(gs1_check_digit(body))


@dataclass(frozen=True)
class Scan:
    """What a scanned code means: which key to look up and what it carries."""

    code: str
    lookup_key: str
    grams: int | None = None  # weight-embedded label
    price: int | None = None  # price-embedded label, đồng


def parse(code: str) -> Scan:
    """A scanned or typed code. A bare PLU key ("2100011", printed on the shelf or the bin of a
    weighed product) finds its product like a label would, with no weight: the till asks for it."""
    if is_plu_key(normalize(code)):
        return Scan(normalize(code), normalize(code))
    code = validate(code)
    if len(code) == 13 and code.startswith(WEIGHT_PREFIX):
        grams = int(code[7:12])
        if grams <= 0:
            raise InvalidBarcode("weight label {code} carries no weight", code=code)
        return Scan(code, code[:7], grams=grams)
    if len(code) == 13 and code.startswith(PRICE_PREFIX):
        price = int(code[7:12]) * PRICE_UNIT
        if price <= 0:
            raise InvalidBarcode("price label {code} carries no price", code=code)
        return Scan(code, code[:7], price=price)
    return Scan(code, code)
