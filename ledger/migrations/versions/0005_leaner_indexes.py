"""leaner indexes: every batch writes each index of the rows it touches, so drop the ones no query needs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 13:30:00
"""

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('members') as batch:
        batch.drop_index('ix_members_change')
    with op.batch_alter_table('transfers') as batch:
        batch.drop_index('ix_transfers_debit')
        batch.drop_index('ix_transfers_credit')
        batch.create_index('ix_transfers_credit_date', ['credit', 'business_date'])


def downgrade() -> None:
    with op.batch_alter_table('transfers') as batch:
        batch.drop_index('ix_transfers_credit_date')
        batch.create_index('ix_transfers_credit', ['credit'])
        batch.create_index('ix_transfers_debit', ['debit'])
    with op.batch_alter_table('members') as batch:
        batch.create_index('ix_members_change', ['change'])
