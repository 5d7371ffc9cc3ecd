"""users.lang: each office user's language of the dashboard

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 01:25:00

The office pages speak Vietnamese (the default) and English; the choice is the user's and is
remembered on the account, so it follows them to another browser and survives signing out.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('lang', sa.Text(), nullable=False, server_default='vi'))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('lang')
