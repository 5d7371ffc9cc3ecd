"""gift sets: a set's components, and what each component of a sold set gave and got

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 15:30:00

Issue 16 item 1. `product_sets` + `set_components`: a product that has components is a gift set
(its header row carries the catalog revision kiosks pull it by; a set emptied of its components
keeps the row). `sale_line_components`: the component rows of a set's sale line, per lot, with
each component's share of the line's money (the kiosk's split, pos/sets.py), from the optional
`sale_line_components` of sale.completed / refund.completed; settlement credits their producers.
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def _text(name, nullable=False):
    if nullable:
        return sa.Column(name, sa.Text(), nullable=True)
    return sa.Column(name, sa.Text(), nullable=False, server_default='')


def _int(name, big=False):
    return sa.Column(name, sa.BigInteger() if big else sa.Integer(), nullable=False, server_default='0')


def upgrade() -> None:
    op.create_table(
        'product_sets',
        sa.Column('set_id', sa.String(36), nullable=False),
        _text('updated_at'),
        _text('updated_by'),
        sa.Column('rev', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('set_id', name='pk_product_sets'),
    )
    op.create_index('ix_product_sets_rev', 'product_sets', ['rev'], unique=False)
    op.create_table(
        'set_components',
        sa.Column('set_id', sa.String(36), nullable=False),
        sa.Column('component_id', sa.String(36), nullable=False),
        sa.Column('qty', sa.Integer(), nullable=False),
        _int('sort'),
        sa.CheckConstraint('qty > 0', name='ck_set_components_qty_positive'),
        sa.PrimaryKeyConstraint('set_id', 'component_id', name='pk_set_components'),
    )
    op.create_table(
        'sale_line_components',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('sale_id', sa.String(36), nullable=False),
        sa.Column('sale_line_id', sa.String(36), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('producer_id', sa.String(36), nullable=False),
        _int('n'),
        _text('name_vi'),
        _text('name_en'),
        _text('unit'),
        _int('per_set'),
        _int('qty', big=True),
        _int('regular_price', big=True),
        _int('net', big=True),
        _int('vat_rate'),
        _int('vat_amount', big=True),
        sa.Column('source', sa.Text(), nullable=False, server_default='counter'),
        _text('lot_id', nullable=True),
        _text('lot_no'),
        _text('use_by', nullable=True),
        _text('original_id', nullable=True),
        sa.Column('business_day', sa.String(10), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_sale_line_components'),
    )
    op.create_index('ix_sale_line_components_sale_id', 'sale_line_components', ['sale_id'], unique=False)
    op.create_index('ix_sale_line_components_sale_line_id', 'sale_line_components', ['sale_line_id'], unique=False)
    op.create_index('ix_sale_line_components_day', 'sale_line_components', ['business_day', 'location_code'],
                    unique=False)


def downgrade() -> None:
    op.drop_table('sale_line_components')
    op.drop_table('set_components')
    op.drop_index('ix_product_sets_rev', table_name='product_sets')
    op.drop_table('product_sets')
