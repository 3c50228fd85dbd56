"""The page template of govuk-frontend-jinja and our shared macros: one copy of each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, TemplateError

from icv.page_template import PAGE_TEMPLATE, PageTemplateWithoutInlineScript

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def template_texts() -> dict[str, str]:
    return {
        str(path.relative_to(TEMPLATES)): path.read_text(encoding="utf-8")
        for path in sorted(TEMPLATES.rglob("*.html"))
    }


def test_pages_extend_the_govuk_page_template_without_its_inline_script(client):
    page = client.get("/sign-in").text
    # The template's own landmarks hold our header and footer (one of each).
    assert page.count("<header") == 1
    assert '<header class="govuk-template__header">' in page
    assert page.count("<footer") == 1
    assert '<footer class="govuk-template__footer">' in page
    assert '<html lang="en" class="govuk-template govuk-template--rebranded">' in page
    # No inline script; our file adds the classes the template's inline script would.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert re.search(r'<script src="/static/js/js-enabled\.js\?v=\w+"></script>', page)
    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert '<main class="govuk-main-wrapper" id="main-content">' in page


def test_the_inline_script_must_be_found_where_expected():
    env = Environment(extensions=[PageTemplateWithoutInlineScript])
    extension = next(iter(env.extensions.values()))
    script = "<body>\n    <script>document.body.className += ' js-enabled';</script>\n  <p>\n"
    assert extension.preprocess(script, PAGE_TEMPLATE) == "<body>\n  <p>\n"
    # Other templates are left as they are; a template without it (a new version) is refused.
    assert extension.preprocess(script, "base.html") == script
    with pytest.raises(TemplateError, match="found 0"):
        extension.preprocess("<body></body>", PAGE_TEMPLATE)


def test_tables_are_drawn_by_govuk_table_only():
    # Pages only: a mail is read without GOV.UK's stylesheet, so a plain table is right there.
    hand_written = [
        name
        for name, text in template_texts().items()
        if "<table" in text and not name.startswith("emails/")
    ]
    assert hand_written == []


def test_action_forms_and_timelines_have_one_copy():
    texts = template_texts()
    action_forms = [name for name, text in texts.items() if "macro action_form" in text]
    timelines = [name for name, text in texts.items() if 'class="moj-timeline"' in text]
    assert action_forms == ["_macros.html"]
    assert timelines == ["_macros.html"]
