"""promotions: defined at the centre, evaluated by kiosks offline; their uses on sale lines

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 15:40:00

Issue 16 item 2. `promotions` is pulled by kiosks by `rev` (central/catalog/promotions.py);
`sale_promotions` stores each use the kiosks send with their sales, and `sale_lines.promo_discount`
the promotions' part of each line's discount (already inside line_discount and the net).
"""
from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def _text(name, default=''):
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def _int(name, default='0', big=False):
    return sa.Column(name, sa.BigInteger() if big else sa.Integer(), nullable=False, server_default=default)


def upgrade() -> None:
    op.create_table(
        'promotions',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('kind', sa.String(16), nullable=False),
        _text('name_vi'), _text('name_en'), _text('target', 'all'), _text('target_id'),
        _int('percent'), _int('amount', big=True), _int('buy_qty'), _int('get_qty'), _text('get_product_id'),
        _int('min_total', big=True), _text('gift_product_id'), _int('gift_qty'),
        _text('start_day'), _text('end_day'), _text('weekdays', '1234567'),
        _int('start_minute'), _int('end_minute', '1440'),
        _text('locations'), _text('carrier', 'booth'), _text('status', 'active'),
        _text('created_by'), _text('created_at'), _text('updated_by'), _text('updated_at'),
        _text('ended_by'), sa.Column('ended_at', sa.Text(), nullable=True),
        sa.Column('rev', sa.BigInteger(), nullable=False),
    )
    op.create_index('ix_promotions_rev', 'promotions', ['rev'])
    op.create_table(
        'sale_promotions',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('sale_id', sa.String(36), nullable=False),
        sa.Column('promotion_id', sa.String(36), nullable=False),
        sa.Column('line_id', sa.Text(), nullable=True),
        _int('amount', big=True), _text('level', 'line'), _text('carrier', 'booth'), _text('text_vi'),
        sa.Column('removed_by', sa.Text(), nullable=True),
        sa.Column('business_day', sa.String(10), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
    )
    op.create_index('ix_sale_promotions_sale_id', 'sale_promotions', ['sale_id'])
    op.create_index('ix_sale_promotions_promotion_id', 'sale_promotions', ['promotion_id'])
    with op.batch_alter_table('sale_lines') as batch:
        batch.add_column(sa.Column('promo_discount', sa.BigInteger(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('sale_lines') as batch:
        batch.drop_column('promo_discount')
    op.drop_index('ix_sale_promotions_promotion_id', 'sale_promotions')
    op.drop_index('ix_sale_promotions_sale_id', 'sale_promotions')
    op.drop_table('sale_promotions')
    op.drop_index('ix_promotions_rev', 'promotions')
    op.drop_table('promotions')
