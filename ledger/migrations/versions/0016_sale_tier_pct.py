"""sale tier_pct: the tier multiplier of a sale given its member after it was paid (a sale_member entry)

A sale rung up without a member and given one later (jifen sale-member, 补积分) earns by the member's tier when the
card was shown, which its own entry does not hold: its refunds take back by it. Null for every other sale: its
entry's tier_pct stands.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sales') as batch:
        batch.add_column(sa.Column('tier_pct', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sales') as batch:
        batch.drop_column('tier_pct')
