"""Write visit reports through the test client, and make stored ones directly."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import fields
from datetime import date, time

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import func, select

from icv.accounts.models import User
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.count_rules import Counts
from icv.visits.models import VisitReport
from icv.visits.rota_link import link_report, say_filed
from icv.visits.services import store_report
from icv.visits.values import IssueValues, ReportValues, count_columns, values_of
from icv.volunteers.models import Volunteer
from tests.factories import make_suite, make_volunteer

#: Tests of reports run on Tuesday 24 November 2026, at noon.
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    """Import into a test module to freeze its clock at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ids(app, personas):
    """Leamington Spa with Val ("volunteer") and Sam ("volunteer2") on its panel."""
    with app.app_context():
        suite, val, sam = pair()
        db.session.commit()
        return {"suite": suite.id, "val": val.id, "sam": sam.id}


#: The changes to ``answers`` of a visit the visitors were not let into: no times inside, no
#: counts, no check answered (nobody was seen: no rating is asked), no issue.
NO_ACCESS = {
    "visit": {"outcome": "no_access", "outcome_reason": "Suite closed for a fire alarm"},
    "times": {"admitted_at": "", "delay_reason": "", "delay_authorised_by": ""},
    "people": dict.fromkeys(("in_custody", "spoken", "observed", "declined"), "")
    | {"not_offered": "", "reason_asleep": "", "juveniles": ""},
    "checks": {"check_told_rights": "", "check_warm": "", "rating": ""},
    "issues": {"raised": "no", "issues-0-category": "", "issues-0-is_urgent": ""}
    | {"issues-0-description": "", "issues-0-raised_with": "", "issues-0-immediate_response": ""},
}


def answers(suite_id: int, partner_id: int | None, mine: int, **changes) -> dict[str, dict]:
    """A complete report, section by section, as a phone posts it: 23:30 to 00:50 (across
    midnight), let in after 20 minutes, 5 in custody, one serious issue."""
    sections: dict[str, dict[str, object]] = {
        "visit": {
            "suite_id": str(suite_id),
            "visit_date": ["20", "11", "2026"],
            "mode": "in_person",
            "outcome": "completed",
            "outcome_reason": "",
            "tact_visited": "no",
            "staff_on_duty": "Custody sergeant",
        },
        "times": {
            "arrived_at": "23:30",
            "admitted_at": "23:50",
            "left_at": "00:50",
            "delay_reason": "A detainee was being restrained in the corridor",
            "delay_authorised_by": "inspector",
        },
        "visitors": {"visitor_1": str(mine), "visitor_2": str(partner_id or "")},
        "people": {
            "in_custody": "5",
            "spoken": "2",
            "observed": "1",
            "declined": "1",
            "not_offered": "1",
            "reason_asleep": "1",
            "juveniles": "1",
            "vulnerable": "",
        },
        "checks": {
            "check_told_rights": "2",
            "check_warm": "1",
            "check_cctv_working": "yes",
            "rights_notes": "",
            "welfare_notes": "One cell was cold and had no blanket",
            "conditions_notes": "",
            "rating": "concerns",
        },
        "notes": {
            "notes-0-custody_number": "CV/1234/26",
            "notes-0-record_consent": "yes",
            "notes-0-note": "Asked for a solicitor two hours ago; chased with the sergeant",
        },
        "issues": {
            "raised": "yes",
            "issues-0-category": "supplies",
            "issues-0-is_urgent": "y",
            "issues-0-description": "No blankets in stock for the cells",
            "issues-0-raised_with": "Custody sergeant",
            "issues-0-immediate_response": "Ordered more from the store",
        },
        "comments": {"good_practice": "Staff were welcoming", "comments": ""},
    }
    for slug, answers_ in changes.items():
        sections[slug] = {**sections[slug], **answers_}
    return sections


def start_report(client: FlaskClient, on_behalf: bool = False) -> str:
    response = client.post("/reports/new", data={"for": "visitors"} if on_behalf else {})
    assert response.status_code == 302, response.text
    return response.headers["Location"].rsplit("/", 1)[-1]


def fill_report(client: FlaskClient, key: str, sections: dict[str, dict]) -> None:
    for slug, posted in sections.items():
        response = client.post(f"/reports/draft/{key}/{slug}", data=posted)
        assert response.status_code == 302, (slug, response.text[:4000])


def pair(suite_name: str = "Leamington Spa") -> tuple[Suite, Volunteer, Volunteer]:
    """A suite and two volunteers on its panel: the personas "volunteer" and "volunteer2"."""
    suite = make_suite(suite_name)
    first = db.session.scalars(User.by_email("val@example.org")).one()
    second = db.session.scalars(User.by_email("sam@example.org")).one()
    return suite, make_volunteer(first, suites=[suite]), make_volunteer(second, suites=[suite])


def make_report(suite: Suite, **changes) -> VisitReport:
    """A stored report (as if sent from the form), with one issue unless told otherwise.
    ``changes`` sets the report's values or, for other names, its columns."""
    names = {f.name for f in fields(ReportValues)}
    values = ReportValues(
        **{
            "suite_id": suite.id,
            "visit_date": date(2026, 11, 10),
            "arrived_at": time(14, 0),
            "admitted_at": time(14, 5),
            "left_at": time(15, 0),
            "counts": count_columns(Counts(in_custody=3, spoken=2, declined=1)),
            "rights_finding": "no_concerns",
            "welfare_finding": "no_concerns",
            "conditions_finding": "no_concerns",
            "issues": [IssueValues("supplies", "No blankets", is_urgent=False)],
            **{k: v for k, v in changes.items() if k in names},
        }
    )
    columns = {k: v for k, v in changes.items() if k not in names}
    return store_report(values, source="form", actor=None, **columns)


def file_on_the_rota(report: VisitReport) -> None:
    """A stored report (``make_report``, flushed) filed as a send files one: linked to the
    visit on the rota it is of, unless another report has it, and said to be filed (the rota
    completes the visit)."""
    link_report(report, values_of(report))
    db.session.flush()
    say_filed(None, report)


def count(model) -> int:
    """Rows of a model in the database."""
    return db.session.scalar(select(func.count()).select_from(model))


def sent_report(login, ids, **changes) -> tuple[FlaskClient, str]:
    """Val's report of the visit with Sam, every section filled in (not sent yet): the client
    signed in as Val and the draft's key."""
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, answers(ids["suite"], ids["sam"], ids["val"], **changes))
    return client, key


def post_section(client: FlaskClient, key: str, slug: str, fields: dict):
    return client.post(f"/reports/draft/{key}/{slug}", data=fields)


def field_error(page: str, field: str) -> str | None:
    """The error message the page shows next to a field (a GOV.UK error message), if any, in
    any language (the word a screen reader says first is left aside)."""
    found = re.search(
        rf'<p id="{field}-error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">[^<]*</span>\s*(.*?)\s*</p>',
        page,
        re.S,
    )
    return html.unescape(found.group(1)) if found else None


def options(page: str, field: str) -> list[tuple[str, str]]:
    """(value, label) of each option of a select on the page."""
    select = re.search(rf'<select[^>]* name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, f"no select {field}"
    return [
        (value, html.unescape(label).strip())
        for value, label in re.findall(
            r'<option value="([^"]*)"[^>]*>(.*?)</option>', select[1], re.S
        )
    ]
