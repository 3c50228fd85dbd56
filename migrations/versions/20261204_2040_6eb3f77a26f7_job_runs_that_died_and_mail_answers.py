"""Runs that died and the mail server's answers: job runs are recorded before they start (with
their status, the scheduler process running them and the missed run they catch up), scheduler
processes say when they were last seen, and the outbox keeps each message's Message-ID, the
server's answer, who claimed it and whether an attempt ended without knowing if it went.

Reviewed by hand. job_runs.status is NOT NULL: added with a server default of 'succeeded', the
runs that recorded an error become 'failed', then the default is dropped (the model sets it).
job_runs.finished_at becomes nullable (a run in progress, or one that died, has none). Every
other new column is nullable and empty on existing rows; scheduler_processes is a new table.
Batch operations for SQLite.

The downgrade keeps what it can: a run that died or was still running gets its start as its
finish and a line in its error, so the older admin page shows it as failed rather than losing
it; the rest (processes, Message-IDs, the server's answers, claims) is scheduler and delivery
bookkeeping that the older version neither writes nor reads.

Revision ID: 6eb3f77a26f7
Revises: b3b6e2a4d44d
Create Date: 2026-12-04 13:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '6eb3f77a26f7'
down_revision = 'b3b6e2a4d44d'
branch_labels = None
depends_on = None

job_runs = sa.table(
    'job_runs',
    sa.column('status', sa.String),
    sa.column('error', sa.Text),
    sa.column('started_at', sa.DateTime(timezone=True)),
    sa.column('finished_at', sa.DateTime(timezone=True)),
)


def upgrade():
    op.create_table('scheduler_processes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduler_processes'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('status', sa.String(length=10), nullable=False, server_default='succeeded')
        )
        batch_op.add_column(sa.Column('runner', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('catch_up_of', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            'finished_at', existing_type=sa.DateTime(timezone=True), nullable=True
        )
    op.execute(job_runs.update().where(job_runs.c.error.is_not(None)).values(status='failed'))
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=10), server_default=None)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('smtp_reply', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('interrupted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('interrupted_at')
        batch_op.drop_column('smtp_reply')
        batch_op.drop_column('message_id')
        batch_op.drop_column('claimed_by')
    unfinished = job_runs.c.finished_at.is_(None)
    op.execute(
        job_runs.update()
        .where(unfinished)
        .values(
            finished_at=job_runs.c.started_at,
            error=sa.func.coalesce(job_runs.c.error, 'did not finish (its process ended)'),
        )
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.alter_column(
            'finished_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch_op.drop_column('catch_up_of')
        batch_op.drop_column('runner')
        batch_op.drop_column('status')
    op.drop_table('scheduler_processes')
