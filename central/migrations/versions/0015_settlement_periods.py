"""settlement periods: closed statements, their adjustments, payouts

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 06:50:00

Issue 15 item 2: a closed period's statement is frozen in a row (figures and the printed body);
later lines dated in it are carried to the next statement as adjustments; payouts are recorded
against what the closed statements say is owed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _money(name):
    return sa.Column(name, sa.BigInteger(), nullable=False, server_default='0')


def _figures():
    return [_money(k) for k in ('gross', 'refunds', 'net', 'vat', 'commission', 'payable')]


def upgrade() -> None:
    op.create_table(
        'settlement_statements',
        sa.Column('id', BigId, primary_key=True, autoincrement=True),
        sa.Column('producer_id', sa.String(36), nullable=False),
        sa.Column('period_start', sa.String(10), nullable=False),
        sa.Column('period_end', sa.String(10), nullable=False),
        sa.Column('closed_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('closed_by', sa.Text(), nullable=False, server_default=''),
        *_figures(),
        _money('adjustment_net'), _money('adjustment_commission'), _money('adjustment_payable'), _money('due'),
        sa.Column('body', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('id', name='pk_settlement_statements'),
        sa.UniqueConstraint('producer_id', 'period_start', name='uq_settlement_statements_start'),
        sa.CheckConstraint('period_end >= period_start', name='ck_settlement_statements_period_order'),
    )
    op.create_index('ix_settlement_statements_producer_end', 'settlement_statements',
                    ['producer_id', 'period_end'], unique=False)
    op.create_table(
        'settlement_adjustments',
        sa.Column('statement_id', BigId, nullable=False),
        sa.Column('for_start', sa.String(10), nullable=False),
        sa.Column('producer_id', sa.String(36), nullable=False),
        sa.Column('for_end', sa.String(10), nullable=False),
        *_figures(),
        sa.ForeignKeyConstraint(['statement_id'], ['settlement_statements.id'],
                                name='fk_settlement_adjustments_statement_id_settlement_statements'),
        sa.PrimaryKeyConstraint('statement_id', 'for_start', name='pk_settlement_adjustments'),
    )
    op.create_index('ix_settlement_adjustments_producer', 'settlement_adjustments',
                    ['producer_id', 'for_start'], unique=False)
    op.create_table(
        'settlement_payouts',
        sa.Column('id', BigId, primary_key=True, autoincrement=True),
        sa.Column('producer_id', sa.String(36), nullable=False),
        sa.Column('paid_on', sa.String(10), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('method', sa.String(20), nullable=False),
        sa.Column('reference', sa.Text(), nullable=False, server_default=''),
        sa.Column('advance', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('note', sa.Text(), nullable=False, server_default=''),
        sa.Column('recorded_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('recorded_at', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('id', name='pk_settlement_payouts'),
        sa.CheckConstraint('amount > 0', name='ck_settlement_payouts_amount_positive'),
        sa.CheckConstraint("method IN ('cash', 'bank_transfer')", name='ck_settlement_payouts_method_known'),
    )
    op.create_index('ix_settlement_payouts_producer_id', 'settlement_payouts', ['producer_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_settlement_payouts_producer_id', table_name='settlement_payouts')
    op.drop_table('settlement_payouts')
    op.drop_index('ix_settlement_adjustments_producer', table_name='settlement_adjustments')
    op.drop_table('settlement_adjustments')
    op.drop_index('ix_settlement_statements_producer_end', table_name='settlement_statements')
    op.drop_table('settlement_statements')
