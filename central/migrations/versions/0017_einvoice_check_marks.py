"""einvoice check marks and symbol start days: findings the office has dealt with; when a kiosk owes invoices

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-07 12:20:00

Issue 13 (late invoices): a sale sold while e-invoicing was off at its kiosk stays "without an
invoice" in the centre's check until the kiosk issues it late; when that cannot happen (the kiosk
stays off, the invoice was made elsewhere), an administrator marks the finding handled with a
reason (central/einvoice/marks.py). Rows are never deleted. And `einvoice_symbols.since`: the Vietnam
day from which a kiosk owes invoices for a seller, sent in the pull so a setup that takes days to
reach the kiosk still invoices the sales made since (pos/einvoice/catchup.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _text(name: str, default: str = '') -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def upgrade() -> None:
    op.create_table(
        'einvoice_check_marks',
        sa.Column('id', BigId, primary_key=True, autoincrement=True),
        sa.Column('kind', sa.String(20), nullable=False),
        sa.Column('sale_id', sa.String(36), nullable=False),
        sa.Column('invoice_id', sa.String(36), nullable=False, server_default=''),
        _text('day'), _text('device_code'), _text('receipt_no'),
        sa.Column('sale_total', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('invoice_total', sa.BigInteger(), nullable=False, server_default='0'),
        _text('reason'), _text('created_by'), _text('created_at'),
        sa.UniqueConstraint('kind', 'sale_id', 'invoice_id', name='uq_einvoice_check_marks_finding'),
    )
    op.create_index('ix_einvoice_check_marks_day', 'einvoice_check_marks', ['day'])
    op.add_column('einvoice_symbols', sa.Column('since', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('einvoice_symbols') as batch:
        batch.drop_column('since')
    op.drop_index('ix_einvoice_check_marks_day', table_name='einvoice_check_marks')
    op.drop_table('einvoice_check_marks')
