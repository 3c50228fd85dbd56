"""Retention: closed applications keep only what the totals need once the retention period
has passed (``icv applications purge``; the nightly job is tested in test_jobs_retention.py)."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.applications.models import Application
from icv.applications.retention import purge_expired
from icv.extensions import db
from tests.factories import make_application

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


def test_personal_data_of_closed_applications_is_deleted_after_the_retention_period(app):
    with app.app_context():
        old = make_application(email="old@example.net", stage="rejected", closed_reason="No")
        old.stage_changed_at = NOW - dt.timedelta(days=400)
        recent = make_application(email="recent@example.net", stage="ineligible")
        recent.stage_changed_at = NOW - dt.timedelta(days=300)
        live = make_application(email="live@example.net", stage="vetting")
        live.stage_changed_at = NOW - dt.timedelta(days=400)
        db.session.commit()
        assert purge_expired(date(2026, 11, 22), 12) == 1
        db.session.commit()
        old, recent, live = db.session.scalars(select(Application).order_by(Application.id))
        assert (old.name, old.email, old.date_of_birth, old.referees, old.closed_reason) == (
            "Deleted",
            "",
            None,
            [],
            None,
        )
        assert old.minimised_at is not None
        assert old.stage == "rejected"  # still counted
        assert (recent.minimised_at, recent.name) == (None, "Jo Applicant")
        assert live.minimised_at is None


def test_the_purge_command_reports_what_it_deleted(app, frozen):
    with app.app_context():
        old = make_application(email="old@example.net", stage="withdrawn")
        old.stage_changed_at = NOW - dt.timedelta(days=400)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["applications", "purge"])
    assert result.exit_code == 0
    assert "retention: closed applications: 1\n" in result.output
    with app.app_context():
        assert db.session.scalars(select(Application.name)).one() == "Deleted"
