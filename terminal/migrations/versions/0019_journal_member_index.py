"""journal member index: a member's entries by the member their payload names, newest first by number

So the members screen's history, a reprint's balance and whether this till registered a member read the member's
entries, not the whole journal. An index on the payload's expression rather than a column: entries keep being written
as they are, and the ledger and the hash chain see nothing new. Entries that name no member (walk-in sales) are left
out of it. SQLite's indexes on an expression are not reflected: a later migration that rebuilds the journal in a batch
must create this one again.

Revision ID: 0019
Revises: 0018
Create Date: 2028-03-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

MEMBER = "json_extract(payload, '$.member_id')"


def upgrade() -> None:
    op.create_index('ix_journal_member', 'journal', [sa.text(MEMBER)], sqlite_where=sa.text(f"{MEMBER} IS NOT NULL"))


def downgrade() -> None:
    op.drop_index('ix_journal_member', 'journal')
