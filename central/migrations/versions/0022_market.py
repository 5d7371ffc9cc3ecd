"""replenishment and marketplace listings: pack sizes, parcels, marketplace categories

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 12:10:00

Issue 15 items 4 and 5. `product_logistics`: what moving a product needs and the catalog does not
say: how many units a producer's pack holds (a suggested order rounds up to it) and the parcel a
marketplace ships (gross weight in grams, sides in centimetres). `marketplace_categories`: which
category of each marketplace one of our categories goes to (every marketplace's upload sheet
requires its own category id).
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'product_logistics',
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('pack_size', sa.Integer(), nullable=True),
        sa.Column('parcel_weight_g', sa.Integer(), nullable=True),
        sa.Column('length_cm', sa.Integer(), nullable=True),
        sa.Column('width_cm', sa.Integer(), nullable=True),
        sa.Column('height_cm', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_by', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('product_id'),
        sa.CheckConstraint('pack_size IS NULL OR pack_size > 0', name='ck_product_logistics_pack_positive'),
    )
    op.create_table(
        'marketplace_categories',
        sa.Column('marketplace', sa.String(16), nullable=False),
        sa.Column('category_id', sa.String(36), nullable=False),
        sa.Column('code', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_by', sa.Text(), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('marketplace', 'category_id'),
    )


def downgrade() -> None:
    op.drop_table('marketplace_categories')
    op.drop_table('product_logistics')
