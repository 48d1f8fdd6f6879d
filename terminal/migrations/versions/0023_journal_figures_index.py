"""journal figures index: a day's entries by kind and cashier with the payload's figures, for a long period's totals

The Dashboard over a year decoded every entry's payload in Python (some 5 s for 400,000 entries). With the figures a
day report sums held in this index, SQL sums them by day, kind and cashier from the index alone. Kind first: a day's
sales are read apart from its logins and shifts, and SQLite prefers it to the index by date for such a query. Entries are written as
they are; the ledger and the hash chain see nothing new. SQLite's indexes on an expression are not reflected: a later
migration that rebuilds the journal in a batch must create this one again.

Revision ID: 0023
Revises: 0022
Create Date: 2028-04-20 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

FIELDS = ("member_id", "total_fen", "paid_fen", "pay_method", "redeemed_fen", "earned_points", "redeemed_points",
          "coupon.discount_fen", "points", "refunded_fen", "money_fen", "restored_points", "reversed_points")


def upgrade() -> None:
    op.create_index('ix_journal_figures', 'journal', ['kind', 'business_date', 'actor',
                                                      *(sa.text(f"json_extract(payload, '$.{field}')") for field in FIELDS)])


def downgrade() -> None:
    op.drop_index('ix_journal_figures', 'journal')
