"""Urgent and serious apart; "you said, we did" on an issue (issue 16, items 3 and 5).

Reviewed by hand. Until now ``visit_issues.is_serious`` was the visitors' tick "the scheme
coordinator should know today", and the summary's headline counted it as the Panel's "serious
issues identified". The two are now apart:

- ``is_urgent`` (new) is the visitors' flag that mails the coordinators at once;
- ``is_serious`` (kept) is the finding of significance the coordinator sets or confirms, with
  who (``serious_set_by_id``) and when (``serious_set_at``).

Backfill: every existing serious flag becomes urgent too, and stays serious, since it was the
only record of either; so the figures already published (and those of years not signed off
yet) keep their values. Who confirmed them is not known, so ``serious_set_by_id`` and
``serious_set_at`` stay empty for them (the issue page says "recorded before icv kept who").

Drafts not sent yet keep their tick: the report form's box is now ``is_urgent``, so the
answers kept as typed are renamed (``issues-0-is_serious`` becomes ``issues-0-is_urgent``),
and back on the downgrade.

``for_panel`` and ``panel_text`` are the coordinator's choice of an issue, with the force's
response, for the Panel's report ("you said, we did"): none chosen before.

The downgrade drops the new columns (``icv db downgrade`` refuses first while they hold data;
``is_serious`` keeps its values, so the old meaning returns with the confirmed flags).

Revision ID: 00a1021ea4c8
Revises: 565c688eeaf1
Create Date: 2026-12-05 03:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "00a1021ea4c8"
down_revision = "565c688eeaf1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("visit_issues") as batch:
        batch.add_column(
            sa.Column("is_urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("serious_set_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("serious_set_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("for_panel", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("panel_text", sa.String(length=500), nullable=True))
        batch.create_foreign_key(
            "fk_visit_issues_serious_set_by_id_users", "users", ["serious_set_by_id"], ["id"]
        )
    op.execute(sa.text("UPDATE visit_issues SET is_urgent = is_serious"))
    rename_draft_answers("-is_serious", "-is_urgent")


DRAFTS = sa.table("visit_report_drafts", sa.column("id", sa.Integer), sa.column("data", sa.JSON))


def renamed(value, old: str, new: str):
    """``value`` with every key ending in ``old`` ending in ``new`` instead, at any depth."""
    if isinstance(value, dict):
        return {
            (key[: -len(old)] + new if key.endswith(old) else key): renamed(item, old, new)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [renamed(item, old, new) for item in value]
    return value


def rename_draft_answers(old: str, new: str) -> None:
    connection = op.get_bind()
    for draft_id, data in connection.execute(sa.select(DRAFTS.c.id, DRAFTS.c.data)).all():
        changed = renamed(data, old, new)
        if changed != data:
            connection.execute(DRAFTS.update().where(DRAFTS.c.id == draft_id).values(data=changed))


def downgrade():
    rename_draft_answers("-is_urgent", "-is_serious")
    with op.batch_alter_table("visit_issues") as batch:
        batch.drop_constraint("fk_visit_issues_serious_set_by_id_users", type_="foreignkey")
        batch.drop_column("panel_text")
        batch.drop_column("for_panel")
        batch.drop_column("serious_set_at")
        batch.drop_column("serious_set_by_id")
        batch.drop_column("is_urgent")
