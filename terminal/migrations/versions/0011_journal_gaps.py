"""journal gaps: entries held by the ledger only, after a store restored from an older backup resumed after it

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'journal_gaps',
        sa.Column('from_seq', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('to_seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('liability', sa.Integer(), nullable=False),
        sa.Column('at', sa.String(length=32), nullable=False),
        sa.Column('why', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('from_seq'),
    )


def downgrade() -> None:
    op.drop_table('journal_gaps')
