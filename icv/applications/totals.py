"""Counts for the coordinator's home page and the equality totals, done by the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, literal_column, select, union_all

from icv.applications.models import Application, DiversityResponse
from icv.applications.pipeline import days_in_stage, is_overdue
from icv.applications.rules import publishable
from icv.applications.services import EQUALITY_FIELDS
from icv.applications.stages import PIPELINE, Stage
from icv.clock import local
from icv.extensions import db
from icv.settings import get_settings


def equality_totals(
    volunteers_only: bool = False, among: Select | None = None
) -> tuple[int, dict[str, dict[str, int]]]:
    """(responses, question -> answer -> count), counted by the database in one statement.

    ``volunteers_only`` counts the answers of applicants who became volunteers; ``among``, a
    select of response ids, counts those instead (the annual summary's applicants of a year).
    """
    scope = among if among is not None else select(DiversityResponse.id)
    if volunteers_only:
        # Reached through the relationship: volunteers sit above applications (one-way imports).
        volunteer = Application.volunteer.property.mapper.class_
        scope = scope.join(
            volunteer, volunteer.application_id == DiversityResponse.application_id
        ).where(volunteer.status.in_(["probation", "active", "suspended"]))
    ids = scope.scalar_subquery()
    per_question = union_all(
        *(
            select(literal_column(f"'{name}'"), getattr(DiversityResponse, name), func.count())
            .where(DiversityResponse.id.in_(ids))
            .group_by(getattr(DiversityResponse, name))
            for name in EQUALITY_FIELDS
        )
    )
    totals: dict[str, dict[str, int]] = {name: {} for name in EQUALITY_FIELDS}
    for name, answer, count in db.session.execute(per_question):
        totals[name][answer or "Not answered"] = count
    # Everyone who answered appears once under each question (as "Not answered" if skipped).
    return sum(totals[EQUALITY_FIELDS[0]].values()), totals


def board_counts(today: date) -> dict[str, int]:
    """Applications in progress, new (received) and past their stage's target."""
    open_stages = [s.value for s in PIPELINE if not s.is_closed]
    rows = db.session.execute(
        select(Application.stage, Application.stage_changed_at).where(
            Application.stage.in_(open_stages)
        )
    ).all()
    targets = get_settings()["stage_targets"]
    overdue = sum(
        1
        for stage, changed in rows
        if is_overdue(Stage(stage), days_in_stage(local(changed).date(), today), targets)
    )
    new = sum(1 for stage, _ in rows if stage == Stage.RECEIVED)
    return {"in_progress": len(rows), "new": new, "overdue": overdue}


def published_tables(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int | str]]:
    """question -> answer -> count fit to publish (every answer, small numbers held back)."""
    from icv.applications.forms import EQUALITY_QUESTIONS, PREFER_NOT

    return {
        name: publishable(
            {a: counts[name].get(a, 0) for a in [*answers, PREFER_NOT, "Not answered"]}
        )
        for name, (_, answers) in EQUALITY_QUESTIONS.items()
    }
