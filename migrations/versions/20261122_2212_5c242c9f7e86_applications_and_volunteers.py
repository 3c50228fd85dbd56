"""Applications (with referees, timeline, drafts, equality answers kept apart) and volunteers.

Reviewed by hand: datetimes are timezone-aware (UTC); equality answers sit in their own table
and lose their link (SET NULL) if an application is ever deleted; a volunteer keeps their
account row (accounts are deactivated, never deleted).

Revision ID: 5c242c9f7e86
Revises: b411fe587bc4
Create Date: 2026-11-22 22:12:40.307066

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c242c9f7e86'
down_revision = 'b411fe587bc4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('application_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_drafts')),
    sa.UniqueConstraint('token', name=op.f('uq_application_drafts_token'))
    )
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('status_token', sa.String(length=64), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('stage_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('address', sa.String(length=400), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('work_postcode', sa.String(length=10), nullable=True),
    sa.Column('uk_resident_since', sa.Date(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('occupation', sa.String(length=120), nullable=True),
    sa.Column('current_roles', sa.JSON(), nullable=False),
    sa.Column('past_roles', sa.JSON(), nullable=False),
    sa.Column('conflicts', sa.Text(), nullable=True),
    sa.Column('has_criminal_record', sa.Boolean(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('consent_vetting', sa.Boolean(), nullable=False),
    sa.Column('consent_data', sa.Boolean(), nullable=False),
    sa.Column('eligibility', sa.String(length=10), nullable=False),
    sa.Column('eligibility_findings', sa.JSON(), nullable=False),
    sa.Column('minimised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('interview_on', sa.Date(), nullable=True),
    sa.Column('interview_panel', sa.String(length=200), nullable=True),
    sa.Column('interview_outcome', sa.String(length=10), nullable=True),
    sa.Column('interview_notes', sa.Text(), nullable=True),
    sa.Column('vetting_submitted_on', sa.Date(), nullable=True),
    sa.Column('vetting_outcome', sa.String(length=10), nullable=True),
    sa.Column('vetting_level', sa.String(length=10), nullable=True),
    sa.Column('vetting_cleared_on', sa.Date(), nullable=True),
    sa.Column('vetting_expires_on', sa.Date(), nullable=True),
    sa.Column('training_completed_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('reference', name=op.f('uq_applications_reference')),
    sa.UniqueConstraint('status_token', name=op.f('uq_applications_status_token'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_email'), ['email'], unique=False)
        batch_op.create_index('ix_applications_stage', ['stage', 'stage_changed_at'], unique=False)

    op.create_table('application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_application_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_events_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_events'))
    )
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_events_application_id'), ['application_id'], unique=False)

    op.create_table('diversity_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('age_band', sa.String(length=20), nullable=True),
    sa.Column('sex', sa.String(length=30), nullable=True),
    sa.Column('ethnic_group', sa.String(length=40), nullable=True),
    sa.Column('disability', sa.String(length=30), nullable=True),
    sa.Column('religion', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_diversity_responses_application_id_applications'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diversity_responses')),
    sa.UniqueConstraint('application_id', name=op.f('uq_diversity_responses_application_id'))
    )
    op.create_table('referees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('relationship_to_applicant', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('satisfactory', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_referees_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referees'))
    )
    with op.batch_alter_table('referees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referees_application_id'), ['application_id'], unique=False)

    op.create_table('volunteers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('appointed_on', sa.Date(), nullable=False),
    sa.Column('term_ends_on', sa.Date(), nullable=False),
    sa.Column('probation_visits_required', sa.Integer(), nullable=False),
    sa.Column('probation_visits_done', sa.Integer(), nullable=False),
    sa.Column('vetting_level', sa.String(length=10), nullable=True),
    sa.Column('vetting_cleared_on', sa.Date(), nullable=True),
    sa.Column('vetting_expires_on', sa.Date(), nullable=True),
    sa.Column('training_completed_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_volunteers_application_id_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_volunteers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_volunteers')),
    sa.UniqueConstraint('user_id', name=op.f('uq_volunteers_user_id'))
    )
    op.create_table('volunteer_suites',
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_volunteer_suites_suite_id_suites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_volunteer_suites_volunteer_id_volunteers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('volunteer_id', 'suite_id', name=op.f('pk_volunteer_suites'))
    )


def downgrade():
    op.drop_table('volunteer_suites')
    op.drop_table('volunteers')
    with op.batch_alter_table('referees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referees_application_id'))

    op.drop_table('referees')
    op.drop_table('diversity_responses')
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_events_application_id'))

    op.drop_table('application_events')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_stage')
        batch_op.drop_index(batch_op.f('ix_applications_email'))

    op.drop_table('applications')
    op.drop_table('application_drafts')
