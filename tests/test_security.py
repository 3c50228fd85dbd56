"""Headers, cookies, CSRF, rate limits and compression."""

from __future__ import annotations

import os
from datetime import date

import pytest

from icv import create_app
from icv.extensions import limiter
from tests.conftest import dispose, reset_schema
from tests.factories import PASSWORD


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/sign-in")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in response.text  # no inline script anywhere


def test_the_session_cookie_is_httponly_and_samesite(login):
    client = login("volunteer")
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_a_post_without_a_csrf_token_is_refused(strict_app, personas):
    client = strict_app.test_client()
    response = client.post("/sign-in", data={"email": "val@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "There is a problem with the request" in response.text


def test_sign_in_is_rate_limited(strict_app, personas):
    strict_app.config["WTF_CSRF_ENABLED"] = False
    client = strict_app.test_client()
    statuses = [
        client.post("/sign-in", data={"email": "val@example.org", "password": "wrong"}).status_code
        for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert "Too many attempts" in client.post("/sign-in", data={}).text


def test_html_is_compressed(client):
    response = client.get("/privacy", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_static_files_are_compressed_and_cached_for_a_year(client):
    page = client.get("/sign-in").text
    css_url = page.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert css_url.startswith("/static/dist/app.css?v=")
    with client.get(css_url, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "max-age=31536000" in response.headers["Cache-Control"]


def test_govuk_frontend_is_imported_at_an_address_that_changes_with_its_content(client):
    """init.js imports GOV.UK Frontend from the page's modulepreload link, versioned by a hash
    of the file as every other asset is, never from a fixed address cached for a year."""
    import hashlib
    import re
    from pathlib import Path

    static = Path(client.application.static_folder)
    built = static / "dist" / "govuk-frontend.min.js"
    version = hashlib.sha256(built.read_bytes()).hexdigest()[:12]
    address = f"/static/dist/govuk-frontend.min.js?v={version}"
    for page in ("/sign-in", "/apply"):
        html = client.get(page).text
        assert f'<link rel="modulepreload" href="{address}" data-govuk-frontend>' in html
    script = (static / "js" / "init.js").read_text()
    assert re.search(r"\bfrom\s+['\"][^'\"]*govuk-frontend", script) is None  # no fixed address
    assert "await import(frontend.href)" in script
    with client.get(address) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]


def test_the_public_form_carries_its_csrf_token(strict_app):
    # The section's form is refilled from the draft without CSRF of its own; the page must
    # still carry the session's token, or every post from it would be refused.
    import re

    client = strict_app.test_client()
    page = client.get("/apply/about-you")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post("/apply/about-you", data={"csrf_token": token.group(1)})
    assert response.status_code == 200  # the form, with its errors; not a refused request
    assert "Enter a name" in response.text


BIG = 2**63


@pytest.mark.parametrize(
    "path",
    [
        f"/rota/{BIG}",
        f"/reports/{BIG}",
        f"/volunteers/{BIG}",
        f"/suites/{BIG}",
        f"/applications/{BIG}",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(login, path):
    assert login("coordinator").get(path).status_code == 404


def test_a_number_too_large_for_the_database_in_a_form_is_a_bad_request(app, login):
    from icv.extensions import db
    from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

    with app.app_context():
        suite = make_suite()
        pair = [make_visitor(f"p{n}@example.org", [suite]) for n in (1, 2)]
        visit = make_planned_visit(make_period(), suite, date(2027, 1, 6), pair)
        db.session.commit()
        visit_id, leaving = visit.id, pair[0].id
    response = login("coordinator").post(
        f"/rota/visits/{visit_id}/replace",
        data={"replace-leaving": str(leaving), "replace-joining": str(BIG)},
    )
    assert response.status_code == 400
    assert "There is a problem with the request" in response.text


def test_text_with_a_nul_character_is_refused_before_anything_is_saved(app, login):
    from sqlalchemy import select

    from icv.extensions import db
    from icv.suites.models import Suite

    response = login("coordinator").post(
        "/suites/new",
        data={
            "name": "Rugby\x00",
            "visits_per_week": "1",
            "bands": ["day"],
            "is_active": "yes",
        },
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(Suite)).all() == []


class DriverRefusal(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"refused ({sqlstate})")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "status", "title"),
    [
        ("22003", 400, "There is a problem with the request"),  # a number out of range
        ("22001", 500, "Sorry, there is a problem with the service"),  # text too long: ours
    ],
)
def test_a_refusal_of_the_data_by_the_database_is_a_bad_request_only_for_a_number(
    app, sqlstate, status, title
):
    """Through the app's own error handlers (any request of the app would do)."""
    from sqlalchemy.exc import DataError

    refusal = DataError("UPDATE ...", {}, DriverRefusal(sqlstate))
    with app.test_request_context("/"):
        response = app.make_response(app.handle_user_exception(refusal))
    assert response.status_code == status
    assert title in response.get_data(as_text=True)


def test_the_app_as_the_readme_starts_it_refuses_a_post_without_a_csrf_token(monkeypatch, tmp_path):
    # create_app() with no overrides, as `make run` and gunicorn start it: CSRF must be on by
    # default (the other tests switch it off in their own configuration).
    for name in [name for name in os.environ if name.startswith("ICV_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ICV_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    try:
        assert app.config["WTF_CSRF_ENABLED"] is True
        reset_schema(app)
        client = app.test_client()
        response = client.post("/sign-in", data={"email": "val@example.org", "password": "x"})
        assert response.status_code == 400
        assert "There is a problem with the request" in response.text
    finally:
        limiter.reset()  # one limiter serves every app: put its switch back for the others
        limiter.enabled = False
        dispose(app)
