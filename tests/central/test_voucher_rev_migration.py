"""Migration 0028: vouchers issued before it take one new catalog revision, so every kiosk, whatever
its cursor, is sent each of them once more (`voucher_changes`); a database without vouchers keeps
its counter."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from central import db
from central.catalog import pull

V = {"id": "v-1", "code": "K7QM-3P9X-T2WD-H8RC", "kind": "amount", "value": 50_000, "uses": 1,
     "expires_on": "2027-12-31", "status": "active"}


def _upgraded(database_url, vouchers: bool) -> tuple[int, int, list]:
    engine = db.make_engine(database_url)
    try:
        command.upgrade(db.alembic_config(engine), "0026")
        with engine.begin() as c:
            c.execute(sa.text("UPDATE counters SET value = 41 WHERE name = 'catalog_rev'"))
            if vouchers:
                c.execute(sa.text("INSERT INTO vouchers (id, code, kind, value, uses, expires_on, status) "
                                  "VALUES (:id, :code, :kind, :value, :uses, :expires_on, :status)"), V)
        db.upgrade(engine)
        with engine.connect() as c:
            revs = c.execute(sa.text("SELECT rev FROM vouchers")).scalars().all()
            return pull.current_rev(c), c.execute(sa.text(
                "SELECT value FROM counters WHERE name = 'catalog_rev'")).scalar(), revs
    finally:
        engine.dispose()


def test_vouchers_issued_before_take_one_new_revision(database_url):
    assert _upgraded(database_url, vouchers=True) == (42, 42, [42])


def test_a_database_without_vouchers_keeps_its_counter(database_url):
    assert _upgraded(database_url, vouchers=False)[1:] == (41, [])
