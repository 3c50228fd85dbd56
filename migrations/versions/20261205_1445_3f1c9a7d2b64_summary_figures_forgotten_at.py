"""The summary's kept figures are forgotten by a change counted, not deleted (issue 15, a
year's first view). ``summary_changes`` holds one row: the number of counted changes so far
(``generation``), raised by every transaction that writes a row the figures count. Each kept
row says the generation it was worked out at, read before any figure: it is good only while
that is still the current one. A change committed while figures are being worked out (by a
view or by the scheduler) so leaves them stale at once, where marking the rows kept could not
reach a row not yet committed. A row of an older generation is never read again; it only
tells the scheduler that a reader opened the period that day, so that its figures are worked
out again within the minute rather than at the reader's next view.

Reviewed by hand. The upgrade creates the counter at 0 and gives every stored row generation
0: each is good, as it was.

The downgrade deletes the rows of older generations, then drops the column and the counter:
the code before this reads every stored row as good, and would show stale figures. Nothing is
lost that the older schema held: kept figures are a cache, worked out again at the next view
(``CONVERTED_ON_DOWNGRADE``, ``SEEDED_ROWS``, see icv/downgrades.py).

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

#: The generation of a kept row: the cache's bookkeeping, not data (the stale rows go first).
CONVERTED_ON_DOWNGRADE = {"summary_stored_figures.generation"}
#: The counter's one row, which the upgrade adds.
SEEDED_ROWS = {"summary_changes": ("id", [1])}


def upgrade():
    changes = op.create_table(
        "summary_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("generation", sa.Integer(), nullable=False),
    )
    op.bulk_insert(changes, [{"id": 1, "generation": 0}])
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    op.execute(
        "DELETE FROM summary_stored_figures WHERE generation <> "
        "(SELECT generation FROM summary_changes WHERE id = 1)"
    )
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.drop_column("generation")
    op.drop_table("summary_changes")
