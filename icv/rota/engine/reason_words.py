"""The words of each unfilled reason's code, written once for every language.

The engine diagnoses a gap as a code and its parameters (``{"code": "all_at_limit", "params":
{"suite": "Nuneaton", "week": "2027-W07"}}``); this module writes it as a sentence. It stays
pure: the caller passes the translation functions (``gettext``/``ngettext`` of Flask-Babel on
a page, plain English for the solver's JSON) and how to write a day. ``make translations``
extracts the sentences from the ``_``/``ngettext`` calls below, so the English here is the
msgid the Welsh catalogue translates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from icv.rota.engine.problem import MONTHS, week_monday

#: A code a stored reason had before codes existed, or that this version does not know:
#: its words are kept as ``params["text"]``.
OTHER = "other"


def _english(text: str, **values: Any) -> str:
    return text % values if values else text


def _english_n(singular: str, plural: str, num: int, **values: Any) -> str:
    return (singular if num == 1 else plural) % {"num": num, **values}


def _english_day(day: date) -> str:
    return f"{day.day} {MONTHS.split()[day.month - 1]} {day.year}"


def words(
    code: str,
    params: Mapping[str, Any],
    _: Callable[..., str] = _english,
    ngettext: Callable[..., str] = _english_n,
    day: Callable[[date], str] = _english_day,
) -> str:
    """The sentence for a reason's code, in the language of ``_``/``ngettext``."""
    p = dict(params)
    if code not in _SENTENCES and code not in _COUNTED:
        return str(p.get("text", ""))
    if "week" in p:
        p["week"] = _("the week of %(day)s", day=day(week_monday(p["week"])))
    if "visitors" in p:
        p["group"] = (
            _("pair")
            if p["visitors"] == 2
            else ngettext("group of %(num)d", "group of %(num)d", p["visitors"])
        )
    if "close" in p:
        p["close"] = _close(p["close"], p.get("gap", 0), ngettext, _)
    if code in _COUNTED:
        return _COUNTED[code](p, _, ngettext)
    return _(_SENTENCES[code], **p)


def _close(kind: str, gap: int, ngettext, _) -> str:
    """How close another visit is: that day, that week, or less than a number of days away."""
    if kind == "week":
        return _("that week")
    if kind == "days":
        return ngettext("less than %(num)d day away", "less than %(num)d days away", gap)
    return _("that day")


def _counted(p: dict, _, ngettext) -> str:
    """What stops the volunteers: how many reached their limit, how many have a visit close."""
    parts = []
    if p.get("full"):
        parts.append(
            ngettext(
                "%(num)d has reached their monthly limit",
                "%(num)d have reached their monthly limit",
                p["full"],
            )
        )
    if p.get("near"):
        parts.append(
            ngettext(
                "%(num)d has another visit %(close)s",
                "%(num)d have another visit %(close)s",
                p["near"],
                close=p["close"],
            )
        )
    return _(" and ").join(parts)


def _some_free(p: dict, _, ngettext) -> str:
    return ngettext(
        "only %(num)d of the %(total)d volunteers available for %(suite)s in %(week)s is free: "
        "%(why)s",
        "only %(num)d of the %(total)d volunteers available for %(suite)s in %(week)s are free: "
        "%(why)s",
        p["free"],
        total=p["total"],
        suite=p["suite"],
        week=p["week"],
        why=_counted(p, _, ngettext),
    )


def N_(text: str) -> str:
    """Marks a sentence for the catalogue; ``words`` translates it when it is written."""
    return text


#: code -> its sentence, with ``%(suite)s``, ``%(week)s``, ``%(group)s`` and ``%(close)s``
#: already words (the codes whose sentence depends on a number are in ``_COUNTED``).
_SENTENCES: dict[str, str] = {
    "no_panel": N_("no volunteers on the panel for %(suite)s"),
    "none_available": N_("no available %(group)s on the panel for %(suite)s in %(week)s"),
    "no_tact": N_(
        "nobody available for %(suite)s in %(week)s has TACT training in date (it holds "
        "people under the Terrorism Act)"
    ),
    "avoid": N_(
        "every %(group)s available for %(suite)s in %(week)s includes people who avoid each other"
    ),
    "only_probationers": N_("only probationers are available for %(suite)s in %(week)s"),
    "every_day_taken": N_(
        "%(suite)s already has a visit on every day a %(group)s is available in %(week)s"
    ),
    "add_a_visit": N_("a %(group)s is free to visit %(suite)s in %(week)s: add a visit"),
    "not_together": N_("the volunteers still free for %(suite)s in %(week)s may not go together"),
    "all_at_limit": N_(
        "everyone available for %(suite)s in %(week)s has reached their monthly limit"
    ),
    "all_near": N_(
        "everyone available for %(suite)s in %(week)s already has another visit %(close)s"
    ),
}


def _small_panel(p: dict, _, ngettext) -> str:
    if p["count"] == 1:
        return _("only one volunteer is on the panel for %(suite)s", suite=p["suite"])
    return ngettext(
        "only %(num)d volunteer is on the panel for %(suite)s",
        "only %(num)d volunteers are on the panel for %(suite)s",
        p["count"],
        suite=p["suite"],
    )


def _few_days(p: dict, _, ngettext) -> str:
    return ngettext(
        "a %(group)s is available for %(suite)s on only %(num)d day in %(week)s",
        "a %(group)s is available for %(suite)s on only %(num)d days in %(week)s",
        p["days"],
        group=p["group"],
        suite=p["suite"],
        week=p["week"],
    )


def _none_free(p: dict, _, ngettext) -> str:
    return _(
        "of the %(total)d volunteers available for %(suite)s in %(week)s, %(why)s",
        total=p["total"],
        suite=p["suite"],
        week=p["week"],
        why=_counted(p, _, ngettext),
    )


#: code -> its sentence from the parameters and a number in them.
_COUNTED: dict[str, Callable[[dict, Any, Any], str]] = {
    "small_panel": _small_panel,
    "few_days": _few_days,
    "some_free": _some_free,
    "none_free": _none_free,
}

#: Every code the engine gives (and ``other``).
CODES = frozenset(_SENTENCES) | frozenset(_COUNTED) | {OTHER}
