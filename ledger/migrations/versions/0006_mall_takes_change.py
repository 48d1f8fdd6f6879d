"""mall takes carry the change number of the batch that wrote them, so terminals pull only what changed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mall_takes') as batch:
        batch.add_column(sa.Column('change', sa.BigInteger(), nullable=True))
        batch.create_index('ix_mall_takes_change', ['merchant_id', 'change'])
    # Takes already held get change numbers of their own, one per (member, item), after every number
    # handed out so far: terminals (whose takes cursor starts at 0) pull them all, a page at a time.
    conn = op.get_bind()
    pairs = conn.execute(sa.text("SELECT DISTINCT merchant_id, member_id, item_id FROM mall_takes "
                                 "ORDER BY merchant_id, member_id, item_id")).all()
    if not pairs:
        return
    base = conn.execute(sa.text("SELECT value FROM counters WHERE name = 'change'")).scalar()
    if base is None:
        conn.execute(sa.text("INSERT INTO counters (name, value) VALUES ('change', 0)"))
        base = 0
    conn.execute(sa.text("UPDATE mall_takes SET change = :change WHERE merchant_id = :merchant AND member_id = :member "
                         "AND item_id = :item"),
                 [{"change": base + n, "merchant": m, "member": member, "item": item}
                  for n, (m, member, item) in enumerate(pairs, 1)])
    conn.execute(sa.text("UPDATE counters SET value = :value WHERE name = 'change'"), {"value": base + len(pairs)})


def downgrade() -> None:
    with op.batch_alter_table('mall_takes') as batch:
        batch.drop_index('ix_mall_takes_change')
        batch.drop_column('change')
