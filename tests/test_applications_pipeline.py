"""The rules of the application pipeline: the moves allowed from each stage, what each needs
recorded first, and when an application is past its stage's target."""

from __future__ import annotations

from datetime import date

import pytest

from icv.applications.pipeline import Progress, allowed_moves, is_overdue, move_problem
from icv.applications.stages import Stage

# -- the rules of the pipeline -------------------------------------------------------------

READY = Progress(
    stage=Stage.RECEIVED,
    interview_on=date(2026, 10, 1),
    interview_panel="C. Coordinator",
    interview_outcome="passed",
    references=((True, True), (True, True)),
    vetting_outcome="cleared",
    vetting_level="NPPV2",
    vetting_cleared_on=date(2026, 10, 20),
    vetting_expires_on=date(2029, 10, 20),
    training_completed_on=date(2026, 11, 1),
    accompanied_visits=3,
)


@pytest.mark.parametrize(
    ("progress", "target", "note", "problem"),
    [
        (READY, Stage.SCREENED, "", None),
        (READY, Stage.INTERVIEW, "", "An application cannot move from Received to Interview"),
        (READY, Stage.APPOINTED, "", "An application cannot move from Received to Appointed"),
        (
            Progress(Stage.RECEIVED, eligibility="refer"),
            Stage.SCREENED,
            "",
            "This application was referred for a decision: record why it can go ahead",
        ),
        (Progress(Stage.RECEIVED, eligibility="refer"), Stage.SCREENED, "Spoke to them", None),
        (
            Progress(Stage.SHORTLISTED),
            Stage.INTERVIEW,
            "",
            "Record the interview date and the panel first",
        ),
        (
            Progress(Stage.INTERVIEW, interview_on=date(2026, 10, 1)),
            Stage.REFERENCES,
            "",
            "Record a successful interview first",
        ),
        (
            Progress(Stage.REFERENCES, references=((True, True), (True, None))),
            Stage.VETTING,
            "",
            "Both references must be received and satisfactory first",
        ),
        (
            Progress(Stage.REFERENCES, references=((True, True),)),
            Stage.VETTING,
            "",
            "Both references must be received and satisfactory first",
        ),
        (
            Progress(Stage.VETTING, vetting_outcome="refused"),
            Stage.TRAINING,
            "",
            "Record cleared police vetting first",
        ),
        (
            Progress(Stage.VETTING, vetting_outcome="cleared"),
            Stage.TRAINING,
            "",
            "Record the vetting level, clearance date and renewal date first",
        ),
        (
            Progress(Stage.TRAINING),
            Stage.PROBATION,
            "",
            "Record the date initial training was completed first",
        ),
        (
            Progress(Stage.PROBATION, accompanied_visits=2),
            Stage.APPOINTED,
            "",
            "Probation needs 3 accompanied visits; 2 recorded",
        ),
        (Progress(Stage.VETTING), Stage.WITHDRAWN, " ", "Give the reason"),
        (Progress(Stage.VETTING), Stage.REJECTED, "Vetting refused", None),
        (
            Progress(Stage.APPOINTED),
            Stage.WITHDRAWN,
            "x",
            "An application cannot move from Appointed to Withdrawn",
        ),
        (
            Progress(Stage.INELIGIBLE),
            Stage.RECEIVED,
            "",
            "Record why the application is being reconsidered",
        ),
        (
            Progress(Stage.INELIGIBLE, minimised=True),
            Stage.RECEIVED,
            "Asked again",
            "This application's details have been deleted; the person must apply again",
        ),
        (
            Progress(Stage.REJECTED),
            Stage.RECEIVED,
            "x",
            "An application cannot move from Not taken forward to Received",
        ),
    ],
)
def test_it_allows_and_refuses_moves(progress, target, note, problem):
    assert move_problem(progress, target, note) == problem


def test_it_lists_the_moves_from_each_stage():
    assert allowed_moves(Stage.RECEIVED) == (Stage.SCREENED, Stage.WITHDRAWN, Stage.REJECTED)
    assert allowed_moves(Stage.PROBATION) == (Stage.APPOINTED, Stage.WITHDRAWN, Stage.REJECTED)
    assert allowed_moves(Stage.INELIGIBLE) == (Stage.RECEIVED,)
    assert allowed_moves(Stage.APPOINTED) == ()
    assert allowed_moves(Stage.WITHDRAWN) == ()


def test_it_flags_an_application_past_its_stage_target():
    targets = {"received": 14}
    assert not is_overdue(Stage.RECEIVED, 14, targets)
    assert is_overdue(Stage.RECEIVED, 15, targets)
    assert not is_overdue(Stage.SCREENED, 99, targets)
    assert not is_overdue(Stage.REJECTED, 99, {"rejected": 1})
