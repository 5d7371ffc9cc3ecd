"""e-invoices: invoices and their lines as kiosks issued them, buyer profiles, each invoice's
delivery to its provider and the provider's replies, per-seller settings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:30:00

larger on purpose: declarative, one create_table per e-invoice table (issue 13), never edited after shipping

Kiosks issue cash-register e-invoices offline (event invoice.issued) and send buyer profiles
(buyer.saved); the centre stores them in the event's transaction, queues each invoice for its
seller's provider (central/einvoice/sender.py, one process at a time under the `einvoice` lease)
and keeps every reply. Provider credentials are stored encrypted (the key is not in the database).
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ('invoices', 'invoice_lines', 'buyers', 'invoice_deliveries', 'invoice_replies', 'einvoice_sellers',
          'einvoice_places', 'einvoice_symbols', 'einvoice_delegations')


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('sale_id', sa.String(36), nullable=False),
        sa.Column('kind', sa.Text(), nullable=False, server_default='original'),
        sa.Column('related_invoice_id', sa.Text(), nullable=True),
        sa.Column('template', sa.Text(), nullable=False, server_default='1'),
        sa.Column('symbol', sa.Text(), nullable=False, server_default=''),
        sa.Column('year', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('number', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('authority_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('issued_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('business_day', sa.Text(), nullable=False, server_default=''),
        sa.Column('seller_tax_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('seller_name', sa.Text(), nullable=False, server_default=''),
        sa.Column('seller_address', sa.Text(), nullable=False, server_default=''),
        sa.Column('place_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('place_name', sa.Text(), nullable=False, server_default=''),
        sa.Column('place_address', sa.Text(), nullable=False, server_default=''),
        sa.Column('delegate_tax_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('delegate_name', sa.Text(), nullable=False, server_default=''),
        sa.Column('delegate_address', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_name', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_company', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_address', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_tax_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_id_no', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_email', sa.Text(), nullable=False, server_default=''),
        sa.Column('buyer_phone', sa.Text(), nullable=False, server_default=''),
        sa.Column('pre_vat_total', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('vat_total', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('discount_total', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('total', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('total_words', sa.Text(), nullable=False, server_default=''),
        sa.Column('lookup_url', sa.Text(), nullable=False, server_default=''),
        sa.Column('lookup_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.Text(), nullable=False, server_default=''),
        sa.UniqueConstraint('seller_tax_code', 'template', 'symbol', 'year', 'number', name='uq_invoices_number'),
    )
    op.create_index('ix_invoices_day', 'invoices', ['business_day', 'device_code'])
    op.create_index('ix_invoices_sale', 'invoices', ['sale_id'])
    op.create_index('ix_invoices_seller_day', 'invoices', ['seller_tax_code', 'business_day'])
    op.create_table(
        'invoice_lines',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('invoice_id', sa.String(36), nullable=False),
        sa.Column('line_no', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('sale_line_id', sa.Text(), nullable=True),
        sa.Column('product_id', sa.Text(), nullable=False, server_default=''),
        sa.Column('name', sa.Text(), nullable=False, server_default=''),
        sa.Column('unit', sa.Text(), nullable=False, server_default=''),
        sa.Column('qty', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('by_weight', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('unit_price', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('discount', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('amount', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('vat_rate', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('pre_vat', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('vat_amount', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('device_code', sa.String(12), nullable=False),
        sa.Column('location_code', sa.Text(), nullable=False, server_default=''),
    )
    op.create_index('ix_invoice_lines_invoice', 'invoice_lines', ['invoice_id'])
    op.create_table(
        'buyers',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('tax_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('id_no', sa.Text(), nullable=False, server_default=''),
        sa.Column('name', sa.Text(), nullable=False, server_default=''),
        sa.Column('company', sa.Text(), nullable=False, server_default=''),
        sa.Column('address', sa.Text(), nullable=False, server_default=''),
        sa.Column('email', sa.Text(), nullable=False, server_default=''),
        sa.Column('phone', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('device_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('rev', sa.BigInteger(), nullable=False, server_default='0'),
    )
    op.create_index('ix_buyers_rev', 'buyers', ['rev'])
    op.create_index('ix_buyers_tax_code', 'buyers', ['tax_code'])
    op.create_table(
        'invoice_deliveries',
        sa.Column('invoice_id', sa.String(36), primary_key=True),
        sa.Column('seller_tax_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('state', sa.String(12), nullable=False, server_default='queued'),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('next_attempt_at', sa.Float(), nullable=False, server_default='0'),
        sa.Column('provider', sa.Text(), nullable=False, server_default=''),
        sa.Column('transaction_id', sa.Text(), nullable=False, server_default=''),
        sa.Column('provider_invoice_no', sa.Text(), nullable=False, server_default=''),
        sa.Column('provider_ref', sa.Text(), nullable=False, server_default=''),
        sa.Column('last_error', sa.Text(), nullable=False, server_default=''),
        sa.Column('last_reply', sa.Text(), nullable=False, server_default=''),
        sa.Column('queued_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('sent_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('accepted_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_at', sa.Text(), nullable=False, server_default=''),
    )
    op.create_index('ix_invoice_deliveries_due', 'invoice_deliveries', ['state', 'next_attempt_at'])
    op.create_table(
        'invoice_replies',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), primary_key=True, autoincrement=True),
        sa.Column('invoice_id', sa.String(36), nullable=False),
        sa.Column('at', sa.Text(), nullable=False, server_default=''),
        sa.Column('provider', sa.Text(), nullable=False, server_default=''),
        sa.Column('action', sa.String(16), nullable=False),
        sa.Column('http_status', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('outcome', sa.String(16), nullable=False),
        sa.Column('body', sa.Text(), nullable=False, server_default=''),
    )
    op.create_index('ix_invoice_replies_invoice', 'invoice_replies', ['invoice_id'])
    op.create_table(
        'einvoice_sellers',
        sa.Column('tax_code', sa.String(14), primary_key=True),
        sa.Column('name', sa.Text(), nullable=False, server_default=''),
        sa.Column('address', sa.Text(), nullable=False, server_default=''),
        sa.Column('template', sa.Text(), nullable=False, server_default='1'),
        sa.Column('authority_prefix', sa.Text(), nullable=False, server_default=''),
        sa.Column('provider', sa.Text(), nullable=False, server_default=''),
        sa.Column('provider_url', sa.Text(), nullable=False, server_default=''),
        sa.Column('provider_options', sa.Text(), nullable=False, server_default=''),
        sa.Column('username', sa.Text(), nullable=False, server_default=''),
        sa.Column('secret', sa.Text(), nullable=False, server_default=''),
        sa.Column('lookup_url', sa.Text(), nullable=False, server_default=''),
        sa.Column('is_operator', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('delegate_tax_code', sa.Text(), nullable=False, server_default=''),
        sa.Column('delegation_ref', sa.Text(), nullable=False, server_default=''),
        sa.Column('enabled', sa.Integer(), nullable=False, server_default='1'),
        sa.Column('updated_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_by', sa.Text(), nullable=False, server_default=''),
    )
    op.create_table(
        'einvoice_places',
        sa.Column('seller_tax_code', sa.String(14), primary_key=True),
        sa.Column('code', sa.String(32), primary_key=True),
        sa.Column('name', sa.Text(), nullable=False, server_default=''),
        sa.Column('address', sa.Text(), nullable=False, server_default=''),
        sa.Column('location_code', sa.Text(), nullable=False, server_default=''),
    )
    op.create_table(
        'einvoice_symbols',
        sa.Column('seller_tax_code', sa.String(14), primary_key=True),
        sa.Column('device_code', sa.String(12), primary_key=True),
        sa.Column('symbol', sa.String(6), nullable=False),
        sa.UniqueConstraint('seller_tax_code', 'symbol', name='uq_einvoice_symbols_symbol'),
    )
    op.create_table(
        'einvoice_delegations',
        sa.Column('producer_id', sa.String(36), primary_key=True),
        sa.Column('seller_tax_code', sa.String(14), nullable=False),
        sa.Column('since', sa.Text(), nullable=False, server_default=''),
        sa.Column('note', sa.Text(), nullable=False, server_default=''),
    )
    # the sender's lease row exists from the schema on (as 0005's scheduler row)
    op.execute("INSERT INTO server_leases (name, holder, expires_at) VALUES ('einvoice', '', 0)")


def downgrade() -> None:
    op.execute("DELETE FROM server_leases WHERE name = 'einvoice'")
    for name in reversed(TABLES):
        op.drop_table(name)
