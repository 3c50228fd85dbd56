"""Rota drafts in the background: a period waits for its solve (``planning``, ``queued_at``,
``planning_error``), and keeps the checker's figures once worked out (``quality``,
``quality_at``).

Reviewed by hand. Batch operations for SQLite. Every column is nullable and starts empty: a
rota made before this has its draft (``planning`` NULL) and works its figures out once, at its
first view after the upgrade. The downgrade drops the columns; a period still waiting for its
solve then has no visits, and the coordinator makes a new draft of it.

Revision ID: 5c1d7a9e3b20
Revises: e2b7c4a91f36
Create Date: 2026-12-05 01:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5c1d7a9e3b20"
down_revision = "e2b7c4a91f36"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rota_periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planning", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("planning_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("quality", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("quality_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("rota_periods", schema=None) as batch_op:
        batch_op.drop_column("quality_at")
        batch_op.drop_column("quality")
        batch_op.drop_column("planning_error")
        batch_op.drop_column("queued_at")
        batch_op.drop_column("planning")
