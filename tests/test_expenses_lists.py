"""The lists of claims a page at a time (the volunteer's, newest first, 25 a page; the
office's queue, 50 a page, its filter kept in the page links), and the claim form offering
every visit the volunteer may still claim, however old (issue 15, item 3: no list silently
cut)."""

# ruff: noqa: F811 (the ``ids`` fixture imported from tests/expenses.py is the tests' argument)

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from icv.expenses import services
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer
from tests.conftest import sign_in
from tests.expenses import frozen, ids, make_claim, office, user  # noqa: F401  (fixtures)
from tests.factories import PERSONAS, make_suite
from tests.reporting import make_report
from tests.statements import statements

VISIT_CLAIM = {"kind": "visit", "miles": "12", "spent_on": ["", "", ""]}


def test_it_shows_a_volunteers_claims_newest_first_25_a_page(app, login, ids):
    with app.app_context():
        for n in range(26):  # Meeting 00 on 30 November, ... Meeting 25 on 5 November
            make_claim(ids["val"], description=f"Meeting {n:02}", spent_on=date(2026, 11, 30 - n))
        db.session.commit()
    val = login("volunteer")
    first = val.get("/expenses/").text
    assert first.index("Meeting 00, 30 November 2026") < first.index("Meeting 24, 6 November")
    assert "Meeting 25" not in first
    assert 'href="/expenses/?page=2"' in first
    second = val.get("/expenses/?page=2").text
    assert "Meeting 25, 5 November 2026" in second
    assert "Meeting 24" not in second
    assert 'href="/expenses/?page=1"' in second
    assert val.get("/expenses/?page=3").status_code == 404


def test_it_says_so_when_a_volunteer_has_no_claims_and_links_no_pages(login, ids):
    page = login("volunteer").get("/expenses/").text
    assert "You have not claimed any expenses yet." in page
    assert "govuk-pagination" not in page


def test_the_office_queue_keeps_its_month_in_the_page_links_and_shows_the_51st_on_page_2(app, ids):
    with app.app_context():
        for n in range(51):  # the same day: the latest made first, so Meeting 00 comes 51st
            make_claim(ids["sam"], description=f"Meeting {n:02}", spent_on=date(2026, 11, 18))
        make_claim(ids["sam"], description="October meeting", spent_on=date(2026, 10, 20))
        db.session.commit()
    coordinator = office(app)
    first = coordinator.get("/expenses/office?month=2026-11").text
    assert "51 claims, waiting first: 1 to 50" in first
    assert "Meeting 01" in first
    assert "Meeting 00" not in first
    assert 'href="/expenses/office?page=2&amp;month=2026-11"' in first
    second = coordinator.get("/expenses/office?page=2&month=2026-11").text
    assert "Meeting 00" in second
    assert "October meeting" not in second
    assert "Meeting 01" not in second


def test_the_claim_form_offers_a_visit_older_than_the_latest_50(app, login, ids):
    """The 51st report back (the form used to offer the latest 50) is offered and claimed."""
    with app.app_context():
        suite = db.session.get(Volunteer, ids["val"]).suites[0]
        for n in range(1, 50):  # after the fixture's of 10 November: 9 November to 22 September
            make_report(
                suite,
                visit_date=date(2026, 11, 10) - timedelta(days=n),
                visitor_1_id=ids["val"],
                visitor_2_id=ids["sam"],
            )
        oldest = make_report(
            suite,
            visit_date=date(2026, 9, 21),
            visitor_1_id=ids["val"],
            visitor_2_id=ids["sam"],
        )
        db.session.commit()
        oldest = oldest.id
    val = login("volunteer")
    form = val.get("/expenses/new").text
    assert form.count('">Leamington Spa, ') == 51  # every report, none cut
    assert f'<option value="{oldest}">Leamington Spa, 21 September 2026</option>' in form
    response = val.post("/expenses/new", data={**VISIT_CLAIM, "report_id": str(oldest)})
    assert response.status_code == 302
    assert f'<option value="{oldest}">' not in val.get("/expenses/new").text


def test_the_claim_form_leaves_out_a_visit_the_volunteer_claimed_until_the_claim_is_rejected(
    app, login, ids
):
    with app.app_context():
        report = db.session.get(VisitReport, ids["report"])
        claim_id = make_claim(ids["val"], kind="visit", report=report, spent_on=None).id
        db.session.commit()
    offered = f'<option value="{ids["report"]}">'
    val = login("volunteer")
    form = val.get("/expenses/new").text
    assert offered not in form
    assert "Your filed reports of visits you have not claimed yet." in form
    # Changing the claim keeps its own visit on offer, chosen.
    change = val.get(f"/expenses/{claim_id}/change").text
    assert f'<option value="{ids["report"]}" selected>' in change
    # Either of the pair may claim the visit: Sam's form still offers it.
    sam = app.test_client()
    assert sign_in(sam, PERSONAS["volunteer2"][0]).status_code == 302
    assert offered in sam.get("/expenses/new").text
    with app.app_context():
        claim = db.session.get(ExpenseClaim, claim_id)
        services.reject(user("chris@example.org"), claim, "Parking was not receipted")
        db.session.commit()
    assert offered in val.get("/expenses/new").text


