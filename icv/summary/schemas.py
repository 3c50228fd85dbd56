"""The summary's JSON as typed models: what the CLI and the API return, and the schemas of the
OpenAPI document (``openapi.py``), so the two cannot drift apart.

Strict and closed: a value of another type is refused, never converted (the JSON must stay
byte for byte what the figures hold: 5 stays 5, not 5.0), and so is a key not named here. The
fields come in the order the JSON has them.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, WithJsonSchema

from icv.summary.panel_schemas import Panel
from icv.summary.schema_types import (
    NOT_IN_OLDER,
    Count,
    Counts,
    Day,
    Median,
    Model,
    Number,
    PublishedCount,
    described,
    left_out_when_missing,
)

logger = logging.getLogger(__name__)


class Period(Model):
    label: str = described("2016, 2016/17 or Q1 2016/17")
    start: Day
    end: Day = described("inclusive")
    basis: Literal["calendar", "financial"]
    year: Count
    quarter: Count | None = described("1 to 4, or null for the whole year")
    months: str = described("January to December 2016")
    complete: bool = described("false while the period is running")
    title: str = described(
        'How the page names it: "2026 so far, to 4 December" while it runs, '
        '"2024 (records from 11 November)" when records began during it, else the label'
    )
    records_begin: Day | None = described(
        "The day of the first visit recorded; null while there is none"
    )
    has_records: bool = described("false for a period that ended before records began")


class ByMode(Model):
    in_person: Count
    virtual: Count
    telephone: Count


class ByWeekday(Model):
    Mon: Count
    Tue: Count
    Wed: Count
    Thu: Count
    Fri: Count
    Sat: Count
    Sun: Count


class Visits(Model):
    """attempted = completed + no_access + abandoned; the by_ breakdowns count completed
    visits"""

    attempted: Count
    completed: Count
    no_access: Count
    abandoned: Count
    planned: Count
    missed: Count
    by_mode: ByMode
    by_suite: Counts = described("Completed visits by suite name")
    by_month: Counts = described("Completed visits by month, YYYY-MM")
    by_quarter: Counts = described("Completed visits by quarter of the scheme year, Q1 to Q4")
    by_weekday: ByWeekday
    by_band: Counts = described("Completed visits by time band id (labels.bands names them)")
    tact: Count = described("Completed visits to people held under the Terrorism Act")


class Time(Model):
    """Time given to visits, in hours to one decimal place (from whole minutes). Missing from
    figures signed off before the summary had it"""

    visit_hours: Number = described("Every attempted visit, arrival to leaving")
    visitor_hours: Number = described(
        "Each attempted visit's hours times the visitors recorded on it"
    )


class Access(Model):
    visits_delayed: Count = described("Visits whose wait exceeded delay_threshold_minutes")
    median_delay_minutes: Median
    longest_delay_minutes: Count | None
    median_wait_minutes: Median
    delay_threshold_minutes: Count


class Detainees(Model):
    """From completed visits"""

    in_custody: Count
    offered: Count
    spoken: Count
    observed: Count
    declined: Count
    not_offered: Count
    unaccounted: Count = described(
        "in_custody - offered - observed - not_offered, at least 0 (offered is spoken + "
        "declined: observed only is not offered)"
    )
    juveniles: Count
    vulnerable_adults: Count
    not_offered_by_reason: Counts = described("People not offered a visit, by reason")


class Issues(Model):
    """Issues raised at visits in the period; resolved and open as at its end"""

    raised: Count
    serious: Count
    resolved: Count
    open: Count
    serious_open: Count
    median_days_to_resolve: Median
    resolved_during_period: Count = described("Closed during the period, raised at any time")
    by_category: Counts = described("Issues raised by category id (labels.categories names them)")


class CheckFigure(Model):
    """One check over the period's completed visits"""

    label: str
    kind: Literal["count", "yes_no"]
    asked: Count = described("Reports whose version of the checks asked it")
    answered: Count
    not_checked: Count = described("asked - answered")
    total: Count | None = Field(
        default=None,
        description="People spoken with it was true for (a count check)",
        json_schema_extra=left_out_when_missing,
    )
    yes: Count | None = Field(
        default=None, description="Reports answering yes", json_schema_extra=left_out_when_missing
    )
    no: Count | None = Field(
        default=None, description="Reports answering no", json_schema_extra=left_out_when_missing
    )


class Ratings(Model):
    satisfactory: Count
    concerns: Count
    unsatisfactory: Count
    not_recorded: Count = described("Reports without a rating (filed before ratings, or none)")


