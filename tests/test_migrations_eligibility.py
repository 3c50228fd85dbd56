"""Findings stored as sentences become codes; the postcode prefixes become the "in" list."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, select, text

from icv.applications.models import Application
from icv.extensions import db
from icv.settings import get_settings

BEFORE = "c5d1f8a3b2e7"
WHEN = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
OLD_FINDINGS = [
    {
        "rule": "age",
        "outcome": "fail",
        "reason": ("You must be 18 or over on the day you apply. You can apply from 1 March 2027."),
    },
    {
        "rule": "residence",
        "outcome": "fail",
        "reason": (
            "Police vetting needs 3 years of living in the UK without a break, up to the day you "
            "apply. You can apply from 23 November 2026."
        ),
    },
    {
        "rule": "role:probation",
        "outcome": "refer",
        "reason": (
            "Because you work as a probation officer or probation staff, the scheme coordinator "
            "will check with you that there is no conflict of interest."
        ),
    },
    {
        "rule": "language",
        "outcome": "fail",
        "reason": (
            "Custody visitors need a good command of English or Welsh to read the guidance and "
            "write visit reports."
        ),
    },
    # Words no message of this version has: kept as they are.
    {"rule": "area", "outcome": "fail", "reason": "Typed by hand in 2025."},
    # Minimised by retention.
    {"rule": "record", "outcome": "pass", "reason": ""},
]


def test_old_findings_and_area_prefixes_migrate_and_read_the_same(app):
    with app.app_context():
        downgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            applications = Table("applications", MetaData(), autoload_with=connection)
            assert "months_abroad" not in applications.c
            connection.execute(
                applications.insert().values(
                    reference="ICV-OLD001",
                    status_token_hash="0" * 64,
                    submitted_at=WHEN,
                    applied_on=WHEN.date(),
                    stage="received",
                    stage_changed_at=WHEN,
                    name="Old Applicant",
                    email="old@example.net",
                    languages=[],
                    current_roles=[],
                    past_roles={},
                    has_criminal_record=False,
                    availability=[],
                    consent_vetting=True,
                    consent_data=True,
                    eligibility="fail",
                    eligibility_findings=OLD_FINDINGS,
                )
            )
            connection.execute(
                text("INSERT INTO scheme_settings (key, value) VALUES ('area_postcodes', :v)"),
                {"v": '["CV", "B46"]'},
            )
        upgrade()
        application = db.session.scalars(select(Application)).one()
        assert application.months_abroad is None
        assert application.eligibility_findings == [
            {
                "rule": "age",
                "outcome": "fail",
                "code": "age.too_young",
                "params": {"minimum_age": 18, "from_on": "2027-03-01"},
            },
            {
                "rule": "residence",
                "outcome": "fail",
                "code": "residence.too_short_unbroken",
                "params": {"years": 3, "from_on": "2026-11-23"},
            },
            {
                "rule": "role:probation",
                "outcome": "refer",
                "code": "role.review",
                "params": {"role": "probation"},
            },
            {
                "rule": "language",
                "outcome": "fail",
                "code": "language.missing",
                "params": {"languages": ["English", "Welsh"]},
            },
            OLD_FINDINGS[4],
            OLD_FINDINGS[5],
        ]
        # Shown in the very words they were stored with.
        assert application.findings_shown == [(f["outcome"], f["reason"]) for f in OLD_FINDINGS]
        assert get_settings()["area_in"] == ["CV", "B46"]
        db.session.rollback()
        # Later revisions keep the application's language ("en"): theirs to lose, not ours.
        downgrade(revision=BEFORE, x_arg=["discard-data=yes"])
        with db.engine.begin() as connection:
            findings = connection.scalar(text("SELECT eligibility_findings FROM applications"))
            setting = connection.scalar(
                text("SELECT value FROM scheme_settings WHERE key = 'area_postcodes'")
            )
        assert (findings if isinstance(findings, list) else json.loads(findings)) == OLD_FINDINGS
        assert setting in (["CV", "B46"], '["CV", "B46"]')
        upgrade()
