"""A rota's big tables built once in Python: the rows the GOV.UK table macro draws, each cell
plain text or ``Markup`` escaped here.

A 13-week metropolitan rota has some 600 visits. Drawn through a Jinja macro per cell (the
visit's time, its visitors, its status tag) and ``url_for`` and Babel per visit, the page took
half a second; here each visit costs a few string joins, a link is one pattern filled in, and
a day or a week is written once however many visits share it. The HTML is the macros' own
(``tests/test_rota_tables.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from icv.i18n import format_date
from icv.rota.coverage_figures import CoverageRow
from icv.rota.engine.problem import week_of
from icv.rota.models import PlannedVisit, VisitStatus
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer

#: A status's tag colour (as the rota's ``visit_status`` macro).
STATUS_CLASSES = {
    VisitStatus.PLANNED: "govuk-tag--blue",
    VisitStatus.COMPLETED: "govuk-tag--green",
    VisitStatus.MISSED: "govuk-tag--red",
    VisitStatus.CANCELLED: "govuk-tag--grey",
}
# Markup's format() escapes what it is given: every name and word below goes through it.
LINK = Markup('<a class="govuk-link" href="{}">{}</a>')
ITEM = Markup("<li>{}, {}</li>")
#: spaced as the template wrote it
VISIT_LIST = Markup('      <ul class="govuk-list govuk-!-margin-bottom-0">\n{}      </ul>\n')
CONFIRMED = Markup(' <span class="icv-confirmed">confirmed</span>')
#: An id no visit has, replaced in the one link ``url_for`` builds by each visit's own.
SOME_ID = 987654321


def tag(text: str, classes: str) -> Markup:
    """What ``govukTag({'text': text, 'classes': classes})`` writes."""
    return Markup('<strong class="govuk-tag {}">\n  {}\n</strong>\n').format(classes, text)


def visitor_name(place) -> Markup:
    """A visitor's name, escaped, with what the coordinator must know of their place."""
    name = escape(place.volunteer.user.name)
    if place.volunteer.status == "probation":
        name += " (probation)"
    if place.availability_override:
        name += " (outside their usual availability)"
    return name + CONFIRMED if place.confirmed_at else name


class VisitCells:
    """The cells of a rota's visits, for one page: the link pattern and each day written
    once, shared by every visit."""

    def __init__(self, bands: dict[str, str], needed: int) -> None:
        self.bands = bands
        self.needed = needed
        self.link = url_for("rota.visit", visit_id=SOME_ID).replace(str(SOME_ID), "{}")
        self.days: dict[tuple[date, str], str] = {}
        self.weeks: dict[str, str] = {}
        self.statuses: dict[str, Markup] = {}
        self.needs_tag = tag("Needs a visitor", "govuk-tag--orange")

    def day(self, day: date, form: str) -> str:
        if (day, form) not in self.days:
            self.days[day, form] = format_date(day, form)
        return self.days[day, form]

    def week(self, label: str) -> str:
        """``2027-W07`` -> "Week of 15 February 2027" (the ``week_of`` filter)."""
        if label not in self.weeks:
            self.weeks[label] = "W" + week_of(label)[1:]
        return self.weeks[label]

    def when(self, visit: PlannedVisit) -> str:
        """The visit's day and band, or its week (the ``when`` macro)."""
        if visit.by_week:
            return _("Week of %(day)s, any day and time", day=self.day(visit.visit_on, "long"))
        return f"{self.day(visit.visit_on, 'short')}, {self.bands.get(visit.band, visit.band)}"

    def when_link(self, visit: PlannedVisit) -> Markup:
        return LINK.format(self.link.format(visit.id), self.when(visit))

    def visitors(self, visit: PlannedVisit) -> Markup:
        """Who goes, and whether the visit needs one more (the ``visitor_names`` macro)."""
        needs = visit.status == VisitStatus.PLANNED and len(visit.visitors) < self.needed
        names = Markup(", ").join(visitor_name(place) for place in visit.visitors)
        return self.needs_tag + Markup(" ") + names if needs else names

    def status(self, visit: PlannedVisit) -> Markup:
        """The visit's status tag (the ``visit_status`` macro)."""
        if visit.status not in self.statuses:
            status = visit.status_enum
            # spaced as the macro wrote it
            self.statuses[visit.status] = "  " + tag(status.label, STATUS_CLASSES[status]) + "\n"
        return self.statuses[visit.status]

    def suite_rows(self, weeks: dict[str, list[PlannedVisit]]) -> list[list[dict]]:
        """One suite's table rows, week by week: the week named on its first visit only."""
        rows = []
        for week, visits in sorted(weeks.items()):
            for index, visit in enumerate(visits):
                rows.append(
                    [
                        {"text": self.week(week) if index == 0 else ""},
                        {"html": self.when_link(visit)},
                        {"html": self.visitors(visit)},
                        {"html": self.status(visit)},
                    ]
                )
        return rows


def by_volunteer_rows(
    people: list[tuple[Volunteer, list[PlannedVisit]]], cells: VisitCells
) -> list[list[dict]]:
    """A volunteer a row: their name linked to their record, how many visits, and each visit's
    time (linked) and suite (``queries.by_volunteer``'s order)."""
    record = url_for("volunteers.detail", volunteer_id=SOME_ID).replace(str(SOME_ID), "{}")
    rows = []
    for volunteer, visits in people:
        name = LINK.format(record.format(volunteer.id), volunteer.user.name)
        items = Markup("").join(ITEM.format(cells.when_link(v), v.suite.name) for v in visits)
        rows.append(
            [
                {"html": name},
                {"text": len(visits), "format": "numeric"},
                {"html": VISIT_LIST.format(items)},
            ]
        )
    return rows


def by_suite_rows(
    table: dict[Suite, dict[str, list[PlannedVisit]]], cells: VisitCells
) -> Iterable[tuple[Suite, list[list[dict]]]]:
    """Each suite and its table's rows (``queries.by_suite``'s order)."""
    return [(suite, cells.suite_rows(weeks)) for suite, weeks in table.items()]


def coverage_head(statuses: Iterable[VisitStatus]) -> list[dict]:
    """Coverage's columns: a visit "planned" here may have had its day with no outcome yet."""
    outcomes = [
        {"text": "Still planned" if status == VisitStatus.PLANNED else status.label}
        for status in statuses
    ]
    return [
        {"text": "Suite"},
        *({**cell, "format": "numeric"} for cell in [{"text": "Required"}, *outcomes]),
        {"text": "Completed of required", "format": "numeric"},
    ]


def coverage_rows(rows: Iterable[CoverageRow], statuses: Iterable[VisitStatus]) -> list[list]:
    """One period's coverage table: a suite a row, its figures right-aligned."""
    statuses = list(statuses)
    return [
        [
            {"text": row.name},
            {"text": row.required, "format": "numeric"},
            *({"text": row.count(status.value), "format": "numeric"} for status in statuses),
            {"text": row.done_share, "format": "numeric"},
        ]
        for row in rows
    ]


def fairness_rows(loads: Iterable, minimum: int) -> list[list[dict]]:
    """The fairness tab's visits per volunteer (``fairness.Load``): every rosterable volunteer
    of a national scheme, a thousand rows, drawn by ``govukTableHtml``."""
    below = tag("Below minimum", "govuk-tag--orange")
    return [
        [
            {"text": load.name},
            {"text": load.planned, "format": "numeric"},
            {"text": load.made, "format": "numeric"},
            {"html": below if load.below(minimum) else ""},
        ]
        for load in loads
    ]
