"""lots: the lot of each sale line and stock movement, and the lots each delivery brought

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:20:00

Issue 14 (lots from delivery to receipt): kiosks send the producer's lot number on each sale line
(one line per lot), the kiosk's lot id on each movement, and the lots a delivery brought. Every
new column is nullable or has a default, so events from kiosks before lots still apply.
(Numbered 0012 on the lots branch, after 0011_product_content.)
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lot_id', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('lot_no', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('use_by', sa.Text(), nullable=True))
        batch_op.create_index('ix_sale_lines_lot', ['product_id', 'lot_no'], unique=False)
    with op.batch_alter_table('stock_moves', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lot_id', sa.Text(), nullable=True))
    op.create_table(
        'delivery_lots',
        sa.Column('delivery_id', sa.String(36), nullable=False),
        sa.Column('lot_id', sa.String(36), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('lot_no', sa.Text(), nullable=False, server_default=''),
        sa.Column('produced_on', sa.Text(), nullable=True),
        sa.Column('use_by', sa.Text(), nullable=True),
        sa.Column('qty', sa.BigInteger(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('delivery_id', 'lot_id'),
    )
    op.create_index('ix_delivery_lots_product_lot', 'delivery_lots', ['product_id', 'lot_no'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_delivery_lots_product_lot', table_name='delivery_lots')
    op.drop_table('delivery_lots')
    with op.batch_alter_table('stock_moves', schema=None) as batch_op:
        batch_op.drop_column('lot_id')
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_sale_lines_lot')
        batch_op.drop_column('use_by')
        batch_op.drop_column('lot_no')
        batch_op.drop_column('lot_id')
