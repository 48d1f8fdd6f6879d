"""sales keep their lines' amounts, pay method and points, refunds the lines and points they gave back, so a
batch's refunds are checked against their sale's earlier refunds (a line refunded once, nothing beyond what was paid)

Existing rows are filled from the entries they were made from: the ledger holds every entry exactly as it
was sent, and writes a sale or refund row in the transaction that holds its entry. No default would be
safe: "no lines" would refuse every later refund of a sale made before the upgrade, "no lines refunded"
would let a line refunded before the upgrade be refunded again, and "0 points" would refuse restoring
points to a genuine refund. (A field missing from an old payload, which no terminal ever sent, is taken
as empty or 0, and a pay method that is not text as ''.)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:00:00
"""

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PAGE = 2000


def _int(value: Any) -> int:
    return value if type(value) is int else 0


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _sale(p: dict[str, Any]) -> dict[str, Any]:
    lines = _list(p.get("lines"))
    method = p.get("pay_method")
    return {"line_fen": ",".join(str(_int(line.get("amount_fen")) if isinstance(line, dict) else 0) for line in lines),
            "pay_method": method[:8] if isinstance(method, str) else "",
            "redeemed_points": _int(p.get("redeemed_points")), "earned_points": _int(p.get("earned_points"))}


def _refund(p: dict[str, Any]) -> dict[str, Any]:
    lines = _list(p.get("lines"))
    return {"lines": ",".join(str(n) for n in lines if type(n) is int),
            "restored_points": _int(p.get("restored_points")), "reversed_points": _int(p.get("reversed_points"))}


def _fill(table: str, columns: list[str], values: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """A terminal's rows at a time, a page at a time: memory stays bounded on a ledger of any size."""
    conn = op.get_bind()
    sets = ", ".join(f"{name} = :{name}" for name in columns)
    update = sa.text(f"UPDATE {table} SET {sets} WHERE terminal_pk = :terminal_pk AND seq = :seq")
    page = sa.text(f"SELECT t.seq, e.payload FROM {table} t JOIN entries e ON e.terminal_pk = t.terminal_pk "
                   "AND e.seq = t.seq WHERE t.terminal_pk = :terminal AND t.seq > :after ORDER BY t.seq LIMIT :page")
    for terminal in conn.execute(sa.text("SELECT pk FROM terminals ORDER BY pk")).scalars().all():
        after = 0
        while rows := conn.execute(page, {"terminal": terminal, "after": after, "page": PAGE}).all():
            payloads = [(seq, json.loads(payload)) for seq, payload in rows]
            conn.execute(update, [{"terminal_pk": terminal, "seq": seq} | values(p if isinstance(p, dict) else {})
                                  for seq, p in payloads])
            after = rows[-1][0]


def upgrade() -> None:
    # Added with a server default (rows without an entry, which should not exist, keep it), dropped once filled.
    with op.batch_alter_table('sales') as batch:
        batch.add_column(sa.Column('line_fen', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('pay_method', sa.String(length=8), nullable=False, server_default=''))
        batch.add_column(sa.Column('redeemed_points', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('earned_points', sa.BigInteger(), nullable=False, server_default='0'))
    with op.batch_alter_table('refunds') as batch:
        batch.add_column(sa.Column('lines', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('restored_points', sa.BigInteger(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('reversed_points', sa.BigInteger(), nullable=False, server_default='0'))
        batch.create_index('ix_refunds_sale', ['terminal_pk', 'sale_seq'])
    _fill('sales', ['line_fen', 'pay_method', 'redeemed_points', 'earned_points'], _sale)
    _fill('refunds', ['lines', 'restored_points', 'reversed_points'], _refund)
    with op.batch_alter_table('sales') as batch:
        batch.alter_column('line_fen', existing_type=sa.Text(), server_default=None)
        batch.alter_column('pay_method', existing_type=sa.String(length=8), server_default=None)
        batch.alter_column('redeemed_points', existing_type=sa.BigInteger(), server_default=None)
        batch.alter_column('earned_points', existing_type=sa.BigInteger(), server_default=None)
    with op.batch_alter_table('refunds') as batch:
        batch.alter_column('lines', existing_type=sa.Text(), server_default=None)
        batch.alter_column('restored_points', existing_type=sa.BigInteger(), server_default=None)
        batch.alter_column('reversed_points', existing_type=sa.BigInteger(), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('refunds') as batch:
        batch.drop_index('ix_refunds_sale')
        batch.drop_column('reversed_points')
        batch.drop_column('restored_points')
        batch.drop_column('lines')
    with op.batch_alter_table('sales') as batch:
        batch.drop_column('earned_points')
        batch.drop_column('redeemed_points')
        batch.drop_column('pay_method')
        batch.drop_column('line_fen')
