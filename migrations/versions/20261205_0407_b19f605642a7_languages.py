"""Welsh and English (issue 19): each account's language and each application's.

Reviewed by hand. Batch operations, so the same revision runs on SQLite and PostgreSQL.

- ``users.language``: "cy" or "en" as the person chose with the language switch; NULL for
  every existing account (nobody has chosen: pages follow the browser, mail stays English, as
  before).
- ``applications.language``: the language the applicant applied in, for the mail about their
  application. Every existing application was made in English: the column is added NOT NULL
  with a server default of 'en' (which fills the existing rows), then the default is dropped,
  as the model sets it.

The downgrade drops both columns; nothing else depended on them.

Revision ID: b19f605642a7
Revises: 01ad5136519d
Create Date: 2026-12-05 03:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b19f605642a7"
down_revision = "01ad5136519d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=2), nullable=True))
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=2), nullable=False, server_default="en")
        )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.alter_column("language", server_default=None)


def downgrade():
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
