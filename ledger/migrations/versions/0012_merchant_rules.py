"""merchant rules: every rule set a merchant has had, so that a bonus a terminal granted by rules since changed is
still believed, and one no rules of the merchant give is refused

The rule set each merchant has now is the first held.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('merchant_rules',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=12), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'version')
    )
    op.execute("INSERT INTO merchant_rules (merchant_id, version, rules) SELECT id, rules_version, rules FROM merchants "
               "WHERE rules IS NOT NULL AND rules_version IS NOT NULL")


def downgrade() -> None:
    op.drop_table('merchant_rules')
