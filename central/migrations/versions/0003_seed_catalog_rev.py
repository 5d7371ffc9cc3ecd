"""seed the catalog revision counter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 10:10:00

Before this, the first catalog write inserted counters.catalog_rev itself, so two admins saving
at that first moment raced on the insert and one got a 409. The row now exists from the schema
on, with the highest revision any catalog row already carries (a 0002 database keeps its cursor
meaning: no kiosk cursor can be above it), and writes only ever UPDATE it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

REV_TABLES = ('producers', 'categories', 'products', 'staff', 'settings', 'location_prices')


def upgrade() -> None:
    conn = op.get_bind()
    top = max(conn.execute(sa.text(f'SELECT coalesce(max(rev), 0) FROM {t}')).scalar() or 0 for t in REV_TABLES)
    # insert if missing, else raise it to at least `top` (never lower a counter kiosks already hold)
    conn.execute(sa.text("UPDATE counters SET value = :top WHERE name = 'catalog_rev' AND value < :top"), {"top": top})
    conn.execute(sa.text("INSERT INTO counters (name, value) SELECT 'catalog_rev', :top WHERE NOT EXISTS "
                         "(SELECT 1 FROM counters WHERE name = 'catalog_rev')"), {"top": top})


def downgrade() -> None:
    pass  # the row is harmless to older code, which creates it when missing
