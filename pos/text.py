"""Vietnamese text folding for search: tones off, đ -> d, lower case.

unicodedata's NFD removes tone and vowel marks but đ/Đ are separate letters, not d + mark, so
they need their own mapping (the trap FTS5's remove_diacritics also falls into)."""
from __future__ import annotations

import re
import unicodedata

_DD = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """'Muối Bạc Liêu' -> 'muoi bac lieu'."""
    text = (text or "").translate(_DD)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.split(stripped.lower())).strip()


def ascii_fold_display(text: str) -> str:
    """Tone-less text keeping case, for devices without Vietnamese characters (pole displays)."""
    text = (text or "").translate(str.maketrans({"đ": "d", "Đ": "D"}))
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.encode("ascii", "replace").decode("ascii")
