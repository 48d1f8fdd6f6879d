"""shared phone members: every member of the ledger is kept, the ones whose phone another member here has too

A phone registered at two stores offline is two members at the ledger. Each till now keeps both (a member's card
names the member, and must work at every store): the phone stops being unique, and finds the member not listed in
shared_phones. shared_phones says whether the member the phone finds was registered at this till.

A linked till takes every member again at its next pull: one that left such members out gets them, and the ledger
now says which terminal granted each lot (snapshot shape 4), so lots an earlier pull counted as this store's by
their points alone (seq -1, expired and reported here) become the granting store's again.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# The first schema's unique constraint on the phone has no name: this gives it one to drop it by.
NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    with op.batch_alter_table('members', recreate='always', naming_convention=NAMES) as batch:
        batch.drop_constraint('uq_members_phone', type_='unique')
        batch.create_index('ix_members_phone', ['phone'], unique=False)
    with op.batch_alter_table('shared_phones') as batch:
        batch.add_column(sa.Column('registered_here', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE shared_phones SET registered_here = EXISTS (SELECT 1 FROM journal JOIN members "
               "ON members.id = json_extract(journal.payload, '$.member_id') "
               "WHERE journal.kind = 'member_add' AND members.phone = shared_phones.phone)")
    op.execute("UPDATE ledger_link SET cursor = 0")


def downgrade() -> None:
    """Refused by SQLite while two members here have one phone (the older schema cannot hold them)."""
    with op.batch_alter_table('shared_phones') as batch:
        batch.drop_column('registered_here')
    with op.batch_alter_table('members', recreate='always') as batch:
        batch.drop_index('ix_members_phone')
        batch.create_unique_constraint('uq_members_phone', ['phone'])
