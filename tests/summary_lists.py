"""Read the GOV.UK summary lists of a page as the tests check them."""

from __future__ import annotations

import html
import re

ROW = re.compile(
    r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
    r'<dd class="govuk-summary-list__value[^"]*">\s*(.*?)\s*</dd>',
    re.S,
)


def summary_rows(page: str) -> dict[str, str]:
    """key -> value of every row of the page's summary lists, in page order, as text with its
    whitespace closed up; a key asked again (a referee's) keeps the first."""
    shown: dict[str, str] = {}
    for key, value in ROW.findall(page):
        shown.setdefault(html.unescape(key), " ".join(html.unescape(value).split()))
    return shown
