"""producers on board (issue 15): claims of organisations, trusted domains, messages to addresses without account

invitations.kind (member | claim), claimed_by and claimed_at; organisations.claim_domains (the e-mail
domains a platform admin trusts for a producer); notifications.user_id becomes optional: a message to an
organisation without members goes to the contact address of its descriptions, which has no account;
access_request_opinions.on_behalf and attachment_id: an opinion received outside the platform, recorded by
governance staff on the producer's behalf with its document.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), nullable=False, server_default='member'))
        batch_op.add_column(sa.Column('claimed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_invitations_claimed_by_users'), 'users', ['claimed_by'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_domains', sa.String(length=500), nullable=False, server_default=''))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table('access_request_opinions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('attachment_id', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('access_request_opinions', schema=None) as batch_op:
        batch_op.drop_column('attachment_id')
        batch_op.drop_column('on_behalf')
    op.execute("DELETE FROM notifications WHERE user_id IS NULL")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('claim_domains')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invitations_claimed_by_users'), type_='foreignkey')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('kind')
