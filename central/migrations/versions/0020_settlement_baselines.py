"""settlement baselines: what lay before a producer's first closed period, frozen

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 12:30:00

Issue 15 item 2 follow-up: lines dated before a producer's first closed period that reach the
centre after it closed (a kiosk offline for weeks) are carried to the next statement as an
adjustment; the baseline is what those days said when the first period closed.
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _money(name):
    return sa.Column(name, sa.BigInteger(), nullable=False, server_default='0')


def upgrade() -> None:
    op.create_table(
        'settlement_baselines',
        sa.Column('producer_id', sa.String(36), nullable=False),
        sa.Column('statement_id', BigId, nullable=False),
        sa.Column('upto', sa.String(10), nullable=False),
        *[_money(k) for k in ('gross', 'refunds', 'net', 'vat', 'commission', 'payable')],
        sa.ForeignKeyConstraint(['statement_id'], ['settlement_statements.id'],
                                name='fk_settlement_baselines_statement_id_settlement_statements'),
        sa.PrimaryKeyConstraint('producer_id', name='pk_settlement_baselines'),
    )


def downgrade() -> None:
    op.drop_table('settlement_baselines')
