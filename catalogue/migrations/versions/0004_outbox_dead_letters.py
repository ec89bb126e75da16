"""search outbox dead letters (issue 10)

A row the search engine cannot take for a non-transient reason is parked (dead_at) instead of
blocking every later drain.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dead_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_search_outbox_dead_at'), ['dead_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_outbox_dead_at'))
        batch_op.drop_column('dead_at')
