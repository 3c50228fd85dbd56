"""The summary's kept figures are made stale by a counter of changes, not by a mark on each
kept row (issue 15, found on review of 3f1c9a7d2b64). ``summary_changes`` holds one row: the
number of counted changes so far (``generation``), raised by every transaction that writes a
row the figures count. Each kept row says the generation it was worked out at, read before
any figure: it is good only while that is still the current one. A change committed while
figures are being worked out (by a view or by the scheduler) so leaves them stale at once;
``forgotten_at`` could not reach a row not committed yet. A row of an older generation is
never read again; it still tells the scheduler that a reader opened the period that day.

Reviewed by hand. The upgrade creates the counter at 0; a row marked forgotten gets
generation -1 (never current), every other one 0 (good, as it was); then ``forgotten_at``
goes. The downgrade marks the rows of older generations forgotten (as of the downgrade) and
the others good, adds ``forgotten_at`` back first, then drops ``generation`` and the counter:
nothing the older schema held is lost (``CONVERTED_ON_DOWNGRADE``, ``SEEDED_ROWS``, see
icv/downgrades.py).

Revision ID: a9d3e5c71f20
Revises: 3f1c9a7d2b64
Create Date: 2026-12-05 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a9d3e5c71f20"
down_revision = "3f1c9a7d2b64"
branch_labels = None
depends_on = None

#: The generation of a kept row: carried back into ``forgotten_at`` on the way down.
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
    op.execute("UPDATE summary_stored_figures SET generation = -1 WHERE forgotten_at IS NOT NULL")
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.drop_column("forgotten_at")


def downgrade():
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forgotten_at", sa.DateTime(timezone=True)))
    op.execute(
        "UPDATE summary_stored_figures SET forgotten_at = CURRENT_TIMESTAMP "
        "WHERE generation <> (SELECT generation FROM summary_changes WHERE id = 1)"
    )
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.drop_column("generation")
    op.drop_table("summary_changes")
