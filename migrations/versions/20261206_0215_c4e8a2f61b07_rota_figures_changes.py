"""A rota's kept quality figures are kept only if its visits did not change while they were
worked out (issue 15, found on review of the kept figures): ``rota_periods.figures_changes``
counts the changes to a period that its figures read, raised by the same transaction that
makes the change. A view that works the figures out reads the count with the visits, and
keeps them only while the count is still the one it read (a conditional update): a visit
moved meanwhile in another request no longer leaves the figures of before the move kept.

Reviewed by hand. The upgrade adds the count at 0 for every period. The downgrade forgets
every period's kept figures (the older code works them out again at the next view, as after
any change), then drops the count: what it said is carried into that forgetting, and nothing
the older schema holds is lost (``CONVERTED_ON_DOWNGRADE``, see icv/downgrades.py).

Revision ID: c4e8a2f61b07
Revises: a9d3e5c71f20
Create Date: 2026-12-06 02:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4e8a2f61b07"
down_revision = "a9d3e5c71f20"
branch_labels = None
depends_on = None

#: The count is carried into the kept figures' forgetting on the way down.
CONVERTED_ON_DOWNGRADE = {"rota_periods.figures_changes"}


def upgrade():
    with op.batch_alter_table("rota_periods", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("figures_changes", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    op.execute("UPDATE rota_periods SET quality = NULL, quality_at = NULL")
    with op.batch_alter_table("rota_periods", schema=None) as batch_op:
        batch_op.drop_column("figures_changes")
