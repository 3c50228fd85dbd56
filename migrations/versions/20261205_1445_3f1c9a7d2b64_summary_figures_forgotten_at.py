"""The summary's kept figures are marked forgotten by a change, not deleted (issue 15, a
year's first view): ``summary_stored_figures.forgotten_at``. A forgotten row is never read
again; it only tells the scheduler that a reader opened the period that day, so that its
figures are worked out again within the minute rather than at the reader's next view.

Reviewed by hand. No row changes on the upgrade (every stored row is good: NULL).

The downgrade deletes the forgotten rows, then drops the column: the code before this reads
every stored row as good, and would show a forgotten row's stale figures. Nothing is lost
that the older schema held: kept figures are a cache, worked out again at the next view
(``CONVERTED_ON_DOWNGRADE``, see icv/downgrades.py).

Revision ID: 3f1c9a7d2b64
Revises: 514b2ec012aa
Create Date: 2026-12-05 14:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3f1c9a7d2b64"
down_revision = "514b2ec012aa"
branch_labels = None
depends_on = None

#: When figures were forgotten: the cache's bookkeeping, not data (the rows go on downgrade).
CONVERTED_ON_DOWNGRADE = {"summary_stored_figures.forgotten_at"}


def upgrade():
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forgotten_at", sa.DateTime(timezone=True)))


def downgrade():
    op.execute("DELETE FROM summary_stored_figures WHERE forgotten_at IS NOT NULL")
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.drop_column("forgotten_at")
