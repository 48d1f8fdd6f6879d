"""terminal state since: when a terminal was registered, revoked or let in again, for `terminal list`

Terminals active now are taken as active since they were registered; those revoked before this revision keep
no date (the ledger did not record it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('terminals', sa.Column('state_since', sa.String(length=32), nullable=True))
    terminals = sa.table('terminals', sa.column('revoked', sa.Boolean()), sa.column('created_at', sa.String()),
                         sa.column('state_since', sa.String()))
    op.execute(terminals.update().where(terminals.c.revoked == sa.false())
               .values(state_since=terminals.c.created_at))


def downgrade() -> None:
    with op.batch_alter_table('terminals') as batch:
        batch.drop_column('state_since')
