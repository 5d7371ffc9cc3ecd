"""vouchers.rev: kiosks pull the vouchers that changed since their cursor, not the whole list

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 19:40:00

Every change to a voucher (issued, re-allotted, withdrawn) takes the next catalog revision
(central/vouchers/issue.py), so the pull sends it under `voucher_changes` with the catalog's cursor
(central/catalog/pull.py). Vouchers already issued take one new revision here, so every kiosk gets
each of them once more at its next pull, whatever its cursor.
"""
from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('vouchers') as batch:
        batch.add_column(sa.Column('rev', sa.BigInteger(), nullable=False, server_default='0'))
        batch.create_index('ix_vouchers_rev', ['rev'])
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM vouchers")).scalar():
        conn.execute(sa.text("UPDATE counters SET value = value + 1 WHERE name = 'catalog_rev'"))
        conn.execute(sa.text("UPDATE vouchers SET rev = (SELECT value FROM counters WHERE name = 'catalog_rev')"))


def downgrade() -> None:
    with op.batch_alter_table('vouchers') as batch:
        batch.drop_index('ix_vouchers_rev')
        batch.drop_column('rev')
