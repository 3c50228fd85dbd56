"""Request logs keep no token from a path: gunicorn's access and error logs through
``icv.logs.RedactingLogger`` and the development server's log (issue 18, item 3)."""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import url_for
from gunicorn.config import Config

from icv.logs import RedactingLogger, redact, redact_log

TOKEN = "Zq3-tok_EN9xYv"


@pytest.fixture
def token_paths(app) -> dict[str, str]:
    """endpoint -> its path with TOKEN, for every route opened by a token in its path."""
    with app.test_request_context():
        return {
            rule.endpoint: url_for(rule.endpoint, token=TOKEN)
            for rule in app.url_map.iter_rules()
            if "token" in rule.arguments
        }


def test_every_path_with_a_token_is_known(token_paths):
    assert token_paths == {
        "accounts.accept_invitation": f"/invitation/{TOKEN}",
        "accounts.reset_password": f"/password/reset/{TOKEN}",
        "applications.status": f"/apply/status/{TOKEN}",
        "calendar_feed.calendar": f"/calendar/{TOKEN}.ics",
    }
    assert {path: redact(f"GET {path}?a=1 HTTP/1.1") for path in token_paths.values()} == {
        f"/invitation/{TOKEN}": "GET /invitation/[redacted]?a=1 HTTP/1.1",
        f"/password/reset/{TOKEN}": "GET /password/reset/[redacted]?a=1 HTTP/1.1",
        f"/apply/status/{TOKEN}": "GET /apply/status/[redacted]?a=1 HTTP/1.1",
        f"/calendar/{TOKEN}.ics": "GET /calendar/[redacted].ics?a=1 HTTP/1.1",
    }


def test_other_paths_are_left_as_they_are():
    for text in ("POST /my-visits/calendar/on HTTP/1.1", "GET /apply/status HTTP/1.1", "-"):
        assert redact(text) == text


def test_gunicorn_logs_no_token(token_paths, capfd):
    config = Config()
    config.set("accesslog", "-")
    config.set("errorlog", "-")
    logger = RedactingLogger(config)
    for path in token_paths.values():
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "192.0.2.1",
            "HTTP_REFERER": f"https://icv.example.org{path}",
        }
        response = SimpleNamespace(status="200 OK", sent=120, headers=[])
        request = SimpleNamespace(headers=[("Referer", f"https://icv.example.org{path}")])
        logger.access(response, request, environ, timedelta(milliseconds=5))
        logger.error("Error handling request %s", path)
    out, err = capfd.readouterr()
    assert out.count("[redacted]") == 2 * len(token_paths)  # the request line and the referrer
    assert err.count("[redacted]") == len(token_paths)
    assert TOKEN not in out + err
    assert 'GET /calendar/[redacted].ics HTTP/1.1" 200 120' in out
    assert '"https://icv.example.org/apply/status/[redacted]"' in out


def test_the_development_server_logs_no_token(token_paths, caplog):
    log = logging.getLogger("werkzeug")
    redact_log(log)  # as `icv serve` does before it starts
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        for path in token_paths.values():
            # As werkzeug's request handler writes its line: formatted before it is logged.
            log.info('127.0.0.1 - - [04/Dec/2026 21:00:00] "GET %s HTTP/1.1" 200 -', path)
    assert TOKEN not in caplog.text
    assert '"GET /invitation/[redacted] HTTP/1.1" 200 -' in caplog.text


def test_a_page_opened_by_a_token_sends_no_referrer(client, token_paths):
    """Its stylesheet's request would otherwise carry the page's address, token and all, into
    the proxy's log as the referrer."""
    for path in token_paths.values():
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "no-referrer", path
    assert client.get("/sign-in").headers["Referrer-Policy"] == "same-origin"
