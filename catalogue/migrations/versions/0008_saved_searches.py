"""saved searches with alerts (issue 12)

saved_searches: a user's search (the SearchQuery fields that define its results, as JSON), its name and
how alerts are delivered (immediate | daily); `unsubscribed_at` once an alert's link stopped them.
saved_search_matches: the descriptions each saved search has already matched (`known`: in its results
when it was saved; `new`: alerted, or waiting for the daily digest while `notified_at` is null), so that
a description is announced once. saved_search_tokens: the SHA-256 of each alert's unsubscribe token.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('query', sa.JSON(), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches'))
    )
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_searches_user_id'), ['user_id'], unique=False)

    op.create_table('saved_search_matches',
    sa.Column('saved_search_id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_saved_search_matches_dataset_id_datasets'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_search_id'], ['saved_searches.id'],
                            name=op.f('fk_saved_search_matches_saved_search_id_saved_searches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('saved_search_id', 'dataset_id', name=op.f('pk_saved_search_matches'))
    )

    op.create_table('saved_search_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('saved_search_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['saved_search_id'], ['saved_searches.id'],
                            name=op.f('fk_saved_search_tokens_saved_search_id_saved_searches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_saved_search_tokens'))
    )
    with op.batch_alter_table('saved_search_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_search_tokens_saved_search_id'), ['saved_search_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('saved_search_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_search_tokens_saved_search_id'))
    op.drop_table('saved_search_tokens')
    op.drop_table('saved_search_matches')
    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_user_id'))
    op.drop_table('saved_searches')
