"""product_content, product_media: descriptions, net quantity, ingredients, shelf life, storage,
pictures and the OCOP certificate document of each product

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 04:10:00

The content is pulled by kiosks, shown on the public traceability pages
(/01/<GTIN-14>) and published as open data.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = [sa.Column(name, sa.Text(), nullable=False, server_default='')
            for name in ('description_vi', 'description_en', 'ingredients_vi', 'ingredients_en',
                         'storage_vi', 'storage_en')]
    op.create_table(
        'product_content',
        sa.Column('product_id', sa.String(36), primary_key=True),
        *text,
        sa.Column('net_qty', sa.Integer(), nullable=True),
        sa.Column('net_unit', sa.Text(), nullable=False, server_default='g'),
        sa.Column('shelf_life_days', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_by', sa.Text(), nullable=False, server_default=''),
        sa.Column('rev', sa.BigInteger(), nullable=False),
    )
    op.create_index('ix_product_content_rev', 'product_content', ['rev'])
    op.create_table(
        'product_media',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('product_id', sa.String(36), nullable=False),
        sa.Column('kind', sa.String(12), nullable=False),
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('ext', sa.Text(), nullable=False, server_default='jpg'),
        sa.Column('thumb_sha256', sa.String(64), nullable=True),
        sa.Column('width', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('height', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('bytes', sa.BigInteger(), nullable=False, server_default='0'),
        sa.Column('sort', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('created_at', sa.Text(), nullable=False, server_default=''),
        sa.Column('created_by', sa.Text(), nullable=False, server_default=''),
    )
    op.create_index('ix_product_media_product_id', 'product_media', ['product_id'])


def downgrade() -> None:
    op.drop_index('ix_product_media_product_id', 'product_media')
    op.drop_table('product_media')
    op.drop_index('ix_product_content_rev', 'product_content')
    op.drop_table('product_content')
