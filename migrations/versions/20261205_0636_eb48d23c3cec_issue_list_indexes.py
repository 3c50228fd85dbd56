"""Indexes that serve the issue lists' orders at a national scale (issue 15, items 2 and 6).

Reviewed by hand. Indexes only: no data changes, so the downgrade drops them and loses nothing.

- ``ix_visit_issues_serious_newest (is_serious, raised_on, id)``: the open and all tabs show
  serious issues first, then the newest; read backwards, the index gives that order, so a
  page of 25 no longer sorts every issue.
- ``ix_visit_issues_closed_newest (resolved_on NULLS FIRST, raised_on, id) WHERE status =
  'closed'``, on PostgreSQL: the closed tab shows the most recently closed first and a
  closed issue with no date last (``resolved_on DESC NULLS LAST``); read backwards, an
  ascending index gives that only if its NULLs come first, which is not PostgreSQL's default.
  SQLite takes no NULLS in an index, and autogenerate cannot compare the column there, so
  SQLite keeps ordering closed issues with ``ix_visit_issues_status_resolved`` as before
  (PostgreSQL's time is the target; 46,754 closed issues sort in about 60 ms otherwise).

Revision ID: eb48d23c3cec
Revises: e7f610836d09
Create Date: 2026-12-05 06:36:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "eb48d23c3cec"
down_revision = "e7f610836d09"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("visit_issues", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_issues_serious_newest", ["is_serious", "raised_on", "id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_visit_issues_closed_newest",
            "visit_issues",
            [sa.text("resolved_on NULLS FIRST"), "raised_on", "id"],
            unique=False,
            postgresql_where=sa.text("status = 'closed'"),
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_visit_issues_closed_newest", table_name="visit_issues")
    with op.batch_alter_table("visit_issues", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_issues_serious_newest")
