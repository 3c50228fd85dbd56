"""The scheduler: APScheduler's job store, a record of job runs, scheduled notices claimed once,
and the reminders each person has turned off.

The job store's table (apscheduler_jobs) is made here rather than left to APScheduler, which
would create it the first time ``icv scheduler`` starts: the schema changes only through
migrations, the drift test then covers it on both engines, and the admin page can read the next
run times from a table that exists before any scheduler has run. Its columns are exactly those
APScheduler 3.11 declares (id VARCHAR(191) primary key, next_run_time FLOAT(25) indexed,
job_state binary); ``tests/test_jobs_scheduler.py`` compares them with the installed version,
and APScheduler's own ``create(checkfirst=True)`` at start-up then finds the table and does
nothing.

Reviewed by hand: datetimes are timezone-aware (UTC); scheduled_notices is unique on (kind,
subject_type, subject_id, key), which is what makes planning the same notice twice create it
once; reminder_opt_outs rows go with their account (CASCADE) and only "off" choices are stored,
so a new kind of reminder is on for everyone without a migration. New tables only, so the
downgrade drops them and loses only scheduler state (the scheduler re-adds its jobs at start).

Revision ID: 9e9a27824665
Revises: d5a4d6929d5d
Create Date: 2026-11-24 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9e9a27824665'
down_revision = 'd5a4d6929d5d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_apscheduler_jobs'))
    )
    op.create_index(op.f('ix_apscheduler_jobs_next_run_time'), 'apscheduler_jobs', ['next_run_time'], unique=False)

    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.String(length=60), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('did_something', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs'))
    )
    op.create_index('ix_job_runs_job', 'job_runs', ['job_id', 'started_at'], unique=False)

    op.create_table('scheduled_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('planned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_notices')),
    sa.UniqueConstraint('kind', 'subject_type', 'subject_id', 'key', name='uq_scheduled_notices_once')
    )
    op.create_index('ix_scheduled_notices_due', 'scheduled_notices', ['kind', 'status', 'due_at'], unique=False)

    op.create_table('reminder_opt_outs',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_opt_outs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_reminder_opt_outs'))
    )


def downgrade():
    op.drop_table('reminder_opt_outs')
    op.drop_index('ix_scheduled_notices_due', table_name='scheduled_notices')
    op.drop_table('scheduled_notices')
    op.drop_index('ix_job_runs_job', table_name='job_runs')
    op.drop_table('job_runs')
    op.drop_index(op.f('ix_apscheduler_jobs_next_run_time'), table_name='apscheduler_jobs')
    op.drop_table('apscheduler_jobs')
