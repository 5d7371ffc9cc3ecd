"""Sync health's e-invoice findings are remembered (central/einvoice/check_cache.py) and never stale
on SQLite and PostgreSQL: after every push (an invoice or a sale arriving for a remembered day, a
sale arriving after its invoice, a void sent a day later of an earlier day's sale, another kiosk's
push) the remembered counts equal a fresh check of every day, and only the kiosks and days a push
can change are checked again; a change that bypasses events is picked up after MAX_AGE_S."""
from __future__ import annotations

import datetime as dt
import uuid

import msgspec
import pytest
import sqlalchemy as sa

from sync import protocol as p

from central import accounts
from central.einvoice import check, check_cache
from central.events import ingest
from central.figures import reports as rp
from einvoice_rig import central, invoice_payload

NOW = dt.datetime(2026, 11, 18, 3, 0, tzinfo=dt.timezone.utc)  # 10:00 on 18/11 in Vietnam
DAYS = [(dt.date(2026, 11, 18) - dt.timedelta(days=i)).isoformat() for i in range(7)]


class Kiosk:
    def __init__(self, engine, code: str):
        self.engine, self.code, self.seq, self.n = engine, code, 0, 0

    def push(self, etype: str, day: str, payload: dict) -> None:
        self.seq += 1
        env = p.Envelope(uuid.uuid4().hex, self.seq, self.code, etype, f"{day}T03:00:00+00:00", day,
                         msgspec.Raw(msgspec.json.encode(payload)))
        with self.engine.begin() as conn:
            ingest.ingest(conn, self.code, [env])

    def sale(self, day: str, total: int, sale_id: str | None = None) -> str:
        sid = sale_id or str(uuid.uuid4())
        self.n += 1
        self.push("sale.completed", day, {
            "sale": {"id": sid, "business_day": day, "receipt_no": f"{self.code}-{self.n:06d}", "subtotal": total,
                     "total": total, "paid_total": total},
            "lines": [{"id": str(uuid.uuid4()), "sale_id": sid, "product_id": "P001", "producer_id": "PR1",
                       "line_no": 1, "qty": 1, "unit_price": total, "gross": total, "net": total}],
            "payments": [{"id": str(uuid.uuid4()), "sale_id": sid, "method": "cash", "amount": total}]})
        return sid

    def invoice(self, day: str, sale_id: str | None = None, number: int | None = None) -> dict:
        self.n += 1
        pl = invoice_payload(number or self.n, symbol=f"C26M{self.code[-2:]}")
        pl["invoice"].update(business_day=day, place_code=self.code, **({"sale_id": sale_id} if sale_id else {}))
        self.push("invoice.issued", day, pl)
        return pl["invoice"]


@pytest.fixture
def shop(database_url, monkeypatch):
    engine = central(database_url)
    with engine.begin() as conn:
        accounts.create_device(conn, "HN02", "HN-BOOTH")
    calls = []
    real = check.problems_by_group

    def counted(conn, day, devices=None, group_sales=check.GROUP_SALES):
        calls.append((day, None if devices is None else tuple(devices)))
        return real(conn, day, devices, group_sales)

    monkeypatch.setattr(check, "problems_by_group", counted)
    yield engine, Kiosk(engine, "HN01"), Kiosk(engine, "HN02"), calls
    engine.dispose()


def cached(engine, clock=lambda: 0.0) -> dict[str, dict[str, int]]:
    with engine.connect() as conn:
        return check_cache.findings(conn, DAYS, clock=clock)


def truth(engine) -> dict[str, dict[str, int]]:
    out = {}
    with engine.connect() as conn:
        for day in DAYS:
            counts: dict[str, int] = {}
            for f in check.problems(conn, day):
                counts[f["device_code"]] = counts.get(f["device_code"], 0) + 1
            out[day] = counts
    return out


def settle(engine, calls) -> dict[str, dict[str, int]]:
    """The remembered counts after a push, checked against a fresh check of every day."""
    calls.clear()
    got = cached(engine)
    assert got == truth(engine)
    return got


