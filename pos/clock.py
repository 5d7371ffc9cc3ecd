"""The kiosk's one clock, and what "today" means: the business day is the calendar date in Vietnam.

A kiosk's operating system may run on UTC (many images do) or on any other zone; a sale made at
00:30 in Bạc Liêu is still a sale of that Vietnamese day. So nothing asks the machine for its local
date: every "today" (sales' business_day, the receipts screen, certificate expiry counts, the
nightly check) comes from ONE clock, a callable returning an aware datetime (`Store.clock`, carried
to the screens on the AppContext), turned into a date here. Tests hand in a clock they move.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from .errors import InvalidState

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The wall clock, aware (the default clock of a Store and of the kiosk's screens)."""
    return dt.datetime.now(dt.timezone.utc)


def _aware(when: dt.datetime) -> dt.datetime:
    # a naive datetime would be read in the MACHINE's zone by astimezone(): exactly the bug
    if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise InvalidState("the clock gave a time without a time zone: {when}", when=repr(when))
    return when


def vn_local(when: dt.datetime) -> dt.datetime:
    """An aware instant as Vietnam's wall clock shows it (a naive one is refused)."""
    return _aware(when).astimezone(VN_TZ)


def business_date(when: dt.datetime) -> dt.date:
    """The Vietnam calendar date of an instant: 2026-11-22T17:30Z is 2026-11-23 (00:30 in Vietnam)."""
    return _aware(when).astimezone(VN_TZ).date()


def business_day(when: dt.datetime) -> str:
    """business_date as YYYY-MM-DD, the form stored in sales.business_day and outbox events."""
    return business_date(when).isoformat()


def utc_iso(when: dt.datetime) -> str:
    """How times are stored: UTC ISO-8601 with milliseconds."""
    return _aware(when).astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")


def short_time(iso: str | None, now: dt.datetime) -> str | None:
    """A stored time as a clerk glances at it: '14:05' when it falls on today's business day (by
    `now`, the store's clock), '21/11 23:30' on another day; None when it is not a time."""
    try:
        when = dt.datetime.fromisoformat(str(iso))
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    when = when.astimezone(VN_TZ)
    return when.strftime("%H:%M") if when.date() == business_date(now) else when.strftime("%d/%m %H:%M")


def local_time(iso: str | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """A UTC ISO time from the database as a Vietnamese reads it: '22/11/2026 14:05' (Vietnam time).

    A time written without a zone is UTC (the database only holds UTC), never the machine's zone."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(VN_TZ).strftime(fmt)
