"""ledger earning sales: a member's sales that earned points at this store, other tills' too, for the velocity limit

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('ledger_earning_sales', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.drop_column('ledger_earning_sales')
