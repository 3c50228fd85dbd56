"""Widen the equality answer columns: "Black, Black British, Caribbean or African" is 42
characters and did not fit the 40 of ethnic_group, so PostgreSQL refused it (SQLite does not
enforce lengths, which hid it). Every answer column gets the same 80.

Reviewed by hand: widening a VARCHAR keeps every row; the downgrade narrows back and would fail
only on an answer that never fitted before.

Revision ID: 3d1f0c2a9b47
Revises: 5c242c9f7e86
Create Date: 2026-11-24 11:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3d1f0c2a9b47'
down_revision = '5c242c9f7e86'
branch_labels = None
depends_on = None

BEFORE = {'age_band': 20, 'sex': 30, 'ethnic_group': 40, 'disability': 30, 'religion': 40}


def upgrade():
    with op.batch_alter_table('diversity_responses', schema=None) as batch_op:
        for column, length in BEFORE.items():
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=length),
                type_=sa.String(length=80),
                existing_nullable=True,
            )


def downgrade():
    with op.batch_alter_table('diversity_responses', schema=None) as batch_op:
        for column, length in BEFORE.items():
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=80),
                type_=sa.String(length=length),
                existing_nullable=True,
            )
