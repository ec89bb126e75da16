"""search statistics (issue 15, part 5)

search_records: one row per search of the catalogue (first page, with text, a filter or a range): its
normalised text, result count, language, day and ISO week; no user, IP address or session.
search_filters: the facet values, exclusions and ranges each search used (deleted with it).

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('searched_on', sa.Date(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('results', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_records'))
    )
    op.create_index(op.f('ix_search_records_searched_on'), 'search_records', ['searched_on'], unique=False)
    op.create_index(op.f('ix_search_records_week'), 'search_records', ['week'], unique=False)
    op.create_table('search_filters',
    sa.Column('search_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('facet', sa.String(length=80), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['search_id'], ['search_records.id'],
                            name=op.f('fk_search_filters_search_id_search_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('search_id', 'kind', 'facet', 'value', name=op.f('pk_search_filters'))
    )
    op.create_index(op.f('ix_search_filters_facet'), 'search_filters', ['facet'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_search_filters_facet'), table_name='search_filters')
    op.drop_table('search_filters')
    op.drop_index(op.f('ix_search_records_week'), table_name='search_records')
    op.drop_index(op.f('ix_search_records_searched_on'), table_name='search_records')
    op.drop_table('search_records')
