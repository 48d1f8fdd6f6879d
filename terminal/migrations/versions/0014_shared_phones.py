"""shared phones: members the ledger holds under the phone of a member here (registered at two stores offline)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shared_phones',
        sa.Column('member_id', sa.String(length=16), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('found_at', sa.String(length=32), nullable=False),
        sa.Column('told', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('member_id'),
    )


def downgrade() -> None:
    op.drop_table('shared_phones')
