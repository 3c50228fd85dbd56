"""Every persona's list pages cost the same number of SQL statements with 10 rows of each
kind as with 200 (issue 15, item 2): related rows are loaded with the list, not one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.rota.models import RotaPeriod
from tests.list_pages import LIST_PAGES, list_pages
from tests.page_cost import BIG_ROTA_STARTS, cost, grow
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon)

#: Issue 15's target: no list page sends more statements than this.
MOST_STATEMENTS = 15


@pytest.mark.parametrize("persona", list(LIST_PAGES))
def test_list_pages_cost_the_same_with_10_rows_as_with_200_and_at_most_15(app, login, persona):
    grow(app, 0, 10)
    client = login(persona)
    with app.app_context():
        rota = db.session.scalar(
            select(RotaPeriod.id).where(RotaPeriod.starts_on == BIG_ROTA_STARTS)
        )
    pages = list_pages(persona, rota, year=2026)
    few = {page: cost(app, client, page) for page in pages}
    grow(app, 10, 200)
    many = {page: cost(app, client, page) for page in pages}
    grown = {
        page: (len(few[page]), len(many[page]))
        for page in pages
        if len(many[page]) != len(few[page])
    }
    assert grown == {}, "\n\n".join(many[next(iter(grown))]) if grown else ""

    # Read again, as a page is read most of the time: what a first view works out once and
    # keeps (a rota's quality figures, the summary's figures) is kept by now.
    again = {page: cost(app, client, page) for page in pages}
    over = {page: len(sent) for page, sent in again.items() if len(sent) > MOST_STATEMENTS}
    assert over == {}, "\n\n".join(again[next(iter(over))]) if over else ""


#: A rota's fairness tab: the page's own 7 (the session, the rota, its visits and visitors,
#: the ids of those who may visit now, to know the kept figures are for them, the gaps'
#: suites, the settings) and the rosterable volunteers' names and record dates, in one narrow
#: statement; who is left out and why comes with the kept quality figures
#: (``quality_store.fairness_part``), not from the rota's problem built again (17 when it was).
FAIRNESS_STATEMENTS = 8


def test_the_fairness_tab_costs_the_same_with_10_rows_as_with_200(app, login):
    grow(app, 0, 10)
    client = login("coordinator")
    with app.app_context():
        rota = db.session.scalar(
            select(RotaPeriod.id).where(RotaPeriod.starts_on == BIG_ROTA_STARTS)
        )
    page = f"/rota/{rota}?view=fairness"
    cost(app, client, page)  # the first view after a change works out the quality figures
    few = cost(app, client, page)
    grow(app, 10, 200)
    cost(app, client, page)
    many = cost(app, client, page)
    assert len(many) == len(few) == FAIRNESS_STATEMENTS, "\n\n".join(many)
