"""conflict kinds: what each recorded conflict is (other content under a held number, a break in the chain,
a hash that does not match the content), so the owner's report can say it and what to do

Conflicts recorded before the upgrade were of the first two kinds: one whose held hash is that of the entry held
under its number is the first, the others the second.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conflicts') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='fork'))
    op.execute("UPDATE conflicts SET kind = 'differs' WHERE EXISTS (SELECT 1 FROM entries WHERE "
               "entries.terminal_pk = conflicts.terminal_pk AND entries.seq = conflicts.seq "
               "AND entries.hash = conflicts.held_hash)")
    with op.batch_alter_table('conflicts') as batch:
        batch.alter_column('kind', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('conflicts') as batch:
        batch.drop_column('kind')
