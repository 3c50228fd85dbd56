"""The summary's figures kept once worked out (issue 15, item 2): ``summary_stored_figures``
holds a period's figures as of a day, so the Commissioner's page reads one row rather than
some 25 aggregate queries over every report. Any change to a row the figures count deletes
every stored row, and the next view works them out again.

Reviewed by hand. A new table only: existing rows are untouched, and nothing needs filling in
(an empty table means every period is worked out at its next view, as before). The downgrade
drops the table and loses nothing that cannot be worked out again.

Revision ID: cb34dd27baa0
Revises: dce50e062ad4
Create Date: 2026-12-05 06:29:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "cb34dd27baa0"
down_revision = "dce50e062ad4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "summary_stored_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_stored_figures")),
    )
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_summary_stored_figures_period", ["year", "basis", "quarter"], unique=False
        )


def downgrade():
    with op.batch_alter_table("summary_stored_figures", schema=None) as batch_op:
        batch_op.drop_index("ix_summary_stored_figures_period")
    op.drop_table("summary_stored_figures")
