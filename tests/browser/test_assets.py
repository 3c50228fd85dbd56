"""GOV.UK Frontend loads from its versioned address and starts its components, on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 320])
def test_govuk_frontend_loads_once_from_its_versioned_address(live_server, phone, width):
    page, console = phone
    page.set_viewport_size({"width": width, "height": 844})
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server + "/sign-in")
    # initAll ran: GOV.UK Frontend marks each component it starts.
    page.locator("[data-govuk-button-init]").first.wait_for(state="attached")
    frontend = [url for url in asked if "govuk-frontend.min.js" in url]
    assert len(frontend) == 1, frontend
    assert frontend[0].startswith(live_server + "/static/dist/govuk-frontend.min.js?v=")
    assert frontend[0] == page.locator("link[data-govuk-frontend]").evaluate("link => link.href")
    assert console.errors == []
