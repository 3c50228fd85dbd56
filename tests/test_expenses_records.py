"""Where approved expense claims are read besides the claim: finance's month export, the
annual summary's cost of the scheme, the volunteer's subject access export, erasure (the
amounts kept, the words not) and the coordinator's page of the volunteer."""

# ruff: noqa: F811 (the ``ids`` fixture imported from tests/expenses.py is the tests' argument)

from __future__ import annotations

import io
import json
import re
from datetime import date

from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.visits.models import VisitReport
from tests.expenses import frozen, ids, make_claim, office  # noqa: F401  (frozen, ids: fixtures)


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
