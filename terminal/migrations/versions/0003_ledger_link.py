"""ledger link

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 09:02:08.549067
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=256), nullable=False),
    sa.Column('acked_seq', sa.Integer(), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('last_attempt', sa.String(length=32), nullable=True),
    sa.Column('last_success', sa.String(length=32), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ledger_growth_fen', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('ledger_seq', sa.Integer(), nullable=True))

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_id', sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_member_id'), ['member_id'], unique=False)
    # Entries written before this version wait in the outbox too: name their members.
    op.execute("UPDATE outbox SET member_id = (SELECT json_extract(payload, '$.member_id') FROM journal "
               "WHERE journal.seq = outbox.seq)")

    with op.batch_alter_table('store', schema=None) as batch_op:
        batch_op.drop_column('ledger_url')



def downgrade() -> None:
    with op.batch_alter_table('store', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ledger_url', sa.VARCHAR(length=256), nullable=True))

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_member_id'))
        batch_op.drop_column('member_id')

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('ledger_seq')
        batch_op.drop_column('ledger_growth_fen')

    op.drop_table('ledger_link')
