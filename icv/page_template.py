"""The GOV.UK page template without its inline script.

``templates/base.html`` extends ``govuk_frontend_jinja/template.html``. That template opens the
body with an inline ``<script>`` adding the ``js-enabled`` and ``govuk-frontend-supported``
classes, outside any block a page could override. Our Content-Security-Policy allows no inline
script (``script-src 'self'``), so the browser would refuse it and log an error on every page.
The same line runs from our own file instead (``static/js/js-enabled.js``, in the
``bodyStart`` block), and this extension takes the inline one out of the template's source as
Jinja loads it: a documented hook (``Extension.preprocess``), not a copy of the template.
"""

from __future__ import annotations

import re

from jinja2 import TemplateError
from jinja2.ext import Extension

PAGE_TEMPLATE = "govuk_frontend_jinja/template.html"
INLINE_SCRIPT = re.compile(r"[ \t]*<script\b[^>]*>[^<]*</script>\n?")


class PageTemplateWithoutInlineScript(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name != PAGE_TEMPLATE:
            return source
        stripped, count = INLINE_SCRIPT.subn("", source)
        if count != 1:
            # A new version of govuk-frontend-jinja moved or changed it: look again by hand.
            raise TemplateError(f"expected one inline script in {PAGE_TEMPLATE}, found {count}")
        return stripped
