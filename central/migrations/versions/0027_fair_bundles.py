"""fair bundles: the centre's signing key, and how far each kiosk's catalog is known to be

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 19:00:00

Issue 16 item 5. `signing_keys` holds the centre's Ed25519 key (made on first use,
central/signing.py): it signs the bundles and acknowledgements the centre writes for kiosks at
fairs without internet, and kiosks verify them with its public key (given at enrollment and in
every pull). `devices.pull_cursor` is the catalog cursor a kiosk last said it holds (its pull
requests, its sales bundles), where a centre bundle for it starts.
"""
from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'signing_keys',
        sa.Column('name', sa.String(32), primary_key=True),
        sa.Column('private_key', sa.Text(), nullable=False),
        sa.Column('public_key', sa.Text(), nullable=False),
        sa.Column('created_at', sa.Text(), nullable=False, server_default=''),
    )
    with op.batch_alter_table('devices') as batch:
        batch.add_column(sa.Column('pull_cursor', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('devices') as batch:
        batch.drop_column('pull_cursor')
    op.drop_table('signing_keys')
