"""The figures providers ask for that the kiosk's snapshot holds only implicitly: quantities in the
unit printed (kg for goods sold by weight), pre-VAT unit prices, per-rate breakdowns, epoch
milliseconds. All from pos.money's integer rules, so a provider sees the same đồng the receipt shows.
"""
from __future__ import annotations

import datetime as dt

from pos.money import vat_part

CONSUMER = "Bán cho người tiêu dùng"  # the buyer line of an invoice without buyer details (issue 13)


def quantity(line: dict):
    """Units as an int; grams as kilograms (a number with up to 3 decimals)."""
    return line["qty"] / 1000 if line["by_weight"] else line["qty"]


def unit_price(line: dict, template: str) -> int:
    """The unit price printed: pre-VAT for a VAT invoice (template 1), VAT-inclusive otherwise."""
    price = line["unit_price"]
    return price - vat_part(price, line["vat_rate"]) if template == "1" else price


def gross(line: dict) -> int:
    """The line before its trade discount, VAT inclusive (= amount + discount)."""
    return line["amount"] + line["discount"]


def pre_vat_gross(line: dict) -> int:
    """The line before its discount, without VAT: its pre-VAT net plus the discount's pre-VAT part."""
    return line["pre_vat"] + line["discount"] - vat_part(line["discount"], line["vat_rate"])


def discount(line: dict, template: str) -> int:
    """The line's trade discount as printed: without its VAT on a VAT invoice (template 1)."""
    return line["discount"] - vat_part(line["discount"], line["vat_rate"]) if template == "1" else line["discount"]


def rate_groups(lines: list[dict]) -> list[tuple[int, int, int, int]]:
    """(rate, pre-VAT, VAT, VAT-inclusive) per VAT rate, rates ascending."""
    out: dict[int, list[int]] = {}
    for ln in lines:
        g = out.setdefault(ln["vat_rate"], [0, 0, 0])
        g[0] += ln["pre_vat"]
        g[1] += ln["vat_amount"]
        g[2] += ln["amount"]
    return [(rate, *out[rate]) for rate in sorted(out)]


def tax_groups(lines: list[dict], template: str) -> list[tuple[int | None, int, int, int]]:
    """What an invoice states per tax group: a VAT invoice (template 1) one group per VAT rate; a
    sales invoice (template 2, direct method) states no VAT, so one group of the whole VAT-inclusive
    amount with no VAT (rate None) - its lines are sent at their full amount with no tax either."""
    if template == "1":
        return rate_groups(lines)
    total = sum(ln["amount"] for ln in lines)
    return [(None, total, 0, total)] if lines else []


def epoch_ms(iso: str) -> int:
    """An ISO 8601 time with its offset as whole seconds since the epoch, in milliseconds."""
    return int(dt.datetime.fromisoformat(iso).timestamp()) * 1000 if iso else 0


def vn_date(iso: str) -> str:
    """The invoice's date as printed (its own offset, +07:00 from the kiosk)."""
    return dt.datetime.fromisoformat(iso).date().isoformat() if iso else ""

