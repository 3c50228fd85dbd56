"""Arbitrary input at every form: no server error, and nothing stored outside its limits.

The forms are found, not listed: every page of the route table each persona reaches (and the
public application's and the report's sections) is read for the forms that post, with their
fields and the options they offer; hypothesis then posts what a person or a script might send
(tests/generated.py). Every POST route must be reached by some persona's forms, or be named
below with the reason it is not.
"""

# ruff: noqa: F811 (the ``rows`` fixture imported from the route table is the tests' argument)

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from icv.accounts.models import User
from icv.accounts.tokens import Purpose, make_token
from icv.applications.sections import SECTIONS as APPLICATION_SECTIONS
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.suites.models import Suite
from icv.visits.sections import SECTIONS as REPORT_SECTIONS
from icv.volunteers.models import Volunteer
from tests.applying import apply, fill_in
from tests.conftest import sign_in
from tests.factories import PERSONAS as PERSONA_ACCOUNTS
from tests.factories import make_user, make_visitor
from tests.generated import BOUNDS, GENERATED, Tally, any_json, awkward_text, form_data, forms_on
from tests.generated import limit_breaches as breaches
from tests.reporting import answers, fill_report, start_report
from tests.route_rows import rows  # noqa: F401
from tests.route_table import ROUTES

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)

#: Forms not posted here: each would end the session the rest of the test goes on with.
LEAVING = {"/sign-out", "/account/sessions/end-others"}
#: POST routes no persona's page offers a form for here, and why each is covered elsewhere.
NOT_FOUND_ON_A_PAGE = {
    # The second step of signing in: every persona here has passed it (tests/conftest.py
    # signs in with the code); tests/test_accounts_second_factor.py has its wrong codes.
    "accounts.second_factor",
    "accounts.recovery_code",
    "accounts.second_factor_setup",
    "accounts.logout",
    "accounts.end_other_sessions",
    # The report's JSON save: test_the_report_s_background_save_takes_any_json below.
    "visits.draft_data",
    # Only the other visitor of a report confirms it, and only a visit under the Terrorism Act
    # has a copy to record: the report in the table has neither, so neither form is shown.
    "visits.confirm",
    "visits.tact_copy_sent",
    # Shown only to an applicant found ineligible; it has no fields (it empties the session):
    # tests/test_applications_ineligible.py.
    "applications.forget",
    # Shown only for a rota draft whose solve failed: its form is the period form posted to
    # rota.new_period above, and tests/test_rota_drafts.py posts wrong dates to it.
    "rota.plan_again",
    # On a person's page, which is the answer to the look-up (a POST, whose form is posted to
    # here); they take the same address field: tests/test_people_*.py.
    "people.download",
    "people.erase",
    # Shown only when the rules leave another time for the visit, which the table's pair (no
    # availability given) never has: tests/test_rota_other_times.py posts to it.
    "my_visits.move_own",
    # Shown only while a memorandum waits for the volunteer's signature, which the table's
    # volunteers have signed: tests/test_training_pages.py signs a new version.
    "my_training.sign",
}
#: Pages beyond the route table's: every section of the application and of the draft report.
EXTRA_PAGES = {
    "volunteer": [f"/reports/draft/{{draft}}/{section.slug}" for section in REPORT_SECTIONS]
    + ["/reports/draft/{draft}/check", "/reports/draft/{draft}/delete"],
    "coordinator": [
        "/reports/{report}",
        "/rota/{period}/delete",
        "/rota/visits/{visit}/replace?leaving={volunteer_record}",
        "/summary/2025",
        # The claim is the volunteer's page first; the office decides it there.
        "/expenses/{expense}",
    ],
    # Only an administrator adds a kind of course (the coordinator opens the page first).
    "admin": ["/summary/api-tokens/everyone", "/training"],
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


#: Who opens each page: the first persona in this order that may (the least trusted first), so
#: each page is read once and each form is posted by someone it is meant for.
OPENERS = [
    "anonymous",
    "volunteer2",  # the visit, request and offer of the table are theirs
    "volunteer",
    "liaison",
    "commissioner",
    "coordinator",
    "admin",
]


def pages_by_persona(rows: dict) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {persona: [] for persona in OPENERS}
    for method, template, expected in ROUTES.values():
        opener = next((p for p in OPENERS if expected[p] == 200), None)
        if method == "GET" and opener:
            pages[opener].append(template.format(**rows))
    pages["anonymous"] = [p for p in pages["anonymous"] if not p.startswith("/apply")]
    for persona, templates in EXTRA_PAGES.items():
        pages[persona] += [template.format(**rows) for template in templates]
    return pages


def forms_reached(client: FlaskClient, pages: list[str]) -> dict[str, dict]:
    """Action -> fields of every form on ``pages``."""
    found: dict[str, dict] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code == 200 and response.mimetype == "text/html":
            for action, fields in forms_on(page, response.text).items():
                found.setdefault(action, fields)
    return {
        action: fields
        for action, fields in found.items()
        if action.startswith("/") and action.split("?")[0] not in LEAVING
    }


def application_forms(client: FlaskClient) -> dict[str, dict]:
    """The public application's forms, each met as an applicant meets it: the sections, the
    check page (with every section answered) and, once sent, the equality questions. Those
    posted after sending find the application sent, as a second tab would."""
    fill_in(client)
    sections = [f"/apply/{section.slug}" for section in APPLICATION_SECTIONS]
    forms = forms_reached(client, [*sections, "/apply/check"])
    apply(client)
    return forms | forms_reached(client, ["/apply/equality", "/apply/done"])


def throw_at(app: Flask, client: FlaskClient, action: str, fields: dict, tally: Tally) -> None:
    """Post generated values to one form: no case may get a server error. The rows are
    checked after the form's cases (each case's rows are still there, so whatever any case
    stored out of its limits is found), which keeps the suite quick."""

    @GENERATED
    @given(data=form_data(fields))
    def case(data: dict[str, list[str]]) -> None:
        response = client.post(action, data=data)
        tally.saw(response.status_code, f"POST {action}")
        assert response.status_code < 500, f"POST {action} {data!r}: {response.status_code}"

    case()
    assert breaches(app) == [], f"after POST {action}"


def signed_in(app: Flask, persona: str) -> FlaskClient:
    """A browser of its own for each persona, so each keeps its session (and the applicant
    their answers) from finding the forms to posting to them."""
    client = app.test_client()
    if persona != "anonymous":
        assert sign_in(client, PERSONA_ACCOUNTS[persona][0]).status_code == 302
    return client


def more_to_find(app: Flask, client: FlaskClient, rows: dict) -> dict[str, list[str]]:
    """What the table's rows do not show the volunteer: a complete draft (its check page has
    the form that sends it); the coordinator: a visit short of a visitor, and someone free to
    join it; anyone: the links of an invitation and of a password reset, as mailed (to
    accounts of their own, so no persona's password is changed)."""
    with app.app_context():
        mine = db.session.scalars(
            select(Volunteer).join(User).where(User.email == PERSONA_ACCOUNTS["volunteer"][0])
        ).one()
        suite_id = mine.suites[0].id
        make_visitor("third@example.org", [db.session.get(Suite, rows["suite"])])
        db.session.commit()
        mine_id = mine.id
        invited = make_user("invited@example.org", password=None)
        mailed = [
            f"/invitation/{make_token(invited, Purpose.INVITE)}",
            f"/password/reset/{make_token(make_user('forgetful@example.org'), Purpose.RESET)}",
        ]
        db.session.commit()
        short = next(
            visit.id
            for visit in db.session.scalars(select(PlannedVisit).order_by(PlannedVisit.id))
            if len(visit.visitors) == 1
        )
    key = start_report(client)
    fill_report(client, key, answers(suite_id, None, mine_id))
    return {
        "volunteer": [f"/reports/draft/{key}/check"],
        "coordinator": [f"/rota/visits/{short}/fill"],
        "anonymous": mailed,
    }


def test_no_form_answers_arbitrary_input_with_a_server_error(app, personas, rows):
    # Every form is found before any is posted: a post may take away another's form (a
    # withdrawn request, a signed-off year).
    clients = {persona: signed_in(app, persona) for persona in OPENERS}
    found: dict[str, dict[str, dict]] = {}
    extra = more_to_find(app, clients["volunteer"], rows)
    for persona, pages in pages_by_persona(rows).items():
        pages += extra.get(persona, [])
        found[persona] = forms_reached(clients[persona], pages)
    found["anonymous"] |= application_forms(clients["anonymous"])
    tally, posted = Tally("forms"), set()
    try:
        for persona, forms in found.items():
            # Last the forms that delete what the others are on (a draft, a rota period).
            for action, fields in sorted(forms.items(), key=lambda f: f[0].endswith("/delete")):
                # One form of each kind: the same form on another record adds only time.
                kind = (endpoint_of(app, action), tuple(sorted(fields)))
                if kind not in posted:
                    throw_at(app, clients[persona], action, fields, tally)
                    posted.add(kind)
    finally:
        tally.write()
    post_routes = {
        rule.endpoint for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())
    }
    missing = sorted(post_routes - {endpoint for endpoint, _ in posted} - NOT_FOUND_ON_A_PAGE)
    assert missing == [], ", ".join(missing)


