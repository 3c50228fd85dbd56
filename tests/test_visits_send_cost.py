"""Sending a report and saving a section cost a fixed number of SQL statements, whatever the
number of suites and of volunteers on the panel; a double tap on "Send report" is answered
with the report both times."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from sqlalchemy import select

from icv.extensions import db
from icv.suites.models import Suite
from icv.visits import routes
from icv.visits.check_services import ensure_check_set
from icv.visits.models import ReportDraft, VisitReport
from icv.volunteers.models import Volunteer
from tests.factories import make_suite, make_user, make_volunteer
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    count,
    fill_report,
    frozen,
    ids,
    sent_report,
    start_report,
)
from tests.statements import statements


def grow(ids: dict, suites: int, volunteers: int) -> None:
    """Add suites and volunteers up to these numbers in all, every new volunteer on the panel
    of Val's suite and of every suite added now."""
    have_suites, have_volunteers = count(Suite), count(Volunteer)
    added = [make_suite(f"Suite {n:02}") for n in range(have_suites, suites)]
    panel = [db.session.get(Suite, ids["suite"]), *added]
    for n in range(have_volunteers, volunteers):
        user = make_user(email=f"panel{n}@example.org", name=f"Panel Person{n}")
        make_volunteer(user, suites=panel)
    db.session.commit()


def costs(app, login, ids, day: str) -> tuple[list[str], list[str]]:
    """The statements of saving the first section (it asks the most: the suites, the visitors
    it may name and the reports already sent) and of sending the report, of a visit on ``day``
    of November 2026. Each request reads the database afresh, as in service (no test
    session's objects carried over)."""
    visit = {"visit_date": [day, "11", "2026"]}
    client, key = sent_report(login, ids, visit=visit)
    changed = answers(ids["suite"], ids["sam"], ids["val"], visit=visit)["visit"]
    with statements(app) as save:
        response = client.post(
            f"/reports/draft/{key}/visit", data={**changed, "staff_on_duty": "Inspector"}
        )
    assert response.status_code == 302, response.text
    with statements(app) as send:
        response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 302, response.text
    client.post("/sign-out")
    return save, send


def test_saving_and_sending_cost_the_same_whatever_the_panel_and_suites(app, login, ids):
    with app.app_context():
        ensure_check_set(None)  # as the migration seeds it in every real database
        grow(ids, suites=2, volunteers=2)
        assert (count(Suite), count(Volunteer)) == (2, 2)
    save_few, send_few = costs(app, login, ids, "12")
    with app.app_context():
        grow(ids, suites=20, volunteers=40)
        assert (count(Suite), count(Volunteer)) == (20, 40)
    save_many, send_many = costs(app, login, ids, "20")
    assert len(save_many) == len(save_few), "\n\n".join(save_many)
    assert len(send_many) == len(send_few), "\n\n".join(send_many)
    # The session with the account and its roles, the draft, its update, the settings, the
    # suites' ids and names, the nameable visitors' ids and names, the reports of that day.
    assert len(save_many) == 7, "\n\n".join(save_many)  # 24 when each save loaded everyone
    # The session with the account, the report of the key (none), the draft, the settings, the
    # suites, the visitors, the reports of that day (checked), the suite held, the reports
    # near it (checked again, held), the suite, five inserts (report, note, version, issue,
    # its event), the rota visit, the visitors' probation visits counted again (one UPDATE),
    # the draft deleted, the audit row, the partner's account and their mail, the coordinators
    # and theirs; the version of the checks, its checks and the answers' insert (issue 16).
    # 61 before; issue 15's target is 12.
    assert len(send_many) == 23, "\n\n".join(send_many)


def test_the_visitors_section_reads_only_the_visitors_names(app, login, ids):
    with app.app_context():
        grow(ids, suites=20, volunteers=40)
    client, key = sent_report(login, ids)
    with statements(app) as save:
        response = client.post(
            f"/reports/draft/{key}/visitors", data={"visitor_1": str(ids["val"]), "visitor_2": ""}
        )
    assert response.status_code == 302, response.text
    names = [s for s in save if s.startswith("SELECT volunteers.id, users.name")]
    assert len(names) == 1
    assert len(save) == 5, "\n\n".join(save)


def a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft: ReportDraft):
    """Make the next send behave as a second tap whose request read the draft (and so found
    no report yet) a moment before the first tap's report was committed."""
    stale = ReportDraft(
        key=draft.key, owner_id=draft.owner_id, on_behalf=draft.on_behalf, data=draft.data
    )
    monkeypatch.setattr(routes, "own_draft", lambda _key: stale)


def test_a_double_tap_is_answered_with_the_report_both_times(app, login, ids, monkeypatch):
    client, key = sent_report(login, ids)
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        first = client.post(f"/reports/draft/{key}/check")
        a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft)
    again = client.post(f"/reports/draft/{key}/check")
    assert first.status_code == again.status_code == 302, again.text
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
    assert first.headers["Location"] == f"/reports/{report.id}"


def test_the_phones_double_tap_gets_the_report_as_json_both_times(app, login, ids, monkeypatch):
    client, key = sent_report(login, ids)
    as_json = {"Accept": "application/json"}
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        first = client.post(f"/reports/draft/{key}/check", headers=as_json)
        a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft)
    again = client.post(f"/reports/draft/{key}/check", headers=as_json)
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
    assert first.status_code == again.status_code == 200, again.text
    assert first.json == again.json == {"report": f"/reports/{report.id}"}
    # A tap after the draft is gone (the first committed before it was read) too.
    monkeypatch.undo()
    late = client.post(f"/reports/draft/{key}/check", headers=as_json)
    assert (late.status_code, late.json) == (200, {"report": f"/reports/{report.id}"})


def test_a_report_of_a_visit_not_made_recounts_no_probation(app, login, ids):
    """Only a completed visit counts towards probation: sending any other outcome leaves
    the visitors' records alone (no UPDATE), and a completed one counts them again."""
    no_access = {
        "visit": {"outcome": "no_access", "outcome_reason": "The suite was closed"},
        "times": {"admitted_at": "", "delay_reason": "", "delay_authorised_by": ""},
    }
    client, key = sent_report(login, ids, **no_access)
    with statements(app) as send:
        response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 302, response.text
    assert not [s for s in send if s.startswith("UPDATE volunteers")], "\n\n".join(send)
    client, key = sent_report(login, ids, visit={"visit_date": ["12", "11", "2026"]})
    with statements(app) as send:
        response = client.post(f"/reports/draft/{key}/check")
    assert response.status_code == 302, response.text
    assert len([s for s in send if s.startswith("UPDATE volunteers")]) == 1
