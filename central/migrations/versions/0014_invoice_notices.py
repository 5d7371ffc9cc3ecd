"""invoice notices: the form 04/SS-HĐĐT notices of erroneous e-invoices the office made

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 07:00:00

Issue 13 (corrections): the accountant picks invoices, says what is wrong and how it is corrected
(cancellation, adjustment, replacement, explanation); the centre records the notice with the XML it
produced (central/einvoice/notices.py) and shows it per invoice.
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def _text(name: str, default: str = '') -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def upgrade() -> None:
    op.create_table(
        'invoice_notices',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('seller_tax_code', sa.String(14), nullable=False),
        _text('seller_name'), _text('kind', '1'), _text('authority_notice_no'), _text('authority_notice_day'),
        _text('tax_office_code'), _text('tax_office_name'), _text('place'), _text('notice_day'),
        _text('created_at'), _text('created_by'), _text('xml'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_invoice_notices_seller', 'invoice_notices', ['seller_tax_code', 'notice_day'])
    op.create_table(
        'invoice_notice_items',
        sa.Column('notice_id', sa.String(36), nullable=False),
        sa.Column('line_no', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.String(36), nullable=False),
        _text('error_kind'), _text('action'), _text('reason'),
        sa.PrimaryKeyConstraint('notice_id', 'line_no'),
    )
    op.create_index('ix_invoice_notice_items_invoice', 'invoice_notice_items', ['invoice_id'])


def downgrade() -> None:
    op.drop_index('ix_invoice_notice_items_invoice', table_name='invoice_notice_items')
    op.drop_table('invoice_notice_items')
    op.drop_index('ix_invoice_notices_seller', table_name='invoice_notices')
    op.drop_table('invoice_notices')
