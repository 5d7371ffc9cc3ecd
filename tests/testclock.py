"""The clock the test suite runs the kiosk on: it stands still until a test moves it, so no test
depends on the hour, the machine's time zone or its speed. `Store(path, clock=c)`,
`create_kiosk(path, clock=c)` and `DbWorker(path, clock=c)` all take it (the kiosk's one clock).

`vn(...)` writes an instant as a Vietnamese reads it: `vn(2026, 11, 23, 0, 30)` is 00:30 in Bạc Liêu,
2026-11-22T17:30Z, the first half hour of the 23rd's business day."""
from __future__ import annotations

import datetime as dt

from pos.clock import VN_TZ

START = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 in Vietnam, a Sunday


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    """An instant given in Vietnam's wall time (aware, as every clock reading is)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)


class Clock:
    """A clock tests can move; stores and kiosks take it instead of the wall clock."""

    def __init__(self, start: dt.datetime | None = None):
        self.t = start or START

    def __call__(self) -> dt.datetime:
        return self.t

    def advance(self, **kw) -> None:
        self.t += dt.timedelta(**kw)

    def set(self, when: dt.datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("give the clock an aware time (see vn())")
        self.t = when
