"""Expense claims: a volunteer claims from their phone, the office approves, queries or
rejects; a bad amount is explained; nobody sees another volunteer's claim; a new mileage rate
applies from then on."""

# ruff: noqa: F811 (the ``ids`` fixture imported from tests/expenses.py is the tests' argument)

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from icv.audit.models import AuditEvent
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from tests.conftest import sign_in
from tests.expenses import NOW, frozen, ids, make_claim, office  # noqa: F401  (frozen, ids: fixtures)
from tests.mail import outbox

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


@pytest.mark.parametrize(
    ("miles", "problem"),
    [
        ("-1", "Miles cannot be less than 0"),
        ("2001", "Miles must be 2000 or fewer"),
        ("0", None),
        ("2000", None),
    ],
)
def test_miles_below_0_or_above_2000_are_refused_with_their_own_words(
    app, login, ids, miles, problem
):
    val = login("volunteer")
    data = {**VISIT_CLAIM, "report_id": str(ids["report"]), "miles": miles}
    response = val.post("/expenses/new", data=data)
    with app.app_context():
        saved = db.session.scalars(select(ExpenseClaim.miles)).all()
    if problem is None:
        assert response.status_code == 302
        assert saved == [int(miles)]
    else:
        assert response.status_code == 400
        assert f'<a href="#miles">{problem}</a>' in response.text
        assert f'value="{miles}"' in response.text
        assert saved == []


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
