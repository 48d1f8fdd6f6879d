"""balance after: the member's balance right after a sale, refund, gift exchange, its cancel or a coupon issued, kept
with its row for reprints (a ledger snapshot hides it from the journal)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COLUMNS = {
    'sales': ('balance_after',),
    'refunds': ('balance_after',),
    'gift_exchanges': ('balance_after', 'cancel_balance_after'),
    'coupons': ('balance_after',),
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.add_column(sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
