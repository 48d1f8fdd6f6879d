"""coupon spent expiry: the latest expiry of the points a coupon was bought with, so that cancelling it gives them
back with that expiry (as a cancelled gift exchange does) instead of a fresh one

Coupons issued before keep NULL: their cancel gives the points the expiry of points granted that day, as before.

Revision ID: 0021
Revises: 0020
Create Date: 2028-04-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('coupons') as batch:
        batch.add_column(sa.Column('spent_expires_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('coupons') as batch:
        batch.drop_column('spent_expires_on')
