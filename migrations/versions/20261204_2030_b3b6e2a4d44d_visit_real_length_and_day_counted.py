"""Visit reports keep their real length and the day they count on: minutes from arrival to
leaving in UK time (an hour less across the March clock change, an hour more across October's),
and the day the visit started (a late visit that arrived after midnight counts on the day its
night began, as the rota planned it). The summary adds up and counts by these.

Reviewed by hand. Both columns are worked out for every existing report, from its date and
times and the scheme's time bands as they are now (the same rules as icv/visits/rules.py and
icv/suites/rules.py, written out here so this migration keeps meaning what it did); issues take
the day their visit counts on. Then counted_on is made NOT NULL. Batch operations for SQLite.
The downgrade drops both columns (they can be worked out again) and leaves issues' dates as
they are.

Revision ID: b3b6e2a4d44d
Revises: a7c3e51d9b20
Create Date: 2026-12-04 20:30:00.000000

"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3b6e2a4d44d'
down_revision = 'a7c3e51d9b20'
branch_labels = None
depends_on = None

UK = ZoneInfo("Europe/London")
#: The default bands: (start, end) of the ones that cross midnight.
DEFAULT_BANDS = [("07:00", "10:00"), ("10:00", "14:00"), ("14:00", "18:00"), ("18:00", "22:00"),
                 ("22:00", "07:00")]

reports = sa.table(
    "visit_reports",
    sa.column("id", sa.Integer),
    sa.column("visit_date", sa.Date),
    sa.column("arrived_at", sa.Time),
    sa.column("left_at", sa.Time),
    sa.column("minutes", sa.Integer),
    sa.column("counted_on", sa.Date),
)
issues = sa.table(
    "visit_issues",
    sa.column("report_id", sa.Integer),
    sa.column("raised_on", sa.Date),
)
settings = sa.table("scheme_settings", sa.column("key", sa.String), sa.column("value", sa.JSON))


def bands(conn) -> list[tuple[time, time]]:
    stored = conn.execute(sa.select(settings.c.value).where(settings.c.key == "time_bands"))
    raw = stored.scalar()
    pairs = [(b["start"], b["end"]) for b in raw] if raw else DEFAULT_BANDS
    return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in pairs]


def counted_on(day: date, arrived: time, all_bands) -> date:
    for start, end in all_bands:
        crosses = end <= start
        inside = (arrived >= start or arrived < end) if crosses else start <= arrived < end
        if inside:
            return day - timedelta(days=1) if crosses and arrived < end else day
    return day


def minutes(day: date, arrived: time, left: time) -> int:
    arrived, left = arrived.replace(second=0, microsecond=0), left.replace(second=0, microsecond=0)
    ends_on = day + timedelta(days=1) if left < arrived else day
    start = datetime.combine(day, arrived, tzinfo=UK).astimezone(UTC)
    end = datetime.combine(ends_on, left, tzinfo=UK).astimezone(UTC)
    return int((end - start).total_seconds()) // 60


def upgrade():
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('counted_on', sa.Date(), nullable=True))
    conn = op.get_bind()
    scheme_bands = bands(conn)
    rows = conn.execute(
        sa.select(reports.c.id, reports.c.visit_date, reports.c.arrived_at, reports.c.left_at)
    ).all()
    changes = [
        {
            "row_id": row.id,
            "new_minutes": minutes(row.visit_date, row.arrived_at, row.left_at),
            "new_day": counted_on(row.visit_date, row.arrived_at, scheme_bands),
        }
        for row in rows
    ]
    if changes:
        conn.execute(
            reports.update()
            .where(reports.c.id == sa.bindparam("row_id"))
            .values(minutes=sa.bindparam("new_minutes"), counted_on=sa.bindparam("new_day")),
            changes,
        )
        moved = [c for c, row in zip(changes, rows, strict=True) if c["new_day"] != row.visit_date]
        if moved:
            conn.execute(
                issues.update()
                .where(issues.c.report_id == sa.bindparam("row_id"))
                .values(raised_on=sa.bindparam("new_day")),
                moved,
            )
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.alter_column('counted_on', existing_type=sa.Date(), nullable=False)
        batch_op.create_index(batch_op.f('ix_visit_reports_counted_on'), ['counted_on'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_reports_counted_on'))
        batch_op.drop_column('counted_on')
        batch_op.drop_column('minutes')
