"""expiry indexes: lots still held by their expiry (due ones, and a day's figures count those not yet recorded);
expiry entries by number (one recorded late is dated the day the points expired, before entries written earlier)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_lots_held', 'lots', ['expires_on'], sqlite_where=sa.text('remaining > 0'))
    op.create_index('ix_journal_expiry', 'journal', ['seq', 'business_date', 'points_delta'],
                    sqlite_where=sa.text("kind = 'expire'"))


def downgrade() -> None:
    op.drop_index('ix_journal_expiry', 'journal')
    op.drop_index('ix_lots_held', 'lots')
