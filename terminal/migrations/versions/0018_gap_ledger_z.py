"""journal gaps: the last Z the ledger holds among the gap's entries, and the business date of its last entry

So that a store carried on after the ledger numbers its next Z after the ledger's, and a day report says which
days lack entries the ledger holds only. Empty for gaps recorded before, and from a ledger that does not say.

Revision ID: 0018
Revises: 0017
Create Date: 2028-03-06 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('journal_gaps') as batch:
        batch.add_column(sa.Column('last_z', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('last_z_seq', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('last_date', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('journal_gaps') as batch:
        batch.drop_column('last_date')
        batch.drop_column('last_z_seq')
        batch.drop_column('last_z')
