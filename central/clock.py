"""The central office's one clock: the instant (UTC) every timestamp column is written with, and
Vietnam's "today", which schedules, reports and settlements go by whatever zone the server runs in.

The day rule is the kiosk's (pos/clock.py), so the two sides agree on which business day an
instant belongs to."""
from __future__ import annotations

import datetime as dt

from pos.clock import VN_TZ, business_date, utc_now

__all__ = ["VN_TZ", "utc_now", "utc_now_iso", "utc_iso_in", "vn_today"]


def utc_now_iso() -> str:
    """Now, as the ISO text the central tables store (UTC, milliseconds): it sorts as it compares."""
    return utc_now().isoformat(timespec="milliseconds")


def utc_iso_in(hours: float, timespec: str = "milliseconds") -> str:
    """An expiry `hours` from now, in the same text form (sessions, enrollment codes)."""
    return (utc_now() + dt.timedelta(hours=hours)).isoformat(timespec=timespec)


def vn_today(now: dt.datetime | None = None) -> dt.date:
    """Today in Vietnam, whatever time zone the server runs in."""
    return business_date(now or utc_now())
