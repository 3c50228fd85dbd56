"""Annual summaries (the coordinator's narrative and the figures as signed off) and personal API
tokens for the summary API.

Reviewed by hand: one summary per year and basis (unique); the published figures are JSON,
written once at sign-off; who wrote the narrative or signed off is kept as SET NULL so deleting
an account keeps the published year; a token is stored only as its SHA-256 hash (unique, the
look-up key) with a short hint, and goes with its owner's account (CASCADE); datetimes are
timezone-aware (UTC).

Revision ID: b6b3f216b212
Revises: 0002203082ba
Create Date: 2026-11-24 12:57:35.210524

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b6b3f216b212'
down_revision = '0002203082ba'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('annual_summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('basis', sa.String(length=10), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=True),
    sa.Column('narrative_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('narrative_updated_by_id', sa.Integer(), nullable=True),
    sa.Column('published', sa.JSON(), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['narrative_updated_by_id'], ['users.id'], name=op.f('fk_annual_summaries_narrative_updated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['users.id'], name=op.f('fk_annual_summaries_signed_off_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_summaries')),
    sa.UniqueConstraint('year', 'basis', name=op.f('uq_annual_summaries_year'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('annual_summaries')
