"""Write a visit report on a phone, lose the signal, reload, and lose nothing.

"Losing the signal" here is both Playwright's offline mode and the server going away, so the
page that comes back can only be the service worker's copy with the words kept on the phone.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from icv.extensions import db
from icv.visits.models import ReportDraft, VisitReport
from tests.browser import report_steps
from tests.browser.conftest import PHONE, Console, axe_violations, comes_true
from tests.factories import PASSWORD
from tests.reporting import pair

pytestmark = pytest.mark.browser

WORDS = "Staff were kind to a frightened young man.\nThe sergeant found him a blanket."


class Server:
    """The app on a loopback port that the test can stop and start again (signal lost)."""

    def __init__(self, app, port: int) -> None:
        self.app, self.port = app, port
        self.url = f"http://127.0.0.1:{port}"
        self.start()

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def server(app, free_port, personas):
    with app.app_context():
        pair()
        db.session.commit()
    running = Server(app, free_port)
    yield running
    running.stop()


def checked(page, console, width: int = PHONE["width"]) -> None:
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console.errors == []


checked_page = checked


def sign_in(page, url: str) -> None:
    page.goto(url + "/sign-in")
    page.get_by_label("Email address").fill("val@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Custody visitor").wait_for()


#: Imported by the other report tests too.
continue_ = report_steps.continue_


def fill_sections(page, console, axe: bool = True) -> None:
    """Every section of a report, as a volunteer fills it in (an issue raised); ``axe=False``
    for a test that only needs a full report (each axe run costs about a second)."""

    def check(page) -> None:
        if axe:
            checked_page(page, console)

    page.get_by_role("link", name="The visit").click()
    page.get_by_role("heading", name="The visit").wait_for()
    check(page)
    report_steps.fill_sections(page, check, "en", issue="Cell 6 toilet would not flush")


def wait_for_service_worker(page) -> None:
    """Until the report pages' service worker controls the page (so it keeps the pages).

    Now and then the worker activates without the open page seeing it claim it (the wait on
    ``controllerchange`` once hung a CI run for good): a page loaded under an active worker is
    always controlled, so after a while the page is loaded again, and the wait is bounded."""
    # Asked from Python: a predicate polled in the page (wait_for_function) is evaluated as a
    # string, which the app's CSP refuses.
    if not page_is_controlled(page):
        page.reload()
        assert page_is_controlled(page), "the report's service worker never took the page"


def page_is_controlled(page) -> bool:
    return comes_true(page, "() => navigator.serviceWorker.controller !== null")


def forgive_offline_errors(console) -> None:
    """With no signal the browser logs each request that failed; nothing else may be logged."""
    network = ("ERR_INTERNET_DISCONNECTED", "ERR_CONNECTION_REFUSED")
    assert [e for e in console.errors if not any(n in e for n in network)] == []
    console.errors.clear()


def report_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(VisitReport))


def test_a_report_written_on_a_phone_survives_losing_the_signal(app, server, phone):
    page, console = phone
    context = page.context
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    checked(page, console)
    wait_for_service_worker(page)
    key = page.url.rsplit("/", 1)[-1]
    fill_sections(page, console)

    # The signal goes while typing; the words are kept on the phone.
    context.set_offline(True)
    server.stop()
    box = page.get_by_label("The good practice you saw")
    box.fill(WORDS)
    page.get_by_text("Saved on this phone.").wait_for()
    page.reload()
    box = page.get_by_label("The good practice you saw")
    assert box.input_value() == WORDS
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('icv-report:{key}'))")
    assert stored["sections"]["comments"]["good_practice"] == [WORDS]

    # Back online: the words reach the server, and the report is sent once.
    server.start()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("Saved.", exact=True).wait_for()
    forgive_offline_errors(console)
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        assert draft.data["comments"]["good_practice"] == [WORDS]
    continue_(page, "Check your report before sending it")
    checked(page, console)
    assert "Staff were kind to a frightened young man." in page.inner_text("main")
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("Your report has been sent").wait_for()
    checked(page, console)
    assert report_count(app) == 1
    assert page.evaluate(f"localStorage.getItem('icv-report:{key}')") is None


def test_a_report_sent_with_no_signal_goes_when_the_signal_returns(app, server, phone):
    page, console = phone
    context = page.context
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    wait_for_service_worker(page)
    fill_sections(page, console)
    continue_(page, "Check your report before sending it")

    context.set_offline(True)
    server.stop()
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("will be sent as soon as you are back online").wait_for()
    assert report_count(app) == 0

    server.start()
    context.set_offline(False)  # the phone's "online" event sends the queued report
    page.get_by_text("Your report has been sent").wait_for()
    forgive_offline_errors(console)
    checked(page, console)
    # A second tap, or the queue running again, stores nothing more.
    page.go_back()
    assert report_count(app) == 1


def test_the_report_pages_fit_a_320_pixel_screen(app, server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    console = Console(page)
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    checked(page, console, 320)
    for link in ("Times", "People in custody", "Issues raised"):
        page.get_by_role("link", name="All sections").click() if link != "Times" else None
        page.get_by_role("link", name=link, exact=True).click()
        page.get_by_role("heading", name=link, exact=True).wait_for()
        checked(page, console, 320)
    context.close()


def test_words_typed_after_the_session_ended_are_saved_after_signing_in(app, server, phone):
    page, console = phone
    sign_in(page, server.url)
    page.get_by_role("button", name="Write a visit report").click()
    page.get_by_role("heading", name="Visit report").wait_for()
    page.goto(page.url + "/comments")
    box = page.get_by_label("Anything else (optional)")
    box.fill("First words.")
    page.get_by_text("Saved.", exact=True).wait_for()

    page.context.clear_cookies()  # the session ends while the phone is in a pocket
    box.fill("First words. Then more, after the session ended.")
    page.get_by_text("You have been signed out").wait_for()
    console.errors.clear()  # the refused save is logged by the browser
    page.get_by_role("link", name="Sign in again to save it").click()
    page.get_by_label("Email address").fill("val@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Good practice and comments").wait_for()
    box = page.get_by_label("Anything else (optional)")
    assert box.input_value() == "First words. Then more, after the session ended."
    page.get_by_text("Saved.", exact=True).wait_for()
    with app.app_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        assert draft.data["comments"]["comments"] == [
            "First words. Then more, after the session ended."
        ]
    checked(page, console)
