"""Every persona's list pages, in one place: ``tests/test_pages_statements.py`` proves each costs
the same statements with 10 rows as with 200, and ``bench/pages_at_scale.py`` measures each at
a national scale, so the two cannot drift apart. It imports nothing (the benchmark reads it
without the tests' fixtures).

"{rota}" stands for a rota with planned visits, "{year}" for a year with reports.

Not here: a rota's fairness tab, whose own test pins its exact cost, 7 statements, where these
pages are held to at most 15 (``test_the_fairness_tab_costs_the_same_with_10_rows_as_with_200``).
"""

from __future__ import annotations

#: persona -> the list pages they see, as they read them.
LIST_PAGES: dict[str, list[str]] = {
    "volunteer": ["/", "/reports", "/my-visits", "/expenses/", "/my-training"],
    "coordinator": [
        "/",
        "/applications",
        "/volunteers",
        "/issues",
        "/issues?status=closed",
        "/issues?status=all",
        "/reports/review",
        "/reports/review?unreviewed=y",
        "/rota/{rota}",
        "/rota/coverage",
        "/suites",
        "/rota",
        "/rota/{rota}?view=volunteer",
        "/rota/{rota}?view=quality",
        "/rota/requests",
        "/expenses/office",
        "/training",
        "/training/reviews",
        "/training/meetings",
        "/training/long-service",
    ],
    "admin": ["/admin/accounts", "/admin/audit", "/admin/outbox", "/admin/jobs"],
    "commissioner": ["/summary/{year}", "/issues"],
    "liaison": ["/", "/issues"],
}


def list_pages(persona: str, rota: int, year: int) -> list[str]:
    """The addresses of ``persona``'s list pages, with the rota and the year filled in."""
    return [page.format(rota=rota, year=year) for page in LIST_PAGES[persona]]
