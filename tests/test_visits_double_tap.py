"""A double tap on "Send report" is answered with the report both times; a send checks the
draft again against the panel as it is now."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from icv.extensions import db
from icv.visits import routes, services
from icv.visits.models import ReportDraft, VisitReport
from icv.volunteers.models import Volunteer
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    count,
    field_error,
    frozen,
    ids,
    sent_report,
)
from tests.statements import statements


def a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft: ReportDraft):
    """Make the next send behave as a second tap whose request read the draft (and so found
    no report yet) a moment before the first tap's report was committed."""
    stale = ReportDraft(
        id=draft.id,  # the row the first tap deleted
        key=draft.key,
        owner_id=draft.owner_id,
        on_behalf=draft.on_behalf,
        data=draft.data,
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


def test_a_second_tap_reads_no_more_once_its_draft_is_gone(app, login, ids, monkeypatch):
    """The first tap deleted the draft and committed while the second waited for the suite:
    the second stops there (no look for a report of the same visit, no insert) and is
    answered with the first's report, its id read by the draft's key (the account read again
    after the rollback; before, the report with its suite, liaisons and closures)."""
    client, key = sent_report(login, ids)
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        first = client.post(f"/reports/draft/{key}/check")
        a_tap_that_read_the_draft_before_the_first_was_stored(monkeypatch, draft)
    with statements(app) as sent:
        again = client.post(f"/reports/draft/{key}/check")
    assert (again.status_code, again.headers["Location"]) == (302, first.headers["Location"])
    held = next(n for n, s in enumerate(sent) if "DELETE FROM visit_report_drafts" in s)
    after = sent[held + 1 :]
    assert len(after) == 2, "\n\n".join(after)
    assert after[0].startswith("SELECT users.id"), after[0]
    assert after[1].startswith("SELECT visit_reports.id \nFROM visit_reports"), after[1]
    assert "visit_reports.submission_key =" in after[1], after[1]
    with app.app_context():
        assert count(VisitReport) == 1


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


def test_a_partner_taken_off_the_panel_after_the_save_stops_the_send(app, login, ids):
    """The visitors section was checked when it was saved; Sam leaves the suite's panel
    before Val sends. The send checks the names again against those who may be named now,
    refuses on the visitors section with its message, and keeps the draft."""
    client, key = sent_report(login, ids)
    with app.app_context():
        db.session.get(Volunteer, ids["sam"]).suites = []
        db.session.commit()
    refused = client.post(f"/reports/draft/{key}/check")
    assert refused.status_code == 400, refused.text
    assert "Visitors</a>: has problems" in refused.text
    again = {"visitor_1": str(ids["val"]), "visitor_2": str(ids["sam"])}
    page = client.post(f"/reports/draft/{key}/visitors", data=again)
    assert field_error(page.text, "visitor_2") == "Choose from the visitors listed"
    with app.app_context():
        assert (count(VisitReport), count(ReportDraft)) == (0, 1)


@pytest.mark.parametrize("as_json", [False, True])
def test_a_draft_deleted_in_another_tab_while_it_is_sent_is_not_stored(
    app, login, ids, monkeypatch, as_json
):
    """The draft is deleted in another tab after the send read it and before it held the
    suite: no report is stored, and the answer says why, on the reports list (or as the
    phone's JSON). It was a 500: the page was worked out again from the deleted row."""
    client, key = sent_report(login, ids)
    read_the_rota = services.rota_visit_of  # the send's last step before the hold

    def deleted_meanwhile(*args, **kwargs):
        with db.engine.connect() as other_tab:
            other_tab.execute(delete(ReportDraft).where(ReportDraft.key == key))
            other_tab.commit()
        return read_the_rota(*args, **kwargs)

    monkeypatch.setattr(services, "rota_visit_of", deleted_meanwhile)
    headers = {"Accept": "application/json"} if as_json else {}
    answer = client.post(f"/reports/draft/{key}/check", headers=headers)
    why = "This report has already been sent, or its draft deleted, from another tab or window"
    if as_json:
        assert (answer.status_code, answer.json) == (404, {"error": why})
    else:
        assert (answer.status_code, answer.headers["Location"]) == (302, "/reports")
        assert why in client.get("/reports").text
    with app.app_context():
        assert (count(VisitReport), count(ReportDraft)) == (0, 0)
