"""The Panel's part of the summary's JSON (issue 16): what the Police and Crime Panel asks
beside the counts (``panel.py`` works it out)."""

from __future__ import annotations

from typing import Annotated

from pydantic import WithJsonSchema

from icv.summary.schema_types import Count, Day, Median, Model, described

Share = Annotated[
    int | float | None,
    WithJsonSchema(
        {"type": ["number", "null"], "description": "A percentage to one decimal place; null "
         "when there is nothing to take it of"}
    ),
]  # fmt: skip


class SuiteFigures(Model):
    visits: Count = described("Completed visits")
    detainees: Count = described("People in custody at them")
    issues: Count = described("Issues raised")


class YouSaidWeDid(Model):
    suite: str
    raised_on: Day
    category: str = described("An issue category id (labels.categories)")
    you_said: str = described("The issue as the visitors described it")
    we_did: str = described("What the force did, as the coordinator wrote it for the Panel")


class Coverage(Model):
    required: Count = described("Visits the published rotas starting in the period required")
    completed: Count
    percent: Share


class Recruitment(Model):
    applications_received: Count
    appointed: Count
    median_days_to_appoint: Median


class Vetting(Model):
    as_at: Day
    active: Count = described("Volunteers active that day")
    in_date: Count = described("Of them, those whose vetting was in date that day")
    percent: Share


class SuiteThroughput(Model):
    booked_in: Count
    visits: Count
    visits_per_1000: Share


class Throughput(Model):
    booked_in: Count = described("People booked into custody in the quarters entered")
    visits_per_1000: Share
    by_suite: dict[str, SuiteThroughput]


class Panel(Model):
    """What the Panel asks beside the counts; a year signed off before it existed lacks it"""

    percentages: dict[str, dict[str, Share]]
    by_suite: dict[str, SuiteFigures]
    you_said_we_did: list[YouSaidWeDid]
    coverage: dict[str, Coverage]
    recruitment: Recruitment
    vetting: Vetting
    throughput: Throughput
