"""central/models.py declares every central table, and says exactly what the migrations built:
the code reads the schema the database really has (SQLite and PostgreSQL)."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from central import db
from central import models as m


def test_the_models_are_the_migrated_schema(database_url):
    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"render_as_batch": engine.dialect.name == "sqlite"})
            assert compare_metadata(ctx, m.metadata) == []
            tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set(m.metadata.tables)
    finally:
        engine.dispose()
