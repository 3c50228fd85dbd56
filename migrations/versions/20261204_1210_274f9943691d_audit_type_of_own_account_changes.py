"""Audit log: rows that name their record's type as "localproxy" name it "user".

Data only, reviewed by hand. A person's change to their own account (their details, their second
factor, new recovery codes) passed Flask-Login's ``current_user`` to the audit, and the proxy's
own type was written instead of the account's. ``current_user`` is the only proxy that ever
reached the audit, so every such row is about an account (``object_id`` is already its id).
Downgrading leaves the corrected rows as they are: the wrong name is not worth restoring.

Revision ID: 274f9943691d
Revises: 5c3e8d1f7a20
Create Date: 2026-12-04 12:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '274f9943691d'
down_revision = '5c3e8d1f7a20'
branch_labels = None
depends_on = None


def upgrade():
    audit = sa.table('audit_events', sa.column('object_type', sa.String(40)))
    op.execute(
        audit.update().where(audit.c.object_type == 'localproxy').values(object_type='user')
    )


def downgrade():
    pass
