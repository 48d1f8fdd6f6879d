"""points mall: catalog, gift exchanges, coupons, claimed codes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mall_items',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name_zh', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('picture', sa.String(length=256), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('topup_fen', sa.Integer(), nullable=False),
    sa.Column('value_fen', sa.Integer(), nullable=False),
    sa.Column('min_spend_fen', sa.Integer(), nullable=False),
    sa.Column('valid_days', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('per_day', sa.Integer(), nullable=True),
    sa.Column('per_member', sa.Integer(), nullable=True),
    sa.Column('tiers', sa.String(length=200), nullable=False),
    sa.Column('on_sale', sa.Boolean(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('gift_exchanges',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('topup_fen', sa.Integer(), nullable=False),
    sa.Column('spent_expires_on', sa.Date(), nullable=True),
    sa.Column('cancelled_seq', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('gift_exchanges', schema=None) as batch_op:
        batch_op.create_index('ix_gift_exchanges_member_item', ['member_id', 'item_id', 'business_date'], unique=False)
    op.create_table('coupons',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.Column('item_id', sa.String(length=32), nullable=True),
    sa.Column('value_fen', sa.Integer(), nullable=False),
    sa.Column('min_spend_fen', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('issued_seq', sa.Integer(), nullable=True),
    sa.Column('used_sale', sa.String(length=48), nullable=True),
    sa.Column('used_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coupons_member_id'), ['member_id'], unique=False)
    op.create_table('code_claims',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('code_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_claims_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    op.drop_table('code_claims')
    op.drop_table('coupons')
    op.drop_table('gift_exchanges')
    op.drop_table('mall_items')
