"""No page shows its own markup as text, nor posts a form to an address with a fragment.

In a Jinja template with autoescape, ``'<a href=...>' ~ (name | e)`` or ``'<a>' ~ a_macro()``
is Markup that escapes the plain-string half, so the reader sees ``<a class="govuk-link" ...>``
instead of a link. A form posted to ``/path#part`` comes back, when refused, scrolled to that
part, which takes the focus from the error summary at the top of the page. Every page each
persona can reach is read for both: the pages of the route table, and every page linked from
the home page of each demo login.
"""

# ruff: noqa: F811 (the ``rows`` fixture imported from the route table is the tests' argument)

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, deque
from html.parser import HTMLParser

import pytest
import time_machine
from flask.testing import FlaskClient

from icv.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from icv.extensions import db
from tests.conftest import sign_in
from tests.route_rows import rows  # noqa: F401
from tests.route_table import PERSONAS, ROUTES

#: An HTML tag the page meant to draw, shown as text.
ESCAPED = re.compile(r"&lt;/?(a|strong|span|br|p|div|ul|li|h[1-6])[\s>/]", re.IGNORECASE)
DEMO_LOGINS = [
    "volunteer@example.org",
    "volunteer2@example.org",
    "volunteer3@example.org",
    "coordinator@example.org",
    "commissioner@example.org",
    "liaison@example.org",
    "admin@example.org",
]
#: Links not followed: leaving, downloads, and the calendar feed.
NOT_PAGES = re.compile(r"^/(sign-out|static/|calendar/)|\.(csv|xlsx|ics|json|js)(\?|$)")
#: Pages read per address pattern (/reports/1 and /reports/2 are one pattern), and in all.
PER_PATTERN = 2
MOST_PAGES = 250


def escaped_tags(text: str) -> list[str]:
    """Each escaped tag with a little of what follows it, to say where it is."""
    return [text[m.start() : m.start() + 60] for m in ESCAPED.finditer(text)]


def fragment_forms(text: str) -> list[str]:
    """The address of each form that posts to an address with a fragment."""
    parser = Links()
    parser.feed(text)
    return [f"form posts to {action}" for action in parser.actions if "#" in action]


def problems(text: str) -> list[str]:
    return escaped_tags(text) + fragment_forms(text)


def test_it_finds_a_form_posting_to_a_fragment():
    page = '<form method="post" action="/suites/2/closures#closures"></form><form action="/x">'
    assert fragment_forms(page) == ["form posts to /suites/2/closures#closures"]


def test_it_finds_an_escaped_tag():
    # The check itself: the markup the reports page used to show, and nothing in real markup.
    shown = '<dd>&lt;a class="govuk-link" href="/reports/319"&gt;Nuneaton&lt;/a&gt;</dd>'
    assert escaped_tags(shown) == [shown[4:64]]
    assert escaped_tags('<a class="govuk-link" href="/x">A &lt; B</a><br>') == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_of_the_route_table_shows_escaped_markup_or_posts_to_a_fragment(
    login, rows, persona
):
    client = login(persona)
    failures = {}
    for method, template, expected in ROUTES.values():
        if method != "GET" or expected[persona] != 200:
            continue
        response = client.get(template.format(**rows))
        if response.mimetype == "text/html" and (found := problems(response.text)):
            failures[response.request.path] = found
    assert failures == {}


class Links(HTMLParser):
    """The addresses of a page's links and of its forms."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.actions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"])
        if tag == "form" and found.get("action"):
            self.actions.append(found["action"])


def links_of(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    return [href.split("#")[0] for href in parser.hrefs if href.startswith("/")]


def pattern(path: str) -> str:
    """/reports/319?x=1 -> /reports/N: pages of one kind are read a few times, not 300."""
    return re.sub(r"/[0-9]+|/[A-Za-z0-9_-]{20,}", "/N", path.split("?")[0])


def walk(client: FlaskClient) -> dict[str, list[str]]:
    """Every page linked from the home page, breadth first; path -> escaped tags found (or the
    server's error)."""
    queue, seen, queued = deque(["/"]), {"/"}, Counter()
    failures: dict[str, list[str]] = {}
    for _ in range(MOST_PAGES):
        if not queue:
            break
        path = queue.popleft()
        response = client.get(path, follow_redirects=True)
        if response.status_code >= 500:
            failures[path] = [f"{response.status_code} {response.status}"]
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        if found := problems(response.text):
            failures[path] = found
        for link in links_of(response.text):
            if link in seen or NOT_PAGES.search(link) or queued[pattern(link)] >= PER_PATTERN:
                continue
            seen.add(link)
            queued[pattern(link)] += 1
            queue.append(link)
    assert not queue, "more pages than MOST_PAGES: raise it"
    return failures


@pytest.fixture
def demo(app):
    """The demo scheme as on Friday 4 December 2026 (its history ends the day before)."""
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        yield
    with app.app_context():
        db.session.remove()


def test_no_page_a_demo_login_reaches_shows_escaped_markup_or_posts_to_a_fragment(app, demo):
    failures = {}
    for email in DEMO_LOGINS:
        client = app.test_client()
        response = sign_in(client, email, DEMO_PASSWORD, DEMO_TOTP_SECRET)
        assert response.status_code == 302, email
        if found := walk(client):
            failures[email] = found
    assert failures == {}
