"""Fairness the coordinator can see on a rota: visits per volunteer (planned and made) against
the scheme's minimum, pairs doing too large a share of a suite's visits, and who is left out of
the rota and why (reasons from icv/rota/engine/left_out.py, with the record's own first), in
the reader's language (``reason_text.LeftOutWords``).

Who could be rostered, and the solver's reason for each one left out, are read from what the
quality store kept when it last worked the figures out (``quality_store.fairness_part``), not
from a problem built afresh on every view (a thousand volunteers with their panels, dates away
and training: most of the page's time). They are as when the figures were worked out, which is
what the tab explains: the draft as it was drawn, judged as on the rota's first day; any change
to its visits forgets them, and the next view works them out again. What the record itself
says (vetting lapses, the term ends) is read as it stands, with the names, in one statement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.rota import problem_from_db, quality_store
from icv.rota.engine.left_out import AWAY
from icv.rota.engine.left_out_words import TERM, VETTING
from icv.rota.models import RotaPeriod, VisitStatus
from icv.rota.reason_text import LeftOutWords
from icv.rota.rules import concentrated_pairs, minimum_in_period
from icv.settings import get_settings
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer


@dataclass(frozen=True)
class Load:
    name: str
    planned: int  # on the rota, not cancelled (made ones included)
    made: int  # completed by a report

    def below(self, minimum: int) -> bool:
        return self.planned < minimum


@dataclass(frozen=True)
class PairShare:
    suite: Suite
    names: str
    visits: int
    of: int

    @property
    def percent(self) -> int:
        return round(100 * self.visits / self.of)


@dataclass(frozen=True)
class Fairness:
    minimum: int
    per_month: int
    loads: list[Load]
    pairs: list[PairShare]
    #: (name, why in the reader's language), by name
    left_out: list[tuple[str, str]]
    share: int


@dataclass(frozen=True)
class Record:
    """What the tab reads of a rosterable volunteer's record: their name, and the dates their
    record says they stop visiting."""

    name: str
    vetting_expires_on: date | None
    term_ends_on: date | None


def of(period: RotaPeriod, kept: dict | None = None) -> Fairness:
    """The rota's fairness, from its kept figures (``quality_store.current``: worked out now
    if they are not, when not given; the caller commits) and its visits."""
    settings = get_settings()
    per_month, share = (
        int(settings["minimum_visits_per_month"]),
        int(settings["pair_share_percent"]),
    )
    share_kept = (kept or quality_store.current(period)[0])["fairness"]
    records = records_of([problem_from_db.key_id(key) for key in share_kept["rosterable"]])
    counted = [v for v in period.visits if v.status != VisitStatus.CANCELLED]
    planned, made = Counter(), Counter()
    names = {i: record.name for i, record in records.items()}
    groups: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    suites: dict[int, Suite] = {}
    for visit in counted:
        ids = tuple(sorted(visit.visitor_ids))
        groups[visit.suite_id].append(ids)
        suites[visit.suite_id] = visit.suite
        for place in visit.visitors:
            names.setdefault(place.volunteer_id, place.volunteer.user.name)
            planned[place.volunteer_id] += 1
            made[place.volunteer_id] += visit.status == VisitStatus.COMPLETED
    loads = sorted(
        (Load(name, planned[i], made[i]) for i, name in names.items()),
        key=lambda load: (load.planned, load.name),
    )
    return Fairness(
        minimum=minimum_in_period(per_month, period.starts_on, period.ends_on),
        per_month=per_month,
        loads=loads,
        pairs=[
            PairShare(suites[s], " and ".join(names[i] for i in pair), n, total)
            for s, pair, n, total in concentrated_pairs(groups, share)
        ],
        left_out=left_out_of(period, share_kept["left_out"], records),
        share=share,
    )


def records_of(ids: list[int]) -> dict[int, Record]:
    """Volunteer id -> their name and the dates that end their visiting, in one narrow
    statement (not the volunteers with their panels and dates away)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(Volunteer.id, User.name, Volunteer.vetting_expires_on, Volunteer.term_ends_on)
        .join(User, Volunteer.user)
        .where(Volunteer.id.in_(ids))
        .order_by(Volunteer.id)
    )
    return {i: Record(name, vetting, term) for i, name, vetting, term in rows}


def left_out_of(
    period: RotaPeriod, reasons: dict[str, dict | str], records: dict[int, Record]
) -> list[tuple[str, str]]:
    """(name, why) of each rosterable volunteer with no visit, in the reader's language: the
    solver's reason as kept (``quality_store.fairness_part``: a code, or an English sentence
    kept before codes), with what their record says now. One whose record is gone since is
    left out of the list too."""
    found, words = [], LeftOutWords()
    for key, reason in reasons.items():
        record = records.get(problem_from_db.key_id(key))
        if record is not None:
            note = record_reason(record.vetting_expires_on, record.term_ends_on, period)
            found.append((record.name, with_record(reason, note, words)))
    return sorted(found)


@dataclass(frozen=True)
class RecordNote:
    """What a volunteer's record says stops them visiting in the rota, and from when."""

    what: str  # left_out_words.VETTING or TERM
    last: date
    before_start: bool


def with_record(reason: dict | str, note: RecordNote | None, words: LeftOutWords) -> str:
    """The solver's reason, or the record's when it explains the whole period away, written
    in the reader's language."""
    if note is None:
        return words.reason(reason)
    written = words.note(note.what, note.last, note.before_start)
    if is_away(reason):
        return written
    return f"{words.reason(reason)}; {written}"


def is_away(reason: dict | str) -> bool:
    """Whether the kept reason is that they are away the whole period (a code, or the English
    sentence kept before codes)."""
    if isinstance(reason, str):
        return reason.startswith("away")
    return reason.get("code") == AWAY


def record_reason(
    vetting_expires_on: date | None, term_ends_on: date | None, period: RotaPeriod
) -> RecordNote | None:
    """What the volunteer's record says stops them, before the solver's reason."""
    for what, last in ((VETTING, vetting_expires_on), (TERM, term_ends_on)):
        if last is not None and last < period.ends_on:
            return RecordNote(what, last, before_start=last < period.starts_on)
    return None
