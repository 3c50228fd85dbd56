"""Headless Debian chromium driven by Playwright against a live server on loopback.

Outside CI the tests skip (saying so) when chromium is missing; under CI=true they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import pytest
from werkzeug.serving import make_server

from tests.conftest import IN_CI
from tests.factories import PASSWORD, TOTP_SECRET, current_code

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
#: The height of a small phone's screen (320 px wide), for pages opened at other widths.
NARROW_HEIGHT = 640
#: An error logged as a plain message: GOV.UK Frontend's initAll reports a component that would
#: not start with console.log(error), whose text is the error's name, message and stack.
LOGGED_ERROR = re.compile(r"^\w*Error\b")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        if IN_CI:
            pytest.fail("chromium is not installed, and browser tests are required in CI")
        pytest.skip("chromium not installed: browser tests skipped outside CI (CI installs it)")
    return path


@pytest.fixture
def live_server(app, free_port) -> Iterator[str]:
    server = make_server("127.0.0.1", free_port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{free_port}"
    server.shutdown()
    thread.join()


@contextmanager
def without_faketime() -> Iterator[None]:
    """Start child processes without libfaketime. Under a shifted clock (scripts/test.sh)
    Chromium and Playwright's driver stall in libfaketime's timers, so they keep the real clock
    while the app they drive runs on the shifted one."""
    kept = {name: os.environ.pop(name) for name in list(os.environ) if name == "LD_PRELOAD"}
    try:
        yield
    finally:
        os.environ.update(kept)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with without_faketime():
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()
    playwright.stop()


class Console:
    """Collects a page's console errors, errors logged as plain messages, and uncaught errors.

    Every test here fails at teardown while one is left (``no_console_errors``), whether or not
    it looks; a test that causes one on purpose (a page answered 400) takes it with ``take()``.
    """

    #: The consoles of the running test.
    opened: ClassVar[list[Console]] = []

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", self.heard)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        Console.opened.append(self)

    def heard(self, message) -> None:
        if message.type == "error" or LOGGED_ERROR.match(message.text):
            self.errors.append(message.text)

    def take(self) -> list[str]:
        """The errors so far, which are then no longer counted against the test."""
        taken = list(self.errors)
        self.errors.clear()
        return taken


@pytest.fixture(autouse=True)
def no_console_errors() -> Iterator[None]:
    Console.opened.clear()
    yield
    left = [error for console in Console.opened for error in console.errors]
    Console.opened.clear()
    assert left == [], "errors in the browser's console"


@pytest.fixture
def phones(browser):
    """Opens a page on a phone: ``page, console = phones(320, locale="en-US")``; with
    ``javascript=False``, a phone with JavaScript off; with ``service_workers="block"``, one
    whose requests all reach the test's routes (a service worker's fetches can bypass them)."""
    contexts = []

    def open_page(
        width: int = PHONE["width"],
        locale: str | None = None,
        javascript: bool = True,
        service_workers: str = "allow",
    ):
        size = PHONE if width == PHONE["width"] else {"width": width, "height": NARROW_HEIGHT}
        options = {"locale": locale} if locale else {}
        context = browser.new_context(
            viewport=size,
            device_scale_factor=2,
            is_mobile=True,
            java_script_enabled=javascript,
            service_workers=service_workers,
            **options,
        )
        contexts.append(context)
        page = context.new_page()
        return page, Console(page)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(phones):
    """A page at a phone viewport (390 px) and its console."""
    return phones()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; returns the violations (id, impact, help, first targets).
    It first waits for the page to load: a click that navigates returns once the new page
    has begun, and axe run on half a page would pass what it never saw."""
    page.wait_for_load_state()
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"][:3]],
        }
        for v in result["violations"]
    ]


def sign_in(page, url: str, email: str, secret: str = TOTP_SECRET) -> None:
    """Sign in with the factories' password and, when asked (staff), the app's current code."""
    page.goto(url + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda address: not address.endswith("/sign-in"))
    if page.url.startswith(url + "/sign-in/code"):
        page.get_by_label("Enter the 6-digit code").fill(current_code(secret))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(url + "/")


def comes_true(page, script: str, arg=None, seconds: float = 10) -> bool:
    """Poll ``script`` (a function, given ``arg``) from Python until it returns true: whether
    it did within ``seconds``.

    Playwright's ``wait_for_function`` polls in the page by evaluating a string, which the
    app's CSP refuses (no ``unsafe-eval``) whenever the answer is not true at once: a test
    then fails by timing alone. ``page.evaluate`` goes through the debugger, which the CSP
    does not see."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        if time.monotonic() >= deadline:
            return False
        page.wait_for_timeout(100)
    return True


def until_true(page, script: str, arg=None, seconds: float = 10) -> None:
    """``comes_true``, or the test fails."""
    assert comes_true(page, script, arg, seconds), f"never true in {seconds} s: {script}"
