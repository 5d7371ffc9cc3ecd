"""producer returns and transfers: goods back to their producer, and between points of sale

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 12:10:00

Issue 15 item 1: the return note's header as the kiosk sent it (event stock.returned); its lines
are the stock_moves of kind return_to_producer that name it. Issue 14 item 2: transfers between
points of sale per lot, one row per side (out, in) under the transfer's id, unique per side.
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _text(name):
    return sa.Column(name, sa.Text(), nullable=False, server_default='')


def upgrade() -> None:
    op.create_table(
        'producer_returns',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        _text('return_no'), _text('producer_id'), _text('reason'), _text('note'), _text('staff_id'),
        _text('returned_at'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_producer_returns_producer', 'producer_returns', ['producer_id', 'returned_at'], unique=False)
    op.create_table(
        'stock_transfers',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('direction', sa.String(3), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        _text('transfer_no'), _text('from_device'), _text('to_location'), _text('reason'), _text('staff_id'),
        _text('at'),
        sa.PrimaryKeyConstraint('id', 'direction'),
    )
    op.create_table(
        'transfer_lines',
        sa.Column('transfer_id', sa.String(36), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.String(32), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('lot_id', sa.Text(), nullable=True),
        _text('lot_no'),
        sa.Column('produced_on', sa.Text(), nullable=True),
        sa.Column('use_by', sa.Text(), nullable=True),
        sa.Column('qty', sa.BigInteger(), nullable=False, server_default='0'),
    )
    op.create_index('ix_transfer_lines_transfer', 'transfer_lines', ['transfer_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_transfer_lines_transfer', table_name='transfer_lines')
    op.drop_table('transfer_lines')
    op.drop_table('stock_transfers')
    op.drop_index('ix_producer_returns_producer', table_name='producer_returns')
    op.drop_table('producer_returns')
