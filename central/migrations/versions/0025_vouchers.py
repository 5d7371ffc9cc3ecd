"""vouchers: codes the centre issues, per-kiosk allotments, every use

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 15:30:00

Issue 16 item 3 (docs/vouchers.md). `vouchers`: a code (with its check character), single-use or
N uses, an amount or a percentage (optional cap), the last Vietnam day, the locations. A kiosk
spends a use offline only against its `voucher_allotments` row; any other use is reserved online
first. `voucher_redemptions`: every use, reserved or redeemed, restored by a refund, marked
`double_use` when it was recorded with the voucher's uses already spent (reported, never hidden).
"""
from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def _text(name, default=''):
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def _int(name, default='0', big=False):
    return sa.Column(name, sa.BigInteger() if big else sa.Integer(), nullable=False, server_default=default)


def upgrade() -> None:
    op.create_table(
        'vouchers',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('code', sa.String(24), nullable=False),
        _text('batch_no'), _text('name'),
        sa.Column('kind', sa.String(8), nullable=False),
        _int('value', big=True), _int('cap', big=True), _int('uses', '1'),
        sa.Column('expires_on', sa.String(10), nullable=False),
        _text('locations'), _text('status', 'active'),
        _text('created_at'), _text('created_by'), _text('voided_at'), _text('voided_by'),
        sa.PrimaryKeyConstraint('id', name='pk_vouchers'),
        sa.UniqueConstraint('code', name='uq_vouchers_code'),
        sa.CheckConstraint("kind IN ('amount', 'percent')", name='ck_vouchers_kind_known'),
        sa.CheckConstraint('value > 0 AND cap >= 0 AND uses > 0', name='ck_vouchers_figures_positive'),
        sa.CheckConstraint("kind = 'amount' OR value <= 100", name='ck_vouchers_percent_at_most_100'),
        sa.CheckConstraint("status IN ('active', 'voided')", name='ck_vouchers_status_known'),
    )
    op.create_index('ix_vouchers_batch_no', 'vouchers', ['batch_no'])
    op.create_index('ix_vouchers_expires_on', 'vouchers', ['status', 'expires_on'])
    op.create_table(
        'voucher_allotments',
        sa.Column('voucher_id', sa.String(36), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        _int('uses', '1'),
        sa.PrimaryKeyConstraint('voucher_id', 'device_code', name='pk_voucher_allotments'),
        sa.CheckConstraint('uses > 0', name='ck_voucher_allotments_uses_positive'),
    )
    op.create_index('ix_voucher_allotments_device_code', 'voucher_allotments', ['device_code'])
    op.create_table(
        'voucher_redemptions',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('voucher_code', sa.String(24), nullable=False),
        sa.Column('sale_id', sa.Text(), nullable=True),
        sa.Column('payment_id', sa.Text(), nullable=True),
        _int('amount', big=True), _int('online'), _text('at'), _text('business_day'),
        sa.Column('voucher_id', sa.String(36), nullable=False),
        sa.Column('device_code', sa.String(12), nullable=False),
        _text('location_code'), _text('status', 'redeemed'), _text('reserved_at'),
        _text('restored_by'), _text('restored_at'), _int('double_use'), _text('recorded_at'),
        sa.PrimaryKeyConstraint('id', name='pk_voucher_redemptions'),
        sa.CheckConstraint("status IN ('reserved', 'redeemed', 'released')", name='ck_voucher_redemptions_status_known'),
    )
    op.create_index('ix_voucher_redemptions_voucher_id', 'voucher_redemptions', ['voucher_id', 'status'])
    op.create_index('ix_voucher_redemptions_day', 'voucher_redemptions', ['business_day', 'location_code'])


def downgrade() -> None:
    op.drop_index('ix_voucher_redemptions_day', table_name='voucher_redemptions')
    op.drop_index('ix_voucher_redemptions_voucher_id', table_name='voucher_redemptions')
    op.drop_table('voucher_redemptions')
    op.drop_index('ix_voucher_allotments_device_code', table_name='voucher_allotments')
    op.drop_table('voucher_allotments')
    op.drop_index('ix_vouchers_expires_on', table_name='vouchers')
    op.drop_index('ix_vouchers_batch_no', table_name='vouchers')
    op.drop_table('vouchers')
