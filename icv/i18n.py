"""Welsh and English: which language a page or a mail is written in, and dates written in it.

A core module: it imports no area. Whether the scheme offers Welsh is a setting the callers
read (``icv/web.py`` for pages, ``icv/notifications`` for mail) and pass in.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from babel import dates as babel_dates
from babel import support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms.i18n import messages_path

from icv.clock import SCHEME_TZ, as_utc
from icv.text import WTFORMS_WORDS, Day, Joined, Problem, Subject, Worded

#: The languages icv is written in: code -> the language's name in itself (the switch's words).
LANGUAGES = {"en": "English", "cy": "Cymraeg"}
DEFAULT_LANGUAGE = "en"

#: The ways a date is written, by name (``{{ day | date('weekday') }}``), as CLDR patterns, so
#: each language puts its own month and day names in: "5 December 2026", "5 Rhagfyr 2026".
DATE_FORMS = {
    "long": "d MMMM y",  # 5 December 2026
    "day_month": "d MMMM",  # 5 December
    "weekday": "EEEE d MMMM",  # Saturday 5 December
    "weekday_year": "EEEE d MMMM y",  # Saturday 5 December 2026
    "short": "EEE d MMM y",  # Sat 5 Dec 2026
    "month_year": "MMMM y",  # December 2026
    "day_name": "EEEE",  # Saturday
}
DATETIME_FORM = "d MMM y, HH:mm"  # 5 Dec 2026, 14:30 (UK time)
TIME_FORM = "HH:mm"

log = logging.getLogger(__name__)


def choose_language(
    *, welsh_offered: bool, account: str | None, session: str | None, accept: str | None
) -> str:
    """The language of a page: the account's choice, else this browser session's, else the
    browser's Accept-Language (Welsh or English), else English; always English where the
    scheme does not offer Welsh, whatever was chosen before."""
    if not welsh_offered:
        return DEFAULT_LANGUAGE
    for choice in (account, session, accept):
        if choice in LANGUAGES:
            return choice
    return DEFAULT_LANGUAGE


def language_for_mail(*, welsh_offered: bool, chosen: str | None) -> str:
    """The language of a mail to someone who chose ``chosen`` (None: never chose)."""
    return choose_language(welsh_offered=welsh_offered, account=chosen, session=None, accept=None)


def current_language() -> str:
    """The language of this request, or of the mail being written (``force_locale``)."""
    locale = get_locale()
    return DEFAULT_LANGUAGE if locale is None else str(locale.language)


def safe_return_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (``/apply/about-you?x=1``), else None: the
    switch goes back only to our own pages, never to an address someone put in a link."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


def format_date(value: date | datetime | None, form: str = "long") -> str:
    """A date written in the current language (``form`` is a name of ``DATE_FORMS``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = as_utc(value).astimezone(SCHEME_TZ).date()
    return babel_dates.format_date(value, DATE_FORMS[form], locale=current_language())


def format_datetime(value: datetime | None) -> str:
    """A moment in UK time, written in the current language: "5 Dec 2026, 14:30"."""
    if value is None:
        return ""
    return babel_dates.format_datetime(
        as_utc(value), DATETIME_FORM, tzinfo=SCHEME_TZ, locale=current_language()
    )


def format_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(
        as_utc(value), TIME_FORM, tzinfo=SCHEME_TZ, locale=current_language()
    )


def compile_catalogues(directory: Path) -> None:
    """Compile each ``messages.po`` whose ``.mo`` is missing or older (the ``.mo`` files are
    build output, not committed: a fresh clone or an edited catalogue works at the next start).
    A read-only install compiled at build time (``make assets``) is left as it is."""
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
        except OSError:
            log.warning("could not compile %s", po_path, exc_info=True)


@cache
def wtforms_messages(locale: str) -> support.Translations:
    """WTForms' own messages in a language (a label it makes up, a choice not offered), read
    from disk once a process: flask-wtf reads and parses the catalogue again in every request
    that builds a form (a tenth of a send's Python calls went there)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def in_language(message: str) -> str:
    """A rule's message (``Problem``) in the reader's language, with the words, dates and
    labels among its values in it too; other messages as they are."""
    if isinstance(message, Problem):
        if getattr(message, "domain", None) == WTFORMS_WORDS:
            return wtforms_messages(current_language()).gettext(message.template)
        return _(message.template, **{k: in_language(v) for k, v in message.values.items()})
    if isinstance(message, Day):
        return format_date(message.day)
    if isinstance(message, Worded):
        return message.cy if current_language() == "cy" and message.cy else str(message)
    if isinstance(message, Joined):
        return _(" and ").join(in_language(part) for part in message.parts)
    if isinstance(message, Subject):
        return str(in_language(message.label)).split(" (")[0]
    return message
