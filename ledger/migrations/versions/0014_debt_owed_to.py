"""debt owed to: whom a member's debt is owed to, so that another merchant's points paying it off make a claim

A debt held before the upgrade is put down to the entries that ran it up (the overdraws, each of its terminal's
merchant), the newest first, since earning pays the oldest off first. An adjustment's share, and whatever the
overdraws do not account for, is owed to no merchant (""): it is paid off with no claim, as before, since no
merchant should pay another for a debt the ledger cannot show was run up at the other's.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 10:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_members = sa.table('members', sa.column('id', sa.String()), sa.column('debt', sa.BigInteger()),
                    sa.column('debt_owed_to', sa.Text()))
_overdraws = sa.table('overdraws', sa.column('member_id', sa.String()), sa.column('terminal_pk', sa.Integer()),
                      sa.column('seq', sa.BigInteger()), sa.column('points', sa.BigInteger()),
                      sa.column('business_date', sa.String()))
_terminals = sa.table('terminals', sa.column('pk', sa.Integer()), sa.column('merchant_id', sa.String()))
_entries = sa.table('entries', sa.column('terminal_pk', sa.Integer()), sa.column('seq', sa.BigInteger()),
                    sa.column('kind', sa.String()))


def upgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('debt_owed_to', sa.Text(), nullable=True))
    conn = op.get_bind()
    debts = {member: int(debt) for member, debt in conn.execute(
        sa.select(_members.c.id, _members.c.debt).where(_members.c.debt > 0))}
    causes: dict[str, list[tuple[str, int]]] = {}
    for member, points, merchant, kind in conn.execute(_causes()):
        causes.setdefault(member, []).append(("" if kind == "adjust" else merchant, int(points)))
    rows = [{"member": member, "owed": json.dumps(_owed_to(debt, causes.get(member, [])), ensure_ascii=False)}
            for member, debt in debts.items()]
    if rows:
        conn.execute(_members.update().where(_members.c.id == sa.bindparam('member'))
                     .values(debt_owed_to=sa.bindparam('owed')), rows)


def _causes() -> sa.Select:  # type: ignore[type-arg]
    """The overdraws of the members in debt, oldest first, with the merchant and the kind of the entry of each."""
    in_debt = sa.select(_members.c.id).where(_members.c.debt > 0)
    return (sa.select(_overdraws.c.member_id, _overdraws.c.points, _terminals.c.merchant_id, _entries.c.kind)
            .select_from(_overdraws.join(_terminals, _terminals.c.pk == _overdraws.c.terminal_pk)
                         .outerjoin(_entries, sa.and_(_entries.c.terminal_pk == _overdraws.c.terminal_pk,
                                                      _entries.c.seq == _overdraws.c.seq)))
            .where(_overdraws.c.member_id.in_(in_debt))
            .order_by(_overdraws.c.member_id, _overdraws.c.business_date, _overdraws.c.terminal_pk, _overdraws.c.seq))


def _owed_to(debt: int, causes: list[tuple[str, int]]) -> list[list[str | int]]:
    """The debt left, put down to the newest of its causes; the rest (if they do not account for it) to no one."""
    owed: list[tuple[str, int]] = []
    left = debt
    for merchant, points in reversed(causes):
        take = min(points, left)
        owed.insert(0, (merchant, take))
        left -= take
    merged: list[list[str | int]] = []
    for merchant, points in [("", left), *owed]:
        if not points:
            continue
        if merged and merged[-1][0] == merchant:
            merged[-1][1] = int(merged[-1][1]) + points
        else:
            merged.append([merchant, points])
    return merged


def downgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.drop_column('debt_owed_to')
