"""Probation visits are counted from filed reports, on top of the office's opening balance of
visits before icv; the report that makes the number completes what probation needs."""

from __future__ import annotations

from datetime import date, time

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.extensions import db
from icv.signals import report_filed
from icv.visits.services import correct_report
from icv.visits.values import values_of
from icv.volunteers.services import VolunteerError, complete_probation
from tests.factories import make_suite, make_visitor
from tests.reporting import make_report


@pytest.fixture
def pair(ctx):
    """Pat on probation since 4 January 2027 (3 visits needed, 1 made before icv), with Sam."""
    suite = make_suite("Leamington Spa")
    pat = make_visitor(
        "pat@example.org",
        [suite],
        status="probation",
        name="Pat",
        appointed_on=date(2027, 1, 4),
        probation_visits_required=3,
        probation_visits_before=1,
    )
    sam = make_visitor("sam.s@example.org", [suite], name="Sam")
    db.session.commit()
    return suite, pat, sam


def filed(suite, pat, sam, day: date, **changes):
    report = make_report(
        suite,
        **{
            "visit_date": day,
            "arrived_at": time(19, 0),
            "visitor_1_id": sam.id,
            "visitor_2_id": pat.id,
            "issues": [],
            **changes,
        },
    )
    db.session.flush()
    report_filed.send(report=report, actor=None, now=None)
    return report


def test_the_report_that_makes_the_number_completes_probation(pair):
    suite, pat, sam = pair
    filed(suite, pat, sam, date(2027, 1, 10))
    assert (pat.probation_visits_reported, pat.probation_visits_done) == (1, 2)
    with pytest.raises(VolunteerError, match="Probation needs 3 accompanied visits; 2 recorded"):
        complete_probation(None, pat, "three visits made")
    filed(suite, pat, sam, date(2027, 1, 17))
    assert (pat.probation_visits_reported, pat.probation_visits_done) == (2, 3)
    complete_probation(None, pat, "three visits made")
    assert pat.status == "active"


def test_visits_before_appointment_or_without_access_do_not_count(pair):
    suite, pat, sam = pair
    filed(suite, pat, sam, date(2027, 1, 3))  # the day before their appointment
    filed(suite, pat, sam, date(2027, 1, 4), outcome="no_access", outcome_reason="Closed")
    assert pat.probation_visits_reported == 0
    filed(suite, pat, sam, date(2027, 1, 4), arrived_at=time(20, 0))  # the first day counts
    assert pat.probation_visits_reported == 1


def test_a_correction_that_takes_them_off_a_report_counts_again(pair):
    suite, pat, sam = pair
    report = filed(suite, pat, sam, date(2027, 1, 10))
    assert pat.probation_visits_reported == 1
    values = values_of(report)
    values.visitor_2_id = None
    correct_report(None, report, values, "Pat did not go after all")
    assert pat.probation_visits_reported == 0


def test_the_hand_typed_count_becomes_the_balance_beyond_the_reports(pair):
    suite, pat, sam = pair
    filed(suite, pat, sam, date(2027, 1, 10))
    filed(suite, pat, sam, date(2027, 1, 17))
    db.session.commit()
    ids = {"pat": pat.id, "sam": sam.id}
    db.session.remove()
    # The total goes back into the hand-typed count (later revisions' report columns, the
    # structured checks, are theirs to lose).
    downgrade(revision="744ba07e923f", x_arg=["discard-data=yes"])
    assert counts("probation_visits_done", ids) == {"pat": 3, "sam": 2}
    with db.engine.begin() as connection:  # the office had typed 5 for Pat, nothing for Sam
        connection.execute(
            text(f"UPDATE volunteers SET probation_visits_done = 5 WHERE id = {ids['pat']}")
        )
        connection.execute(
            text(f"UPDATE volunteers SET probation_visits_done = 0 WHERE id = {ids['sam']}")
        )
    upgrade()
    assert counts("probation_visits_reported", ids) == {"pat": 2, "sam": 2}
    assert counts("probation_visits_before", ids) == {"pat": 3, "sam": 0}


def counts(column: str, ids: dict[str, int]) -> dict[str, int]:
    with db.engine.begin() as connection:
        return {
            name: connection.scalar(text(f"SELECT {column} FROM volunteers WHERE id = {i}"))
            for name, i in ids.items()
        }
