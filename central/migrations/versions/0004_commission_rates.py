"""commission-rate history per producer

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:40:00

Settlement used each producer's CURRENT commission_bp, so changing a rate rewrote what was owed
for past months. Each rate now has the Vietnam day it takes effect; a sale line's commission uses
the rate in force on its business day. Existing producers keep their current rate "from the
beginning of time" (effective_from '0001-01-01'), so no settlement already made changes.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BEGINNING = '0001-01-01'


def upgrade() -> None:
    op.create_table(
        'commission_rates',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('producer_id', sa.String(36), nullable=False),
        sa.Column('commission_bp', sa.Integer(), nullable=False),
        sa.Column('effective_from', sa.String(10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_at', sa.Text(), nullable=False, server_default=''),
    )
    op.create_index('ix_commission_rates_producer', 'commission_rates', ['producer_id', 'effective_from'])
    conn = op.get_bind()
    conn.execute(sa.text(
        "INSERT INTO commission_rates (producer_id, commission_bp, effective_from, note, created_by, created_at) "
        "SELECT id, commission_bp, :beginning, 'rate before history was kept', 'migration 0004', :now FROM producers"),
        {"beginning": BEGINNING, "now": _now()})


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def downgrade() -> None:
    op.drop_index('ix_commission_rates_producer', 'commission_rates')
    op.drop_table('commission_rates')
