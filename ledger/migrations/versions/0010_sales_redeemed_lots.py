"""sales redeemed lots: the expiries a sale's redeemed points came from, so a refund gives each back its own

Sales held before the upgrade keep none and give points back with their latest expiry, as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 21:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sales') as batch:
        batch.add_column(sa.Column('redeemed_lots', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sales') as batch:
        batch.drop_column('redeemed_lots')
