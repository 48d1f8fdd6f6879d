"""lots remember how many of their points expired and on which day, so an entry that arrives late, dated
before that day, can still spend them, as its terminal did

Lots emptied before the upgrade keep 0: which of their points expired and which were spent was not
recorded, and guessing could hand a member points twice.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lots') as batch:
        batch.add_column(sa.Column('expired', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('expired_on', sa.String(length=10), nullable=True))
    with op.batch_alter_table('transfers') as batch:
        batch.create_index('ix_transfers_unexpired', ['debit', 'business_date'],
                           postgresql_where=sa.text("kind = 'unexpire'"), sqlite_where=sa.text("kind = 'unexpire'"))


def downgrade() -> None:
    with op.batch_alter_table('transfers') as batch:
        batch.drop_index('ix_transfers_unexpired')
    with op.batch_alter_table('lots') as batch:
        batch.drop_column('expired_on')
        batch.drop_column('expired')
