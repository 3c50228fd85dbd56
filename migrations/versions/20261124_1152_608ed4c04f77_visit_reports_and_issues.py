"""Visit reports (with detainee notes, versions and drafts) and the issues they raise (with
their case events).

Reviewed by hand: datetimes are timezone-aware (UTC); a visit is unique by suite, date and
arrival time (the import's identity) and a report by its submission key (sending twice stores
one report); notes, issues, events and versions go with their report (CASCADE), a report keeps
its row if a volunteer record is ever deleted (SET NULL: the visit still happened); booleans
default to false on both engines; drafts go with their owner's account.

Revision ID: 608ed4c04f77
Revises: 9e9a27824665
Create Date: 2026-11-24 11:52:54.685699

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '608ed4c04f77'
down_revision = '9e9a27824665'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('visit_report_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('on_behalf', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_visit_report_drafts_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_report_drafts')),
    sa.UniqueConstraint('key', name=op.f('uq_visit_report_drafts_key'))
    )
    with op.batch_alter_table('visit_report_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_report_drafts_owner_id'), ['owner_id'], unique=False)

    op.create_table('visit_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suite_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('band', sa.String(length=20), nullable=True),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.Column('arrived_at', sa.Time(), nullable=False),
    sa.Column('admitted_at', sa.Time(), nullable=True),
    sa.Column('left_at', sa.Time(), nullable=False),
    sa.Column('delay_minutes', sa.Integer(), nullable=True),
    sa.Column('delay_reason', sa.Text(), nullable=True),
    sa.Column('delay_authorised_by', sa.String(length=20), nullable=True),
    sa.Column('visitor_1_id', sa.Integer(), nullable=True),
    sa.Column('visitor_2_id', sa.Integer(), nullable=True),
    sa.Column('visitor_1_name', sa.String(length=120), nullable=True),
    sa.Column('visitor_2_name', sa.String(length=120), nullable=True),
    sa.Column('tact_visited', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('staff_on_duty', sa.String(length=120), nullable=True),
    sa.Column('in_custody', sa.Integer(), nullable=True),
    sa.Column('offered', sa.Integer(), nullable=True),
    sa.Column('spoken', sa.Integer(), nullable=True),
    sa.Column('observed', sa.Integer(), nullable=True),
    sa.Column('declined', sa.Integer(), nullable=True),
    sa.Column('not_offered', sa.Integer(), nullable=True),
    sa.Column('juveniles', sa.Integer(), nullable=True),
    sa.Column('vulnerable_adults', sa.Integer(), nullable=True),
    sa.Column('not_offered_asleep', sa.Integer(), nullable=True),
    sa.Column('not_offered_interview', sa.Integer(), nullable=True),
    sa.Column('not_offered_legal_medical', sa.Integer(), nullable=True),
    sa.Column('not_offered_unsafe', sa.Integer(), nullable=True),
    sa.Column('not_offered_release', sa.Integer(), nullable=True),
    sa.Column('not_offered_other', sa.Integer(), nullable=True),
    sa.Column('rights_finding', sa.String(length=12), nullable=True),
    sa.Column('rights_notes', sa.Text(), nullable=True),
    sa.Column('welfare_finding', sa.String(length=12), nullable=True),
    sa.Column('welfare_notes', sa.Text(), nullable=True),
    sa.Column('conditions_finding', sa.String(length=12), nullable=True),
    sa.Column('conditions_notes', sa.Text(), nullable=True),
    sa.Column('good_practice', sa.Text(), nullable=True),
    sa.Column('comments', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('cosigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cosigned_by_id', sa.Integer(), nullable=True),
    sa.Column('cosign_comments', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('tact_copy_sent_on', sa.Date(), nullable=True),
    sa.Column('tact_copy_sent_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cosigned_by_id'], ['users.id'], name=op.f('fk_visit_reports_cosigned_by_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_visit_reports_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_visit_reports_submitted_by_id_users')),
    sa.ForeignKeyConstraint(['suite_id'], ['suites.id'], name=op.f('fk_visit_reports_suite_id_suites')),
    sa.ForeignKeyConstraint(['tact_copy_sent_by_id'], ['users.id'], name=op.f('fk_visit_reports_tact_copy_sent_by_id_users')),
    sa.ForeignKeyConstraint(['visitor_1_id'], ['volunteers.id'], name=op.f('fk_visit_reports_visitor_1_id_volunteers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visitor_2_id'], ['volunteers.id'], name=op.f('fk_visit_reports_visitor_2_id_volunteers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_reports')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_visit_reports_submission_key')),
    sa.UniqueConstraint('suite_id', 'visit_date', 'arrived_at', name=op.f('uq_visit_reports_suite_id'))
    )
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_reports_suite_id'), ['suite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_reports_visit_date'), ['visit_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_reports_visitor_1_id'), ['visitor_1_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_reports_visitor_2_id'), ['visitor_2_id'], unique=False)

    op.create_table('visit_detainee_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('custody_number', sa.String(length=30), nullable=True),
    sa.Column('record_consent', sa.String(length=10), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['visit_reports.id'], name=op.f('fk_visit_detainee_notes_report_id_visit_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_detainee_notes'))
    )
    with op.batch_alter_table('visit_detainee_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_detainee_notes_report_id'), ['report_id'], unique=False)

    op.create_table('visit_issues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('is_serious', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('raised_with', sa.String(length=120), nullable=True),
    sa.Column('immediate_response', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['visit_reports.id'], name=op.f('fk_visit_issues_report_id_visit_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_issues'))
    )
    with op.batch_alter_table('visit_issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_issues_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_issues_raised_on'), ['raised_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_issues_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_issues_status'), ['status'], unique=False)

    op.create_table('visit_report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_visit_report_versions_actor_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['visit_reports.id'], name=op.f('fk_visit_report_versions_report_id_visit_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_visit_report_versions_report_id'))
    )
    op.create_table('visit_issue_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_visit_issue_events_actor_id_users')),
    sa.ForeignKeyConstraint(['issue_id'], ['visit_issues.id'], name=op.f('fk_visit_issue_events_issue_id_visit_issues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_issue_events'))
    )
    with op.batch_alter_table('visit_issue_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_issue_events_issue_id'), ['issue_id'], unique=False)



def downgrade():
    with op.batch_alter_table('visit_issue_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_issue_events_issue_id'))

    op.drop_table('visit_issue_events')
    op.drop_table('visit_report_versions')
    with op.batch_alter_table('visit_issues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_issues_status'))
        batch_op.drop_index(batch_op.f('ix_visit_issues_report_id'))
        batch_op.drop_index(batch_op.f('ix_visit_issues_raised_on'))
        batch_op.drop_index(batch_op.f('ix_visit_issues_category'))

    op.drop_table('visit_issues')
    with op.batch_alter_table('visit_detainee_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_detainee_notes_report_id'))

    op.drop_table('visit_detainee_notes')
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_reports_visitor_2_id'))
        batch_op.drop_index(batch_op.f('ix_visit_reports_visitor_1_id'))
        batch_op.drop_index(batch_op.f('ix_visit_reports_visit_date'))
        batch_op.drop_index(batch_op.f('ix_visit_reports_suite_id'))

    op.drop_table('visit_reports')
    with op.batch_alter_table('visit_report_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_report_drafts_owner_id'))

    op.drop_table('visit_report_drafts')
