"""split big changes: no change number holds more members than a page of /v1/changes

Before, one `expire` run stamped every member it touched with one change number. A page of /v1/changes ends where a
change number does, so past 5,000 members the page came back full of that number, its cursor that number, and the
next page (after it) skipped the rest: tills never got them. Each such number's members are given fresh numbers, one
to each 5,000 of them in id order, after every number handed out so far: every till pulls them all again (those it
got are sent twice, which a till takes as it takes any snapshot).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

PAGE = 5000  # ledger.snapshots.PULL_LIMIT when this was written: a migration keeps its own figures

_members = sa.table('members', sa.column('id', sa.String()), sa.column('change', sa.BigInteger()))
_counters = sa.table('counters', sa.column('name', sa.String()), sa.column('value', sa.BigInteger()))


def upgrade() -> None:
    conn = op.get_bind()
    big = [int(change) for change, in conn.execute(
        sa.select(_members.c.change).where(_members.c.change > 0).group_by(_members.c.change)
        .having(sa.func.count() > PAGE).order_by(_members.c.change))]
    if not big:
        return
    last = int(conn.execute(sa.select(_counters.c.value).where(_counters.c.name == 'change')).scalar_one())
    for old in big:
        ids = list(conn.execute(sa.select(_members.c.id).where(_members.c.change == old).order_by(_members.c.id)).scalars())
        for start in range(0, len(ids), PAGE):
            last += 1
            conn.execute(_members.update().where(_members.c.change == old, _members.c.id >= ids[start],
                                                 _members.c.id <= ids[min(start + PAGE, len(ids)) - 1])
                         .values(change=last))
    conn.execute(_counters.update().where(_counters.c.name == 'change').values(value=last))


def downgrade() -> None:
    pass  # the numbers given stay valid: nothing to undo
