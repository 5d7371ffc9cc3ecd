"""lot recalls: the lots the office recalled, pulled by kiosks

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:55:00

Issue 14 (a lot can be recalled at the centre): one row per recalled lot (product + producer's
lot number), stamped with a catalog revision so kiosks pull it like any catalog change.
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lot_recalls',
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('lot_no', sa.String(20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False, server_default=''),
        sa.Column('recalled_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('recalled_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('rev', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('product_id', 'lot_no'),
    )
    op.create_index('ix_lot_recalls_rev', 'lot_recalls', ['rev'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_lot_recalls_rev', table_name='lot_recalls')
    op.drop_table('lot_recalls')