def endpoint_of(app: Flask, action: str) -> str:
    adapter = app.url_map.bind("icv.test")
    endpoint, _ = adapter.match(action.split("?")[0], method="POST")
    return endpoint


#: The shape the phone sends: section slug -> field name -> values, with any values in it.
shaped_sections = st.dictionaries(
    st.sampled_from([section.slug for section in REPORT_SECTIONS]) | awkward_text,
    st.dictionaries(awkward_text, st.lists(awkward_text, max_size=3) | any_json, max_size=4),
    max_size=4,
)


def test_the_report_s_background_save_takes_any_json(app, login, rows):
    client, tally = login("volunteer"), Tally("report JSON save")
    url = f"/reports/draft/{rows['draft']}/data"

    @GENERATED
    @given(body=st.fixed_dictionaries({"sections": shaped_sections}) | any_json)
    @example(body=["sections"])  # found by the bench: a body not an object answered 500
    def case(body: object) -> None:
        response = client.post(url, json=body)
        tally.saw(response.status_code, f"POST {url}")
        assert response.status_code in {200, 400}, f"{body!r}: {response.status_code}"

    try:
        case()
    finally:
        tally.write()
    assert breaches(app) == []


def test_the_limits_check_finds_what_is_out_of_bounds(app, ctx):
    """The check after each target can fail: every bound names a real column, and a name too
    long for its column and a count above its rule's bound are both reported."""
    columns = {(t.name, c.name) for t in db.metadata.sorted_tables for c in t.columns}
    assert set(BOUNDS) <= columns
    # PostgreSQL refuses a name too long for its column outright: only SQLite can store one.
    too_long = db.engine.dialect.name == "sqlite"
    db.session.add(Suite(name="x" * (121 if too_long else 120), visits_per_week=8))
    db.session.commit()
    expected = ["suites.name: 121 characters of 120"] if too_long else []
    assert breaches(app) == [*expected, "suites.visits_per_week: 8 to 8"]
