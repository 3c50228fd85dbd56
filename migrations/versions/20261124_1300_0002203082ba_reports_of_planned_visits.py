"""Reports of planned visits: a report (and a draft started from the rota) names the visit on
the rota it is of, so filing it completes that visit.

Reviewed by hand: both columns are nullable (unplanned and historical visits have none) and
lose the link if a planned visit is ever deleted with its draft rota (SET NULL); a planned
visit has at most one report (unique).

Revision ID: 0002203082ba
Revises: 608ed4c04f77
Create Date: 2026-11-24 13:00:04.575871

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002203082ba'
down_revision = '608ed4c04f77'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('visit_report_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('planned_visit_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_visit_report_drafts_planned_visit_id_planned_visits'), 'planned_visits', ['planned_visit_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('planned_visit_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_visit_reports_planned_visit_id'), ['planned_visit_id'])
        batch_op.create_foreign_key(batch_op.f('fk_visit_reports_planned_visit_id_planned_visits'), 'planned_visits', ['planned_visit_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('visit_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_visit_reports_planned_visit_id_planned_visits'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_visit_reports_planned_visit_id'), type_='unique')
        batch_op.drop_column('planned_visit_id')

    with op.batch_alter_table('visit_report_drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_visit_report_drafts_planned_visit_id_planned_visits'), type_='foreignkey')
        batch_op.drop_column('planned_visit_id')

