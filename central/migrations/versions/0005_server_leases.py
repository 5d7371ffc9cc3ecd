"""leases: one server process runs the scheduled jobs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:45:00

`main.py server --workers N` starts N processes, each with the loop that applies scheduled prices
and commission rates. The loop now runs its work only while it holds the `scheduler` lease row
(renewed every round, taken over when it expires), so one process applies each change.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'server_leases',
        sa.Column('name', sa.String(64), primary_key=True),
        sa.Column('holder', sa.Text(), nullable=False, server_default=''),
        sa.Column('expires_at', sa.Float(), nullable=False, server_default='0'),
    )
    # the row exists from the schema on: takers only UPDATE it (no insert race between workers)
    op.execute("INSERT INTO server_leases (name, holder, expires_at) VALUES ('scheduler', '', 0)")


def downgrade() -> None:
    op.drop_table('server_leases')
