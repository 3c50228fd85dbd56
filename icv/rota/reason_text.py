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


class LeftOutWords:
    """Writes one page's left-out reasons and records' notes in the reader's language, each
    sentence translated and each day written once: a translation costs some sixty Python
    calls and a date some ninety, and a large scheme's rota leaves hundreds out for a handful
    of reasons (``bench/README.md``, the fairness tab in the reader's language)."""

    def __init__(self) -> None:
        self._sentences: dict[str, str] = {}
        self._days: dict[date, str] = {}

    def reason(self, stored: Mapping[str, Any] | str) -> str:
        """Why a volunteer is left out, kept in a period's figures as ``as_stored(code, {})``;
        a bare string (kept before codes) is shown as it is, and so is an unknown code's
        ``params["text"]``."""
        if isinstance(stored, str):
            return stored
        code = stored.get("code", OTHER)
        if left_out_words.known(code):
            return left_out_words.words(code, _=self._gettext)
        return str((stored.get("params") or {}).get("text", ""))

    def note(self, what: str, last: date, before_start: bool) -> str:
        """What a volunteer's record says stops them (``left_out_words.VETTING`` or
        ``TERM``), and from when."""
        return left_out_words.note_words(what, last, before_start, _=self._gettext, day=self._day)

    def _gettext(self, text: str, **values: Any) -> str:
        if text not in self._sentences:
            self._sentences[text] = gettext(text)
        sentence = self._sentences[text]
        return sentence % values if values else sentence

    def _day(self, day: date) -> str:
        if day not in self._days:
            self._days[day] = format_date(day)
        return self._days[day]
