"""Vietnamese text folding for search: tones off, đ -> d, lower case; and the plain form of any
Unicode a clerk's field or a scanner can deliver.

unicodedata's NFD removes tone and vowel marks but đ/Đ are separate letters, not d + mark, so
they need their own mapping (the trap FTS5's remove_diacritics also falls into). NFKC comes
first: full-width letters and digits (ｍｕｏｉ, ３), superscripts (²) and circled digits (①) are
compatibility forms of plain ones, and without it they escape the folding. str.isdigit() is true
for all of those and for other scripts' digits (٣) too, and int() fails on some of them: codes
and amounts use is_ascii_digits after nfkc instead.

Amounts are written here too (1.250.000 ₫, re-exported by pos.money): this module imports no
other, so pos.errors can write amounts in its messages while pos.money raises pos.errors."""
from __future__ import annotations

import re
import unicodedata

_DD = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfkc(text: str) -> str:
    """The NFKC form of `text` ("" for anything that is not a str), with lone surrogates (which
    no UTF-8 database can store) replaced by '?'."""
    if not isinstance(text, str):
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text.encode("utf-8", "replace").decode("utf-8"))
    return text


def is_ascii_digits(text: str) -> bool:
    """Only 0-9 (str.isdigit() also takes '²', '①', '٣')."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def fold(text: str) -> str:
    """'Muối Bạc Liêu' -> 'muoi bac lieu'; 'Ｍｕｏｉ' -> 'muoi'."""
    text = nfkc(text).translate(_DD)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.split(stripped.lower())).strip()


def ascii_fold_display(text: str) -> str:
    """Tone-less text keeping case, for devices without Vietnamese characters (pole displays)."""
    text = (text or "").translate(str.maketrans({"đ": "d", "Đ": "D"}))
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.encode("ascii", "replace").decode("ascii")


def search_body(name_vi: str, name_en: str, sku: str) -> str:
    """What the search index holds for a product's own words: folded names and SKU.

    The producer's name goes in a column of its own (`producer`, folded too), ranked lower."""
    return fold(f"{name_vi} {name_en} {sku}")


def fmt_vnd(amount: int, symbol: bool = True) -> str:
    """1250000 -> '1.250.000 ₫' (the Vietnamese grouping: dots)."""
    if not isinstance(amount, int):
        raise TypeError(f"money must be int, got {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    body = f"{abs(amount):,}".replace(",", ".")
    return f"{sign}{body} ₫" if symbol else f"{sign}{body}"
