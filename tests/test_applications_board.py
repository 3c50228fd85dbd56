"""The coordinator's board of applications: counts by stage, a page at a time, the overdue
flagged."""

# ruff: noqa: F811 (the ``coordinator`` fixture imported from tests/pipeline.py is the tests' argument)

from __future__ import annotations

import datetime as dt
import re

from icv.applications import totals
from icv.applications.staff_routes import BOARD_PAGE_SIZE
from icv.extensions import db
from tests.factories import make_application
from tests.pipeline import (
    NOW,
    coordinator,  # noqa: F401 (fixture)
    frozen,  # noqa: F401 (fixture)
)


def test_the_board_counts_stages_and_flags_overdue_applications(app, coordinator):
    with app.app_context():
        old = make_application(name="Old Application", email="old@example.net")
        old.stage_changed_at = NOW - dt.timedelta(days=15)
        make_application(name="New Application", email="new@example.net")
        make_application(name="Gone", email="gone@example.net", stage="withdrawn")
        db.session.commit()
    page = coordinator.get("/applications").text
    assert "In progress (2)" in page
    assert "Received (2)" in page
    assert "Withdrawn (1)" in page
    assert "1 application is past the target time for its stage." in page
    old_row = page[page.index("Old Application") :].split("</tr>")[0]
    new_row = page[page.index("New Application") :].split("</tr>")[0]
    assert "Overdue" in old_row
    assert "Overdue" not in new_row
    assert "Gone" not in page
    assert "Gone" in coordinator.get("/applications?stage=withdrawn").text


def board_names(page: str) -> list[str]:
    return re.findall(r'href="/applications/\d+">([^<]+)</a>', page)


def test_the_board_comes_a_page_at_a_time_longest_waiting_first(app, coordinator):
    with app.app_context():
        for n in range(BOARD_PAGE_SIZE + 2):  # the n-th changed stage n hours before now
            made = make_application(name=f"Applicant {n:02}", email=f"a{n}@example.net")
            made.stage_changed_at = NOW - dt.timedelta(hours=n)
        make_application(name="Screened One", email="s@example.net", stage="screened")
        db.session.commit()
    first = coordinator.get("/applications").text
    # Received before screened (the pipeline's order), the longest in its stage first.
    waiting = [f"Applicant {n:02}" for n in range(BOARD_PAGE_SIZE + 1, -1, -1)]
    assert board_names(first) == waiting[:BOARD_PAGE_SIZE]
    assert "53 applications: 1 to 50" in first
    assert 'href="/applications?page=2" rel="next"' in first
    second = coordinator.get("/applications?page=2").text
    assert board_names(second) == [*waiting[BOARD_PAGE_SIZE:], "Screened One"]
    assert coordinator.get("/applications?page=3").status_code == 404
    by_stage = coordinator.get("/applications?stage=received").text
    assert 'href="/applications?page=2&amp;stage=received" rel="next"' in by_stage


def test_overdue_counts_every_application_not_only_the_page_shown(app, coordinator):
    """Received's target is 14 days: on 22 November, one in its stage since before the local
    midnight starting 8 November is overdue; one since that midnight is not."""
    with app.app_context():
        for n in range(BOARD_PAGE_SIZE):
            made = make_application(name=f"Late {n:02}", email=f"l{n}@example.net")
            made.stage_changed_at = dt.datetime(2026, 11, 7, 23, 59, tzinfo=dt.UTC)
        on_time = make_application(name="On Time", email="t@example.net")
        on_time.stage_changed_at = dt.datetime(2026, 11, 8, 0, 0, tzinfo=dt.UTC)
        db.session.commit()
        assert totals.overdue_count(NOW.date(), ["received"]) == BOARD_PAGE_SIZE
        assert totals.overdue_count(NOW.date(), ["screened"]) == 0
    second = coordinator.get("/applications?page=2").text
    assert "50 applications are past the target time for their stage." in second
    assert board_names(second) == ["On Time"]
    assert "Overdue" not in second.split("On Time")[1].split("</tr>")[0]
