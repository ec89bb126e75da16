"""collaboration matching (issue 15, part 4)

partner_offers: what a data user offers producers (collaboration codes, health categories, skills) and
whether producers may see it (off by default: personal data).

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partner_offers',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('offers', sa.JSON(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('skills', sa.String(length=300), nullable=False),
    sa.Column('visible_to_producers', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_partner_offers_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_partner_offers'))
    )
    with op.batch_alter_table('partner_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_offers_visible_to_producers'), ['visible_to_producers'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('partner_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_offers_visible_to_producers'))
    op.drop_table('partner_offers')
