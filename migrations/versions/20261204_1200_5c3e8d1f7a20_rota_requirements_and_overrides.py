"""Rota requirements and availability overrides: each published rota keeps the weekly target of
every suite as it stood when it was published, and a visitor's place records why they go
outside their usual availability.

Reviewed by hand: rota_requirements has one row per (period, suite), goes with its period
(CASCADE) and keeps its suite (suites are never deleted, only made inactive). Existing
published periods are filled from TODAY'S targets of the suites active now, because the
targets they were published with were never recorded: for them "required" stays what the
pages showed before this migration, and only later changes of a target leave them alone.
Drafts get no rows (they follow the live target). planned_visitors.availability_override is
nullable text (None on every existing place). The downgrade drops both.

Revision ID: 5c3e8d1f7a20
Revises: 39f464603455
Create Date: 2026-12-04 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c3e8d1f7a20'
down_revision = '39f464603455'
branch_labels = None
depends_on = None


def upgrade():
    requirements = op.create_table('rota_requirements',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.Column('visits_per_week', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['rota_periods.id'], name=op.f('fk_rota_requirements_period_id_rota_periods'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_rota_requirements_suite_id_suites')),
    sa.PrimaryKeyConstraint('period_id', 'suite_id', name=op.f('pk_rota_requirements'))
    )
    with op.batch_alter_table('planned_visitors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('availability_override', sa.Text(), nullable=True))

    periods = sa.table('rota_periods', sa.column('id', sa.Integer), sa.column('status', sa.String))
    suites = sa.table(
        'suites',
        sa.column('id', sa.Integer),
        sa.column('visits_per_week', sa.Integer),
        sa.column('is_active', sa.Boolean),
    )
    op.execute(
        requirements.insert().from_select(
            ['period_id', 'suite_id', 'visits_per_week'],
            sa.select(periods.c.id, suites.c.id, suites.c.visits_per_week)
            .select_from(periods.join(suites, sa.true()))
            .where(periods.c.status == 'published', suites.c.is_active.is_(sa.true())),
        )
    )


def downgrade():
    with op.batch_alter_table('planned_visitors', schema=None) as batch_op:
        batch_op.drop_column('availability_override')

    op.drop_table('rota_requirements')
