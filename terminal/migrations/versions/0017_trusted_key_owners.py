"""trusted key owners: the terminal and store the ledger says hold each key it passed on, for `jifen key show`

Filled at the next pull (the ledger sends its keys at every pull).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('trusted_keys') as batch:
        batch.add_column(sa.Column('terminal', sa.Text(), nullable=True))
        batch.add_column(sa.Column('store', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('trusted_keys') as batch:
        batch.drop_column('store')
        batch.drop_column('terminal')
