"""mall coupons by member: a member's snapshot tells terminals which of their coupons were used

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 22:00:00
"""

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mall_coupons') as batch:
        batch.create_index('ix_mall_coupons_member', ['member_id'])


def downgrade() -> None:
    with op.batch_alter_table('mall_coupons') as batch:
        batch.drop_index('ix_mall_coupons_member')
