"""points mall: catalog, stock, coupons and their clashes, partner offers and claims

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('mall_items',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'id')
    )
    op.create_table('mall_stock',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.String(length=32), nullable=False),
    sa.Column('store', sa.String(length=64), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'item_id', 'store')
    )
    op.create_table('mall_coupons',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.Column('value_fen', sa.BigInteger(), nullable=False),
    sa.Column('expires_on', sa.String(length=10), nullable=False),
    sa.Column('issued', sa.Boolean(), nullable=False),
    sa.Column('used_by', sa.String(length=96), nullable=True),
    sa.Column('used_on', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('merchant_id', 'id')
    )
    op.create_index(op.f('ix_mall_coupons_expires_on'), 'mall_coupons', ['expires_on'], unique=False)
    op.create_table('coupon_clashes',
    sa.Column('id', _ID, nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('coupon_id', sa.String(length=48), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.Column('first_use', sa.String(length=96), nullable=False),
    sa.Column('second_use', sa.String(length=96), nullable=False),
    sa.Column('discount_fen', sa.BigInteger(), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_coupon_clashes_merchant_id'), 'coupon_clashes', ['merchant_id'], unique=False)
    op.create_table('offers',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('partner', sa.String(length=64), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('starts_at', sa.String(length=32), nullable=False),
    sa.Column('ends_at', sa.String(length=32), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'id')
    )
    op.create_table('offer_codes',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('offer_id', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('merchant_id', 'offer_id', 'code')
    )
    op.create_table('offer_claims',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('offer_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('claim_id', sa.String(length=48), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('terminal_pk', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'offer_id', 'member_id'),
    sa.UniqueConstraint('claim_id')
    )
    op.create_index(op.f('ix_offer_claims_business_date'), 'offer_claims', ['business_date'], unique=False)


def downgrade() -> None:
    for table in ('offer_claims', 'offer_codes', 'offers', 'coupon_clashes', 'mall_coupons', 'mall_stock', 'mall_items'):
        op.drop_table(table)
