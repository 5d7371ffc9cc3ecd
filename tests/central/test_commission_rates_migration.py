"""Migration 0004 gives every existing producer its current commission rate from the beginning of
time (so no settlement already made changes), and 0005 seeds the scheduler lease row."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from central.catalog import commission, rates
from central import db
from central import models as m


def test_existing_producers_keep_their_rate_for_every_past_day(database_url):
    engine = db.make_engine(database_url)
    try:
        command.upgrade(db.alembic_config(engine), "0003")
        with engine.begin() as c:
            for pid, code, bp in (("p1", "P01", 1500), ("p2", "P02", 2000)):
                c.execute(sa.insert(m.producers).values(id=pid, code=code, name=f"NSX {code}", kind="household",
                                                        commission_bp=bp, rev=1, updated_at="2026-01-01T00:00:00Z"))
        db.upgrade(engine)
        with engine.connect() as c:
            assert rates.histories(c) == {"p1": [(rates.BEGINNING, 1500)],
                                               "p2": [(rates.BEGINNING, 2000)]}
            assert rates.rate_on(rates.histories(c, ["p1"])["p1"], "2019-05-01") == 1500
            assert c.execute(sa.text("SELECT holder, expires_at FROM server_leases WHERE name = 'scheduler'")
                             ).one() == ("", 0)
    finally:
        engine.dispose()


def test_a_producer_put_in_by_sql_keeps_its_old_rate_for_the_past(database_url):
    """No history row (inserted behind the API's back): a new rate, set by the office or written
    through the raw admin path, starts today; the rate it had stays the rate of every earlier day."""
    import datetime as dt

    from central.catalog import pull as catalog

    engine = db.make_engine(database_url)
    today = dt.date(2026, 11, 22)
    try:
        db.upgrade(engine)
        with engine.begin() as c:
            for pid, code in (("p3", "P03"), ("p4", "P04")):
                c.execute(sa.insert(m.producers).values(id=pid, code=code, name=f"NSX {code}", kind="household",
                                                        commission_bp=1000, rev=1, updated_at="2026-01-01T00:00:00Z"))
        with engine.begin() as c:
            commission.set_rate(c, "p3", 2000, today=today)
            catalog.upsert_producers(c, [{"id": "p4", "code": "P04", "name": "NSX P04", "kind": "household",
                                          "commission_bp": 1500}], "admin", today)
        with engine.connect() as c:
            assert rates.histories(c) == {"p3": [(rates.BEGINNING, 1000), ("2026-11-22", 2000)],
                                               "p4": [(rates.BEGINNING, 1000), ("2026-11-22", 1500)]}
    finally:
        engine.dispose()
