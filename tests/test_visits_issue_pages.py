"""The issue pages as HTML: every id on a case's page unique, and closed issues a page at a time,
most recently closed first."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import literal, select, union_all
from werkzeug.exceptions import NotFound

from icv.extensions import db
from icv.pagination import page_asked, page_numbers, paginated
from icv.suites.models import Suite
from icv.visits.issue_routes import CLOSED_PAGE_SIZE, PAGE_SIZE
from icv.visits.models import VisitIssue
from icv.visits.values import IssueValues
from tests.factories import make_suite
from tests.reporting import frozen, make_report  # noqa: F401  (frozen is a fixture)

FIRST_CLOSED = date(2026, 1, 1)


def ids_of(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


@pytest.mark.parametrize(
    ("status", "forms"),
    [
        ("escalated", ["send", "respond", "close"]),
        ("responded", ["send", "escalate", "close"]),
        ("new", ["send", "close"]),
    ],
)
def test_every_id_on_an_issue_page_is_unique(app, login, status, forms):
    with app.app_context():
        report = make_report(make_suite("Rugby"))
        report.issues[0].status = status
        db.session.commit()
        issue_id = report.issues[0].id
    page = login("coordinator").get(f"/issues/{issue_id}").text
    assert [f for f in ("send", "respond", "escalate", "close") if f'id="{f}"' in page] == forms
    repeated = [name for name, n in Counter(ids_of(page)).items() if n > 1]
    assert repeated == []
    # Each form's fields, hints and counts carry its name.
    assert 'id="send-note"' in page
    assert 'id="send-note-hint"' in page
    assert 'id="note"' not in page
    assert 'id="note-hint"' not in page


def closed_issues(count: int, suite_name: str = "Rugby") -> list[int]:
    """``count`` closed issues, the n-th (from 0) resolved n days after 1 January 2026."""
    suite = make_suite(suite_name)
    report = make_report(
        suite,
        visit_date=date(2025, 12, 1),
        issues=[IssueValues("food_drink", f"Closed issue {n}") for n in range(count)],
    )
    for n, issue in enumerate(report.issues):
        issue.status, issue.resolved_on = "closed", FIRST_CLOSED + timedelta(days=n)
    db.session.commit()
    return [issue.id for issue in report.issues]


def listed(html: str) -> list[str]:
    return re.findall(r"Closed issue (\d+)</span>", html)


def test_closed_issues_come_a_page_at_a_time_newest_first(app, login):
    with app.app_context():
        closed_issues(CLOSED_PAGE_SIZE + 2)
    client = login("coordinator")
    first = client.get("/issues?status=closed").text
    # Most recently closed first: the last one made, then backwards.
    newest = [str(n) for n in range(CLOSED_PAGE_SIZE + 1, 1, -1)]
    assert listed(first) == newest
    assert "27 closed issues, most recently closed first: 1 to 25" in first
    assert 'aria-label="Pages of closed issues"' in first
    assert 'href="/issues?status=closed&amp;page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert 'aria-current="page"' in first.split("Pages of closed issues", 1)[1]
    last = client.get("/issues?status=closed&page=2").text
    assert listed(last) == ["1", "0"]
    assert "27 closed issues, most recently closed first: 26 to 27" in last
    assert 'href="/issues?status=closed&amp;page=1" rel="prev"' in last
    assert 'rel="next"' not in last
    for beyond in ("3", "0", "two", "99999999"):
        assert client.get(f"/issues?status=closed&page={beyond}").status_code == 404


def test_a_closed_issue_with_no_date_comes_last_on_every_engine(app, login):
    """Closed issues are read along an index on PostgreSQL (resolved_on NULLS FIRST, read
    backwards), whose plain DESC would put an undated one first."""
    with app.app_context():
        newest = closed_issues(3)[2]
        db.session.get(VisitIssue, newest).resolved_on = None  # closed before dates were kept
        db.session.commit()
    page = login("coordinator").get("/issues?status=closed").text
    assert listed(page) == ["1", "0", "2"]


def test_a_full_page_of_closed_issues_needs_no_second(app, login):
    with app.app_context():
        closed_issues(CLOSED_PAGE_SIZE)
    client = login("coordinator")
    page = client.get("/issues?status=closed").text
    assert len(listed(page)) == CLOSED_PAGE_SIZE
    assert "25 closed issues, most recently closed first</caption>" in page
    assert "Pages of closed issues" not in page
    assert client.get("/issues?status=closed&page=2").status_code == 404
    with app.app_context():
        closed_issues(1, suite_name="Nuneaton")
    page = client.get("/issues?status=closed").text
    assert len(listed(page)) == CLOSED_PAGE_SIZE
    assert client.get("/issues?status=closed&page=2").status_code == 200


def test_page_links_keep_the_filters(app, login):
    with app.app_context():
        closed_issues(CLOSED_PAGE_SIZE + 1)
        suite_id = db.session.scalars(db.select(Suite.id)).one()
    client = login("coordinator")
    page = client.get(f"/issues?status=closed&suite={suite_id}&serious=").text
    assert f'href="/issues?status=closed&amp;page=2&amp;suite={suite_id}" rel="next"' in page
    # The status tabs keep them too, and a filter not set adds nothing to the address.
    assert f'href="/issues?status=open&amp;suite={suite_id}"' in page


def page_of(app, number: int | str, total: int, size: int):
    """Page ``number`` of ``total`` rows ``size`` at a time, as an address asks for it."""
    # A list needs a row: an empty list is one row filtered out.
    rows = union_all(*(select(literal(n).label("n")) for n in range(max(total, 1)))).subquery()
    query = select(rows.c.n).where(rows.c.n < total).order_by(rows.c.n)
    with app.test_request_context(f"/?page={number}"):
        return paginated(query, size)


@pytest.mark.parametrize(
    ("number", "last", "shown"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 3, [1, 2, 3]),
        (1, 9, [1, 2, None, 9]),
        (4, 9, [1, 2, 3, 4, 5, None, 9]),  # 2 is the only page between 1 and 3: shown
        (5, 9, [1, None, 4, 5, 6, None, 9]),
        (9, 9, [1, None, 8, 9]),
    ],
)
def test_it_links_the_first_last_and_nearby_pages(app, number, last, shown):
    assert page_numbers(page_of(app, number, last * 10, 10)) == shown


def test_a_page_knows_its_rows(app):
    page = page_of(app, 2, 27, 25)
    assert (page.pages, page.first, page.last, page.items) == (2, 26, 27, [25, 26])
    assert page_of(app, 1, 0, 25).items == []  # an empty list still has its first page
    assert page_of(app, 1, 25, 25).pages == 1
    with pytest.raises(NotFound):
        page_of(app, 2, 25, 25)
    assert page_of(app, 2, 26, 25).items == [25]
    assert [page_asked(raw) for raw in (None, "", "3", " 2 ", "x", "-1", "1234567")] == [
        1,
        1,
        3,
        2,
        0,
        0,
        0,
    ]
    # What int() would take, db.paginate's own reading included, is no page number here.
    for unusual in ("\u0663", "%2B2", "0_1"):
        with pytest.raises(NotFound):
            page_of(app, unusual, 30, 10)


def test_each_form_of_an_issue_page_carries_its_own_csrf_token(app, strict_app, personas):
    """With the forms' fields prefixed, their CSRF fields are too: a post from the page with
    CSRF checks on is accepted."""
    from tests.conftest import sign_in

    with app.app_context():
        report = make_report(make_suite("Rugby"))
        db.session.commit()
        issue_id = report.issues[0].id
    client = strict_app.test_client()
    strict_app.config["WTF_CSRF_ENABLED"] = False
    sign_in(client, "chris@example.org")
    strict_app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/issues/{issue_id}").text
    token = re.search(r'name="close-csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    closed = client.post(
        f"/issues/{issue_id}/close",
        data={
            "close-csrf_token": token.group(1),
            "close-note": "Resolved on the spot",
            "close-resolved_on": ["20", "11", "2026"],
        },
    )
    assert closed.status_code == 302
    refused = client.post(f"/issues/{issue_id}/close", data={"close-note": "No token"})
    assert refused.status_code == 400


def open_issues(count: int, suite_name: str = "Rugby") -> None:
    """``count`` open issues, the n-th (from 0) raised at a visit n days after 1 January 2026;
    every tenth serious."""
    suite = make_suite(suite_name)
    for n in range(count):
        report = make_report(
            suite,
            visit_date=FIRST_CLOSED + timedelta(days=n),
            issues=[IssueValues("food_drink", f"Open issue {n}")],
        )
        report.issues[0].is_serious = n % 10 == 0
    db.session.commit()


def open_listed(html: str) -> list[str]:
    return re.findall(r"Open issue (\d+)</span>", html)


def test_open_issues_come_a_page_at_a_time_serious_then_newest_first(app, login):
    with app.app_context():
        open_issues(PAGE_SIZE + 3)
    client = login("coordinator")
    first = client.get("/issues").text
    serious = ["20", "10", "0"]
    newest = [str(n) for n in range(PAGE_SIZE + 2, -1, -1) if n % 10]
    assert open_listed(first) == serious + newest[: PAGE_SIZE - 3]
    assert "28 issues, serious first, then newest first: 1 to 25" in first
    assert 'href="/issues?status=open&amp;page=2" rel="next"' in first
    last = client.get("/issues?page=2").text
    assert open_listed(last) == newest[PAGE_SIZE - 3 :] == ["3", "2", "1"]
    assert client.get("/issues?page=3").status_code == 404


def test_no_list_of_issues_is_cut_short(app, login):
    """Every issue is on a page: the lists once stopped at 500, showing the oldest."""
    with app.app_context():
        open_issues(2 * PAGE_SIZE + 1)
    client = login("coordinator")
    pages = [client.get(f"/issues?status=all&page={n}").text for n in (1, 2, 3)]
    shown = [n for page in pages for n in open_listed(page)]
    assert sorted(shown, key=int) == [str(n) for n in range(2 * PAGE_SIZE + 1)]
    assert "51 issues, serious first, then newest first: 51 to 51" in pages[2]


def test_open_issue_page_links_keep_the_filters(app, login):
    with app.app_context():
        open_issues(PAGE_SIZE + 1)
        suite_id = db.session.scalars(db.select(Suite.id)).one()
    client = login("coordinator")
    page = client.get(f"/issues?suite={suite_id}&category=food_drink").text
    assert (
        f'href="/issues?status=open&amp;page=2&amp;suite={suite_id}&amp;category=food_drink"'
        ' rel="next"' in page
    )
    assert 'aria-label="Pages of issues"' in page
