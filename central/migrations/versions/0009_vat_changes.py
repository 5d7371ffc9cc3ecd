"""vat_changes: VAT rates scheduled from a Vietnam day, per product or per category

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:30:00

The 8 % reduced rate (Decree 174/2025/NĐ-CP, instead of 10 %) runs to 31 December 2026 unless
extended: rates change on a known day, and a kiosk offline since must still switch at its own
midnight. The office schedules each change ahead; kiosks pull the schedule with the catalog.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'vat_changes',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('product_id', sa.String(36), nullable=True),
        sa.Column('category_id', sa.String(36), nullable=True),
        sa.Column('vat_rate', sa.Integer(), nullable=False),
        sa.Column('effective_day', sa.String(10), nullable=False),
        sa.Column('status', sa.String(12), nullable=False, server_default='scheduled'),
        sa.Column('note', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('cancelled_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('cancelled_at', sa.Text(), nullable=True),
        sa.Column('rev', sa.BigInteger(), nullable=False),
    )
    op.create_index('ix_vat_changes_rev', 'vat_changes', ['rev'])
    op.create_index('ix_vat_changes_target', 'vat_changes', ['product_id', 'category_id', 'effective_day'])


def downgrade() -> None:
    op.drop_index('ix_vat_changes_target', 'vat_changes')
    op.drop_index('ix_vat_changes_rev', 'vat_changes')
    op.drop_table('vat_changes')
