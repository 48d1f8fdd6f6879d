"""ledger growth days: the ledger's growth of a member by sale date, so the terminal slides the 365-day window

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('ledger_growth_days', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.drop_column('ledger_growth_days')