class GoodPractice(Model):
    yes: Count
    no: Count
    not_recorded: Count


class CheckedDetainees(Model):
    male: Count
    female: Count
    sex_not_known: Count
    sex_not_recorded: Count = described("Reports that did not count the people by sex")
    mental_health_powers: Count = described("People held under mental-health powers")
    mental_health_not_recorded: Count = described("Reports without that count")


class Checks(Model):
    """The structured checks of completed visits. A report filed before them (or imported
    without them) is not recorded, never a no"""

    reports: Count
    recorded: Count
    not_recorded: Count
    themes: dict[str, dict[str, CheckFigure]] = described(
        "Theme (rights, welfare, dignity, support, conditions) -> check key -> its figures"
    )
    ratings: Ratings
    good_practice: GoodPractice
    detainees: CheckedDetainees


class Volunteers(Model):
    active_at_end: Count
    appointed: Count
    left: Count
    as_at: Day
    visits_per_volunteer: Counts = described("Volunteers by visits made: none, 1 to 5, ...")
    median_visits_per_volunteer: Median


class EqualityGroup(Model):
    """The number of responses, then each question: its answers and their counts."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, dict[str, PublishedCount]] = Field(init=False)

    responses: PublishedCount


class Diversity(Model):
    applicants: EqualityGroup
    volunteers: EqualityGroup


class PreviousVisits(Model):
    attempted: Count | None
    completed: Count | None
    no_access: Count | None
    abandoned: Count | None


class PreviousTime(Model):
    visit_hours: Number | None
    visitor_hours: Number | None


class PreviousAccess(Model):
    visits_delayed: Count | None


class PreviousDetainees(Model):
    in_custody: Count | None
    spoken: Count | None


class PreviousIssues(Model):
    raised: Count | None
    serious: Count | None


class PreviousVolunteers(Model):
    active_at_end: Count | None


class Previous(Model):
    """The period before, for comparison. When it ended before records began (period.has_records
    false) it keeps these keys, every figure null: there is nothing to compare with"""

    period: Period
    visits: PreviousVisits
    time: PreviousTime = NOT_IN_OLDER
    access: PreviousAccess
    detainees: PreviousDetainees
    issues: PreviousIssues
    volunteers: PreviousVolunteers


class Labels(Model):
    bands: dict[str, str]
    categories: dict[str, str]
    modes: dict[str, str]
    reasons: dict[str, str]


class Correction(Model):
    figure: str = described("Dotted key, e.g. visits.by_suite.Rugby")
    published: Any
    current: Any


class Publication(Model):
    status: Literal["signed_off", "not_signed_off"]
    signed_off_at: Annotated[str | None, Field(json_schema_extra={"format": "date-time"})]
    narrative: str | None
    corrections: list[Correction] = described(
        "Figures that changed since sign-off (the body shows them as published)"
    )


class Cost(Model):
    """Cost of the scheme: expenses approved for what was done in the period, in pounds.
    Missing from figures signed off before the summary had it"""

    claims: int = described("Approved claims")
    total: Number = described("Every approved claim")
    visit: Number = described("Claims for visits")
    meeting: Number = described("Claims for meetings")
    training: Number = described("Claims for training")
    per_visit: Median = described("Approved visit claims per visit attempted")


class Summary(Model):
    period: Period
    headline: str
    visits: Visits
    time: Time = NOT_IN_OLDER
    access: Access
    detainees: Detainees
    issues: Issues
    checks: Checks = NOT_IN_OLDER
    volunteers: Volunteers
    diversity: Diversity
    cost: Cost = NOT_IN_OLDER
    panel: Panel = NOT_IN_OLDER
    previous: Previous
    labels: Labels
    publication: Publication


class Error(Model):
    error: str
    field: Annotated[str | None, WithJsonSchema({"type": "string"})] = Field(
        default=None, description="year, basis or quarter", json_schema_extra=left_out_when_missing
    )


def as_described(model: type[Model], body: dict[str, Any]) -> dict[str, Any]:
    """``body`` read into ``model`` and written back out: the JSON the model describes, with
    no key it lacks added. A body that strays from it (figures stored in an older shape) is
    logged and returned as it is: a year as published is served, never refused."""
    try:
        return model.model_validate(body).model_dump(mode="json", exclude_unset=True)
    except ValidationError as error:
        logger.error("%s JSON strays from its schema: %s", model.__name__, error)
        return body
