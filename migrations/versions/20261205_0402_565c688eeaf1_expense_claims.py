"""Expense claims (issue 17, item 4): a volunteer's mileage and costs for a visit, a meeting
or training, decided by the office.

Reviewed by hand. A new table only, so existing rows are untouched; the downgrade drops it
(refused while it holds claims, see icv/downgrades.py). Batch-free: creating a table is the
same on SQLite and PostgreSQL.

Revision ID: 565c688eeaf1
Revises: 114b64ab6403
Create Date: 2026-12-05 03:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "565c688eeaf1"
down_revision = "114b64ab6403"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expense_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("reference", sa.String(length=60), nullable=True),
        sa.Column("miles", sa.Integer(), nullable=False),
        sa.Column("pence_per_mile", sa.Integer(), nullable=False),
        sa.Column("parking_pence", sa.Integer(), nullable=False),
        sa.Column("transport_pence", sa.Integer(), nullable=False),
        sa.Column("other_pence", sa.Integer(), nullable=False),
        sa.Column("other_description", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("office_message", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_expense_claims_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_expense_claims_report_id_visit_reports"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_expense_claims_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expense_claims")),
    )
    with op.batch_alter_table("expense_claims") as batch:
        batch.create_index("ix_expense_claims_status", ["status", "submitted_at"])
        batch.create_index(op.f("ix_expense_claims_volunteer_id"), ["volunteer_id"])
        batch.create_index(op.f("ix_expense_claims_report_id"), ["report_id"])
        batch.create_index(op.f("ix_expense_claims_spent_on"), ["spent_on"])


def downgrade() -> None:
    op.drop_table("expense_claims")
