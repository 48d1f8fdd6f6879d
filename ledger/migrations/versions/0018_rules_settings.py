"""rules settings: each time a merchant's rules were set, in order and when, so that `merchant rules-history` shows
what they were and when they changed (a return to an earlier version included)

The rules each merchant has now are its first row, with no time: when they were set was not recorded. Earlier rule
sets stay in merchant_rules, in no order.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rules_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=12), nullable=False),
    sa.Column('set_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_rules_settings_merchant', 'rules_settings', ['merchant_id', 'id'], unique=False)
    op.execute("INSERT INTO rules_settings (merchant_id, version) SELECT id, rules_version FROM merchants "
               "WHERE rules IS NOT NULL AND rules_version IS NOT NULL ORDER BY id")


def downgrade() -> None:
    op.drop_index('ix_rules_settings_merchant', table_name='rules_settings')
    op.drop_table('rules_settings')
