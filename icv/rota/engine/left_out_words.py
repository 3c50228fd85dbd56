"""The words of why one is left out of a rota, written once for every language.

The engine gives a code (``left_out.LEFT_OUT_CODES``) and the fairness tab adds what the
volunteer's record says stops them (police vetting lapses, their term ends, on a day); this
module writes both as sentences. It stays pure, as ``reason_words`` does: the caller passes the
translation function (Flask-Babel's ``gettext`` on a page, plain English otherwise) and how to
write a day. ``make translations`` extracts the sentences marked ``N_`` below, so the English
here is the msgid the Welsh catalogue translates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from icv.rota.engine.left_out import (
    AWAY,
    EVENED,
    LIMIT_ZERO,
    MONTHS_FULL,
    NO_MENTOR,
    NO_PANEL,
    NO_PARTNER,
    NO_TIMES,
)
from icv.rota.engine.reason_words import N_, _english, _english_day

#: code -> its sentence
_SENTENCES: dict[str, str] = {
    NO_PANEL: N_("not on the panel of any suite in the rota"),
    NO_TIMES: N_("has given no days and times they can visit"),
    LIMIT_ZERO: N_("their monthly limit is 0"),
    AWAY: N_("away, or unable to visit, for the whole period"),
    MONTHS_FULL: N_("at their monthly limit with visits in the rotas either side"),
    EVENED: N_("could go, but the visits went to others with fewer (the load is evened)"),
    NO_MENTOR: N_(
        "on probation, and no experienced volunteer on their panel is free at the same times"
    ),
    NO_PARTNER: N_("no one on their panel who may go with them is free at the same times"),
}

#: What the record says stops them: police vetting lapses, or their term ends.
VETTING = "vetting"
TERM = "term"

#: (what, whether it is before the rota starts) -> its sentence, with ``%(day)s``
_NOTES: dict[tuple[str, bool], str] = {
    (VETTING, False): N_("police vetting lapses on %(day)s"),
    (VETTING, True): N_("police vetting lapses on %(day)s, before the rota starts"),
    (TERM, False): N_("their term ends on %(day)s"),
    (TERM, True): N_("their term ends on %(day)s, before the rota starts"),
}


def words(code: str, _: Callable[..., str] = _english) -> str:
    """The sentence of a left-out reason's code, in the language of ``_`` (an unknown code,
    from a later version, as an empty sentence: the caller shows what it has)."""
    sentence = _SENTENCES.get(code)
    return "" if sentence is None else _(sentence)


def note_words(
    what: str,
    last: date,
    before_start: bool,
    _: Callable[..., str] = _english,
    day: Callable[[date], str] = _english_day,
) -> str:
    """What the record says stops them (``what`` is ``VETTING`` or ``TERM``), and when."""
    return _(_NOTES[what, before_start], day=day(last))


def known(code: str) -> bool:
    return code in _SENTENCES
