"""producer portal: producer logins, delivery announcements, the delivery that answered one

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 12:10:00

Issue 15 item 3: a `producer` user is bound to one producer (users.producer_id) and sees only that
producer's figures on /portal. A producer announces a delivery (lines of product, lot, quantity, for
one location); the kiosk of that location receives it by scanning against it and its
stock.received event names the announcement (deliveries.announcement_id), so the centre can show
announced against received. Two indexes serve the portal's per-producer reads.
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def _text(name, default=''):
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('producer_id', sa.String(36), nullable=True))
    with op.batch_alter_table('deliveries') as batch:
        batch.add_column(_text('announcement_id'))
    op.create_table(
        'delivery_announcements',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('producer_id', sa.String(36), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        _text('note_no'), _text('planned_on'), _text('note'),
        _text('status', 'announced'),
        _text('created_at'), _text('created_by'),
        _text('cancelled_at'),
        sa.PrimaryKeyConstraint('id', name='pk_delivery_announcements'),
        sa.CheckConstraint("status IN ('announced', 'cancelled')", name='ck_delivery_announcements_status_known'),
    )
    op.create_index('ix_delivery_announcements_producer_id', 'delivery_announcements', ['producer_id'])
    op.create_index('ix_delivery_announcements_location_code', 'delivery_announcements', ['location_code', 'status'])
    op.create_table(
        'delivery_announcement_lines',
        sa.Column('announcement_id', sa.String(36), nullable=False),
        sa.Column('line_no', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        _text('lot_no'),
        sa.Column('produced_on', sa.Text(), nullable=True),
        sa.Column('use_by', sa.Text(), nullable=True),
        sa.Column('qty', sa.BigInteger(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('announcement_id', 'line_no', name='pk_delivery_announcement_lines'),
        sa.CheckConstraint('qty > 0', name='ck_delivery_announcement_lines_qty_positive'),
    )
    op.create_index('ix_sale_lines_producer_id_day', 'sale_lines', ['producer_id', 'business_day'])
    op.create_index('ix_stock_moves_product_id_loc', 'stock_moves', ['product_id', 'location_code', 'qty'])
    op.create_index('ix_deliveries_announcement_id', 'deliveries', ['announcement_id'])


def downgrade() -> None:
    op.drop_index('ix_deliveries_announcement_id', table_name='deliveries')
    op.drop_index('ix_stock_moves_product_id_loc', table_name='stock_moves')
    op.drop_index('ix_sale_lines_producer_id_day', table_name='sale_lines')
    op.drop_table('delivery_announcement_lines')
    op.drop_index('ix_delivery_announcements_location_code', table_name='delivery_announcements')
    op.drop_index('ix_delivery_announcements_producer_id', table_name='delivery_announcements')
    op.drop_table('delivery_announcements')
    with op.batch_alter_table('deliveries') as batch:
        batch.drop_column('announcement_id')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('producer_id')
