"""Bytes a phone downloads for the visit report form (see bench/README.md).

Runs the app on loopback with the demo scheme, signs in as the demo volunteer, starts a report,
then drives Debian's chromium (Playwright, phone viewport) to the report form twice: with an
empty cache (first load) and again with its assets cached (repeat view). Bytes are counted at
the server, as sent: status line, headers and the compressed body of every response, including
the service worker's own requests, which the page's network log does not show, plus 100 bytes
a response for the headers the HTTP server adds itself.

    .venv/bin/python bench/report_page_weight.py
"""

from __future__ import annotations

import re
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icv import create_app  # noqa: E402
from icv.demo import DEMO_PASSWORD, load_demo  # noqa: E402

#: Headers the HTTP server adds itself (Date, Server, Connection), out of the app's sight.
SERVER_HEADERS = 100
FIRST_LOAD_BUDGET = 35 * 1024
REPEAT_BUDGET = 8 * 1024
SECTIONS = ("times", "visitors", "people", "checks", "notes", "issues", "comments", "check")


class ByteCounter:
    """WSGI middleware: what each response put on the wire (headers and body as sent)."""

    def __init__(self, app) -> None:
        self.app = app
        self.log: list[tuple[str, int, str]] = []
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        sent = {"head": 0, "status": ""}

        def counting_start(status, headers, exc_info=None):
            lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers)]
            sent["head"] = sum(len(line) + 2 for line in lines) + 2
            sent["status"] = status.split()[0]
            return start_response(status, headers, exc_info)

        body = 0
        result = self.app(environ, counting_start)
        try:
            for chunk in result:
                body += len(chunk)
                yield chunk
        finally:
            if hasattr(result, "close"):
                result.close()
            path = environ["PATH_INFO"] + ("?" if environ.get("QUERY_STRING") else "")
            with self.lock:
                self.log.append((path, sent["head"] + SERVER_HEADERS + body, sent["status"]))

    def take(self) -> list[tuple[str, int, str]]:
        with self.lock:
            log, self.log = self.log, []
        return log


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_app(instance: Path):
    app = create_app(
        {
            # Production settings apart from the Secure cookie flag (this runs over http).
            "ICV_ENV": "development",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.sqlite'}",
            "RATELIMIT_ENABLED": False,
            "ICV_BASE_URL": "http://127.0.0.1",
        }
    )
    with app.app_context():
        upgrade()
        load_demo()
    return app


def csrf(text: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text).group(1)


def measure(page, counter: ByteCounter, url: str) -> list[tuple[str, int, str]]:
    counter.take()
    page.goto(url, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_timeout(1500)  # let the service worker finish installing
    return counter.take()


def report(title: str, log: list[tuple[str, int, str]], budget: int) -> int:
    total = sum(size for _, size, _ in log)
    print(f"\n{title}: {total} bytes ({total / 1024:.1f} KB; budget {budget / 1024:.0f} KB)")
    for path, size, status in log:
        print(f"  {size:>7}  {status}  {path}")
    return total


def main() -> int:
    instance = Path(tempfile.mkdtemp(prefix="icv-bench-"))
    try:
        app = build_app(instance)
        counter = ByteCounter(app.wsgi_app)
        app.wsgi_app = counter
        port = free_port()
        server = make_server("127.0.0.1", port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            # Sign in and start a report without loading any page, so nothing is cached yet.
            api = context.request
            token = csrf(api.get(base + "/sign-in").text())
            form = {"csrf_token": token, "email": "volunteer@example.org"}
            api.post(base + "/sign-in", form={**form, "password": DEMO_PASSWORD})
            token = csrf(api.get(base + "/account").text())
            draft = api.post(base + "/reports/new", form={"csrf_token": token}).url
            page = context.new_page()
            first = measure(page, counter, draft + "/visit")
            repeat = measure(page, counter, draft + "/visit")
            # Every other page of the form, assets cached; and the task list, which also keeps
            # every page of the report on the phone for writing with no signal.
            others = {slug: measure(page, counter, f"{draft}/{slug}") for slug in SECTIONS}
            fresh = api.post(base + "/reports/new", form={"csrf_token": token}).url
            tasks = measure(page, counter, fresh)
            browser.close()
        server.shutdown()
        ok = report("First load, empty cache", first, FIRST_LOAD_BUDGET) <= FIRST_LOAD_BUDGET
        ok &= report("Repeat view, assets cached", repeat, REPEAT_BUDGET) <= REPEAT_BUDGET
        print("\nEvery section page, assets cached (bytes):")
        for slug, log in others.items():
            total = sum(size for _, size, _ in log)
            ok &= total <= REPEAT_BUDGET
            print(f"  {total:>7}  {slug}")
        report("A new report's task list, then every page kept in the background", tasks, 64 * 1024)
        return 0 if ok else 1
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
