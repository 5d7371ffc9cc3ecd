"""Alembic environment: runs on the engine the server hands over (config.attributes)."""
from __future__ import annotations

from alembic import context

from central.models import metadata

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    import sqlalchemy as sa

    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
