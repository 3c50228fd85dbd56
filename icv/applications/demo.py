"""Demo recruitment: an application at every stage."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from icv.accounts.models import User
from icv.applications.models import (
    Application,
    ApplicationEvent,
    DiversityResponse,
    Referee,
)
from icv.applications.rules import Applicant, EligibilityRules, assess
from icv.applications.stages import PIPELINE, Stage
from icv.extensions import db
from icv.hashing import new_token

#: (name, email, stage, days ago it was sent, extra answers)
APPLICANTS: list[tuple[str, str, Stage, int, dict[str, Any]]] = [
    ("Amira Khan", "amira.khan@example.net", Stage.RECEIVED, 3, {}),
    ("Tom Baker", "tom.baker@example.net", Stage.RECEIVED, 20, {"has_criminal_record": True}),
    ("Grace Okafor", "grace.okafor@example.net", Stage.SCREENED, 30, {}),
    ("Owen Price", "owen.price@example.net", Stage.SHORTLISTED, 40, {}),
    ("Hannah Lewis", "hannah.lewis@example.net", Stage.INTERVIEW, 50, {}),
    ("Ravi Patel", "ravi.patel@example.net", Stage.REFERENCES, 65, {}),
    ("Ellen Walsh", "ellen.walsh@example.net", Stage.VETTING, 90, {}),
    ("Marcus Reid", "marcus.reid@example.net", Stage.TRAINING, 150, {}),
    ("Dana Probationer", "volunteer3@example.org", Stage.PROBATION, 200, {}),
    ("Val Volunteer", "volunteer@example.org", Stage.APPOINTED, 800, {}),
    # Under age: 16 on the day she applied, whatever the date the demo is loaded.
    ("Jade Young", "jade.young@example.net", Stage.INELIGIBLE, 10, {"age": 16}),
    ("Peter Shaw", "peter.shaw@example.net", Stage.WITHDRAWN, 60, {"closed": "Moved abroad"}),
    ("Nina Ross", "nina.ross@example.net", Stage.REJECTED, 120, {"closed": "Interview"}),
]
EQUALITY = [
    ("25 to 34", "Female", "White", "No", "No religion"),
    ("35 to 44", "Male", "Asian or Asian British", "No", "Muslim"),
    ("55 to 64", "Female", "White", "Yes", "Christian"),
    ("18 to 24", "Female", "Black, Black British, Caribbean or African", "No", "Christian"),
    ("45 to 54", "Male", "White", "No", "No religion"),
    ("65 to 74", "Male", "White", "No", "Christian"),
    ("35 to 44", "Female", "Asian or Asian British", "No", "Hindu"),
    ("25 to 34", "Male", "Mixed or multiple ethnic groups", "Prefer not to say", "No religion"),
]


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def ensure_applications(today: date, settings: dict[str, Any], coordinator: User) -> None:
    """Add the demo applications that are missing (matched by email)."""
    known = set(db.session.scalars(select(Application.email)))
    rules = EligibilityRules.from_settings(settings)
    for n, (name, email, stage, days_ago, extra) in enumerate(APPLICANTS):
        if email in known:
            continue
        applied = today - timedelta(days=days_ago)
        born = date(1960 + 3 * n, 1 + n % 12, 5 + n)
        if "age" in extra:  # born on the first of the month, that many years before applying
            born = date(applied.year - extra["age"], applied.month, 1)
        applicant = Applicant(
            date_of_birth=born,
            home_postcode="CV34 4NB" if n % 2 else "CV11 4JU",
            has_criminal_record=extra.get("has_criminal_record", False),
        )
        assessment = assess(applicant, rules, applied)
        application = Application(
            reference=f"ICV-DEMO{n:02d}",
            status_token_hash=new_token()[1],  # no link: demo applicants get no mail
            applied_on=applied,
            submitted_at=at(applied),
            stage=stage,
            name=name,
            email=email,
            phone=f"07700 9001{n:02d}",
            date_of_birth=applicant.date_of_birth,
            postcode=applicant.home_postcode,
            languages=["English"],
            occupation=["Retired teacher", "Nurse", "Student", "Accountant"][n % 4],
            has_criminal_record=applicant.has_criminal_record,
            consent_vetting=True,
            consent_data=True,
            eligibility=assessment.outcome.value,
            eligibility_findings=[f.as_dict() for f in assessment.findings],
            closed_reason=extra.get("closed"),
        )
        if stage is not Stage.INELIGIBLE:
            application.address = f"{n + 1} Demo Road, Warwickshire"
            application.availability = ["weekday_evening", "weekend"]
            application.referees = [
                Referee(position=1, name="A. Referee", relationship_to_applicant="Employer"),
                Referee(position=2, name="B. Referee", relationship_to_applicant="Neighbour"),
            ]
        db.session.add(application)
        fill_progress(application, applied, stage, coordinator)
        db.session.flush()
        if n < len(EQUALITY):
            age, sex, ethnic, disability, religion = EQUALITY[n]
            db.session.add(
                DiversityResponse(
                    application_id=application.id,
                    submitted_on=applied,
                    age_band=age,
                    sex=sex,
                    ethnic_group=ethnic,
                    disability=disability,
                    religion=religion,
                )
            )
    db.session.flush()


#: How far a closed demo application got before it closed.
CLOSED_AFTER = {Stage.INELIGIBLE: 0, Stage.WITHDRAWN: 2, Stage.REJECTED: 3}


def fill_progress(application: Application, applied: date, stage: Stage, coordinator: User) -> None:
    """Record every step an application at ``stage`` has passed, with its timeline."""
    reached = PIPELINE.index(stage) if stage in PIPELINE else CLOSED_AFTER[stage]
    path = PIPELINE[: reached + 1]
    step_days = 10
    application.events = [
        ApplicationEvent(at=at(applied), stage=Stage.RECEIVED, summary="Application received")
    ]
    day = applied
    if stage is Stage.INELIGIBLE:  # assessed as it arrived, as the public form does
        application.events[0].stage = stage
        application.events[0].summary = "Application received: not eligible"
    for passed in path[1:]:
        day = day + timedelta(days=step_days)
        application.events.append(
            ApplicationEvent(
                at=at(day), actor=coordinator, stage=passed, summary=f"Moved to {passed.label}"
            )
        )
    if stage in (Stage.WITHDRAWN, Stage.REJECTED):
        day = day + timedelta(days=step_days)
        application.events.append(
            ApplicationEvent(
                at=at(day),
                actor=coordinator,
                stage=stage,
                summary=f"Moved to {stage.label}",
                note=application.closed_reason,
            )
        )
    application.stage_changed_at = application.events[-1].at
    if reached >= PIPELINE.index(Stage.INTERVIEW):
        application.interview_on = applied + timedelta(days=35)
        application.interview_panel = "Chris Coordinator, Cllr J. Smith"
    if stage is Stage.REJECTED:
        application.interview_outcome = "failed"
    if reached >= PIPELINE.index(Stage.REFERENCES):
        application.interview_outcome = "passed"
        for referee in application.referees:
            referee.requested_on = applied + timedelta(days=40)
    if reached >= PIPELINE.index(Stage.VETTING):
        for referee in application.referees:
            referee.received_on = applied + timedelta(days=45)
            referee.satisfactory = True
        application.vetting_submitted_on = applied + timedelta(days=50)
    if reached >= PIPELINE.index(Stage.TRAINING):
        application.vetting_outcome = "cleared"
        application.vetting_level = "NPPV2"
        application.vetting_cleared_on = applied + timedelta(days=70)
        application.vetting_expires_on = application.vetting_cleared_on + timedelta(days=3 * 365)
    if reached >= PIPELINE.index(Stage.PROBATION):
        application.training_completed_on = applied + timedelta(days=75)
