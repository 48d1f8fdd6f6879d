"""first schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 07:44:35.470140
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_table('claims',
    sa.Column('id', sa.String(length=96), nullable=False),
    sa.Column('issuer', sa.String(length=32), nullable=False),
    sa.Column('redeemer', sa.String(length=32), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_business_date'), ['business_date'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('terminal_pk', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('held_hash', sa.String(length=64), nullable=False),
    sa.Column('sent_hash', sa.String(length=64), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('counters',
    sa.Column('name', sa.String(length=16), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('entries',
    sa.Column('terminal_pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('store', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('approver', sa.String(length=64), nullable=True),
    sa.Column('points_delta', sa.BigInteger(), nullable=False),
    sa.Column('liability_after', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('terminal_pk', 'seq'),
    sa.UniqueConstraint('id')
    )
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.create_index('ix_entries_merchant_date', ['merchant_id', 'business_date'], unique=False)

    op.create_table('lots',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('issuer', sa.String(length=32), nullable=False),
    sa.Column('granted_on', sa.String(length=10), nullable=False),
    sa.Column('expires_on', sa.String(length=10), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('remaining', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=96), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.create_index('ix_lots_member', ['member_id', 'remaining'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('currency', sa.String(length=32), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=True),
    sa.Column('referrer_id', sa.String(length=16), nullable=True),
    sa.Column('registered_on', sa.String(length=10), nullable=False),
    sa.Column('debt', sa.BigInteger(), nullable=False),
    sa.Column('change', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_change'), ['change'], unique=False)
        batch_op.create_index('ix_members_currency_change', ['currency', 'change'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_phone'), ['phone'], unique=False)

    op.create_table('merchants',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('currency', sa.String(length=32), nullable=False),
    sa.Column('fen_per_point', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('rules', sa.Text(), nullable=True),
    sa.Column('rules_version', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('overdraws',
    sa.Column('id', sa.String(length=96), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('terminal_pk', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('overdraws', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overdraws_member_id'), ['member_id'], unique=False)

    op.create_table('refunds',
    sa.Column('terminal_pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('sale_seq', sa.BigInteger(), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.Column('sale_date', sa.String(length=10), nullable=False),
    sa.Column('money_fen', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('terminal_pk', 'seq')
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index('ix_refunds_member_date', ['member_id', 'sale_date'], unique=False)

    op.create_table('sales',
    sa.Column('terminal_pk', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('paid_fen', sa.BigInteger(), nullable=False),
    sa.Column('redeem_expires_on', sa.String(length=10), nullable=True),
    sa.PrimaryKeyConstraint('terminal_pk', 'seq')
    )
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.create_index('ix_sales_member_date', ['member_id', 'business_date'], unique=False)

    op.create_table('terminals',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('store', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('merchant_id', 'terminal_id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('transfers',
    sa.Column('id', sa.String(length=96), nullable=False),
    sa.Column('debit', sa.String(length=64), nullable=False),
    sa.Column('credit', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('terminal_pk', sa.Integer(), nullable=True),
    sa.Column('seq', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfers_credit'), ['credit'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfers_debit'), ['debit'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfers_debit'))
        batch_op.drop_index(batch_op.f('ix_transfers_credit'))

    op.drop_table('transfers')
    op.drop_table('terminals')
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_member_date')

    op.drop_table('sales')
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_refunds_member_date')

    op.drop_table('refunds')
    with op.batch_alter_table('overdraws', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overdraws_member_id'))

    op.drop_table('overdraws')
    op.drop_table('merchants')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_phone'))
        batch_op.drop_index('ix_members_currency_change')
        batch_op.drop_index(batch_op.f('ix_members_change'))

    op.drop_table('members')
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_index('ix_lots_member')

    op.drop_table('lots')
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_index('ix_entries_merchant_date')

    op.drop_table('entries')
    op.drop_table('counters')
    op.drop_table('conflicts')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_business_date'))

    op.drop_table('claims')
    op.drop_table('admin_tokens')
