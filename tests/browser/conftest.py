"""Headless Debian chromium driven by Playwright against a live server on loopback.

Outside CI the tests skip (saying so) when chromium is missing; under CI=true they fail instead.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import IN_CI
from tests.factories import PASSWORD, TOTP_SECRET, current_code

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
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


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()
    playwright.stop()


class Console:
    """Collects console errors and uncaught page errors."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def phone(browser):
    """A page at a phone viewport and its console."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    console = Console(page)
    yield page, console
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; returns the violations (id, impact, help, first targets)."""
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
