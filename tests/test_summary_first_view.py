"""The first view of a summary after a change works the figures out in statements PostgreSQL
runs fast at a national scale (issue 15: a quarter or an earlier year at most 150 ms at 150k
reports, ``bench/summary_first_view.py``). The figures stay those of
``tests/test_summary_same_figures.py``; these tests hold the shapes that made them fast."""

from __future__ import annotations

from datetime import date

import pytest

from icv.summary.queries import FIRST_DAY, by_month_and_weekday
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.statements import statements
from tests.summary_data import history_fixture  # noqa: F401  (fixture)


def first_view(app, login, address: str = "/summary/2025") -> list[str]:
    client = login("commissioner")
    with statements(app) as sent:
        assert client.get(address).status_code == 200
    return sent


def the_statement(sent: list[str], *words: str) -> str:
    found = [s for s in sent if all(word in s for word in words)]
    assert len(found) == 1, "\n\n".join(sent)
    return found[0]


def test_it_sums_each_figure_plainly_grouped_by_outcome(app, login, history):
    """Each sum asked whether its visit was completed (40 comparisons a report: two thirds
    of the statement); grouped by outcome, a sum is a plain sum, added up in Python."""
    sums = the_statement(first_view(app, login), "sum(", "mental_health_powers")
    assert sums.count("visit_reports.outcome =") == 0
    assert "GROUP BY visit_reports.outcome, visit_reports.suite_id" in sums
    assert "GROUP BY visit_reports.outcome\n" in sums + "\n"


def test_it_builds_the_statements_once_and_sends_them_with_each_periods_days(app, login, history):
    """Building them and their cache keys cost more CPU than the database took to run them
    (bench/README.md, "A year's first view"): a first view of another period builds none."""
    from icv.summary import issue_queries, queries, tallies
    from icv.summary.checks import counted_checks_statement

    built = (
        queries.totals_statement,
        queries.breakdowns_statement,
        issue_queries.tallies_statement,
        tallies.tallies_statement,
        counted_checks_statement,
    )
    first_view(app, login, "/summary/2025")
    before = [statement.cache_info().misses for statement in built]
    other = first_view(app, login, "/summary/2024?quarter=3&basis=financial")
    assert [s for s in other if "sum(" in s]  # its figures worked out, not read kept
    assert [statement.cache_info().misses for statement in built] == before


def test_it_counts_months_and_weekdays_from_days_in_one_pass(app, login, history):
    sent = first_view(app, login)
    visits = the_statement(sent, "period_reports")
    assert visits.count("GROUP BY completed_visits.counted_on") == 1
    for formatted in ("strftime", "to_char", "EXTRACT"):
        assert formatted not in visits


def test_it_finds_the_equality_answers_in_scope_once_per_group(app, login, history):
    counts = the_statement(first_view(app, login), "'applicants:")
    assert counts.count("diversity_responses.id IN") == 2  # applicants, volunteers


def test_it_looks_for_the_first_planned_visit_along_the_days_index(app, login, history):
    sent = first_view(app, login)
    begin = the_statement(sent, "min(visit_reports.counted_on)")
    assert "min(planned_visits.visit_on)" not in begin
    assert "ORDER BY planned_visits.visit_on" in begin
    assert "LIMIT" in begin


@pytest.mark.parametrize(
    ("day", "month", "weekday"),
    [
        (date(2025, 1, 1), "2025-01", "3"),  # a Wednesday
        (date(2024, 12, 31), "2024-12", "2"),
        (date(2025, 3, 30), "2025-03", "0"),  # Sunday, the clocks go forward
        (date(2025, 3, 29), "2025-03", "6"),  # Saturday
        (date(2024, 2, 29), "2024-02", "4"),
        (date(1999, 12, 31), "1999-12", "5"),  # before FIRST_DAY: a negative number of days
    ],
)
def test_a_day_counts_in_its_month_and_on_its_weekday(day, month, weekday):
    days = str((day - FIRST_DAY).days)
    rows = [("day", days, 1, 3), ("mode", "in_person", 1, 3)]
    assert by_month_and_weekday(rows) == [
        ("mode", "in_person", 1, 3),
        ("month", month, 1, 3),
        ("weekday", weekday, 1, 3),
    ]
