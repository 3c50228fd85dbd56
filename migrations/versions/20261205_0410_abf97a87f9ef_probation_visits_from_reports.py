"""Probation visits are counted from filed reports: the count typed by hand becomes an opening
balance of visits made before icv kept their reports (``volunteers.probation_visits_done``
renamed ``probation_visits_before``), and ``probation_visits_reported`` holds the completed
visits with a report naming the volunteer since their appointment (counted again by the visits
area whenever one of their reports is filed or corrected).

Reviewed by hand. Batch operations for SQLite. Existing rows keep their total: the reported
count is worked out from the reports already filed, and the opening balance is what the hand
count had beyond them (never below 0; the office typed visits it had reports of too). The
downgrade puts the total back in ``probation_visits_done``.

Revision ID: abf97a87f9ef
Revises: 744ba07e923f
Create Date: 2026-12-05 03:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "abf97a87f9ef"
down_revision = "744ba07e923f"
branch_labels = None
depends_on = None

#: The downgrade folds these into ``probation_visits_done`` (see icv/downgrades.py).
CONVERTED_ON_DOWNGRADE = {
    "volunteers.probation_visits_before",
    "volunteers.probation_visits_reported",
}

#: Completed visits with a report naming the volunteer, from their appointment on.
REPORTED = (
    "(SELECT COUNT(*) FROM visit_reports r"
    " WHERE (r.visitor_1_id = volunteers.id OR r.visitor_2_id = volunteers.id)"
    " AND r.outcome = 'completed' AND r.counted_on >= volunteers.appointed_on)"
)


def upgrade():
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.alter_column(
            "probation_visits_done",
            new_column_name="probation_visits_before",
            existing_type=sa.Integer(),
            existing_nullable=False,
        )
        batch_op.add_column(
            sa.Column("probation_visits_reported", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(f"UPDATE volunteers SET probation_visits_reported = {REPORTED}")
    op.execute(
        "UPDATE volunteers SET probation_visits_before = CASE"
        " WHEN probation_visits_before > probation_visits_reported"
        " THEN probation_visits_before - probation_visits_reported ELSE 0 END"
    )
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.alter_column("probation_visits_reported", server_default=None)


def downgrade():
    op.execute(
        "UPDATE volunteers SET probation_visits_before"
        " = probation_visits_before + probation_visits_reported"
    )
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_column("probation_visits_reported")
        batch_op.alter_column(
            "probation_visits_before",
            new_column_name="probation_visits_done",
            existing_type=sa.Integer(),
            existing_nullable=False,
        )
