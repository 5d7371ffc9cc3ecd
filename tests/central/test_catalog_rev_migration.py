"""Migration 0003 seeds counters.catalog_rev (fresh schemas and 0002 databases alike), and the
catalog write path only updates it: the first two writers queue instead of one getting a 409."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from alembic import command

from central.catalog import pull as central
from central import db
from central import models as m

PRODUCER = {"id": "prod-1", "code": "BL-HTX1", "name": "HTX Muối Đông Hải", "kind": "cooperative"}


def counter(engine) -> int | None:
    with engine.connect() as c:
        return c.execute(sa.text("SELECT value FROM counters WHERE name = 'catalog_rev'")).scalar()


def test_fresh_schema_has_the_counter(database_url):
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        assert counter(engine) == 0
        with engine.begin() as c:
            assert central.upsert_producers(c, [PRODUCER]) == 1
        assert counter(engine) == 1
    finally:
        engine.dispose()


def test_a_0002_database_upgrades_and_keeps_its_revisions(database_url):
    """A 0002 database whose counter row was never made (only raw rows carry revisions), next to
    one whose counter is already ahead: 0003 seeds the first from the rows, leaves the second."""
    engine = db.make_engine(database_url)
    try:
        command.upgrade(db.alembic_config(engine), "0002")
        with engine.begin() as c:
            assert c.execute(sa.text("SELECT count(*) FROM counters")).scalar() == 0
            c.execute(sa.insert(m.producers).values(**PRODUCER, rev=7, updated_at="2026-11-01T00:00:00Z"))
            c.execute(sa.insert(m.location_prices).values(location_code="HN-BOOTH", product_id="x", price=1, rev=9))
        db.upgrade(engine)
        assert counter(engine) == 9
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() >= "0003"  # head
        with engine.begin() as c:
            assert central.upsert_producers(c, [{**PRODUCER, "name": "HTX Muối Đông Hải mới"}]) == 10
        # a second run of the migrations changes nothing (already at head)
        db.upgrade(engine)
        assert counter(engine) == 10
    finally:
        engine.dispose()


def test_0003_never_lowers_a_counter_that_is_ahead(database_url):
    engine = db.make_engine(database_url)
    try:
        command.upgrade(db.alembic_config(engine), "0002")
        with engine.begin() as c:
            c.execute(sa.insert(m.counters).values(name="catalog_rev", value=40))
            c.execute(sa.insert(m.producers).values(**PRODUCER, rev=12, updated_at="2026-11-01T00:00:00Z"))
        db.upgrade(engine)
        assert counter(engine) == 40
    finally:
        engine.dispose()


def _blocked_on_lock(engine) -> bool:
    app = engine.url.query.get("application_name")
    with engine.connect() as c:
        return bool(c.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = :a AND wait_event_type = 'Lock'"),
            {"a": app}).scalar())


def test_two_first_writers_both_succeed(database_url):
    """Writer A holds the first revision open; writer B starts while A's transaction is open
    (on PostgreSQL: until B is seen waiting on A's lock). Both commit, with revisions 1 and 2.
    With the old insert-on-first-write, B inserted the same key and failed."""
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    errors, revs = [], []

    def writer_b():
        try:
            with engine.begin() as c:
                revs.append(central.upsert_producers(c, [{**PRODUCER, "id": "prod-2", "code": "BL-HTX2"}]))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    try:
        with engine.begin() as c:
            revs.append(central.upsert_producers(c, [PRODUCER]))
            b = threading.Thread(target=writer_b)
            b.start()
            if engine.dialect.name == "postgresql":
                deadline = time.monotonic() + 60
                while not _blocked_on_lock(engine):  # a condition waited for, not a timed assertion
                    assert time.monotonic() < deadline, "writer B never reached the counter lock"
                    time.sleep(0.05)
        b.join(60)
        assert errors == [] and sorted(revs) == [1, 2]
        assert counter(engine) == 2
    finally:
        engine.dispose()


def test_a_missing_counter_is_a_clear_error(database_url):
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        with engine.begin() as c:
            c.execute(sa.text("DELETE FROM counters WHERE name = 'catalog_rev'"))
        with pytest.raises(central.SchemaNotMigrated, match="migrate"):
            with engine.begin() as c:
                central.upsert_producers(c, [PRODUCER])
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT count(*) FROM producers")).scalar() == 0
    finally:
        engine.dispose()
