"""Rotas: suite targets, bands and closures; volunteers' availability, away periods, suites
they cannot reach or must avoid, pairs never put together, calendar feed token; rota periods,
planned visits and their visitors, swap requests and offers.

Reviewed by hand: datetimes are timezone-aware (UTC); the new NOT NULL column on existing
volunteers gets a server default of an empty pattern, dropped afterwards so the model's default
rules; a suite's target defaults to one visit a week (the common Code default); planned visits
go with their period (CASCADE) but never take a suite or volunteer with them.

Revision ID: d5a4d6929d5d
Revises: 3d1f0c2a9b47
Create Date: 2026-11-24 11:44:38.351414

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5a4d6929d5d'
down_revision = '3d1f0c2a9b47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rota_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('unfilled', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rota_periods_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_rota_periods_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rota_periods'))
    )
    with op.batch_alter_table('rota_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rota_periods_starts_on'), ['starts_on'], unique=False)

    op.create_table('suite_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_suite_closures_suite_id_suites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suite_closures'))
    )
    with op.batch_alter_table('suite_closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suite_closures_suite_id'), ['suite_id'], unique=False)

    op.create_table('avoid_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.CheckConstraint('volunteer_id < other_id', name=op.f('ck_avoid_pairs_ordered')),
    sa.ForeignKeyConstraint(['other_id'], ['volunteers.id'], name=op.f('fk_avoid_pairs_other_id_volunteers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_avoid_pairs_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avoid_pairs')),
    sa.UniqueConstraint('volunteer_id', 'other_id', name=op.f('uq_avoid_pairs_volunteer_id'))
    )
    with op.batch_alter_table('avoid_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_avoid_pairs_other_id'), ['other_id'], unique=False)

    op.create_table('away_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_away_periods_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_away_periods'))
    )
    with op.batch_alter_table('away_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_away_periods_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('planned_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.Column('visit_on', sa.Date(), nullable=False),
    sa.Column('band', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['period_id'], ['rota_periods.id'], name=op.f('fk_planned_visits_period_id_rota_periods'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_planned_visits_suite_id_suites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_visits'))
    )
    with op.batch_alter_table('planned_visits', schema=None) as batch_op:
        batch_op.create_index('ix_planned_visits_day', ['visit_on', 'suite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planned_visits_period_id'), ['period_id'], unique=False)

    op.create_table('volunteer_avoided_suites',
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_volunteer_avoided_suites_suite_id_suites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_avoided_suites_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('volunteer_id', 'suite_id', name=op.f('pk_volunteer_avoided_suites'))
    )
    op.create_table('volunteer_unreachable_suites',
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_volunteer_unreachable_suites_suite_id_suites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_unreachable_suites_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('volunteer_id', 'suite_id', name=op.f('pk_volunteer_unreachable_suites'))
    )
    op.create_table('planned_visitors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['visit_id'], ['planned_visits.id'], name=op.f('fk_planned_visitors_visit_id_planned_visits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_planned_visitors_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_visitors')),
    sa.UniqueConstraint('visit_id', 'volunteer_id', name=op.f('uq_planned_visitors_visit_id'))
    )
    with op.batch_alter_table('planned_visitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_visitors_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('swap_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('replacement_id', sa.Integer(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['replacement_id'], ['volunteers.id'], name=op.f('fk_swap_requests_replacement_id_volunteers')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_swap_requests_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['planned_visits.id'], name=op.f('fk_swap_requests_visit_id_planned_visits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_swap_requests_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_swap_requests'))
    )
    with op.batch_alter_table('swap_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swap_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_swap_requests_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('response', sa.String(length=10), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['swap_requests.id'], name=op.f('fk_visit_offers_request_id_swap_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_visit_offers_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_offers')),
    sa.UniqueConstraint('request_id', 'volunteer_id', name=op.f('uq_visit_offers_request_id'))
    )
    with op.batch_alter_table('visit_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_offers_volunteer_id'), ['volunteer_id'], unique=False)

    with op.batch_alter_table('suites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visits_per_week', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('bands', sa.JSON(), nullable=True))

    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('weekly_availability', sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.add_column(sa.Column('availability_updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('max_per_month', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('calendar_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_volunteers_calendar_token'), ['calendar_token'])

    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.alter_column('weekly_availability', server_default=None)


def downgrade():
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_volunteers_calendar_token'), type_='unique')
        batch_op.drop_column('calendar_token')
        batch_op.drop_column('max_per_month')
        batch_op.drop_column('availability_updated_at')
        batch_op.drop_column('weekly_availability')

    with op.batch_alter_table('suites', schema=None) as batch_op:
        batch_op.drop_column('bands')
        batch_op.drop_column('visits_per_week')

    with op.batch_alter_table('visit_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_offers_volunteer_id'))

    op.drop_table('visit_offers')
    with op.batch_alter_table('swap_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swap_requests_visit_id'))
        batch_op.drop_index(batch_op.f('ix_swap_requests_status'))

    op.drop_table('swap_requests')
    with op.batch_alter_table('planned_visitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_visitors_volunteer_id'))

    op.drop_table('planned_visitors')
    op.drop_table('volunteer_unreachable_suites')
    op.drop_table('volunteer_avoided_suites')
    with op.batch_alter_table('planned_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_visits_period_id'))
        batch_op.drop_index('ix_planned_visits_day')

    op.drop_table('planned_visits')
    with op.batch_alter_table('away_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_away_periods_volunteer_id'))

    op.drop_table('away_periods')
    with op.batch_alter_table('avoid_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_avoid_pairs_other_id'))

    op.drop_table('avoid_pairs')
    with op.batch_alter_table('suite_closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suite_closures_suite_id'))

    op.drop_table('suite_closures')
    with op.batch_alter_table('rota_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rota_periods_starts_on'))

    op.drop_table('rota_periods')
