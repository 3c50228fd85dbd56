"""A small hand-made history whose summary figures are worked out by hand in the tests.

Two suites; 2025 holds every kind of visit the definitions must handle: a visit on 31 March and
one on 1 April (either side of the financial year's start), one that crosses midnight on
31 December (it counts on the 31st), a report with no issues, a serious issue resolved the next
year, a visit without access (20 minutes, a volunteer and a visitor known by name), an abandoned
one (no visitor recorded), and an imported report whose counts leave two
people unaccounted for, with a closed issue of a category typed as free text and no date.
One visit in 2024 (the period before) and one in January 2026 (in 2025/26 only).
"""

from __future__ import annotations

import copy
from datetime import date, time

import pytest
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.summary.models import AnnualSummary
from icv.visits.count_rules import Counts
from icv.visits.models import VisitReport
from icv.visits.services import correct_report, store_report
from icv.visits.values import IssueValues, ReportValues, count_columns, values_of
from tests.factories import make_suite, make_user, make_volunteer
from tests.reporting import make_report

NO_ISSUES: list[IssueValues] = []


def visit(suite: Suite, day: date, arrived: time, admitted: time | None, left: time, **more):
    """A report from the form (no issue unless given)."""
    return make_report(
        suite,
        visit_date=day,
        arrived_at=arrived,
        admitted_at=admitted,
        left_at=left,
        issues=more.pop("issues", NO_ISSUES),
        **more,
    )


def close(report: VisitReport, resolved_on: date | None) -> None:
    for issue in report.issues:
        issue.status, issue.resolved_on = "closed", resolved_on


def volunteers() -> dict[str, int]:
    """Val (from May 2024), Sam (from March 2025), Dana (left on 31 December 2025) and Eve
    (from February 2026). Val and Sam are the personas "volunteer" and "volunteer2"."""
    val = db.session.scalars(User.by_email("val@example.org")).one()
    sam = db.session.scalars(User.by_email("sam@example.org")).one()
    dana = make_user("dana@example.org", name="Dana Leaver")
    eve = make_user("eve@example.org", name="Eve Newcomer")
    made = {
        "val": make_volunteer(val, appointed_on=date(2024, 5, 1)),
        "sam": make_volunteer(sam, appointed_on=date(2025, 3, 1)),
        "dana": make_volunteer(
            dana, status="resigned", appointed_on=date(2023, 1, 1), left_on=date(2025, 12, 31)
        ),
        "eve": make_volunteer(eve, status="probation", appointed_on=date(2026, 2, 1)),
    }
    return {name: volunteer.id for name, volunteer in made.items()}


def reports_of_2025(leamington: Suite, nuneaton: Suite, people: dict[str, int]) -> dict:
    pair = {"visitor_1_id": people["val"], "visitor_2_id": people["sam"]}
    supplies = IssueValues("supplies", "No blankets in stock")
    serious = IssueValues("welfare_medical", "Medication not given on time", is_urgent=True)
    made = {
        "jan": visit(
            leamington, date(2025, 1, 15), time(10, 30), time(10, 35), time(12, 0),
            counts=count_columns(
                Counts(5, spoken=2, observed=1, declined=1, not_offered=1,
                       reasons={"asleep": 1}, juveniles=1, vulnerable=1)
            ),
            issues=[supplies], **pair,
        ),
        "31_march": visit(
            nuneaton, date(2025, 3, 31), time(19, 0), time(19, 20), time(20, 10),
            mode="virtual", counts=count_columns(Counts(3, spoken=3)),
            visitor_1_id=people["sam"],
        ),
        "1_april": visit(
            leamington, date(2025, 4, 1), time(14, 30), time(14, 35), time(15, 30),
            mode="telephone", counts=count_columns(Counts(2, spoken=1, declined=1)),
            issues=[serious], visitor_1_id=people["val"],
        ),
        "no_access": visit(
            leamington, date(2025, 6, 10), time(20, 0), None, time(20, 20),
            outcome="no_access", counts={}, visitor_1_id=people["val"],
            visitor_2_name="P. Partner",
        ),
        "abandoned": visit(
            nuneaton, date(2025, 8, 20), time(16, 0), time(16, 40), time(17, 0),
            outcome="abandoned", counts={},
        ),
        "midnight": visit(
            leamington, date(2025, 12, 31), time(23, 30), time(23, 40), time(0, 45),
            counts=count_columns(Counts(4, spoken=4)), visitor_1_id=people["val"],
        ),
    }  # fmt: skip
    close(made["jan"], date(2025, 2, 1))
    made["1_april"].issues[0].is_serious = True  # confirmed serious by the coordinator
    close(made["1_april"], date(2026, 1, 10))
    made["imported"] = imported_report(nuneaton)
    return made


