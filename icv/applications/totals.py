"""Counts for the coordinator's home page and the equality totals, done by the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Select, func, literal_column, or_, select, union_all

from icv.applications.models import Application, DiversityResponse
from icv.applications.services import EQUALITY_FIELDS
from icv.applications.small_numbers import publishable
from icv.applications.stages import CLOSED, PIPELINE, Stage
from icv.clock import start_of_day
from icv.extensions import db
from icv.settings import get_settings

#: The stages an application can be overdue in (not one it has left the pipeline by).
OPEN_STAGES = {stage.value for stage in Stage if stage not in CLOSED}


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
    rows = db.session.execute(union_all(*equality_counts(scope)))
    return equality_from(rows)


def equality_counts(scope: Select, label: str = "") -> list[Select]:
    """Per question, (``label`` + question, answer, responses) of the responses whose ids
    ``scope`` selects: to be sent in a UNION ALL (the annual summary adds them to its own)."""
    # The responses in scope found once, then grouped by each question: found again for each
    # question, the summary's 10 questions took 10 joins (about 7 ms at a national scale).
    answers = (
        select(*(getattr(DiversityResponse, name) for name in EQUALITY_FIELDS))
        .where(DiversityResponse.id.in_(scope.scalar_subquery()))
        .cte()
    )
    return [
        select(literal_column(f"'{label}{name}'"), answers.c[name], func.count()).group_by(
            answers.c[name]
        )
        for name in EQUALITY_FIELDS
    ]


def equality_from(rows: Iterable[tuple], label: str = "") -> tuple[int, dict[str, dict[str, int]]]:
    """(responses, question -> answer -> count) from the rows of ``equality_counts``."""
    totals: dict[str, dict[str, int]] = {name: {} for name in EQUALITY_FIELDS}
    for name, answer, count in rows:
        if name.startswith(label) and name[len(label) :] in totals:
            totals[name[len(label) :]][answer or "Not answered"] = count
    # Everyone who answered appears once under each question (as "Not answered" if skipped).
    return sum(totals[EQUALITY_FIELDS[0]].values()), totals


def board_counts(today: date) -> dict[str, int]:
    """Applications in progress, new (received) and past their stage's target."""
    open_stages = [s.value for s in PIPELINE if not s.is_closed]
    in_progress, new = db.session.execute(
        select(func.count(), func.count().filter(Application.stage == Stage.RECEIVED)).where(
            Application.stage.in_(open_stages)
        )
    ).one()
    return {"in_progress": in_progress, "new": new, "overdue": overdue_count(today, open_stages)}


def overdue_count(today: date, stages: list[str]) -> int:
    """Applications in these stages longer than the scheme's target for their stage (as
    ``pipeline.is_overdue`` says), counted by the database: in a stage since before the local
    day ``target`` days ago."""
    targets = get_settings()["stage_targets"]
    late = [
        (Application.stage == stage)
        & (Application.stage_changed_at < start_of_day(today - timedelta(days=target)))
        for stage, target in targets.items()
        if stage in stages and stage in OPEN_STAGES
    ]
    if not late:
        return 0
    return db.session.scalar(select(func.count()).where(or_(*late)))


def published_tables(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int | str]]:
    """question -> answer -> count fit to publish (every answer, small numbers held back)."""
    from icv.applications.forms import EQUALITY_QUESTIONS, PREFER_NOT

    return {
        name: publishable(
            {a: counts[name].get(a, 0) for a in [*answers, PREFER_NOT, "Not answered"]}
        )
        for name, (_, answers) in EQUALITY_QUESTIONS.items()
    }
