"""event_flags: pushed events the server stored but flagged; admin_actions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 01:20:00

The server recomputes a pushed sale from its lines; one whose totals, VAT or payments disagree is
stored and flagged ("arithmetic"). An event whose record id another device already used is stored
but not applied, and answered 409 ("conflict"). The office sees both (problems page, sync health,
nightly files). admin_actions records what an administrator did to a device's sync bookkeeping
(clearing stray pending seqs).
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'event_flags',
        sa.Column('event_id', sa.String(36), primary_key=True),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('business_day', sa.String(10), nullable=False),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('record_id', sa.Text(), nullable=False, server_default=''),
        sa.Column('detail', sa.Text(), nullable=False, server_default=''),
        sa.Column('flagged_at', sa.Text(), nullable=False, server_default=''),
    )
    op.create_index('ix_event_flags_day', 'event_flags', ['business_day'])
    op.create_index('ix_event_flags_device', 'event_flags', ['device_code'])
    op.create_table(
        'admin_actions',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), primary_key=True, autoincrement=True),
        sa.Column('at', sa.Text(), nullable=False, server_default=''),
        sa.Column('actor', sa.Text(), nullable=False, server_default=''),
        sa.Column('action', sa.String(40), nullable=False),
        sa.Column('target', sa.Text(), nullable=False, server_default=''),
        sa.Column('detail', sa.Text(), nullable=False, server_default=''),
    )


def downgrade() -> None:
    op.drop_table('admin_actions')
    op.drop_index('ix_event_flags_device', 'event_flags')
    op.drop_index('ix_event_flags_day', 'event_flags')
    op.drop_table('event_flags')
