"""A rota's reasons (an unfilled visit's, a code and its parameters; a volunteer's left out,
a code, with what their record says) in the reader's language.

The engine stays pure and gives codes; this writes them with the page's or the mail's
translations and dates (``icv.i18n``), so a Welsh reader gets Welsh and a change of wording
reaches reasons stored before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext, ngettext

from icv.i18n import format_date
from icv.rota.engine import left_out_words
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


def left_out_text(stored: Mapping[str, Any] | str) -> str:
    """Why a volunteer is left out, kept in a period's figures as ``as_stored(code, {})``;
    a bare string (kept before codes) is shown as it is, and so is an unknown code's
    ``params["text"]``."""
    if isinstance(stored, str):
        return stored
    code = stored.get("code", OTHER)
    if left_out_words.known(code):
        return left_out_words.words(code, _=gettext)
    return str((stored.get("params") or {}).get("text", ""))


def note_text(what: str, last: date, before_start: bool) -> str:
    """What a volunteer's record says stops them (``left_out_words.VETTING`` or ``TERM``)."""
    return left_out_words.note_words(what, last, before_start, _=gettext, day=format_date)
