"""Issues to a force without a liaison account: a suite's own email address, and how each
sending reached the force.

Reviewed by hand. Every new column is nullable, so existing rows need nothing: a suite has no
address until the coordinator gives one, and the sendings recorded so far were all mailed to
liaison accounts before their route was kept (their route stays empty; the page shows them as
before). Batch operations for SQLite.

Revision ID: 4eda91444550
Revises: 274f9943691d
Create Date: 2026-12-04 12:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4eda91444550'
down_revision = '274f9943691d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('suites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('visit_issue_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('route', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('sent_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('sent_via', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('visit_issue_events', schema=None) as batch_op:
        batch_op.drop_column('sent_via')
        batch_op.drop_column('sent_on')
        batch_op.drop_column('route')
    with op.batch_alter_table('suites', schema=None) as batch_op:
        batch_op.drop_column('email')
