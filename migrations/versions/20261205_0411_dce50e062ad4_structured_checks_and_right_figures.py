"""Structured checks on the visit report, counts by sex, rating, good practice seen, and
offered = spoken + declined (issue 16, items 1 and 2).

Reviewed by hand. Batch operations, so the same revision runs on SQLite and PostgreSQL.

- ``check_sets`` and ``checks``: the versioned check set; version 1 is seeded with the checks
  shipped (``icv.visits.check_rules.SHIPPED``, written out below so this revision stays what
  it was whatever the code says later).
- ``visit_check_answers``: each report's answers, one row per check answered.
- ``visit_reports``: ``check_set_id`` (None for the reports before: their checks are "not
  recorded"), ``rating``, ``good_practice_seen``, ``dignity_notes``, ``support_notes``,
  ``male``, ``female``, ``sex_not_known``, ``mental_health_powers``.

Existing rows keep their meaning: a report with good practice written migrates to "seen"
(yes), one without to "not recorded" (never "no"); a report written on the form stored
offered as spoken + observed + declined, and now stores spoken + declined (observed only is
its own category, not offered). Imported records keep offered as their file gave it. The
downgrade puts the observed back into offered and drops what was added (``icv db
downgrade`` refuses first if answers would be lost).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "dce50e062ad4"
down_revision = "abf97a87f9ef"
branch_labels = None
depends_on = None

#: (name, type) of the columns added to visit_reports, all nullable.
REPORT_COLUMNS = [
    ("dignity_notes", sa.Text()),
    ("support_notes", sa.Text()),
    ("good_practice_seen", sa.Boolean()),
    ("rating", sa.String(length=16)),
    ("male", sa.Integer()),
    ("female", sa.Integer()),
    ("sex_not_known", sa.Integer()),
    ("mental_health_powers", sa.Integer()),
    ("check_set_id", sa.Integer()),
]

C, Y = "count", "yes_no"
#: Version 1 as shipped: (key, theme, kind, label, hint, label_cy, hint_cy).
SHIPPED = [
    ("told_rights", "rights", C, "Told of their rights",
     "How many of the people you spoke with said they had been told of their rights.",
     "Wedi cael gwybod am eu hawliau",
     "Faint o'r bobl y buoch yn siarad â nhw a ddywedodd eu bod wedi cael gwybod am eu "
     "hawliau."),
    ("solicitor", "rights", C, "Offered a solicitor",
     "Including those who asked for one and those who saw one.",
     "Wedi cael cynnig cyfreithiwr",
     "Gan gynnwys y rhai a ofynnodd am un a'r rhai a welodd un."),
    ("someone_informed", "rights", C, "Someone told where they are",
     "A relative, friend or someone else told of their arrest, if they wanted.",
     "Rhywun wedi cael gwybod ble maen nhw",
     "Perthynas, ffrind neu rywun arall wedi cael gwybod am eu harestio, os oedden nhw "
     "eisiau."),
    ("pace_codes", "rights", C, "Offered the PACE codes of practice",
     "Offered the codes to read.",
     "Wedi cael cynnig codau ymarfer PACE",
     "Wedi cael cynnig y codau i'w darllen."),
    ("food_drink", "welfare", C, "Offered food and drink", "",
     "Wedi cael cynnig bwyd a diod", ""),
    ("hot_drink", "welfare", C, "Offered a hot drink", "",
     "Wedi cael cynnig diod boeth", ""),
    ("warm", "welfare", C, "Warm enough or given a blanket", "",
     "Yn ddigon cynnes neu wedi cael blanced", ""),
    ("medical_seen", "welfare", C, "Medical need seen to",
     "Those with a medical need who had seen a nurse, paramedic or doctor.",
     "Angen meddygol wedi cael sylw",
     "Y rhai ag angen meddygol a oedd wedi gweld nyrs, parafeddyg neu feddyg."),
    ("medication", "welfare", C, "Had their medication when needed", "",
     "Wedi cael eu meddyginiaeth pan oedd ei hangen", ""),
    ("exercise_shower", "welfare", C, "Offered exercise or a shower", "",
     "Wedi cael cynnig ymarfer corff neu gawod", ""),
    ("reading", "welfare", C, "Offered something to read", "",
     "Wedi cael cynnig rhywbeth i'w ddarllen", ""),
    ("menstrual_products", "dignity", C, "Offered menstrual products",
     "Those who may need them, offered without having to ask.",
     "Wedi cael cynnig nwyddau mislif",
     "Y rhai a allai fod eu hangen, wedi'u cynnig heb orfod gofyn."),
    ("same_sex_staff", "dignity", Y, "Staff of the same sex available",
     "Could people speak to a member of staff of the same sex?",
     "Staff o'r un rhyw ar gael",
     "A oedd pobl yn gallu siarad ag aelod o staff o'r un rhyw?"),
    ("clothing_removed", "dignity", C, "Clothing removed or in anti-rip clothing", "",
     "Dillad wedi'u tynnu neu mewn dillad gwrth-rwygo", ""),
    ("restraint", "dignity", C, "Restraint seen or reported", "",
     "Atal corfforol wedi'i weld neu ei adrodd", ""),
    ("appropriate_adult_needed", "support", C, "Needed an appropriate adult", "",
     "Angen oedolyn priodol", ""),
    ("appropriate_adult_present", "support", C, "Had an appropriate adult",
     "Of those who needed one.",
     "Wedi cael oedolyn priodol",
     "O'r rhai yr oedd angen un arnynt."),
    ("interpreter_needed", "support", C, "Needed an interpreter", "",
     "Angen cyfieithydd", ""),
    ("interpreter_present", "support", C, "Had an interpreter",
     "Of those who needed one.",
     "Wedi cael cyfieithydd",
     "O'r rhai yr oedd angen un arnynt."),
    ("mental_health_concern", "support", C, "A concern about their mental health", "",
     "Pryder am eu hiechyd meddwl", ""),
    ("foreign_national", "support", C, "Foreign nationals", "",
     "Gwladolion tramor", ""),
    ("cells_clean", "conditions", Y, "Cells clean", "",
     "Celloedd yn lân", ""),
    ("cctv_working", "conditions", Y, "CCTV working", "",
     "Teledu cylch cyfyng yn gweithio", ""),
    ("food_in_date", "conditions", Y, "Food in date", "",
     "Bwyd o fewn ei ddyddiad", ""),
    ("call_bells_working", "conditions", Y, "Cell call bells working", "",
     "Clychau galw'r celloedd yn gweithio", ""),
]  # fmt: skip


def upgrade():
    check_sets = op.create_table(
        "check_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("change", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version"),
    )
    checks = op.create_table(
        "checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_set_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("hint", sa.String(length=300), nullable=False),
        sa.Column("label_cy", sa.String(length=200), nullable=False),
        sa.Column("hint_cy", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["check_set_id"], ["check_sets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("check_set_id", "key"),
    )
    op.create_table(
        "visit_check_answers",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("check_key", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.String(length=3), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["visit_reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("report_id", "check_key"),
    )
    with op.batch_alter_table("visit_check_answers") as batch:
        batch.create_index("ix_visit_check_answers_check_key", ["check_key"])
    with op.batch_alter_table("visit_reports") as batch:
        for name, type_ in REPORT_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
        batch.create_index("ix_visit_reports_check_set_id", ["check_set_id"])
        batch.create_foreign_key(
            "fk_visit_reports_check_set_id", "check_sets", ["check_set_id"], ["id"]
        )
    seed(check_sets, checks)
    backfill()


def seed(check_sets, checks) -> None:
    # No id given: the sequence gives it, so the admin's next version gets the next one on
    # PostgreSQL too.
    connection = op.get_bind()
    connection.execute(
        check_sets.insert().values(
            version=1, created_at=datetime.now(UTC), created_by_id=None, change="Shipped with icv"
        )
    )
    set_id = connection.execute(
        sa.select(check_sets.c.id).where(check_sets.c.version == 1)
    ).scalar_one()
    names = ("key", "theme", "kind", "label", "hint", "label_cy", "hint_cy")
    op.bulk_insert(
        checks,
        [
            {
                "check_set_id": set_id,
                "position": n,
                "active": True,
                **dict(zip(names, row, strict=True)),
            }
            for n, row in enumerate(SHIPPED, 1)
        ],
    )


def backfill() -> None:
    op.execute(
        "UPDATE visit_reports SET good_practice_seen = TRUE "
        "WHERE good_practice IS NOT NULL AND TRIM(good_practice) <> ''"
    )
    # The form stored offered = spoken + observed + declined: observed only is not offered.
    op.execute(
        "UPDATE visit_reports SET offered = COALESCE(spoken, 0) + COALESCE(declined, 0) "
        "WHERE source = 'form' AND offered IS NOT NULL"
    )


def downgrade():
    op.execute(
        "UPDATE visit_reports SET offered = offered + COALESCE(observed, 0) "
        "WHERE source = 'form' AND offered IS NOT NULL"
    )
    with op.batch_alter_table("visit_reports") as batch:
        batch.drop_constraint("fk_visit_reports_check_set_id", type_="foreignkey")
        batch.drop_index("ix_visit_reports_check_set_id")
        for name, _ in reversed(REPORT_COLUMNS):
            batch.drop_column(name)
    op.drop_table("visit_check_answers")
    op.drop_table("checks")
    op.drop_table("check_sets")
