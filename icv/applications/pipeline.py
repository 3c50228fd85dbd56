"""Which stage an application may move to, and what must be recorded first (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from icv.applications.stages import CLOSED, PIPELINE, Stage


@dataclass(frozen=True)
class Progress:
    """What has been recorded on an application, as plain values."""

    stage: Stage
    eligibility: str = "pass"
    interview_on: date | None = None
    interview_panel: str | None = None
    interview_outcome: str | None = None
    #: (received, satisfactory) per referee
    references: tuple[tuple[bool, bool | None], ...] = ()
    vetting_outcome: str | None = None
    vetting_level: str | None = None
    vetting_cleared_on: date | None = None
    vetting_expires_on: date | None = None
    training_completed_on: date | None = None
    accompanied_visits: int = 0
    probation_visits_required: int = 3
    minimised: bool = False


def next_stage(stage: Stage) -> Stage | None:
    """The next stage on the path to appointment, or None at the end or when closed."""
    if stage in CLOSED:
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def allowed_moves(stage: Stage) -> tuple[Stage, ...]:
    """Every stage an application may move to from ``stage``."""
    if stage is Stage.INELIGIBLE:
        return (Stage.RECEIVED,)  # reconsidered on request
    following = next_stage(stage)
    if following is None:
        return ()
    return (following, Stage.WITHDRAWN, Stage.REJECTED)


def move_problem(progress: Progress, target: Stage, note: str = "") -> str | None:
    """Why the move to ``target`` is refused, or None if it is allowed."""
    if target not in allowed_moves(progress.stage):
        return f"An application cannot move from {progress.stage.label} to {target.label}"
    if target in (Stage.WITHDRAWN, Stage.REJECTED) and not note.strip():
        return "Give the reason"
    return ENTRY_CHECKS.get(target, lambda _p, _n: None)(progress, note)


def _screened(progress: Progress, note: str) -> str | None:
    if progress.eligibility == "refer" and not note.strip():
        return "This application was referred for a decision: record why it can go ahead"
    return None


def _interview(progress: Progress, _note: str) -> str | None:
    if progress.interview_on is None or not (progress.interview_panel or "").strip():
        return "Record the interview date and the panel first"
    return None


def _references(progress: Progress, _note: str) -> str | None:
    if progress.interview_outcome != "passed":
        return "Record a successful interview first"
    return None


def _vetting(progress: Progress, _note: str) -> str | None:
    refs = progress.references
    if len(refs) < 2 or not all(received and ok for received, ok in refs):
        return "Both references must be received and satisfactory first"
    return None


def _training(progress: Progress, _note: str) -> str | None:
    if progress.vetting_outcome != "cleared":
        return "Record cleared police vetting first"
    if not (progress.vetting_level and progress.vetting_cleared_on and progress.vetting_expires_on):
        return "Record the vetting level, clearance date and renewal date first"
    return None


def _probation(progress: Progress, _note: str) -> str | None:
    if progress.training_completed_on is None:
        return "Record the date initial training was completed first"
    return None


def _appointed(progress: Progress, _note: str) -> str | None:
    needed = progress.probation_visits_required
    if progress.accompanied_visits < needed:
        return (
            f"Probation needs {needed} accompanied visits; {progress.accompanied_visits} recorded"
        )
    return None


def _reopen(progress: Progress, note: str) -> str | None:
    if progress.minimised:
        return "This application's details have been deleted; the person must apply again"
    if not note.strip():
        return "Record why the application is being reconsidered"
    return None


ENTRY_CHECKS = {
    Stage.SCREENED: _screened,
    Stage.INTERVIEW: _interview,
    Stage.REFERENCES: _references,
    Stage.VETTING: _vetting,
    Stage.TRAINING: _training,
    Stage.PROBATION: _probation,
    Stage.APPOINTED: _appointed,
    Stage.RECEIVED: _reopen,
}


def days_in_stage(changed_on: date, today: date) -> int:
    return (today - changed_on).days


def is_overdue(stage: Stage, days: int, targets: dict[str, int]) -> bool:
    """True when an open application has been in its stage longer than the scheme's target."""
    target = targets.get(stage.value)
    return stage not in CLOSED and target is not None and days > target
