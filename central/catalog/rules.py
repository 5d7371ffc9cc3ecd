"""What every catalog write refuses, and how: one error type (CatalogError) for the office's
edits, imports, price schedules, commission rates and the admin API's raw rows, and the parsers
of numbers and days they share."""
from __future__ import annotations

import datetime as dt

from pos.catalog import MAX_PRICE
from pos.errors import InvalidAmount
from pos.money import parse_vnd


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark only"
    """Marks a message as a msgid of the office pages' catalogs (central/office/translations)."""
    return message


class CatalogError(ValueError):
    """A catalog change refused, with the reason in Vietnamese; `field` names the bad input.
    With `params`, `message` is a template (`{name}` places) kept as `msgid`, so the office pages
    can show the reason in the user's language (central/office/i18n.py error_text); str() and the
    JSON API keep the Vietnamese text."""

    def __init__(self, message: str, field: str = "", **params):
        super().__init__(message.format(**params) if params else message)
        self.field = field
        self.msgid, self.params = message, params


def whole(value, field: str, label: str, lo: int = 0, hi: int = MAX_PRICE, money: bool = False) -> int:
    """A whole number lo..hi from a form, a spreadsheet cell or JSON (money may be typed '45.000 ₫');
    True, 1.5 and text that is not a number are refused, naming `label`."""
    if isinstance(value, bool):
        raise CatalogError(N_("{label}: phải là số nguyên"), field, label=label)
    if isinstance(value, int):
        n = value
    elif isinstance(value, float) and value.is_integer():
        n = int(value)
    else:
        text = str(value if value is not None else "").strip()
        try:
            n = parse_vnd(text) if money else int(text)
        except (ValueError, InvalidAmount):  # parse_vnd's refusal is a PosError, not a ValueError
            raise CatalogError(N_("{label}: không phải số nguyên: {text}"), field, label=label,
                               text=repr(text)) from None
    if not lo <= n <= hi:
        raise CatalogError(N_("{label}: phải từ {lo} đến {hi}"), field, label=label, lo=lo, hi=hi)
    return n


def iso_day(value, field: str, label: str) -> str | None:
    """A day as YYYY-MM-DD from a date, ISO text or dd/mm/yyyy (as the office types it); empty -> None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise CatalogError(N_("{label}: không phải ngày (nhập dd/mm/yyyy, ví dụ 21/11/2026): {text}"), field, label=label,
                       text=repr(text))
