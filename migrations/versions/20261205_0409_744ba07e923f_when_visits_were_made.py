"""When a planned visit was made (``planned_visits.done_on``, ``done_band``, from the report
that completed it), and the pairs told their suite's visits fell into a pattern
(``pattern_nudges``): allocated by week, the pair choose the day and time, and the rota page
shows what they chose.

Reviewed by hand. Batch operations for SQLite. The new columns are nullable and start empty;
visits completed before this are filled in from their reports (the day the report counts on,
the band of its arrival), so the spread shows them too. The downgrade drops the table and the
columns (icv/downgrades.py refuses while they hold data, unless told to discard it).

Revision ID: 744ba07e923f
Revises: d040ae9ae4fd
Create Date: 2026-12-05 03:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "744ba07e923f"
down_revision = "d040ae9ae4fd"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("planned_visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("done_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("done_band", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE planned_visits SET "
        "done_on = (SELECT r.counted_on FROM visit_reports r"
        " WHERE r.planned_visit_id = planned_visits.id), "
        "done_band = (SELECT r.band FROM visit_reports r"
        " WHERE r.planned_visit_id = planned_visits.id) "
        "WHERE status = 'completed'"
    )
    op.create_table(
        "pattern_nudges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["first_id"], ["volunteers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["second_id"], ["volunteers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["suite_id"], ["suites.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["planned_visits.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("suite_id", "first_id", "second_id"),
    )


def downgrade():
    op.drop_table("pattern_nudges")
    with op.batch_alter_table("planned_visits", schema=None) as batch_op:
        batch_op.drop_column("done_band")
        batch_op.drop_column("done_on")
