"""Indexes for the filters the list pages use at a national scale (issue 15, item 6).

Reviewed by hand. Indexes only: no data changes, so the downgrade drops them and loses
nothing. Created through batch operations so the same revision runs on SQLite and PostgreSQL.

- ``visit_reports.reviewed_at``: the coordinator's home counts, and the review queue filters,
  reports not yet reviewed (``reviewed_at IS NULL``), which scanned every report.
- ``visit_reports (tact_visited, tact_copy_sent_on)``: TACT copies still to send (home page).
- ``visit_issues (status, resolved_on)``: the issue lists by state, closed issues newest
  closed first, a page at a time.
- ``volunteers.status``: current volunteers (the list's default tab, the home's attention list).
- ``outbox.interrupted_at``: the outbox's "may have gone twice" filter and count.

Applications by stage already have ``ix_applications_stage (stage, stage_changed_at)``, issues
by raised date ``ix_visit_issues_raised_on``, and the audit log its time, action and record.

Revision ID: c5d1f8a3b2e7
Revises: 5c1d7a9e3b20
Create Date: 2026-12-05 01:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "c5d1f8a3b2e7"
down_revision = "5c1d7a9e3b20"
branch_labels = None
depends_on = None

#: (table, index, columns)
INDEXES = [
    ("visit_reports", "ix_visit_reports_reviewed_at", ["reviewed_at"]),
    ("visit_reports", "ix_visit_reports_tact_due", ["tact_visited", "tact_copy_sent_on"]),
    ("visit_issues", "ix_visit_issues_status_resolved", ["status", "resolved_on"]),
    ("volunteers", "ix_volunteers_status", ["status"]),
    ("outbox", "ix_outbox_interrupted_at", ["interrupted_at"]),
]


def upgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
