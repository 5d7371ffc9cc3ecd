"""GTINs as the public addresses use them: the GTIN-14 form of a stored EAN-13, UPC-A, EAN-8 or
GTIN-14 (GS1 General Specifications §3.3.2: a GTIN is one number whatever its length, padded to 14
digits with leading zeros in the Digital Link URI, GS1 Digital Link Standard §4.1) and the check
digit rule of pos/gs1.py, the kiosk's reader of the same addresses."""
from __future__ import annotations

from pos import gs1

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin14(code: str) -> str | None:
    """The GTIN-14 of a stored barcode, or None when it is not a GTIN (in-store, weight or price
    codes starting 2, wrong length, wrong check digit)."""
    code = (code or "").strip()
    if not code.isascii() or not code.isdigit() or len(code) not in GTIN_LENGTHS:
        return None
    if len(code) in (12, 13) and code.zfill(13)[0] == "2":  # restricted circulation: this shop's own numbers
        return None
    if gs1.check_digit(code[:-1]) != int(code[-1]):
        return None
    return code.zfill(14)


def checked(path_gtin: str) -> str | None:
    """The GTIN-14 named in an address (/01/…), accepting the shorter forms GS1 resolvers accept,
    or None when it is not a valid GTIN."""
    return gtin14(path_gtin)


def trace_path(code: str) -> str | None:
    """The product page's path for a stored barcode, if the barcode is a GTIN."""
    g = gtin14(code)
    return f"/01/{g}" if g else None
