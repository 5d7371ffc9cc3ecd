"""What a person reads for a product: its name and its unit of sale in the screen's (or receipt's)
language.

Why here and not in ui/: the receipt (pos.sales.receipt_doc), the screens and the labels all need
the same words, and the catalog stores units the way Vietnamese shops write them ("hũ", "gói").
An English screen or receipt showed "2 hũ" before; the English words live in one small table.
A unit nobody listed (a manager may type any) is shown as it was typed.
"""
from __future__ import annotations

# Vietnamese unit of sale -> English (singular, plural). Keys are lower case.
UNITS_EN: dict[str, tuple[str, str]] = {
    "hũ": ("jar", "jars"),
    "lọ": ("jar", "jars"),
    "gói": ("pack", "packs"),
    "hộp": ("box", "boxes"),
    "chai": ("bottle", "bottles"),
    "túi": ("bag", "bags"),
    "cây": ("piece", "pieces"),
    "cái": ("piece", "pieces"),
    "chiếc": ("piece", "pieces"),
    "bó": ("bunch", "bunches"),
    "bịch": ("bag", "bags"),
    "thùng": ("carton", "cartons"),
    "can": ("can", "cans"),
    "lon": ("can", "cans"),
    "vỉ": ("tray", "trays"),
    "bộ": ("set", "sets"),
    "đôi": ("pair", "pairs"),
}


def unit_name(unit: str | None, lang: str = "vi", qty: int = 1) -> str:
    """The unit as written in `lang`: "hũ" in Vietnamese, "jar"/"jars" in English.

    Vietnamese has no plural; English takes the plural for any quantity but 1. Measures
    (kg, g, ml, l) are the same in both."""
    unit = (unit or "").strip()
    if lang != "en" or not unit:
        return unit
    pair = UNITS_EN.get(unit.lower())
    if pair is None:
        return unit
    return pair[0] if qty == 1 else pair[1]


def product_name(row: dict, lang: str = "vi") -> str:
    """A product's (or category's, or sale line's) name in `lang`: the English name when there is
    one and the screen is English, else the Vietnamese name."""
    if lang == "en" and (row.get("name_en") or "").strip():
        return row["name_en"]
    return row.get("name_vi") or ""
