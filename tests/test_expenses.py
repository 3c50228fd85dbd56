"""Expense claims: a volunteer claims from their phone, the office approves, queries or
rejects, finance gets a month's approved claims; nobody sees another volunteer's claim."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from icv.accounts.models import User
from icv.audit.models import AuditEvent
from icv.expenses import services
from icv.expenses.models import ExpenseClaim
from icv.expenses.rules import MoneyError, parse_pence, pounds
from icv.expenses.services import ClaimValues
from icv.extensions import db
from icv.visits.models import VisitReport
from tests.conftest import sign_in
from tests.mail import outbox
from tests.reporting import make_report, pair

#: A Saturday, so nothing here leans on a weekday.
NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ids(app, personas):
    """Val and Sam on Leamington Spa's panel, and Val's report of their visit of 10 November."""
    with app.app_context():
        suite, val, sam = pair()
        report = make_report(suite, visitor_1_id=val.id, visitor_2_id=sam.id)
        db.session.commit()
        return {"val": val.id, "sam": sam.id, "report": report.id}


def user(email: str) -> User:
    return db.session.scalars(User.by_email(email)).one()


def claim_values(**changes) -> ClaimValues:
    values = {
        "kind": "meeting",
        "report": None,
        "spent_on": date(2026, 11, 18),
        "description": "Panel meeting",
        "reference": None,
        "miles": 10,
        "parking": 0,
        "transport": 0,
        "other": 0,
        "other_description": None,
        **changes,
    }
    return ClaimValues(**values)


def make_claim(volunteer_id: int, status: str = "submitted", **changes) -> ExpenseClaim:
    from icv.volunteers.models import Volunteer

    volunteer = db.session.get(Volunteer, volunteer_id)
    claim = services.submit_claim(volunteer.user, volunteer, claim_values(**changes), 45)
    if status != "submitted":
        chris = user("chris@example.org")
        {"approved": lambda: services.approve(chris, claim)}.get(
            status, lambda: services.reject(chris, claim, "No")
        )()
    return claim


def office(app):
    client = app.test_client()
    assert sign_in(client, "chris@example.org").status_code == 302
    return client


VISIT_CLAIM = {
    "kind": "visit",
    "miles": "23",
    "parking": "3.5",
    "transport": "",
    "other": "£1.20",
    "other_description": "Bridge toll",
    "spent_on": ["", "", ""],
}


def test_a_claim_goes_from_the_phone_to_approval_with_audit_and_mail(app, login, ids):
    val = login("volunteer")
    form = val.get("/expenses/new").text
    assert f'<option value="{ids["report"]}">Leamington Spa, 10 November 2026</option>' in form
    response = val.post("/expenses/new", data={**VISIT_CLAIM, "report_id": str(ids["report"])})
    with app.app_context():
        claim = db.session.scalars(select(ExpenseClaim)).one()
        assert response.headers["Location"] == f"/expenses/{claim.id}"
        assert (claim.volunteer_id, claim.report_id, claim.spent_on) == (
            ids["val"],
            ids["report"],
            date(2026, 11, 10),
        )
        assert (claim.miles, claim.pence_per_mile, claim.parking_pence, claim.other_pence) == (
            23,
            45,
            350,
            120,
        )
        assert (claim.status, claim.total_pence) == ("submitted", 23 * 45 + 350 + 120)
        claim_id = claim.id
    assert "£15.05" in val.get("/expenses/").text
    assert "<strong>£15.05</strong>" in val.get(f"/expenses/{claim_id}").text  # not escaped
    coordinator = office(app)
    queue = coordinator.get("/expenses/office").text
    assert f'href="/expenses/{claim_id}">Visit to Leamington Spa</a>' in queue
    response = coordinator.post(f"/expenses/{claim_id}/approve", data={})
    assert response.headers["Location"] == "/expenses/office"
    with app.app_context():
        claim = db.session.get(ExpenseClaim, claim_id)
        assert (claim.status, claim.decided_by.email) == ("approved", "chris@example.org")
        assert claim.decided_at == NOW
        actions = db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("expense.%"))
            .order_by(AuditEvent.id)
        ).all()
        assert actions == ["expense.submitted", "expense.approved"]
        [mail] = outbox("expense-approved")
        assert mail.to_address == "val@example.org"
        assert mail.subject == "Your expense claim of £15.05 is approved"
        assert f"http://icv.test/expenses/{claim_id}" in mail.body_text
    # Decided once: a second approval is refused and changes nothing.
    again = coordinator.post(f"/expenses/{claim_id}/approve", data={})
    assert again.headers["Location"] == f"/expenses/{claim_id}"
    assert val.get(f"/expenses/{claim_id}/change").headers["Location"] == f"/expenses/{claim_id}"


def test_a_queried_claim_is_answered_by_changing_it(app, login, ids):
    with app.app_context():
        claim_id = make_claim(ids["val"], parking=500).id
        db.session.commit()
    coordinator = office(app)
    response = coordinator.post(
        f"/expenses/{claim_id}/query", data={"query-message": "Was parking £5 for one hour?"}
    )
    assert response.headers["Location"] == "/expenses/office"
    with app.app_context():
        [mail] = outbox("expense-queried")
        assert mail.to_address == "val@example.org"
        assert "Was parking £5 for one hour?" in mail.body_text
        assert db.session.get(ExpenseClaim, claim_id).status == "queried"
    val = login("volunteer")
    page = val.get(f"/expenses/{claim_id}").text
    assert "Was parking £5 for one hour?" in page
    assert "Answer and change the claim" in page
    form = {
        "kind": "meeting",
        "spent_on": ["18", "11", "2026"],
        "description": "Panel meeting",
        "miles": "10",
        "parking": "2.50",
    }
    refused = val.post(f"/expenses/{claim_id}/change", data=form)
    assert refused.status_code == 400
    assert 'href="#answer">Answer the office&#39;s question</a>' in refused.text
    response = val.post(
        f"/expenses/{claim_id}/change", data={**form, "answer": "No, £2.50: I misread it"}
    )
    assert response.headers["Location"] == f"/expenses/{claim_id}"
    with app.app_context():
        claim = db.session.get(ExpenseClaim, claim_id)
        assert (claim.status, claim.parking_pence, claim.answer) == (
            "submitted",
            250,
            "No, £2.50: I misread it",
        )
        [changed] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "expense.changed")
        ).all()
        assert changed.summary == f"Answered the query on expense claim {claim_id} (£7.00)"


def test_a_rejected_claim_says_why_and_mails_nobody(app, login, ids):
    with app.app_context():
        claim_id = make_claim(ids["val"]).id
        db.session.commit()
    response = office(app).post(
        f"/expenses/{claim_id}/reject", data={"reject-message": "Claimed twice"}
    )
    assert response.headers["Location"] == "/expenses/office"
    with app.app_context():
        assert db.session.get(ExpenseClaim, claim_id).status == "rejected"
        assert outbox() == []
    assert "Claimed twice" in login("volunteer").get(f"/expenses/{claim_id}").text


def test_a_volunteer_never_sees_or_changes_another_volunteers_claim(app, login, ids):
    with app.app_context():
        claim_id = make_claim(ids["val"]).id
        db.session.commit()
    sam = login("volunteer2")
    assert sam.get(f"/expenses/{claim_id}").status_code == 404
    assert sam.get(f"/expenses/{claim_id}/change").status_code == 404
    assert sam.post(f"/expenses/{claim_id}/change", data={}).status_code == 404
    assert sam.post(f"/expenses/{claim_id}/approve").status_code == 403
    assert sam.get("/expenses/office").status_code == 403
    assert sam.get("/expenses/office/export?month=2026-11&format=csv").status_code == 403
    assert "Panel meeting" not in sam.get("/expenses/").text
    # Nor a report they were not on: Sam's form offers the report; a made-up id is refused.
    response = sam.post("/expenses/new", data={**VISIT_CLAIM, "report_id": str(ids["report"] + 99)})
    assert response.status_code == 400
    assert "Choose the visit you are claiming for" in response.text


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("3.5", 350), ("3.50", 350), ("£3.50", 350), ("3", 300), (" £0.05 ", 5), ("", 0)],
)
def test_it_reads_amounts_in_pounds(typed, pence):
    assert parse_pence(typed) == pence


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("-1", "must be £0 or more"),
        ("3.555", "must be in pounds and pence, like 3.50, with 2 numbers at most after the point"),
        ("three", "must be an amount in pounds, like 3.50"),
        ("10000.01", "must be £10,000 or less"),
    ],
)
def test_it_refuses_amounts_it_cannot_pay_exactly(typed, problem):
    with pytest.raises(MoneyError) as refused:
        parse_pence(typed)
    assert str(refused.value) == problem


def test_a_bad_amount_is_explained_next_to_its_field_and_nothing_is_saved(app, login, ids):
    val = login("volunteer")
    response = val.post(
        "/expenses/new",
        data={**VISIT_CLAIM, "report_id": str(ids["report"]), "parking": "3.555"},
    )
    assert response.status_code == 400
    problem = (
        "Parking must be in pounds and pence, like 3.50, with 2 numbers at most after the point"
    )
    assert f'<a href="#parking">{problem}</a>' in response.text
    assert 'value="3.555"' in response.text
    with app.app_context():
        assert db.session.scalars(select(ExpenseClaim)).all() == []


def test_pounds_are_shown_with_pence():
    assert (pounds(5), pounds(350), pounds(125000)) == ("£0.05", "£3.50", "£1,250.00")


def test_the_finance_export_has_only_the_months_approved_claims_and_their_totals(app, ids):
    with app.app_context():
        make_claim(ids["val"], "approved", miles=23, parking=350)
        make_claim(
            ids["sam"],
            "approved",
            kind="training",
            description="=Refresher",
            miles=0,
            transport=1240,
            spent_on=date(2026, 11, 30),
        )
        make_claim(ids["val"], "approved", spent_on=date(2026, 12, 1))  # December
        make_claim(ids["val"], "submitted")  # not approved
        make_claim(ids["val"], "rejected")
        db.session.commit()
    coordinator = office(app)
    response = coordinator.get("/expenses/office/export?month=2026-11&format=csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="expenses-2026-11.csv"'
    assert response.data.decode("utf-8-sig").splitlines() == [
        "Volunteer,Date,Kind,For,Miles,Pence per mile,Mileage,Parking,Fares,Other,Total,"
        "Approved by,Approved on",
        "Val Person,2026-11-18,Meeting,Panel meeting,23,45,10.35,3.50,0.00,0.00,13.85,"
        "Chris Person,2026-12-05",
        "Sam Person,2026-11-30,Training,'=Refresher,0,45,0.00,0.00,12.40,0.00,12.40,"
        "Chris Person,2026-12-05",
        "Total,,,2 claims,23,,10.35,3.50,12.40,0.00,26.25,,",
    ]
    from openpyxl import load_workbook

    xlsx = coordinator.get("/expenses/office/export?month=2026-11&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[-1][:5] == ["Total", None, None, "2 claims", 23]
    assert [float(v) for v in rows[-1][6:11]] == [10.35, 3.5, 12.4, 0.0, 26.25]
    assert coordinator.get("/expenses/office/export?month=1999-01&format=csv").status_code == 404


def test_the_annual_summary_counts_approved_claims_as_the_cost_of_the_scheme(app, ids):
    with app.app_context():
        report = db.session.get(VisitReport, ids["report"])
        make_claim(ids["val"], "approved", kind="visit", report=report, miles=23, parking=350)
        make_claim(ids["sam"], "approved", miles=10)  # a meeting: £4.50
        make_claim(ids["sam"], "submitted", miles=500)
        make_claim(ids["val"], "approved", spent_on=date(2025, 12, 31))  # the year before
        db.session.commit()
    coordinator = office(app)
    page = coordinator.get("/summary/2026?basis=calendar").text
    cost = page[page.index('id="cost"') :]
    for label, shown in [
        ("Approved expenses", "£18.35"),
        ("For visits", "£13.85"),
        ("For meetings", "£4.50"),
        ("For training", "£0.00"),
        ("For visits, per visit attempted", "£13.85"),
        ("Approved claims", "2"),
    ]:
        assert re.search(rf">{re.escape(label)}</th>\s*<td[^>]*>\s*{re.escape(shown)}\s*<", cost)
    csv = coordinator.get("/summary/2026/summary.csv?basis=calendar").text
    title = "Cost of the scheme: approved expenses"
    assert f"{title},Approved expenses,18.35,," in csv
    assert f"{title},Approved claims,2,," in csv


def test_a_new_mileage_rate_applies_to_claims_made_from_then_on(app, login, ids):
    with app.app_context():
        before = make_claim(ids["val"], miles=10).id
        db.session.commit()
    admin = login("admin")
    settings = {
        "scheme_name": "Warwickshire ICV",
        "office_name": "OPCC",
        "contact_email": "icv@example.org",
        "pence_per_mile": "50",
    }
    assert admin.post("/admin/settings", data=settings).headers["Location"] == "/admin/settings"
    assert (
        "must be from 0 to 200"
        in admin.post("/admin/settings", data={**settings, "pence_per_mile": "450"}).text
    )
    val = app.test_client()
    sign_in(val, "val@example.org")
    form = {
        "kind": "meeting",
        "spent_on": ["18", "11", "2026"],
        "description": "AGM",
        "miles": "10",
    }
    assert val.post("/expenses/new", data=form).status_code == 302
    with app.app_context():
        rates = db.session.execute(
            select(ExpenseClaim.id, ExpenseClaim.pence_per_mile).order_by(ExpenseClaim.id)
        ).all()
        assert [tuple(r) for r in rates] == [(before, 45), (before + 1, 50)]


def test_a_volunteers_subject_access_export_holds_their_claims_only(app, login, ids):
    with app.app_context():
        make_claim(ids["val"], parking=250)
        make_claim(ids["sam"], description="Sam's meeting")
        db.session.commit()
    response = login("admin").post("/admin/people/download", data={"email": "val@example.org"})
    [claim] = json.loads(response.text)["volunteer"]["expense_claims"]
    assert (claim["description"], claim["parking_pence"], claim["status"]) == (
        "Panel meeting",
        250,
        "submitted",
    )


def test_erasing_a_volunteer_keeps_their_claims_for_the_accounts_but_not_their_words(app, ids):
    from icv.people.services import erase, find_person

    with app.app_context():
        claim = make_claim(ids["val"], parking=250)
        claim.answer = "I parked at my sister's flat on Clarendon Street"
        db.session.commit()
        erase(None, find_person("val@example.org"), date(2026, 12, 5))
        db.session.commit()
        kept = db.session.get(ExpenseClaim, claim.id)
        assert (kept.parking_pence, kept.spent_on, kept.answer) == (250, date(2026, 11, 18), None)


def test_the_coordinators_page_of_a_volunteer_shows_their_expenses(app, ids):
    with app.app_context():
        make_claim(ids["val"], "approved")  # 10 miles at 45p, 18 November 2026
        make_claim(ids["val"], "approved", miles=20, spent_on=date(2025, 12, 31))  # last year
        make_claim(ids["val"], "rejected")
        make_claim(ids["val"])  # waiting
        make_claim(ids["sam"], "approved", miles=100)  # someone else's
        db.session.commit()
    page = office(app).get(f"/volunteers/{ids['val']}").text
    section = page[page.index(">Expenses</h2>") :]
    assert re.search(r"Approved in 2026\s*</dt>\s*<dd[^>]*>\s*£4.50 \(1 claim\)", section)
    assert re.search(r"Not yet decided\s*</dt>\s*<dd[^>]*>\s*1 claim\b", section)
    assert 'href="/expenses/office">Expense claims</a>' in section