def imported_report(nuneaton: Suite) -> VisitReport:
    """Counts as a historical record gives them: two of the ten are in no category."""
    values = ReportValues(
        suite_id=nuneaton.id,
        visit_date=date(2025, 10, 5),
        arrived_at=time(7, 30),
        admitted_at=time(7, 32),
        left_at=time(8, 30),
        visitor_1_name="A. Historic",
        counts={
            "in_custody": 10,
            "offered": 6,
            "spoken": 4,
            "observed": 0,
            "declined": 2,
            "not_offered": 2,
            "juveniles": 0,
        },
        issues=[IssueValues("Heating broken", "The heating was off in two cells")],
    )
    report = store_report(values, source="import", actor=None)
    close(report, None)
    return report


def rota_of_2025(leamington: Suite) -> None:
    """Three visits planned on a published rota (one made, one missed, one cancelled) and one
    on a draft rota, which does not count."""
    published = RotaPeriod(starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 30), seed=1)
    published.status = "published"
    published.visits = [
        PlannedVisit(suite_id=leamington.id, visit_on=date(2025, 1, 15), band="day",
                     status="completed"),
        PlannedVisit(suite_id=leamington.id, visit_on=date(2025, 2, 2), band="day",
                     status="missed"),
        PlannedVisit(suite_id=leamington.id, visit_on=date(2025, 3, 3), band="late",
                     status="cancelled"),
    ]  # fmt: skip
    draft = RotaPeriod(starts_on=date(2025, 4, 7), ends_on=date(2025, 6, 29), seed=2)
    draft.visits = [PlannedVisit(suite_id=leamington.id, visit_on=date(2025, 4, 9), band="day")]
    db.session.add_all([published, draft])


@pytest.fixture(name="history")
def history_fixture(app, personas) -> dict:
    """Import into a test module to have the history (as the fixture ``history``)."""
    with app.app_context():
        return hand_made_history()


def hand_made_history() -> dict:
    """Everything above, committed; returns the ids the tests need."""
    leamington, nuneaton = make_suite("Leamington Spa"), make_suite("Nuneaton", "Vicarage St")
    people = volunteers()
    made = reports_of_2025(leamington, nuneaton, people)
    before = visit(
        leamington, date(2024, 11, 11), time(12, 0), time(12, 5), time(13, 0),
        counts=count_columns(Counts(1, spoken=1)), visitor_1_id=people["val"],
        issues=[IssueValues("treatment", "Complaint of rough handling", is_urgent=True)],
    )  # fmt: skip
    before.issues[0].is_serious = True
    after = visit(
        nuneaton, date(2026, 1, 2), time(11, 0), time(11, 5), time(12, 0),
        counts=count_columns(Counts(2, spoken=2)), visitor_1_id=people["sam"],
    )  # fmt: skip
    rota_of_2025(leamington)
    db.session.commit()
    return {
        "reports": {name: report.id for name, report in made.items()},
        "before": before.id,
        "after": after.id,
        "people": people,
        "suites": {"leamington": leamington.id, "nuneaton": nuneaton.id},
    }


def correct_later(app, history: dict) -> None:
    """After sign-off: the coordinator corrects the midnight visit (6 in custody, not 4) and the
    report of a 2025 visit to a suite not seen before, Rugby, arrives late."""
    with app.app_context():
        report = db.session.get(VisitReport, history["reports"]["midnight"])
        values = values_of(report)
        values.counts = {**values.counts, "in_custody": 6, "offered": 6, "spoken": 6}
        correct_report(None, report, values, "Two people were missed off")
        rugby = make_suite("Rugby", "")
        visit(rugby, date(2025, 7, 1), time(9, 0), time(9, 5), time(10, 0), counts={})
        db.session.commit()


def signed_off_before_time_was_summed(app) -> None:
    """Make the stored sign-off look like one made before the summary had ``time``."""
    with app.app_context():
        stored = db.session.scalars(select(AnnualSummary)).one()
        published = copy.deepcopy(stored.published)
        del published["time"], published["previous"]["time"]
        stored.published = published
        db.session.commit()
