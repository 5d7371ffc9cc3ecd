"""Integer VND arithmetic. No floats anywhere money flows."""
from __future__ import annotations

from .errors import InvalidAmount
from .text import fmt_vnd, is_ascii_digits, nfkc  # noqa: F401 - fmt_vnd re-exported

MAX_PRICE = 1_000_000_000  # one product's catalog price: more is a typo
MAX_AMOUNT = 10_000_000_000  # 10 billion đồng: no kiosk sale is larger; bigger is a typo


def round_div(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero (how đồng amounts are rounded)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def vat_part(gross_incl: int, rate: int) -> int:
    """The VAT contained in a VAT-inclusive amount, to the whole đồng."""
    if rate not in (0, 5, 8, 10):
        raise ValueError(f"VAT rate must be 0, 5, 8 or 10, not {rate}")
    return round_div(gross_incl * rate, 100 + rate)


def line_amount(unit_price: int, qty: int, by_weight: bool) -> int:
    """Units x price, or grams x price-per-kg / 1000 rounded to the đồng."""
    return round_div(unit_price * qty, 1000) if by_weight else unit_price * qty


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` over `weights` proportionally; the parts add up exactly (largest remainder)."""
    s = sum(weights)
    if s <= 0:
        return [0] * len(weights)
    raw = [total * w for w in weights]
    parts = [r // s for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] % s), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


MAX_TYPED_DIGITS = 15  # more than any amount a kiosk handles; int() refuses > 4,300 digits anyway


def parse_vnd(text: str) -> int:
    """'1.250.000', '1250000', '1.250.000 ₫', full-width '１２５０００' -> 1250000; raises
    InvalidAmount (a PosError) for anything else, other scripts' digits included."""
    cleaned = nfkc(text)
    for mark in ("₫", "đ", "Đ", "VND", "vnd", ".", ",", " "):
        cleaned = cleaned.replace(mark, "")
    if not is_ascii_digits(cleaned):
        raise InvalidAmount("not an amount: {text!r}", text=text[:40] if isinstance(text, str) else repr(text)[:40])
    if len(cleaned.lstrip("0")) > MAX_TYPED_DIGITS:
        raise InvalidAmount("{digits} digits is not an amount", digits=len(cleaned))
    return int(cleaned)


def line_parts(lt, qtys: list[int], total_qty: int) -> list[tuple[int, int, int, int, int, int]]:
    """(gross, line discount, order share, net, VAT, promotions' part of the line discount) of each
    part of a line (`lt`, a cart.LineTotals) split by quantity, as a sale drawing from several lots
    writes it: each part's share rounded, the last taking the rest, so the parts add up to the line."""
    if len(qtys) == 1:
        return [(lt.gross, lt.gross - lt.order_share - lt.net, lt.order_share, lt.net, lt.vat_amount, lt.promo)]
    whole = (lt.gross, lt.gross - lt.order_share - lt.net, lt.order_share, lt.vat_amount, lt.promo)
    given = [0, 0, 0, 0, 0]
    out = []
    for n, qty in enumerate(qtys):
        last = n == len(qtys) - 1
        part = [w - g if last else round_div(w * qty, total_qty) for w, g in zip(whole, given)]
        given = [g + p for g, p in zip(given, part)]
        gross, discount, share, vat, promo = part
        out.append((gross, discount, share, gross - discount - share, vat, min(promo, discount)))
    return out
