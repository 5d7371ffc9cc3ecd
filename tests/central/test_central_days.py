"""The central office counts days as the kiosks do: Vietnam's date, whatever zone the server runs in
(a cloud server usually runs on UTC). `make test` runs these with the machine's clock faked at
23:30 and 16:59 UTC (scripts/dayboundary.sh)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from central.figures import settlement
from central.clock import vn_today
from central.figures.reports import Filters

pytestmark = pytest.mark.dayboundary


def test_vn_today_turns_at_1700_utc():
    assert vn_today(dt.datetime(2026, 11, 22, 16, 59, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 22)
    assert vn_today(dt.datetime(2026, 11, 22, 17, 0, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 23)


def statement_issued_on() -> tuple[str, dt.date]:
    """The issue date printed on a settlement statement made now, and Vietnam's today at that
    moment (made again should midnight in Vietnam pass in between)."""
    row = {"name": "HTX Tôm khô Gành Hào", "code": "P02", "kind": "cooperative", "tax_code": "", "address": "",
           "products": [], "locations": [], "gross": 0, "refunds": 0, "net": 0, "vat": 0, "commission_bp": 1500,
           "commission": 0, "payable": 0}
    for _attempt in range(2):
        today = vn_today()
        html = settlement.statement_html(row, Filters.make("2026-11-01", "2026-11-30"))
        if vn_today() == today:
            break
    return re.search(r"Ngày lập: (\d\d/\d\d/\d{4})", html).group(1), today


def test_a_statement_is_dated_with_vietnams_today_on_a_utc_server():
    """On the machine's own clock: at 23:30 UTC a statement made in Vietnam's morning bears that day."""
    printed, today = statement_issued_on()
    assert printed == today.strftime("%d/%m/%Y")
