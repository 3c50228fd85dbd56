"""After a report is sent: the partner confirms it, the office reviews, corrects and prints it."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits.models import ReportVersion, VisitReport
from icv.visits.review_routes import QUEUE_PAGE_SIZE
from icv.volunteers.models import Volunteer
from tests.factories import make_training, make_user, make_volunteer
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    NOW,
    answers,
    frozen,
    ids,
    make_report,
    sent_report,
)
from tests.statements import statements


def test_the_partner_confirms_and_the_report_shows_both(login, ids, ctx):
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    assert "Confirm the report" not in client.get(location).text  # not for the sender
    client.post("/sign-out")
    partner = login("volunteer2")
    assert "Waiting for the other visitor to confirm" in partner.get(location).text
    response = partner.post(location + "/confirm", data={"comments": "Also: the clock was wrong"})
    assert response.status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert report.cosigned_by.email == "sam@example.org"
    page = partner.get(location).text
    assert "Confirmed by Sam on" in page
    assert "Also: the clock was wrong" in page
    assert "Sent by Val on" in page


def test_confirming_twice_leads_back_to_the_report_with_a_notice(login, ids, ctx):
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    partner = login("volunteer2")
    first = partner.post(location + "/confirm", data={"comments": "All correct"})
    again = partner.post(location + "/confirm", data={"comments": "Tapped twice"})
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"] == location
    page = partner.get(location).text
    assert "Thank you: you have confirmed the report." in page
    assert "This report has already been confirmed." in page
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.cosigned_by.email, report.cosign_comments) == ("sam@example.org", "All correct")
    confirmed = select(AuditEvent).where(AuditEvent.action == "report.confirmed")
    assert len(db.session.scalars(confirmed).all()) == 1


def test_only_the_partner_can_confirm(login, ids, ctx):
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    assert client.post(location + "/confirm", data={}).status_code == 403


def test_corrections_are_kept_as_versions_with_who_when_and_why(login, ids, ctx):
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    office = login("coordinator")
    form = office.get(location + "/correct")
    assert form.status_code == 200
    assert 'value="00:50"' in form.text
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    posted = {
        k: v for slug, fields in sections.items() if slug != "issues" for k, v in fields.items()
    }
    refused = office.post(location + "/correct", data={**posted, "left_at": "01:20"})
    assert refused.status_code == 400
    assert "Say why the report is being corrected" in refused.text
    response = office.post(
        location + "/correct",
        data={**posted, "left_at": "01:20", "reason": "The visitors asked: they left at 01:20"},
    )
    assert response.status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.left_at, report.version) == (time(1, 20), 2)
    version = db.session.scalars(select(ReportVersion).where(ReportVersion.number == 2)).one()
    assert version.changes == {"left_at": ["00:50", "01:20"]}
    assert version.reason == "The visitors asked: they left at 01:20"
    assert version.actor.email == "chris@example.org"
    assert version.snapshot["left_at"] == "01:20"
    first = db.session.scalars(select(ReportVersion).where(ReportVersion.number == 1)).one()
    assert first.snapshot["left_at"] == "00:50"
    assert db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action == "report.corrected")
    ).one() == ("Corrected left at: The visitors asked: they left at 01:20")
    assert "changed left at" in office.get(location).text


def test_the_review_queue_filters_and_the_coordinator_acknowledges(login, ids, ctx):
    suite = db.session.get(VisitReport.suite.property.mapper.class_, ids["suite"])
    quiet = make_report(suite, visit_date=date(2026, 11, 2), issues=[])
    serious = make_report(suite, visit_date=date(2026, 11, 9))
    serious.issues[0].is_serious = True
    old = make_report(suite, visit_date=date(2026, 10, 1), issues=[])
    db.session.commit()
    office = login("coordinator")
    shown = office.get("/reports/review").text  # unreviewed by default
    assert all(f'/reports/{r.id}"' in shown for r in (quiet, serious, old))
    only_serious = office.get("/reports/review?serious=y&filtered=1").text
    assert f'/reports/{serious.id}"' in only_serious
    assert f'/reports/{quiet.id}"' not in only_serious
    november = office.get("/reports/review?start=2026-11-01&end=2026-11-30&filtered=1").text
    assert f'/reports/{old.id}"' not in november
    response = office.post(f"/reports/{quiet.id}/acknowledge")
    assert response.headers["Location"] == "/reports/review"
    db.session.refresh(quiet)
    assert quiet.reviewed_by.email == "chris@example.org"
    assert f'/reports/{quiet.id}"' not in office.get("/reports/review").text


def test_a_tact_visit_creates_a_task_the_coordinator_marks_done(login, ids, ctx):
    make_training(db.session.get(Volunteer, ids["sam"]), date(2026, 1, 5))  # TACT-trained
    db.session.commit()
    client, key = sent_report(login, ids, visit={"tact_visited": "yes"})
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    client.post("/sign-out")
    office = login("coordinator")
    assert "A copy must go to the Independent Reviewer" in office.get("/reports/review").text
    refused = office.post(location + "/tact", data={"sent_on": ["25", "11", "2026"]})
    assert refused.status_code == 400
    assert "must be today or in the past" in refused.text
    response = office.post(location + "/tact", data={"sent_on": ["24", "11", "2026"]})
    assert response.status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.tact_copy_sent_on, report.tact_copy_sent_by.email) == (
        date(2026, 11, 24),
        "chris@example.org",
    )
    assert "A copy must go to the Independent Reviewer" not in office.get("/reports/review").text


def test_the_printable_copy_has_the_whole_report(login, ids, ctx):
    client, key = sent_report(login, ids)
    location = client.post(f"/reports/draft/{key}/check").headers["Location"]
    page = client.get(location + "/print").text
    assert "Confidential: do not pass on" in page
    assert "No blankets in stock for the cells" in page
    assert "CV/1234/26" in page
    assert "dist/report.css" in page  # with its print styles, and no navigation
    assert "govuk-service-navigation" not in page


def test_home_pages_show_what_waits_for_each_person(login, ids, ctx):
    client, key = sent_report(login, ids)
    client.post(f"/reports/draft/{key}/check")
    client.post("/sign-out")
    partner = login("volunteer2").get("/").text
    assert "1 report from your visiting partner to confirm" in partner
    login("volunteer2").post("/sign-out")
    office = login("coordinator").get("/").text
    assert "1 report to review" in office
    assert "1 new issue to triage" in office


def test_answers_keep_their_line_breaks_and_are_escaped(login, ids, ctx):
    suite = db.session.get(VisitReport.suite.property.mapper.class_, ids["suite"])
    report = make_report(suite, visitor_1_id=ids["val"], comments="One\n<script>two</script>")
    db.session.commit()
    page = login("coordinator").get(f"/reports/{report.id}").text
    assert '<span class="icv-pre-line">One\n' in page
    assert "&lt;script&gt;two&lt;/script&gt;" in page
    assert "<script>two" not in page


def reports_for_the_queue(ids, n: int, first_day: int) -> None:
    """``n`` unreviewed reports, one issue each, a day apart, each by a pair of its own (a big
    history has many visitors): the second visitor has still to confirm."""
    suite = db.session.get(Suite, ids["suite"])
    for day in range(first_day, first_day + n):
        first, second = (
            make_volunteer(make_user(f"v{day}-{place}@example.org", password=None), suites=[suite])
            for place in (1, 2)
        )
        make_report(
            suite,
            visit_date=date(2026, 1, 1) + timedelta(days=day),
            visitor_1_id=first.id,
            visitor_2_id=second.id,
            submitted_by_id=first.user_id,
        )
    db.session.commit()


def test_the_review_queue_costs_the_same_statements_at_any_size(app, login, ids, ctx):
    office = login("coordinator")
    reports_for_the_queue(ids, 3, 0)
    with statements(app) as few:
        page = office.get("/reports/review")
    assert page.status_code == 200
    assert page.text.count("Not confirmed") == 3
    reports_for_the_queue(ids, 40, 3)
    with statements(app) as many:
        page = office.get("/reports/review")
    assert page.text.count("Not confirmed") == 43
    assert len(many) == len(few), "\n\n".join(many)  # 738 for 43 rows when loaded one by one
    # The user, their roles, the suites to filter by, the reports with their suites' names,
    # each visitor column (ids for "Not confirmed"), the issues, the count of reports (it
    # comes a page at a time), the TACT copies due with their suites' names: 9 (17 when every
    # suite brought its closures and liaisons, and each visitor their account and roles).
    assert len(many) == 9, "\n\n".join(many)


def test_the_review_queue_comes_a_page_at_a_time_keeping_its_filter(app, login, ids):
    """It showed the latest 100 and asked for narrower dates; now every report is on a page.
    With no filter chosen it shows the reports not yet reviewed, on every page."""
    with app.app_context():
        suite = db.session.get(Suite, ids["suite"])
        for n in range(QUEUE_PAGE_SIZE + 1):  # the n-th visit n days after 1 January
            make_report(suite, visit_date=date(2026, 1, 1) + timedelta(days=n))
        reviewed = make_report(suite, visit_date=date(2026, 6, 1))
        reviewed.reviewed_at = NOW
        db.session.commit()
    office = login("coordinator")
    first = office.get("/reports/review").text
    assert "51 reports, newest first: 1 to 50" in first
    assert 'href="/reports/review?page=2&amp;unreviewed=y" rel="next"' in first
    second = office.get("/reports/review?page=2&unreviewed=y").text
    assert "51 reports, newest first: 51 to 51" in second
    assert "1 January 2026" in second
    assert "51 reports, newest first: 51 to 51" in office.get("/reports/review?page=2").text
    everything = office.get("/reports/review?suite=&page=2").text
    assert "52 reports, newest first: 51 to 52" in everything
    assert office.get("/reports/review?page=3").status_code == 404
