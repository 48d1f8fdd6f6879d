"""deny list and merchant keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:10:14.447406
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('merchant_keys',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('merchant_id', 'public_key')
    )
    op.create_table('revocations',
    sa.Column('merchant_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('merchant_id', 'kind', 'value')
    )


def downgrade() -> None:
    op.drop_table('revocations')
    op.drop_table('merchant_keys')
