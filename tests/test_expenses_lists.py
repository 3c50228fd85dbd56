"""The lists of claims a page at a time (the volunteer's, newest first, 25 a page; the
office's queue, 50 a page, its filter kept in the page links), and the claim form offering
every visit the volunteer may still claim, however old (issue 15, item 3: no list silently
cut)."""

# ruff: noqa: F811 (the ``ids`` fixture imported from tests/expenses.py is the tests' argument)

from __future__ import annotations

from datetime import date

from icv.extensions import db
from tests.expenses import frozen, ids, make_claim, office, user  # noqa: F401  (fixtures)

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
