"""Voucher codes: unguessable, with a check character, the same rule at the centre and the kiosk.

Why this shape: a code is 15 random characters from `secrets` (75 bits: guessing one of 10,000
live codes takes ~10^18 tries) and a 16th, the Luhn mod 32 check character over Crockford's
base-32 alphabet, so a mistyped code (one wrong character, or two neighbours swapped) is refused
at once, on the kiosk, before any lookup or network call. Crockford's alphabet has no I, L, O or
U: a clerk typing O for 0 or l for 1 is read right (normalize()). Printed and shown in groups of
four ("K7QM-3P9X-T2WD-H8RC"); the QR carries the same text, so a scanner burst types it."""
from __future__ import annotations

import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
N = len(ALPHABET)
BODY = 15          # random characters
LENGTH = BODY + 1  # with the check character
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def check_char(body: str) -> str:
    """The Luhn mod N check character of `body` (alphabet characters only)."""
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // N + addend % N
    return ALPHABET[(N - total % N) % N]


def new_code() -> str:
    """A fresh code, grouped for people (`secrets`: not predictable from earlier codes)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return grouped(body + check_char(body))


def grouped(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalize(text) -> str:
    """What was typed or scanned as the bare code (upper case, no spaces or dashes, O/I/L read
    as 0/1, full-width characters folded); '' when it is not text."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text).strip().upper()
    return "".join(c for c in text if c not in " -_.").translate(_READ_AS)


def valid(text) -> bool:
    """True when `text` is a well-formed code whose check character agrees."""
    code = normalize(text)
    return (len(code) == LENGTH and all(c in _VALUE for c in code)
            and check_char(code[:-1]) == code[-1])


def canonical(text) -> str:
    """The stored form (grouped), or '' when the code is malformed or its check character is wrong."""
    return grouped(normalize(text)) if valid(text) else ""


def masked(code: str) -> str:
    """For receipts and lists: the last group only (a receipt left on the counter spends nothing)."""
    return "****-" + code[-4:] if code else ""
