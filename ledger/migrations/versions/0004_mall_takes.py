"""mall takes: each member's gift exchanges and coupons per item, day and terminal (per-member limits across terminals)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mall_takes',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'member_id', 'item_id', 'business_date', 'terminal_id')
    )


def downgrade() -> None:
    op.drop_table('mall_takes')
