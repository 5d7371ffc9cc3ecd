"""recall lifts and the producer's commune

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 12:10:00

Issue 14: a recall can be lifted at the centre (who, when, why: the row stays, kiosks pull the
lift and sell the lot again); a lot recalled again after a lift keeps its earlier recall and lift
in `lot_recall_history`. Producers get their commune (xã/phường), shown on the public pages and
in the open data; an older database's producers have it empty.
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('lot_recalls', sa.Column('lifted_at', sa.Text(), nullable=True))
    op.add_column('lot_recalls', sa.Column('lifted_by', sa.Text(), nullable=False, server_default=''))
    op.add_column('lot_recalls', sa.Column('lift_reason', sa.Text(), nullable=False, server_default=''))
    op.create_table(
        'lot_recall_history',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('lot_no', sa.String(20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False, server_default=''),
        sa.Column('recalled_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('recalled_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('lifted_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('lifted_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('lift_reason', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_lot_recall_history_lot', 'lot_recall_history', ['product_id', 'lot_no'], unique=False)
    op.add_column('producers', sa.Column('commune', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    op.drop_column('producers', 'commune')
    op.drop_index('ix_lot_recall_history_lot', table_name='lot_recall_history')
    op.drop_table('lot_recall_history')
    with op.batch_alter_table('lot_recalls') as batch:
        batch.drop_column('lift_reason')
        batch.drop_column('lifted_by')
        batch.drop_column('lifted_at')
