"""Headers, cookies, CSRF, rate limits and compression."""

from __future__ import annotations

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
