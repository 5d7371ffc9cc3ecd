"""central office: scheduled price changes and catalog imports (issue 6)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'price_changes',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('batch_id', sa.String(36), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False, server_default=''),
        sa.Column('old_price', sa.BigInteger(), nullable=True),
        sa.Column('price', sa.BigInteger(), nullable=False),
        sa.Column('effective_day', sa.String(10), nullable=False),
        sa.Column('status', sa.String(12), nullable=False, server_default='pending'),
        sa.Column('note', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('applied_at', sa.Text(), nullable=True),
        sa.Column('applied_rev', sa.BigInteger(), nullable=True),
    )
    op.create_index('ix_price_changes_batch_id', 'price_changes', ['batch_id'])
    op.create_index('ix_price_changes_due', 'price_changes', ['status', 'effective_day'])
    op.create_table(
        'catalog_imports',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('filename', sa.Text(), nullable=False, server_default=''),
        sa.Column('rows', sa.Text(), nullable=False),
        sa.Column('preview', sa.Text(), nullable=False),
        sa.Column('error_rows', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('created_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('applied_at', sa.Text(), nullable=True),
        sa.Column('applied_rev', sa.BigInteger(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table('catalog_imports')
    op.drop_index('ix_price_changes_due', table_name='price_changes')
    op.drop_index('ix_price_changes_batch_id', table_name='price_changes')
    op.drop_table('price_changes')