def test_remembered_findings_follow_every_push(shop):
    engine, hn, hn2, calls = shop
    inv = invoice_payload(1)["invoice"]
    s1 = hn.sale("2026-11-17", inv["total"])
    hn.invoice("2026-11-17", s1, number=1)
    assert settle(engine, calls) == {d: {} for d in DAYS}  # all good, and now remembered
    assert {d for d, _ in calls} == set(DAYS)
    calls.clear()
    assert cached(engine) == {d: {} for d in DAYS} and calls == []  # nothing new: nothing checked

    orphan = hn.invoice("2026-11-17")  # an invoice arrives whose sale has not
    got = settle(engine, calls)
    assert got["2026-11-17"] == {"HN01": 1}  # no stale "all good"
    assert set(calls) == {("2026-11-17", ("HN01",)), ("2026-11-18", ("HN01",))}  # only what it can change

    hn.sale("2026-11-17", 99_000)  # a sale without its invoice on a remembered day
    assert settle(engine, calls)["2026-11-17"] == {"HN01": 2}

    hn.sale("2026-11-17", orphan["total"], sale_id=orphan["sale_id"])  # the orphan's sale, after it
    assert settle(engine, calls)["2026-11-17"] == {"HN01": 1}

    hn.push("sale.voided", "2026-11-18", {"sale_id": s1})  # sent on the 18th, of the 17th's sale
    got = settle(engine, calls)
    assert got["2026-11-17"] == {"HN01": 2}  # voided without its reducing invoice
    assert ("2026-11-17", ("HN01",)) in calls

    hn2.sale("2026-11-18", 50_000)  # another kiosk, not invoicing: nothing to find
    hn.push("shift.opened", "2026-11-18", {"shift": {"id": str(uuid.uuid4()), "number": 1}})
    settle(engine, calls)
    assert set(calls) == {("2026-11-18", ("HN02",))}


def test_sync_health_counts_come_from_the_remembered_check(shop):
    engine, hn, _hn2, calls = shop
    hn.invoice("2026-11-14")
    with engine.connect() as conn:
        first = {r["device_code"]: r["einvoice_findings"] for r in rp.sync_health(conn, NOW)}
    hn.invoice("2026-11-16")
    with engine.connect() as conn:
        later = {r["device_code"]: r["einvoice_findings"] for r in rp.sync_health(conn, NOW)}
    assert (first["HN01"], later["HN01"], later["HN02"]) == (1, 2, 0)


def test_a_change_outside_events_is_seen_after_max_age(shop):
    engine, hn, _hn2, calls = shop
    inv = hn.invoice("2026-11-17")
    assert cached(engine)["2026-11-17"] == {"HN01": 1}
    with engine.begin() as conn:  # not an event: a hand edit (or a restore under the running server)
        conn.execute(sa.text("DELETE FROM invoices WHERE id = :i"), {"i": inv["id"]})
    assert cached(engine, clock=lambda: check_cache.MAX_AGE_S - 1)["2026-11-17"] == {"HN01": 1}
    assert cached(engine, clock=lambda: check_cache.MAX_AGE_S + 1)["2026-11-17"] == {}


def test_a_finding_marked_handled_stops_counting_at_once(shop):
    """Marking is an office action, not a kiosk event: the remembered day must still drop it."""
    from central.einvoice import marks

    engine, hn, _hn2, calls = shop
    hn.invoice("2026-11-16")
    hn.invoice("2026-11-17")
    assert cached(engine)["2026-11-17"] == {"HN01": 1}
    with engine.begin() as conn:
        found = check.problems(conn, "2026-11-17")
        marks.mark(conn, found, [marks.key(found[0])], "hóa đơn lập trên cổng của nhà cung cấp", "admin",
                   "2026-11-18T03:00:00Z", "2026-11-17")
    calls.clear()
    got = cached(engine)
    assert got["2026-11-17"] == {} and got["2026-11-16"] == {"HN01": 1}  # the other day untouched
    assert {d for d, _ in calls} == {"2026-11-17"}  # only the marked day checked again
    assert got == truth(engine)


def test_grouped_check_finds_what_the_whole_day_check_finds(shop, monkeypatch):
    engine, hn, hn2, _calls = shop
    hn.invoice("2026-11-17")
    hn.sale("2026-11-17", 10_000)
    hn2.invoice("2026-11-17")
    hn2.sale("2026-11-17", 20_000)
    hn2.sale("2026-11-17", 30_000)
    key = lambda f: (f["device_code"], f["kind"], f["sale_id"], f["invoice_id"])  # noqa: E731
    groups = []
    real = check.problems
    monkeypatch.setattr(check, "problems", lambda conn, day, devices=None: groups.append(devices) or
                        real(conn, day, devices=devices))
    with engine.connect() as conn:
        whole = sorted(real(conn, "2026-11-17"), key=key)
        assert len(whole) == 5  # each kiosk: its invoice without a sale, its sales without an invoice
        assert sorted(check.problems_by_group(conn, "2026-11-17", group_sales=1), key=key) == whole
        assert groups == [["HN01"], ["HN02"]]  # HN02's two sales are over the limit alone: a group of one
        groups.clear()
        assert sorted(check.problems_by_group(conn, "2026-11-17", group_sales=3), key=key) == whole
        assert groups == [["HN01", "HN02"]]
