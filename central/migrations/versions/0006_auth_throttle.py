"""auth throttle: sign-in and enrollment attempts limited per address and per account

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 01:30:00

Counters live in the database (not in a process's memory) so that every server worker of
`main.py server --workers N` sees the same attempts; each refusal is kept for the audit.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'auth_throttle',
        sa.Column('key', sa.String(200), primary_key=True),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('window_start', sa.Float(), nullable=False, server_default='0'),
        sa.Column('locked_until', sa.Float(), nullable=False, server_default='0'),
        sa.Column('lockouts', sa.Integer(), nullable=False, server_default='0'),
    )
    op.create_table(
        'auth_refusals',
        sa.Column('id', BigId, primary_key=True, autoincrement=True),
        sa.Column('at', sa.Text(), nullable=False),
        sa.Column('action', sa.String(16), nullable=False),
        sa.Column('address', sa.String(64), nullable=False),
        sa.Column('account', sa.String(64), nullable=False),
        sa.Column('reason', sa.String(16), nullable=False),
        sa.Column('retry_after', sa.Integer(), nullable=False, server_default='0'),
    )
    op.create_index('ix_auth_refusals_at', 'auth_refusals', ['at'])


def downgrade() -> None:
    op.drop_index('ix_auth_refusals_at', 'auth_refusals')
    op.drop_table('auth_refusals')
    op.drop_table('auth_throttle')
