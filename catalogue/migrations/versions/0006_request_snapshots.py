"""access requests: published snapshots, opinion versions, team acceptance (issue 10)

Revision ID: 0006
Revises: 0005
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _backfill_snapshots() -> None:
    """Requests filed before snapshots existed: take them from descriptions still published (others
    show their id until the next submission or decision, never a draft)."""
    bind = op.get_bind()
    rows = sa.table('access_request_datasets', sa.column('request_id', sa.Integer),
                    sa.column('dataset_id', sa.String), sa.column('published_title', sa.JSON),
                    sa.column('published_producer', sa.String), sa.column('published_revision', sa.Integer),
                    sa.column('snapshot_at', sa.DateTime(timezone=True)))
    datasets = sa.table('datasets', sa.column('id', sa.String), sa.column('status', sa.String),
                        sa.column('record', sa.JSON))
    revisions = sa.table('revisions', sa.column('dataset_id', sa.String), sa.column('number', sa.Integer))
    latest = (sa.select(sa.func.max(revisions.c.number)).where(revisions.c.dataset_id == datasets.c.id)
              .scalar_subquery())
    published = bind.execute(sa.select(datasets.c.id, datasets.c.record, latest.label('number'))
                             .where(datasets.c.status == 'published')).all()
    now = dt.datetime.now(dt.UTC)
    for dataset_id, record, number in published:
        record = record or {}
        title = record.get('title')
        bind.execute(rows.update().where(rows.c.dataset_id == dataset_id).values(
            published_title=title if isinstance(title, dict) else {'fr': str(title or dataset_id)},
            published_producer=str((record.get('producer') or {}).get('name') or '')[:300] or None,
            published_revision=number, snapshot_at=now))


def upgrade() -> None:
    with op.batch_alter_table('access_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_substance', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('opinion_round', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('access_request_datasets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_title', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('published_producer', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('published_revision', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('snapshot_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('access_request_team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_access_request_team_user_id_users'), 'users', ['user_id'],
                                    ['id'], ondelete='SET NULL')

    with op.batch_alter_table('access_request_opinions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint('uq_access_request_opinions_request_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_access_request_opinions_request_id'),
                                          ['request_id', 'dataset_id', 'round'])

    _backfill_snapshots()


def downgrade() -> None:
    with op.batch_alter_table('access_request_opinions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_access_request_opinions_request_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_access_request_opinions_request_id'),
                                          ['request_id', 'dataset_id'])
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('round')

    with op.batch_alter_table('access_request_team', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_access_request_team_user_id_users'), type_='foreignkey')
        batch_op.drop_column('accepted_at')
        batch_op.drop_column('user_id')

    with op.batch_alter_table('access_request_datasets', schema=None) as batch_op:
        batch_op.drop_column('snapshot_at')
        batch_op.drop_column('published_revision')
        batch_op.drop_column('published_producer')
        batch_op.drop_column('published_title')

    with op.batch_alter_table('access_requests', schema=None) as batch_op:
        batch_op.drop_column('opinion_round')
        batch_op.drop_column('submitted_substance')
