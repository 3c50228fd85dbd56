"""The mails a sent report causes are queued by the scheduler, not by the send (issue 15,
item 1): ``visit_reports.notices_queued_at`` says when they were queued; a form's send leaves
it NULL and the scheduler's next minute queues them and sets it.

Reviewed by hand.

- Every report already stored is marked as done, with the time it was sent: its mails were
  queued by its send, so no old report mails anyone again.
- ``ix_visit_reports_notices_waiting (id) WHERE notices_queued_at IS NULL``, partial on both
  engines: it holds only the few reports waiting, so the scheduler's look every minute costs
  the same at 150,000 reports as at 10.

The downgrade drops the index and the column: the times are the scheduler's bookkeeping,
which the code before this neither keeps nor reads (so the column is not counted as data
lost: ``CONVERTED_ON_DOWNGRADE``, see icv/downgrades.py). It refuses, before changing
anything, while a report's mails are still to queue (the code before this would never send
them): ``icv outbox deliver`` queues them, or ``-x discard-data=yes`` goes ahead without.

Revision ID: 514b2ec012aa
Revises: eb48d23c3cec
Create Date: 2026-12-05 09:40:00.000000

"""

import click
import sqlalchemy as sa
from alembic import context, op

# revision identifiers, used by Alembic.
revision = "514b2ec012aa"
down_revision = "eb48d23c3cec"
branch_labels = None
depends_on = None

WAITING = sa.text("notices_queued_at IS NULL")

#: Only the scheduler's times go; reports still waiting for their mails stop the downgrade.
CONVERTED_ON_DOWNGRADE = {"visit_reports.notices_queued_at"}


def upgrade():
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notices_queued_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE visit_reports SET notices_queued_at = submitted_at")
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_reports_notices_waiting",
            ["id"],
            unique=False,
            postgresql_where=WAITING,
            sqlite_where=WAITING,
        )


def downgrade():
    waiting = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM visit_reports WHERE notices_queued_at IS NULL")
    )
    if waiting and context.get_x_argument(as_dictionary=True).get("discard-data") != "yes":
        # As icv.downgrades refuses: ``icv db downgrade`` prints it, no traceback, exits 1.
        raise click.ClickException(
            f"downgrade refused: the mails of {waiting} sent reports are still to be queued. "
            "Run icv outbox deliver first, or downgrade with -x discard-data=yes to drop them."
        )
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_reports_notices_waiting")
        batch_op.drop_column("notices_queued_at")
