"""terminal connected: whether a terminal has sent all it held before its first sync, as its till says

A till now says so with its batch (``last=1``): one that shrank its batches on a slow link sends batches of fewer
than 500 entries while more of its backlog is still to come. Terminals already held are connected as the ledger
told it before: it holds a batch of fewer than 500 of their entries (entries of a batch share their received_at).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BATCH_THEN = 500  # MAX_BATCH when this revision was written


def upgrade() -> None:
    op.add_column('terminals', sa.Column('connected', sa.Boolean(), nullable=False, server_default=sa.false()))
    terminals = sa.table('terminals', sa.column('pk', sa.Integer()), sa.column('connected', sa.Boolean()))
    entries = sa.table('entries', sa.column('terminal_pk', sa.Integer()), sa.column('received_at', sa.String()))
    partial = (sa.select(entries.c.received_at).where(entries.c.terminal_pk == terminals.c.pk)
               .group_by(entries.c.received_at).having(sa.func.count() < BATCH_THEN))
    op.execute(terminals.update().where(partial.exists()).values(connected=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('terminals') as batch:
        batch.drop_column('connected')
