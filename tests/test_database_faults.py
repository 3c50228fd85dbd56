"""When the database is busy or refuses: SQLite waits for its lock (WAL, a busy timeout), the
error page needs no database, programs get JSON, and a section typed without JavaScript that
could not be saved comes back with its words."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from icv import create_app
from icv.extensions import db
from icv.visits.models import ReportDraft
from tests.conftest import app_config, dispose
from tests.faults import refusing, write_lock
from tests.reporting import frozen, ids, start_report  # noqa: F401

BUSY_PAGE = "Sorry, the service is busy"
TIMES = {"arrived_at": "23:30", "admitted_at": "23:35", "left_at": "00:50"}


def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's own locking")


def pragma(name: str):
    return db.session.execute(text(f"PRAGMA {name}")).scalar()


def test_sqlite_waits_15_seconds_for_a_lock_and_uses_wal(ctx, database_url):
    sqlite_only(database_url)
    assert pragma("busy_timeout") == 15_000
    assert pragma("journal_mode") == "wal"


def test_the_busy_timeout_is_a_setting(database_url):
    sqlite_only(database_url)
    other = create_app(app_config(database_url, ICV_SQLITE_BUSY_TIMEOUT=3))
    with other.app_context():
        assert pragma("busy_timeout") == 3_000
    dispose(other)


@pytest.fixture
def impatient(database_url, app):
    """The same database, on an app that does not wait for SQLite's lock at all."""
    sqlite_only(database_url)
    other = create_app(app_config(database_url, ICV_SQLITE_BUSY_TIMEOUT=0))
    yield other
    dispose(other)


def test_a_section_posted_while_the_database_is_locked_comes_back_with_its_words(
    login, ids, ctx, impatient, database_url
):
    signed_in = login("volunteer")
    key = start_report(signed_in)
    client = impatient.test_client()
    client.set_cookie("session", signed_in.get_cookie("session").value)
    with write_lock(database_url):
        response = client.post(f"/reports/draft/{key}/times", data=TIMES)
    assert response.status_code == 503
    page = response.text
    assert "<title>Error: Times" in page
    assert "Your answers have not been saved yet" in page
    assert 'href="#save-section"' in page
    for typed in TIMES.values():
        assert f'value="{typed}"' in page
    assert db.session.scalars(select(ReportDraft)).one().data == {}
    # Once the lock is gone the same post is saved and the report goes on.
    response = client.post(f"/reports/draft/{key}/times", data=TIMES)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/draft/{key}/visitors"
    db.session.expire_all()
    assert db.session.scalars(select(ReportDraft)).one().data["times"]["arrived_at"] == ["23:30"]


def test_a_section_the_database_refuses_keeps_what_was_saved_before(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    assert client.post(f"/reports/draft/{key}/times", data=TIMES).status_code == 302
    with refusing(db.engine, r"^UPDATE visit_report_drafts"):
        response = client.post(f"/reports/draft/{key}/times", data={**TIMES, "left_at": "01:15"})
    assert response.status_code == 503
    assert 'value="01:15"' in response.text
    db.session.expire_all()
    assert db.session.scalars(select(ReportDraft)).one().data["times"]["left_at"] == ["00:50"]


def test_the_error_page_needs_no_database(login, ids, ctx):
    client = login("volunteer")
    with refusing(db.engine):
        response = client.get("/reports")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.text
    assert f"<title>{BUSY_PAGE} \u2013 Independent Custody Visiting Scheme</title>" in page
    assert '<h1 class="govuk-heading-l">Sorry, the service is busy</h1>' in page
    assert "Nothing you saved before this page has been lost." in page
    assert "Sign out" not in page  # the account would have to be read again


def test_the_phones_background_save_gets_json_when_the_database_fails(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    with refusing(db.engine, r"^UPDATE visit_report_drafts"):
        response = client.post(f"/reports/draft/{key}/data", json={"sections": {"times": {}}})
    assert response.status_code == 503
    assert response.json == {"error": BUSY_PAGE, "status": 503}


def test_the_phones_queued_send_gets_json_when_the_database_fails(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    with refusing(db.engine):
        response = client.post(
            f"/reports/draft/{key}/check", headers={"Accept": "application/json"}
        )
    assert response.status_code == 503
    assert response.json == {"error": BUSY_PAGE, "status": 503}


def test_the_api_answers_json_errors(client, ctx):
    assert client.get("/api/v1/nothing-here").json == {"error": "Page not found", "status": 404}
    with refusing(db.engine):
        response = client.get("/api/v1/summary/2025", headers={"Authorization": "Bearer x"})
    assert response.status_code == 503
    assert response.json == {"error": BUSY_PAGE, "status": 503}


def test_a_refused_background_save_is_json_too(strict_app, personas, ids):
    client = strict_app.test_client()
    response = client.post("/reports/draft/some-key/data", json={"sections": {}})
    assert response.status_code == 400
    assert response.json == {"error": "There is a problem with the request", "status": 400}
