"""accounts and notifications: the language a user reads, the language a notification is written in (issue 14)

Notifications and e-mails are written in the recipient's language. Existing accounts have none (NULL,
read as French); existing notifications were all written in English: they are marked so.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=5), nullable=True))
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lang', sa.String(length=5), nullable=True))
    op.execute("UPDATE notifications SET lang = 'en'")


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('lang')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('lang')
