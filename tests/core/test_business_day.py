"""Days are Vietnam days: a sale, a Z report, a certificate's expiry and the nightly check turn at
midnight in Vietnam (17:00 UTC), whatever the machine's own zone or date. These run on the test
clock; `make test` runs them again with the machine's clock faked (scripts/dayboundary.sh)."""
from __future__ import annotations

import datetime as dt

import pytest

from pos import catalog, errors, outbox, reports, sales, shifts, stock
from pos.cart import Cart
from pos.clock import business_date, business_day, local_time
from pos.store import Store
from testclock import vn

pytestmark = pytest.mark.dayboundary


def ring(store, code: str, qty: int = 1) -> Cart:
    cart = Cart()
    cart.add(catalog.lookup(store, code).product, qty=qty)
    return cart


def sell_salt(store, who) -> sales.SaleResult:
    return sales.complete_sale(store, ring(store, "8930000000019"), [{"method": "cash", "tendered": 45_000}], who)


def test_the_business_day_is_the_date_in_vietnam():
    assert business_day(vn(2026, 11, 22, 23, 59)) == "2026-11-22"
    assert business_day(dt.datetime(2026, 11, 22, 16, 59, tzinfo=dt.timezone.utc)) == "2026-11-22"
    assert business_day(dt.datetime(2026, 11, 22, 17, 0, tzinfo=dt.timezone.utc)) == "2026-11-23"
    assert business_date(dt.datetime(2026, 11, 22, 17, 30, tzinfo=dt.timezone.utc)) == dt.date(2026, 11, 23)
    assert local_time("2026-11-22T17:30:00.000+00:00") == "23/11/2026 00:30"
    assert local_time("2026-11-22T17:30:00") == "23/11/2026 00:30"  # the DB holds UTC: never the machine's zone


def test_a_clock_without_a_time_zone_is_refused(db_path):
    """A naive time would be read in the machine's zone (UTC on many kiosks): a wrong day, silently."""
    with Store(db_path, clock=lambda: dt.datetime(2026, 11, 22, 23, 30)) as s:
        with pytest.raises(errors.InvalidState, match="without a time zone"):
            s.business_day()
        with pytest.raises(errors.InvalidState):
            s.now_iso()


def test_sales_at_2359_and_0001_fall_on_their_vietnam_days(store, selling, clock):
    clock.set(vn(2026, 11, 22, 23, 59))  # 16:59 UTC
    late = sell_salt(store, selling.clerk)
    clock.set(vn(2026, 11, 23, 0, 1))  # 17:01 UTC, still the 22nd in UTC
    early = sell_salt(store, selling.clerk)
    days = {r["receipt_no"]: r["business_day"] for r in store.all("SELECT receipt_no, business_day FROM sales")}
    assert days == {late.receipt_no: "2026-11-22", early.receipt_no: "2026-11-23"}
    assert [r["receipt_no"] for r in sales.find_sales(store, day="2026-11-22")] == [late.receipt_no]
    assert [r["receipt_no"] for r in sales.find_sales(store, day="2026-11-23")] == [early.receipt_no]
    events = [e for e in outbox.pending(store) if e["type"] == "sale.completed"]
    assert [e["business_day"] for e in events] == ["2026-11-22", "2026-11-23"]
    by_day = reports.sales_by_day(store, "2026-11-22", "2026-11-23")
    assert [(r["day"], r["sales_count"]) for r in by_day] == [("2026-11-22", 1), ("2026-11-23", 1)]
    assert sales.receipt_doc(store, early.sale_id)["local_time"] == "23/11/2026 00:01"


def test_z_report_of_a_shift_that_runs_past_midnight(store, selling, clock):
    """The Z report is the shift's: both sides of midnight, closed on the new Vietnam day."""
    shift = shifts.current(store)
    clock.set(vn(2026, 11, 22, 23, 59))
    sell_salt(store, selling.clerk)
    clock.set(vn(2026, 11, 23, 0, 1))
    sell_salt(store, selling.clerk)
    clock.set(vn(2026, 11, 23, 0, 30))
    z = shifts.close_shift(store, selling.manager, 1_000_000 + 90_000)
    assert z["sales_count"] == 2 and z["sales_total"] == 90_000 and z["variance"] == 0
    assert local_time(z["closed_at"]) == "23/11/2026 00:30"
    closed = [e for e in outbox.pending(store) if e["type"] == "shift.closed"]
    assert [e["business_day"] for e in closed] == ["2026-11-23"]
    doc = shifts.report_doc(store, shift["id"], "z_report")
    assert local_time(doc["printed_at"]) == "23/11/2026 00:30"


@pytest.mark.parametrize("when, days, expired, expiring", [
    (vn(2026, 11, 22, 23, 59), 0, 0, 1),   # expires today (Vietnam): still valid, warned
    (vn(2026, 11, 23, 0, 1), -1, 1, 0),    # 17:01 UTC on the 22nd: already expired in Vietnam
])
def test_certificate_expiry_turns_at_midnight_in_vietnam(store, small, clock, when, days, expired, expiring):
    salt = catalog.get_product(store, small.salt)
    catalog.upsert_product(store, {**salt, "ocop_cert_issued": None, "ocop_cert_expires": "2026-11-22"})
    clock.set(when)
    row = stock.stock_rows(store, [small.salt])[0]
    assert (row["days_to_expiry"], row["cert_expired"], row["cert_expiring"]) == (days, expired, expiring)
    summary = stock.stock_summary(store)
    assert (summary["expired"], summary["expiring"]) == (expired, expiring)


def test_nightly_check_days_are_vietnam_days(store, selling, clock):
    """The nightly comparison with the centre covers the last 7 Vietnam days, today included."""
    from sync.client import recent_days

    clock.set(vn(2026, 11, 23, 0, 30))
    sell_salt(store, selling.clerk)
    assert recent_days(store)[-1] == "2026-11-23" and "2026-11-17" in recent_days(store)
    assert "2026-11-16" not in recent_days(store)
