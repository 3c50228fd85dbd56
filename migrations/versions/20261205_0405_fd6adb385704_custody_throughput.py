"""Custody throughput (issue 16, item 5): people booked in per suite per quarter.

Reviewed by hand. A new table, filled by the coordinator (Annual summary -> custody
throughput) or from a CSV file; nothing to backfill (the figure comes from the force). The
downgrade drops it (``icv db downgrade`` refuses first while it holds rows).

Revision ID: fd6adb385704
Revises: dbf8d85b5a9f
Create Date: 2026-12-05 03:38:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "fd6adb385704"
down_revision = "dbf8d85b5a9f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "custody_throughput",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("quarter_start", sa.Date(), nullable=False),
        sa.Column("booked_in", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["suite_id"],
            ["suites.id"],
            name=op.f("fk_custody_throughput_suite_id_suites"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_custody_throughput_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_throughput")),
        sa.UniqueConstraint(
            "suite_id", "quarter_start", name=op.f("uq_custody_throughput_suite_id")
        ),
    )
    with op.batch_alter_table("custody_throughput") as batch:
        batch.create_index(
            batch.f("ix_custody_throughput_quarter_start"), ["quarter_start"], unique=False
        )
        batch.create_index(batch.f("ix_custody_throughput_suite_id"), ["suite_id"], unique=False)


def downgrade():
    with op.batch_alter_table("custody_throughput") as batch:
        batch.drop_index(batch.f("ix_custody_throughput_suite_id"))
        batch.drop_index(batch.f("ix_custody_throughput_quarter_start"))
    op.drop_table("custody_throughput")
