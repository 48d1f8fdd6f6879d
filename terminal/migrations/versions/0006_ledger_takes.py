"""ledger takes: each member's takes of limited mall items over every terminal, pulled from the ledger

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_takes',
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.String(length=32), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('on_day', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('member_id', 'item_id')
    )


def downgrade() -> None:
    op.drop_table('ledger_takes')
