"""The coordinator's application page: errors are summarised at the top, and an interview is
recorded as held only on a day that has come."""

from __future__ import annotations

import re
from datetime import date

import pytest

from icv.applications.models import Application
from icv.extensions import db
from tests.factories import make_application
from tests.pipeline import move, post_step
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)


@pytest.fixture
def application_id(app) -> int:
    with app.app_context():
        application = make_application(stage="shortlisted")
        db.session.commit()
        return application.id


def error_summary(html: str) -> list[tuple[str, str]]:
    """(link, message) of each entry of the page's error summary."""
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)


def test_a_refused_move_is_summarised_and_named_in_the_title(login, application_id):
    coordinator = login("coordinator")
    response = move(coordinator, application_id, "interview")
    assert response.status_code == 400
    assert "<title>Error: Jo Applicant" in response.text
    assert error_summary(response.text) == [
        ("#move-note", "Record the interview date and the panel first")
    ]
    assert 'id="move-note-error"' in response.text  # and next to the field
    nothing = coordinator.post(f"/applications/{application_id}/move", data={"move-note": ""})
    assert nothing.status_code == 400
    assert error_summary(nothing.text) == [("#move-target", "Select where to move it")]


def test_a_refused_appointment_is_summarised(login, application_id):
    coordinator = login("coordinator")
    with coordinator.application.app_context():
        db.session.get(Application, application_id).stage = "training"
        db.session.commit()
    response = coordinator.post(
        f"/applications/{application_id}/move",
        data={"appoint-appointed_on": ["", "", ""], "appoint-submit": "Appoint on probation"},
    )
    assert response.status_code == 400
    assert "<title>Error: " in response.text
    assert error_summary(response.text) == [("#appoint-appointed_on", "Enter the appointment date")]


@pytest.mark.parametrize(
    ("day", "outcome", "status"),
    [
        ("24", "passed", 302),  # today: held
        ("25", "", 302),  # tomorrow, arranged: no outcome yet
        ("25", "passed", 400),
        ("25", "failed", 400),
    ],
)
def test_an_interview_in_the_future_cannot_have_been_held(
    app, login, application_id, day, outcome, status
):
    coordinator = login("coordinator")
    response = post_step(
        coordinator,
        application_id,
        "interview",
        interview_on=[day, "11", "2026"],
        interview_panel="C. Coordinator",
        interview_outcome=outcome,
    )
    assert response.status_code == status
    with app.app_context():
        application = db.session.get(Application, application_id)
        saved = (application.interview_on, application.interview_outcome)
    if status == 302:
        assert saved == (date(2026, 11, int(day)), outcome or None)
        return
    message = (
        "An interview in the future cannot have been held: enter the date it was held, "
        "or leave the outcome as not decided yet"
    )
    assert error_summary(response.text) == [("#interview-interview_on", message)]
    assert 'id="interview-interview_on-error"' in response.text
    assert "<title>Error: " in response.text
    assert saved == (None, None)