def test_the_finance_export_costs_the_same_statements_for_one_claim_as_for_four(app, ids):
    """Each visit claim names its report's suite: read with the month's claims, not one by
    one (the office downloads a month of them)."""

    def export_statements() -> list[str]:
        with statements(app) as sent:
            answer = coordinator.get("/expenses/office/export?month=2026-11&format=csv")
        assert answer.status_code == 200
        return sent

    with app.app_context():
        first = db.session.get(VisitReport, ids["report"])
        claim = make_claim(ids["val"], kind="visit", report=first, spent_on=None)
        services.approve(user("chris@example.org"), claim)
        db.session.commit()
    coordinator = office(app)
    one = export_statements()
    with app.app_context():
        chris = user("chris@example.org")
        for n in range(1, 4):
            suite = make_suite(f"Suite {n}", f"{n} Station Road")
            report = make_report(
                suite,
                visit_date=date(2026, 11, 10 + n),
                visitor_1_id=ids["val"],
                visitor_2_id=ids["sam"],
            )
            volunteer = ids["sam"] if n % 2 else ids["val"]
            claim = make_claim(volunteer, kind="visit", report=report, spent_on=None)
            services.approve(chris, claim)
        db.session.commit()
    four = export_statements()
    assert len(four) == len(one)
    assert (
        coordinator.get("/expenses/office/export?month=2026-11&format=csv").text.count("Visit to ")
        == 4
    )


def test_a_meetings_claim_with_anything_posted_as_its_visit_is_stored_without_one(app, login, ids):
    """The visit box is read only for a visit's claim: a tampered or leftover value with a
    meeting's claim is not taken for a number (it gave a 500)."""
    val = login("volunteer")
    meeting = {"kind": "meeting", "description": "Panel meeting", "miles": "3"}
    for posted in ("abc", "99999999999999999999", str(ids["report"])):
        data = {**meeting, "spent_on": ["18", "11", "2026"], "report_id": posted}
        assert val.post("/expenses/new", data=data).status_code == 302, posted
    with app.app_context():
        claims = db.session.scalars(select(ExpenseClaim).order_by(ExpenseClaim.id)).all()
        assert [(c.kind, c.report_id, c.spent_on) for c in claims] == [
            ("meeting", None, date(2026, 11, 18))
        ] * 3


def test_changing_one_of_two_claims_for_a_visit_keeps_the_visit_on_offer(app, login, ids):
    """Two standing claims for one visit could be made before a claimed visit left the form:
    changing either keeps its visit."""
    with app.app_context():
        report = db.session.get(VisitReport, ids["report"])
        first = make_claim(ids["val"], kind="visit", report=report, spent_on=None).id
        make_claim(ids["val"], kind="visit", report=report, spent_on=None)
        db.session.commit()
    val = login("volunteer")
    change = val.get(f"/expenses/{first}/change").text
    assert f'<option value="{ids["report"]}" selected>' in change
    posted = {**VISIT_CLAIM, "miles": "30", "report_id": str(ids["report"])}
    assert val.post(f"/expenses/{first}/change", data=posted).status_code == 302
    with app.app_context():
        claim = db.session.get(ExpenseClaim, first)
        assert (claim.report_id, claim.miles) == (ids["report"], 30)


def test_a_visit_claimed_from_another_tab_meanwhile_is_refused_saying_so(app, login, ids):
    val = login("volunteer")
    offered = val.get("/expenses/new").text
    assert f'<option value="{ids["report"]}">' in offered
    posted = {**VISIT_CLAIM, "report_id": str(ids["report"])}
    assert val.post("/expenses/new", data=posted).status_code == 302  # the first tab
    again = val.post("/expenses/new", data=posted)  # the second tab, shown before
    assert again.status_code == 400
    assert "You have already claimed for this visit" in again.text
    assert "Choose the visit you are claiming for" not in again.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExpenseClaim)) == 1
    # A visit that is not theirs at all, or no number, is still "choose a visit".
    for other in ("123456789", "abc", "9999999999"):
        refused = val.post("/expenses/new", data={**VISIT_CLAIM, "report_id": other})
        assert refused.status_code == 400, other
        assert "Choose the visit you are claiming for" in refused.text, other
