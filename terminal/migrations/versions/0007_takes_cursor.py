"""takes cursor: the terminal pulls only the mall takes that changed since its last pull

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ledger_link') as batch:
        batch.add_column(sa.Column('takes_cursor', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('ledger_link') as batch:
        batch.drop_column('takes_cursor')
