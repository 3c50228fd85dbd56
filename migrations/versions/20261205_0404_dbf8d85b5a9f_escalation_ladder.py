"""The escalation ladder (issue 16, item 4): each suite's contacts, each issue's step.

Reviewed by hand. Adds to ``suites`` the custody inspector's and the chief inspector's (or
superintendent's) name and address, where the office has them, and to ``visit_issues`` the
ladder step an issue waits at (``ladder_step``) and the day it got there
(``step_started_on``), from which the step's response target (a scheme setting) counts.

Backfill: an issue waiting for the force today (``with_force`` or ``escalated``) is at the
custody inspector's step (2), or the step above it (3) if it was escalated, as the office
sent it so far; its clock starts on the day of this upgrade rather than when it was sent, so
the first run after the upgrade does not climb (and mail about) every old issue at once: each
gets its step's full time from now. Other issues are not on the ladder (0; a new issue joins
when it is sent, a closed one never climbs).

The downgrade drops the columns (``icv db downgrade`` refuses first while they hold data).

Revision ID: dbf8d85b5a9f
Revises: 00a1021ea4c8
Create Date: 2026-12-05 03:30:00.000000

"""

from datetime import date

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "dbf8d85b5a9f"
down_revision = "00a1021ea4c8"
branch_labels = None
depends_on = None

SUITE_COLUMNS = [
    ("inspector_name", 120),
    ("inspector_email", 254),
    ("senior_name", 120),
    ("senior_email", 254),
]


def upgrade():
    with op.batch_alter_table("suites") as batch:
        for name, length in SUITE_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))
    with op.batch_alter_table("visit_issues") as batch:
        batch.add_column(
            sa.Column("ladder_step", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("step_started_on", sa.Date(), nullable=True))
    issues = sa.table(
        "visit_issues",
        sa.column("status", sa.String),
        sa.column("ladder_step", sa.Integer),
        sa.column("step_started_on", sa.Date),
    )
    for status, number in (("with_force", 2), ("escalated", 3)):
        op.execute(
            issues.update()
            .where(issues.c.status == status)
            .values(ladder_step=number, step_started_on=date.today())
        )


def downgrade():
    with op.batch_alter_table("visit_issues") as batch:
        batch.drop_column("step_started_on")
        batch.drop_column("ladder_step")
    with op.batch_alter_table("suites") as batch:
        for name, _ in reversed(SUITE_COLUMNS):
            batch.drop_column(name)
