"""first schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 07:11:15.615931
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cashiers',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=False),
    sa.Column('failed_pins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('journal',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=True),
    sa.Column('approver', sa.String(length=32), nullable=True),
    sa.Column('points_delta', sa.Integer(), nullable=False),
    sa.Column('liability_after', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id')
    )
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.create_index('ix_journal_date_seq', ['business_date', 'seq'], unique=False)

    op.create_table('journal_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('liability', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('members',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=True),
    sa.Column('referrer_id', sa.String(length=16), nullable=True),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('debt_points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['referrer_id'], ['members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('phone')
    )
    op.create_table('rule_sets',
    sa.Column('version', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('version')
    )
    op.create_table('store',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=32), nullable=False),
    sa.Column('merchant', sa.String(length=64), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('ledger_url', sa.String(length=256), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('z_records',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('from_seq', sa.Integer(), nullable=False),
    sa.Column('to_seq', sa.Integer(), nullable=False),
    sa.Column('totals', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('number'),
    sa.UniqueConstraint('seq')
    )
    op.create_table('lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.create_index('ix_lots_member_live', ['member_id', 'expires_on'], unique=False)

    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['seq'], ['journal.seq'], ),
    sa.PrimaryKeyConstraint('seq')
    )
    op.create_table('sales',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.String(length=16), nullable=True),
    sa.Column('cashier', sa.String(length=32), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('total_fen', sa.Integer(), nullable=False),
    sa.Column('redeemed_points', sa.Integer(), nullable=False),
    sa.Column('redeemed_fen', sa.Integer(), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('pay_method', sa.String(length=8), nullable=False),
    sa.Column('earned_points', sa.Integer(), nullable=False),
    sa.Column('tier', sa.String(length=32), nullable=False),
    sa.Column('tier_pct', sa.Integer(), nullable=False),
    sa.Column('rules_version', sa.String(length=12), nullable=False),
    sa.Column('redeem_expires_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.create_index('ix_sales_member_date', ['member_id', 'business_date'], unique=False)

    op.create_table('shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cashier', sa.String(length=32), nullable=False),
    sa.Column('opened_seq', sa.Integer(), nullable=False),
    sa.Column('closed_seq', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cashier'], ['cashiers.name'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index('ix_shifts_open', ['cashier', 'closed_seq'], unique=False)

    op.create_table('refunds',
    sa.Column('id', sa.String(length=48), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.String(length=48), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('refunded_fen', sa.Integer(), nullable=False),
    sa.Column('money_fen', sa.Integer(), nullable=False),
    sa.Column('restored_points', sa.Integer(), nullable=False),
    sa.Column('reversed_points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_sale_id'), ['sale_id'], unique=False)

    op.create_table('sale_lines',
    sa.Column('sale_id', sa.String(length=48), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('promo_pct', sa.Integer(), nullable=False),
    sa.Column('refund_id', sa.String(length=48), nullable=True),
    sa.ForeignKeyConstraint(['refund_id'], ['refunds.id'], ),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], ),
    sa.PrimaryKeyConstraint('sale_id', 'line_no')
    )


def downgrade() -> None:
    op.drop_table('sale_lines')
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refunds_sale_id'))

    op.drop_table('refunds')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('ix_shifts_open')

    op.drop_table('shifts')
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_index('ix_sales_member_date')

    op.drop_table('sales')
    op.drop_table('outbox')
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_index('ix_lots_member_live')

    op.drop_table('lots')
    op.drop_table('z_records')
    op.drop_table('store')
    op.drop_table('rule_sets')
    op.drop_table('members')
    op.drop_table('journal_head')
    with op.batch_alter_table('journal', schema=None) as batch_op:
        batch_op.drop_index('ix_journal_date_seq')

    op.drop_table('journal')
    op.drop_table('cashiers')
