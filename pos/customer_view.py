"""What the customer-facing screen shows of a cart: rows of text and đồng, no Qt.

Why here and generic: promotions, vouchers and gift sets add their own kinds of lines and
discounts to the cart while this screen is written. The rows are read from the cart's own line
dicts (`Cart.to_dict()`) and its computed totals (`Cart.totals()`), never from a list of known
fields: a line's amount before and after its discount comes from the totals; any list of records
a line or the cart carries (promotions on a line, the components of a gift set, vouchers on the
order) is shown under it, one detail row per record, by the record's name and amount. So a new
kind of line or discount shows on the customer's screen without this module knowing it.

Amounts are integer đồng; a discount is a negative amount. Product names follow the sale's
language (the receipt's); the screen itself prints its fixed words in both languages.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .cart import Cart
from .names import product_name, unit_name

NAME_KEYS = ("name", "label", "title", "reason", "code")  # after name_<lang> / name_vi
OFF_KEYS = ("discount", "amount_off", "off")  # a record's amount that is taken off
AMOUNT_KEYS = ("amount", "value", "price")


@dataclass(frozen=True)
class Row:
    kind: str  # "line": a line of the cart; "detail": under the line above it; "order": the whole sale's
    text: str
    qty: str = ""
    amount: int | None = None  # đồng; negative: taken off


@dataclass(frozen=True)
class View:
    rows: tuple[Row, ...]
    total: int
    item_count: int
    discount_total: int  # everything taken off the sale (lines and order), as a positive amount


def qty_text(qty: int, by_weight: bool, unit: str, lang: str) -> str:
    """"2 hũ", "2 jars", "350 g"."""
    if by_weight:
        return f"{qty:,} g".replace(",", ".")
    shown = unit_name(unit, lang, qty)
    return f"{qty} {shown}" if shown else str(qty)


def record_name(rec: Mapping, lang: str) -> str:
    """A record's name in `lang` (name_en / name_vi), else its first naming field."""
    name = product_name(rec, lang) if ("name_vi" in rec or "name_en" in rec) else ""
    if name:
        return str(name)
    return next((str(rec[k]) for k in NAME_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), "")


def _money(value) -> int | None:
    return value if type(value) is int else None


def record_row(rec: Mapping, lang: str, kind: str = "detail") -> Row | None:
    """One detail row for a record a line or the cart carries; None when it has no name."""
    text = record_name(rec, lang)
    if not text:
        return None
    off = next((_money(rec[k]) for k in OFF_KEYS if _money(rec.get(k)) is not None), None)
    amount = -abs(off) if off is not None else next(
        (_money(rec[k]) for k in AMOUNT_KEYS if _money(rec.get(k)) is not None), None)
    qty = rec.get("qty")
    shown_qty = ""
    if type(qty) is int:
        shown_qty = qty_text(qty, bool(rec.get("sold_by_weight")), str(rec.get("unit") or ""), lang)
    return Row(kind, text, shown_qty, amount)


def _promo_text(applied: Mapping, lang: str) -> str:
    """A promotion's explanation (pos.promotions.Applied.as_dict) in `lang`, as the receipt has it."""
    text = applied.get("text_en") if lang == "en" and applied.get("text_en") else applied.get("text_vi")
    return ("Promo: " if lang == "en" else "KM: ") + str(text or applied.get("promotion_id") or "")


def _records(data: Mapping, lang: str, kind: str) -> list[Row]:
    """Rows for every list of records in `data` (a line dict, or the cart dict); a line's
    promotions are shown by cart_view itself (their amounts are inside the line's discount)."""
    rows = []
    for key, value in data.items():
        if key in ("lines", "promos") or not isinstance(value, (list, tuple)):
            continue
        for rec in value:
            row = record_row(rec, lang, kind) if isinstance(rec, Mapping) else None
            if row is not None:
                rows.append(row)
    return rows


def cart_view(cart: Cart, lang: str = "vi", discount_word: str = "Giảm giá / Discount") -> View:
    """The rows for `cart`: each line (name, quantity, amount before its discount), its discount
    and the records it carries under it; then the order's discount and records."""
    data = cart.to_dict()
    totals = cart.totals()
    rows: list[Row] = []
    order_promos: dict = {}  # promotion id -> (its text, its amount over all lines)
    for line, lt in zip(data["lines"], totals.lines):
        qty = qty_text(line["qty"], bool(line.get("sold_by_weight")), line.get("unit") or "", lang) \
            if type(line.get("qty")) is int else ""
        rows.append(Row("line", product_name(line, lang), qty, lt.gross))
        promos = [p for p in line.get("promos") or [] if isinstance(p, Mapping) and type(p.get("amount")) is int]
        manual = lt.line_discount - sum(p["amount"] for p in promos)
        if manual:
            rows.append(Row("detail", str(line.get("discount_reason") or "") or discount_word, "", -manual))
        for p in promos:  # a line's own promotion under it, by name; an order's, once, at the end
            if p.get("level") == "order":
                order_promos[p.get("promotion_id")] = (_promo_text(p, lang),
                                                       order_promos.get(p.get("promotion_id"), ("", 0))[1] + p["amount"])
            elif p["amount"]:
                rows.append(Row("detail", _promo_text(p, lang), "", -p["amount"]))
        rows += _records(line, lang, "detail")
    rows += [Row("order", text, "", -amount) for text, amount in order_promos.values() if amount]
    if totals.order_discount:
        rows.append(Row("order", str(data.get("order_discount_reason") or "") or discount_word, "",
                        -totals.order_discount))
    rows += _records(data, lang, "order")
    off = sum(lt.gross for lt in totals.lines) - totals.total
    return View(tuple(rows), totals.total, totals.item_count, off)
