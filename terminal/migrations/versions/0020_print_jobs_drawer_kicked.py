"""print jobs drawer kicked: whether a receipt's print already kicked the cash drawer open, so a later try of the
same job (after a paper out, then a printer not reachable) never kicks it again

Jobs written before: one tried and whose last problem is not one that sent nothing counts as kicked, as the rule
of the version before read it (a job with no try yet, or whose last try reached no printer, may still open it).

Revision ID: 0020
Revises: 0019
Create Date: 2028-03-20 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# The problems whose try sent the printer nothing, as printing.service.NOTHING_SENT named them before this revision.
NOTHING_SENT = ("gone", "no_member_code", "no_key", "busy", "unreachable", "bad_printer")


def upgrade() -> None:
    with op.batch_alter_table('print_jobs') as batch:
        batch.add_column(sa.Column('drawer_kicked', sa.Boolean(), nullable=False, server_default=sa.false()))
    sent_nothing = " OR ".join(f"last_error = '{code}' OR last_error LIKE '{code}: %'" for code in NOTHING_SENT)
    op.execute(f"UPDATE print_jobs SET drawer_kicked = 1 WHERE attempts > 0 AND NOT copy "
               f"AND (last_error IS NULL OR NOT ({sent_nothing}))")


def downgrade() -> None:
    with op.batch_alter_table('print_jobs') as batch:
        batch.drop_column('drawer_kicked')
