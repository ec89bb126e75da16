"""data-needs board (issue 15, part 3)

needs: what a data user looks for (the filters of a search, a purpose, a deadline, a visibility), with its
state (open, satisfied, closed, hidden by a platform admin with a reason); need_themes: its health
categories, a row each; need_responses: producers' answers (a message, a description, or both);
need_matches: the published descriptions whose producer was already alerted about a need (once each).

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('age_min', sa.Integer(), nullable=True),
    sa.Column('age_max', sa.Integer(), nullable=True),
    sa.Column('geography', sa.JSON(), nullable=False),
    sa.Column('individuals_min', sa.BigInteger(), nullable=True),
    sa.Column('period_from', sa.Integer(), nullable=True),
    sa.Column('period_to', sa.Integer(), nullable=True),
    sa.Column('open_to', sa.String(length=20), nullable=True),
    sa.Column('open_data_only', sa.Boolean(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('hidden_reason', sa.String(length=500), nullable=True),
    sa.Column('satisfied_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_needs_author_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_status'), ['status'], unique=False)
    op.create_table('need_themes',
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_themes_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'theme', name=op.f('pk_need_themes'))
    )
    with op.batch_alter_table('need_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_themes_theme'), ['theme'], unique=False)
    op.create_table('need_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.String(length=80), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('dataset_id', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_need_responses_author_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_need_responses_dataset_id_datasets'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_responses_need_id_needs'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_need_responses_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_responses'))
    )
    with op.batch_alter_table('need_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_responses_need_id'), ['need_id'], unique=False)
    op.create_table('need_matches',
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.String(length=80), nullable=False),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_need_matches_dataset_id_datasets'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_matches_need_id_needs'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'dataset_id', name=op.f('pk_need_matches'))
    )


def downgrade() -> None:
    op.drop_table('need_matches')
    with op.batch_alter_table('need_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_responses_need_id'))
    op.drop_table('need_responses')
    with op.batch_alter_table('need_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_themes_theme'))
    op.drop_table('need_themes')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_status'))
        batch_op.drop_index(batch_op.f('ix_needs_author_id'))
    op.drop_table('needs')
