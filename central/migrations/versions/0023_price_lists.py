"""price lists for a fair, and scheduled price changes pulled by kiosks by revision

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 15:30:00

Issue 16 item 2: kiosks apply prices on their own Vietnam day even offline (pos/prices.py), so a
scheduled price change now carries the catalog revision kiosks pull it by (`rev`, also stamped when
it is cancelled or applied); the changes still pending when this runs take one new revision so
kiosks already past every older one pull them. A fair's price list (name, days, optional daily
hours in Vietnam time, the locations it is for, per-product prices) is pulled the same way.
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def _text(name, default=''):
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def upgrade() -> None:
    with op.batch_alter_table('price_changes') as batch:
        batch.add_column(sa.Column('rev', sa.BigInteger(), nullable=True))
    op.create_index('ix_price_changes_rev', 'price_changes', ['rev'])
    op.execute("UPDATE counters SET value = value + 1 WHERE name = 'catalog_rev' "
               "AND EXISTS (SELECT 1 FROM price_changes WHERE status = 'pending')")  # none: the counter stays
    op.execute("UPDATE price_changes SET rev = (SELECT value FROM counters WHERE name = 'catalog_rev') "
               "WHERE status = 'pending'")
    op.create_table(
        'price_lists',
        sa.Column('id', sa.String(36), nullable=False),
        _text('name'),
        sa.Column('start_day', sa.String(10), nullable=False),
        sa.Column('end_day', sa.String(10), nullable=False),
        _text('from_time'), _text('to_time'),
        _text('status', 'active'),
        _text('note'), _text('created_by'), _text('created_at'), _text('updated_by'), _text('updated_at'),
        _text('ended_by'), _text('ended_at'),
        sa.Column('rev', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_price_lists'),
        sa.CheckConstraint("status IN ('active', 'ended')", name='ck_price_lists_status_known'),
    )
    op.create_index('ix_price_lists_rev', 'price_lists', ['rev'])
    op.create_table(
        'price_list_items',
        sa.Column('list_id', sa.String(36), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('price', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('list_id', 'product_id', name='pk_price_list_items'),
        sa.CheckConstraint('price >= 0', name='ck_price_list_items_price_not_negative'),
    )
    op.create_table(
        'price_list_locations',
        sa.Column('list_id', sa.String(36), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint('list_id', 'location_code', name='pk_price_list_locations'),
    )


def downgrade() -> None:
    op.drop_table('price_list_locations')
    op.drop_table('price_list_items')
    op.drop_index('ix_price_lists_rev', table_name='price_lists')
    op.drop_table('price_lists')
    op.drop_index('ix_price_changes_rev', table_name='price_changes')
    with op.batch_alter_table('price_changes') as batch:
        batch.drop_column('rev')
