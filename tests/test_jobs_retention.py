"""The nightly retention job: closed applications past the retention period lose their
personal data, abandoned application forms go, and a second run finds nothing."""

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import func, select

from icv.applications.models import Application, ApplicationDraft
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.jobs.runs import run
from tests.factories import make_application

NOW = dt.datetime(2026, 11, 24, 3, 40, tzinfo=dt.UTC)


def test_the_retention_job_deletes_what_may_no_longer_be_kept(app):
    with app.app_context(), time_machine.travel(NOW, tick=False):
        old = make_application(email="old@example.net", stage="withdrawn")
        old.stage_changed_at = NOW - dt.timedelta(days=400)
        kept = make_application(email="kept@example.net", stage="rejected")
        kept.stage_changed_at = NOW - dt.timedelta(days=200)
        db.session.add_all(
            [
                ApplicationDraft(token="stale", updated_at=NOW - dt.timedelta(days=8)),
                ApplicationDraft(token="fresh", updated_at=NOW - dt.timedelta(days=6)),
            ]
        )
        db.session.commit()

        first = run("purge_applications")
        assert first.summary == (
            "removed or anonymised: application drafts 1, closed applications 1"
        )
        names = db.session.scalars(select(Application.name).order_by(Application.id)).all()
        assert names == ["Deleted", "Jo Applicant"]
        assert db.session.scalars(select(ApplicationDraft.token)).all() == ["fresh"]
        minimised = select(func.count()).where(AuditEvent.action == "application.minimised")
        assert db.session.scalar(minimised) == 1

        second = run("purge_applications")
        assert (second.summary, second.did_something) == ("nothing to do", False)
