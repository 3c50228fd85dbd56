"""Training, panel meetings, the memorandum of understanding and annual reviews (issue 17,
item 5); TACT suites.

Reviewed by hand. Batch operations, so it runs on SQLite and PostgreSQL.

- ``training_kinds``: four kinds to start with (initial, refresher, Terrorism Act, annual
  regional day); the administrator adds more.
- ``training_records``: initial training, until now ``volunteers.training_completed_on``, is
  folded in: each volunteer's date becomes a record of the initial kind, and the column goes.
  The downgrade puts the latest initial training of each volunteer back in the column (other
  training recorded since has nowhere to go: icv/downgrades.py refuses to lose it).
- ``training_sessions``, ``meetings``, ``meeting_attendances``, ``memoranda``,
  ``memorandum_signatures``, ``annual_reviews``: new, empty.
- ``suites.holds_tact``: whether the suite holds people under the Terrorism Act (false for
  every suite until the coordinator says so, so no rota changes on upgrade).

Revision ID: 01ad5136519d
Revises: fd6adb385704
Create Date: 2026-12-05 03:19:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "01ad5136519d"
down_revision = "fd6adb385704"
branch_labels = None
depends_on = None

#: (name, valid months, required for, is initial): the kinds every scheme starts with.
KINDS = [
    ("Initial training", None, "every_visitor", True),
    ("Refresher training", 12, "", False),
    ("Terrorism Act (TACT) training", 36, "tact_visits", False),
    ("Annual regional training day", 12, "", False),
]

#: The downgrade may drop the kinds this upgrade made (icv/downgrades.py); kinds an
#: administrator added are data, and stop a downgrade that would lose them.
SEEDED_ROWS = {"training_kinds": ("name", [name for name, *_ in KINDS])}

kinds_table = sa.table(
    "training_kinds",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("valid_months", sa.Integer),
    sa.column("required_for", sa.String),
    sa.column("is_initial", sa.Boolean),
)


def create_training_tables() -> None:
    op.create_table(
        "training_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("valid_months", sa.Integer(), nullable=True),
        sa.Column("required_for", sa.String(length=20), server_default="", nullable=False),
        sa.Column("is_initial", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_kinds")),
        sa.UniqueConstraint("name", name=op.f("uq_training_kinds_name")),
    )
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["training_kinds.id"],
            name=op.f("fk_training_sessions_kind_id_training_kinds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    with op.batch_alter_table("training_sessions") as batch_op:
        batch_op.create_index(batch_op.f("ix_training_sessions_kind_id"), ["kind_id"])
        batch_op.create_index(batch_op.f("ix_training_sessions_held_on"), ["held_on"])
    op.create_table(
        "training_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("kind_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_training_records_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kind_id"],
            ["training_kinds.id"],
            name=op.f("fk_training_records_kind_id_training_kinds"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_records_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_records")),
        sa.UniqueConstraint(
            "volunteer_id",
            "kind_id",
            "completed_on",
            name=op.f("uq_training_records_volunteer_id"),
        ),
    )
    with op.batch_alter_table("training_records") as batch_op:
        batch_op.create_index(batch_op.f("ix_training_records_volunteer_id"), ["volunteer_id"])
        batch_op.create_index(batch_op.f("ix_training_records_kind_id"), ["kind_id"])
        batch_op.create_index(batch_op.f("ix_training_records_session_id"), ["session_id"])


def create_meeting_tables() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_held_on"), ["held_on"])
    op.create_table(
        "meeting_attendances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attendances_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_meeting_attendances_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendances")),
        sa.UniqueConstraint(
            "meeting_id",
            "volunteer_id",
            name=op.f("uq_meeting_attendances_meeting_id"),
        ),
    )
    with op.batch_alter_table("meeting_attendances") as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendances_volunteer_id"), ["volunteer_id"])


def create_memorandum_and_review_tables() -> None:
    op.create_table(
        "memoranda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["users.id"], name=op.f("fk_memoranda_published_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memoranda")),
        sa.UniqueConstraint("version", name=op.f("uq_memoranda_version")),
    )
    with op.batch_alter_table("memoranda") as batch_op:
        batch_op.create_index(batch_op.f("ix_memoranda_published_at"), ["published_at"])
    op.create_table(
        "memorandum_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("memorandum_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["memorandum_id"],
            ["memoranda.id"],
            name=op.f("fk_memorandum_signatures_memorandum_id_memoranda"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_memorandum_signatures_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memorandum_signatures")),
        sa.UniqueConstraint(
            "memorandum_id",
            "volunteer_id",
            name=op.f("uq_memorandum_signatures_memorandum_id"),
        ),
    )
    with op.batch_alter_table("memorandum_signatures") as batch_op:
        batch_op.create_index(batch_op.f("ix_memorandum_signatures_volunteer_id"), ["volunteer_id"])
    op.create_table(
        "annual_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_annual_reviews_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"], ["users.id"], name=op.f("fk_annual_reviews_done_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_reviews")),
    )
    with op.batch_alter_table("annual_reviews") as batch_op:
        batch_op.create_index(batch_op.f("ix_annual_reviews_volunteer_id"), ["volunteer_id"])
        batch_op.create_index(batch_op.f("ix_annual_reviews_due_on"), ["due_on"])


def fold_in_initial_training() -> None:
    """Each volunteer's initial training date becomes a record of the initial kind."""
    op.bulk_insert(
        kinds_table,
        [
            {"name": n, "valid_months": m, "required_for": r, "is_initial": i}
            for n, m, r, i in KINDS
        ],
    )
    op.execute(
        "INSERT INTO training_records (volunteer_id, kind_id, completed_on) "
        "SELECT volunteers.id, training_kinds.id, volunteers.training_completed_on "
        "FROM volunteers, training_kinds "
        "WHERE training_kinds.is_initial AND volunteers.training_completed_on IS NOT NULL"
    )
    with op.batch_alter_table("volunteers") as batch_op:
        batch_op.drop_column("training_completed_on")


def upgrade():
    create_training_tables()
    create_meeting_tables()
    create_memorandum_and_review_tables()
    fold_in_initial_training()
    with op.batch_alter_table("suites") as batch_op:
        batch_op.add_column(
            sa.Column("holds_tact", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("suites") as batch_op:
        batch_op.drop_column("holds_tact")
    with op.batch_alter_table("volunteers") as batch_op:
        batch_op.add_column(sa.Column("training_completed_on", sa.Date(), nullable=True))
    # the latest initial training of each volunteer goes back in the column
    op.execute(
        "UPDATE volunteers SET training_completed_on = ("
        "SELECT MAX(training_records.completed_on) FROM training_records "
        "JOIN training_kinds ON training_kinds.id = training_records.kind_id "
        "WHERE training_kinds.is_initial AND training_records.volunteer_id = volunteers.id)"
    )
    for table in (
        "annual_reviews",
        "memorandum_signatures",
        "memoranda",
        "meeting_attendances",
        "meetings",
        "training_records",
        "training_sessions",
        "training_kinds",
    ):
        op.drop_table(table)
