"""audit keyed hashes and checkpoints, notification retries (issue 10)

audit_entries: `hash_version` (1 = plain SHA-256, every row written before this migration, by the
server default; 2 = HMAC-SHA256 with CATALOGUE_AUDIT_KEY) and `key_id` (which key sealed a keyed
row). Old rows keep verifying with the old function; the first signed checkpoint written after
the upgrade (after the next audited change, or `catalogue audit checkpoint`) vouches for them.
The table is altered in place (never recreated), so its append-only triggers stay.

notifications: `next_attempt_at`, when a message that failed may be tried again (exponential
backoff); `attempts` already existed.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('hash_version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.add_column(sa.Column('key_id', sa.String(length=16), nullable=True))

    with op.batch_alter_table('notifications', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Keyed rows stay, and the code of 0006 cannot verify them: downgrade only to restore a backup.
    with op.batch_alter_table('notifications', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('next_attempt_at')

    with op.batch_alter_table('audit_entries', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('key_id')
        batch_op.drop_column('hash_version')
