"""Rotas allocated by week: each period keeps the allocation its draft was made with
(``rota_periods.allocation``, "day" or "week").

Reviewed by hand. Batch operations for SQLite. Every rota made before this was allocated by
day, so existing rows get "day" through the server default, which stays (rows written without
the column mean "day"). A visit allocated by week is stored as its week's Monday in the band "week", so
planned visits need no new column. The downgrade drops the column (``icv/downgrades.py``
refuses while rota periods exist, unless told to discard data): visits in the band "week"
would then be read as visits on a Monday in a band the scheme does not have.

Revision ID: d040ae9ae4fd
Revises: b19f605642a7
Create Date: 2026-12-05 03:22:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d040ae9ae4fd"
down_revision = "b19f605642a7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("rota_periods", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("allocation", sa.String(length=4), nullable=False, server_default="day")
        )


def downgrade():
    with op.batch_alter_table("rota_periods", schema=None) as batch_op:
        batch_op.drop_column("allocation")
