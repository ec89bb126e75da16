"""showcase sessions (issue 15, part 2)

showcase_sessions (starts_at in UTC with the IANA zone it was scheduled in), the descriptions each
presents, registrations (a seat, or a place on the waiting list), questions sent in advance (answered
into an enquiry) and the slides kept in the object store.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('showcase_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('online_url', sa.String(length=2000), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('replay_url', sa.String(length=2000), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_showcase_sessions_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_showcase_sessions_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_sessions'))
    )
    with op.batch_alter_table('showcase_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showcase_sessions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_showcase_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('showcase_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['showcase_sessions.id'], name=op.f('fk_showcase_registrations_session_id_showcase_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_showcase_registrations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_registrations')),
    sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_showcase_registrations_session_id'))
    )
    with op.batch_alter_table('showcase_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showcase_registrations_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_showcase_registrations_user_id'), ['user_id'], unique=False)

    op.create_table('showcase_session_datasets',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.String(length=80), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_showcase_session_datasets_dataset_id_datasets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['showcase_sessions.id'], name=op.f('fk_showcase_session_datasets_session_id_showcase_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'dataset_id', name=op.f('pk_showcase_session_datasets'))
    )
    with op.batch_alter_table('showcase_session_datasets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showcase_session_datasets_dataset_id'), ['dataset_id'], unique=False)

    op.create_table('showcase_slides',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('object_key', sa.String(length=300), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['showcase_sessions.id'], name=op.f('fk_showcase_slides_session_id_showcase_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_showcase_slides_uploaded_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_slides')),
    sa.UniqueConstraint('session_id', name=op.f('uq_showcase_slides_session_id'))
    )
    op.create_table('showcase_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enquiry_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_showcase_questions_dataset_id_datasets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enquiry_id'], ['enquiries.id'], name=op.f('fk_showcase_questions_enquiry_id_enquiries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['showcase_sessions.id'], name=op.f('fk_showcase_questions_session_id_showcase_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_showcase_questions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_showcase_questions'))
    )
    with op.batch_alter_table('showcase_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showcase_questions_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_showcase_questions_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('showcase_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showcase_questions_user_id'))
        batch_op.drop_index(batch_op.f('ix_showcase_questions_session_id'))

    op.drop_table('showcase_questions')
    op.drop_table('showcase_slides')
    with op.batch_alter_table('showcase_session_datasets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showcase_session_datasets_dataset_id'))

    op.drop_table('showcase_session_datasets')
    with op.batch_alter_table('showcase_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showcase_registrations_user_id'))
        batch_op.drop_index(batch_op.f('ix_showcase_registrations_session_id'))

    op.drop_table('showcase_registrations')
    with op.batch_alter_table('showcase_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showcase_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_showcase_sessions_organisation_id'))

    op.drop_table('showcase_sessions')
