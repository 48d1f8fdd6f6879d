"""trusted keys

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:10:57.220673
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trusted_keys',
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('merchant', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('public_key')
    )


def downgrade() -> None:
    op.drop_table('trusted_keys')
