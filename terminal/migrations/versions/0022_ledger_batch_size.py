"""ledger batch size: the entries a push sends at most, halved after an answer that came late, kept with the link

`jifen sync` run from cron on a slow line started again at the full batch on every run, waited out the deadline and
never drained: the halving lived only in the process. NULL: the full batch.

Revision ID: 0022
Revises: 0021
Create Date: 2028-04-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ledger_link') as batch:
        batch.add_column(sa.Column('batch_size', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ledger_link') as batch:
        batch.drop_column('batch_size')
