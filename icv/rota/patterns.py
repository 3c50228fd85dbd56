"""What the pairs chose, when the rota is allocated by week: the day and band each visit was
made (from its report), the spread of them per suite, and a nudge to a pair whose suite has been
visited at the same weekday and band three times running (staff could come to expect them).

The rota learns the day and band from the report through ``report_filed`` (listeners.py); it
never reads reports itself. The request or job commits.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from icv.extensions import db
from icv.notifications.services import external_url, queue_email
from icv.rota.models import PatternNudge, PlannedVisit, RotaPeriod, VisitStatus
from icv.rota.rules import same_slot_running

#: Visits in a row at one weekday and band that make a pattern worth a word to the pair.
RUNNING = 3


def record_done(visit: PlannedVisit, done_on: date, band: str | None) -> None:
    """The visit was made on ``done_on`` (the day its report counts on), arriving in ``band``."""
    visit.done_on, visit.done_band = done_on, band


def forget_done(visit: PlannedVisit) -> None:
    visit.done_on = visit.done_band = None


def last_made(suite_id: int, count: int) -> list[PlannedVisit]:
    """The suite's last ``count`` visits made (completed, with a day), latest first."""
    return list(
        db.session.scalars(
            select(PlannedVisit)
            .where(
                PlannedVisit.suite_id == suite_id,
                PlannedVisit.status == VisitStatus.COMPLETED,
                PlannedVisit.done_on.is_not(None),
            )
            .order_by(PlannedVisit.done_on.desc(), PlannedVisit.id.desc())
            .limit(count)
        )
    )


def nudge_if_pattern(visit: PlannedVisit) -> bool:
    """After a visit allocated by week is made: if it is the third running at the suite on
    the same weekday and band, tell its pair (once per pair and suite). True if told."""
    if not visit.by_week or visit.done_on is None:
        return False
    latest = last_made(visit.suite_id, RUNNING)
    if not latest or latest[0].id != visit.id:
        return False  # a late report of an older visit: the pattern is judged at the newest
    if not same_slot_running([(v.done_on, v.done_band) for v in latest], RUNNING):
        return False
    people = sorted(visit.visitor_ids)
    if len(people) < 2 or _told(visit.suite_id, people[0], people[1]):
        return False
    db.session.add(
        PatternNudge(
            suite_id=visit.suite_id, first_id=people[0], second_id=people[1], visit_id=visit.id
        )
    )
    for place in visit.visitors:
        queue_email(
            place.volunteer.user.email,
            "rota-pattern-nudge",
            user=place.volunteer.user,  # the mail is in the volunteer's language
            volunteer=place.volunteer,
            suite=visit.suite.name,
            done_on=visit.done_on,  # its weekday is written in that language
            band=visit.done_band,
            link=external_url("my_visits.upcoming"),
        )
    return True


def _told(suite_id: int, first: int, second: int) -> bool:
    return (
        db.session.scalar(
            select(PatternNudge.id).where(
                PatternNudge.suite_id == suite_id,
                PatternNudge.first_id == first,
                PatternNudge.second_id == second,
            )
        )
        is not None
    )


def done_heatmap(period: RotaPeriod, bands: list[str]) -> dict[int, list[list[int]]]:
    """Per suite id, the visits made in the period by weekday (rows, Monday first) and band
    (columns, in ``bands`` order): what the pairs chose."""
    cells: dict[int, Counter] = {}
    for visit in period.visits:
        if visit.done_on is not None:
            cells.setdefault(visit.suite_id, Counter())[
                visit.done_on.weekday(), visit.done_band
            ] += 1
    return {
        suite_id: [[counts[day, band] for band in bands] for day in range(7)]
        for suite_id, counts in sorted(cells.items())
    }
