"""An unfilled reason (a code and its parameters) in the reader's language.

The engine stays pure and gives codes; this writes them with the page's or the mail's
translations and dates (``icv.i18n``), so a Welsh reader gets Welsh and a change of wording
reaches reasons stored before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext, ngettext

from icv.i18n import format_date
from icv.rota.engine.reason_words import OTHER, words


def reason_text(stored: Mapping[str, Any] | str) -> str:
    """The sentence of a stored reason (``{"code": ..., "params": ...}``); a bare string (a
    figure kept before codes) is shown as it is."""
    if isinstance(stored, str):
        return stored
    return words(
        stored.get("code", OTHER),
        stored.get("params") or {},
        _=gettext,
        ngettext=ngettext,
        day=format_date,
    )


def as_stored(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """How a reason is kept in JSON (a period's gaps and its kept quality figures)."""
    return {"code": code, "params": dict(params)}
