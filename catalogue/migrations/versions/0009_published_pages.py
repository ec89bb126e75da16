"""descriptions by status, then id (issue 13)

The RDF catalogue pages and the exports list the published descriptions by id, a page at a time: with
this index the ids of a deep page are read from the index alone, instead of sorting every published row.

Revision ID: 0009
Revises: 0008
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_datasets_status_id', 'datasets', ['status', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_datasets_status_id', table_name='datasets')
