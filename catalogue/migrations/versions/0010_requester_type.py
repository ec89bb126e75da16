"""accounts: the requester type a data user declares (issue 14)

The dataset page answers "can I get it?" for the signed-in user's type of organisation (startup,
academic, hospital, industry, public agency); existing accounts have none (NULL).

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requester_type', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('requester_type')
