"""Argument checks at pos/'s public edge.

Why: a value of the wrong type that slips past the edge fails deep inside as a TypeError, a
KeyError or an SQLite binding error — an English traceback instead of a refusal the UI can show,
and sometimes after part of the work was done. Every call that moves money or stock checks its
arguments with these first, so bad input of any kind gets a ValidationError and changes nothing.
"""
from __future__ import annotations

from .errors import ValidationError

ID_MAX = 64  # ids are UUIDs (36), receipt numbers "HN01-000123": 64 leaves room, bounds the rest


def _kind(value) -> str:
    return type(value).__name__


def shown(value):
    """A refused value as an error message shows it: small values as they are, others by their type
    (a 10-MB string or a dict of dicts does not belong in a message or a log line)."""
    if value is None or isinstance(value, (bool, int, str)) and len(str(value)) <= 40:
        return value
    return f"<{_kind(value)}>"


def text(value, field: str, max_len: int | None = None) -> str:
    """A str (possibly empty); anything else is refused."""
    if not isinstance(value, str):
        raise ValidationError("{field} must be text, not {kind}", field=field, kind=_kind(value))
    if max_len is not None and len(value) > max_len:
        raise ValidationError("{field} is too long (at most {limit:num} characters)", field=field, limit=max_len)
    return value


def ident(value, field: str) -> str:
    """A non-empty id or receipt number."""
    text(value, field, ID_MAX)
    if not value.strip():
        raise ValidationError("{field} is missing", field=field)
    return value


def optional_ident(value, field: str) -> str | None:
    return None if value is None else ident(value, field)


def whole(value, field: str, lo: int, hi: int) -> int:
    """An int (not a bool, not a float that happens to be whole) within lo..hi."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("{field} must be a whole number, not {kind}", field=field, kind=_kind(value))
    if not lo <= value <= hi:
        raise ValidationError("{field} must be from {lo:num} to {hi:num}", field=field, lo=lo, hi=hi)
    return value


def lang(value) -> str:
    if value not in ("vi", "en") or not isinstance(value, str):
        raise ValidationError("language must be vi or en", field="lang")
    return value


def record(value, field: str) -> dict:
    if not isinstance(value, dict):
        raise ValidationError("{field} must be a record of named values, not {kind}", field=field,
                              kind=_kind(value))
    return value


def records(value, field: str) -> list:
    """A list (or tuple) of dicts."""
    if not isinstance(value, (list, tuple)):
        raise ValidationError("{field} must be a list, not {kind}", field=field, kind=_kind(value))
    for item in value:
        record(item, field)
    return list(value)
