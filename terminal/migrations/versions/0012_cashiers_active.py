"""cashiers active: someone who has left is deactivated, not deleted, so their past sales keep their name

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cashiers') as batch:
        batch.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('cashiers') as batch:
        batch.drop_column('active')
