"""The wizard's pure rules: sections in order, moving on and back, where an unfinished wizard
resumes, the state of each section, the outcome of a step, and answers as typed.

Answers are kept exactly as typed, in the shape of posted form data: section slug -> field
name -> list of strings. A server draft, a phone's copy and a correction all use it, so nothing
is checked until a section is shown or the wizard is finished. No Flask, no database here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

#: One section's answers as typed: field name -> values.
Typed = dict[str, list[str]]
#: Every section's answers as typed: section slug -> field name -> values.
Answers = dict[str, Typed]


@dataclass(frozen=True)
class Section:
    """One page of questions. An area subclasses it to say more (what its answers mean)."""

    slug: str
    title: str
    #: The form class asking the section's questions.
    form: type
    intro: str = ""
    #: An optional section may be left out; the wizard can be finished without it.
    optional: bool = False

    @property
    def decides(self) -> bool:
        """Whether the section's answers can end the wizard early (the application's
        eligibility questions): once they do, only such sections are still asked."""
        return False


class State(StrEnum):
    """Where a section stands, given the answers so far (the task list's tags)."""

    DONE = "done"
    PROBLEM = "problem"
    NOT_STARTED = "not_started"
    OPTIONAL = "optional"


def state_of(section: Section, answered: bool, valid: bool) -> State:
    """``valid`` is only read for an answered section (its form checked)."""
    if not answered:
        return State.OPTIONAL if section.optional else State.NOT_STARTED
    return State.DONE if valid else State.PROBLEM


def finished(states: Iterable[State]) -> bool:
    """Whether every section is answered well enough to finish (an optional one may be left)."""
    return all(state in (State.DONE, State.OPTIONAL) for state in states)


class Outcome(StrEnum):
    """What posting a section leads to."""

    #: The answers are good: on to the next section (or back to "check your answers").
    NEXT = "next"
    #: The section is shown again with its problems next to the fields.
    AGAIN = "again"
    #: The answers so far end the wizard (an applicant who cannot apply).
    STOPPED = "stopped"
    #: The database would not take the answers: shown again as posted, with what to do.
    UNSAVED = "unsaved"


def outcome_of(valid: bool, *, saved: bool = True, stopped: bool = False) -> Outcome:
    if not saved:
        return Outcome.UNSAVED
    if stopped:
        return Outcome.STOPPED
    return Outcome.NEXT if valid else Outcome.AGAIN


@dataclass(frozen=True)
class AnswerLimits:
    """What a draft keeps of a posted form: enough for any section, too little to make the
    database a file store (a robot once posted 300 extra fields of 100 kB into a draft)."""

    names: int = 300
    values: int = 20
    chars: int = 5000
    #: The longest field name a phone may send.
    name_chars: int = 60


class FormData(Protocol):
    """Posted form data (werkzeug's ``MultiDict``): names in order, each with its values."""

    def __iter__(self) -> Iterator[str]: ...

    def getlist(self, key: str) -> list[Any]: ...


def posted_answers(
    formdata: FormData,
    skip: Container[str],
    allowed: Container[str] | None = None,
    limits: AnswerLimits = AnswerLimits(),
) -> Typed:
    """A posted form's answers as typed (name -> values), only the names ``allowed`` (all but
    ``skip`` when None), and no more of them, nor longer, than ``limits``."""
    kept: Typed = {}
    for name in formdata:
        if name in skip or (allowed is not None and name not in allowed):
            continue
        if len(kept) == limits.names:
            break
        values = formdata.getlist(name)[: limits.values]
        kept[name] = [value[: limits.chars] for value in values]
    return kept


def without_nul(text: str) -> str:
    """PostgreSQL cannot store U+0000 in text, and JSON lets a phone send one: dropped."""
    return text.replace("\x00", "")


@dataclass(frozen=True)
class Wizard:
    """An ordered set of sections, and what is not an answer in a posted section."""

    sections: tuple[Section, ...]
    #: Posted fields that are not answers (the CSRF token, buttons, honeypots).
    not_answers: frozenset[str]
    limits: AnswerLimits = AnswerLimits()

    @cached_property
    def by_slug(self) -> dict[str, Section]:
        return {section.slug: section for section in self.sections}

    @cached_property
    def deciding(self) -> tuple[str, ...]:
        """The sections whose answers can end the wizard: all that is asked, and kept, after."""
        return tuple(section.slug for section in self.sections if section.decides)

    def still_asked(self, slug: str, ended: Callable[[], bool]) -> bool:
        """Whether the section applies given the answers so far: each does until they end the
        wizard (``ended``, only asked when it matters); then only those that decide it."""
        return slug in self.deciding or not ended()

    def step(self, slug: str) -> int:
        """The section's number, from 1 ("Section 2 of 6")."""
        return self.slugs.index(slug) + 1

    @cached_property
    def slugs(self) -> list[str]:
        return [section.slug for section in self.sections]

    def following(self, slug: str) -> Section | None:
        """The section after ``slug``; None after the last."""
        position = self.step(slug)
        return self.sections[position] if position < len(self.sections) else None

    def preceding(self, slug: str) -> Section | None:
        """The section before ``slug``; None before the first."""
        position = self.step(slug) - 1
        return self.sections[position - 1] if position else None

    def resume_after(self, slug: str, answered: Collection[str]) -> Section | None:
        """Where someone carries on after ``slug``: the next section not yet answered, going
        round to the first; None when every section is answered (time to check)."""
        position = self.step(slug) - 1
        for section in self.sections[position + 1 :] + self.sections[:position]:
            if section.slug not in answered:
                return section
        return None

    def next_section(
        self, slug: str, *, to_check: bool = False, answered: Collection[str] | None = None
    ) -> Section | None:
        """Where saving ``slug`` leads; None is "check your answers": when the answer was
        changed from there (``to_check``), or when no section is left. Given ``answered``,
        the next section not yet answered (``resume_after``), else the next in order."""
        if to_check:
            return None
        if answered is None:
            return self.following(slug)
        return self.resume_after(slug, answered)

    def posted(self, formdata: FormData, allowed: Container[str] | None = None) -> Typed:
        """A posted section's answers as typed, within ``limits``."""
        return posted_answers(formdata, self.not_answers, allowed, self.limits)

    def answers_from_phone(self, raw: Any) -> Answers | None:
        """Sections a phone sent as JSON, if they have the shape of answers (else None).
        Fields that are not answers, or whose names are too long, are left out."""
        if not isinstance(raw, dict):
            return None
        cleaned: Answers = {}
        for slug, fields in raw.items():
            if slug not in self.by_slug or not isinstance(fields, dict):
                return None
            if len(fields) > self.limits.names:
                return None
            section = self._typed_from_phone(fields)
            if section is None:
                return None
            cleaned[slug] = section
        return cleaned

    def _typed_from_phone(self, fields: dict) -> Typed | None:
        section: Typed = {}
        for name, values in fields.items():
            name = without_nul(name) if isinstance(name, str) else None
            if not (name and len(name) <= self.limits.name_chars) or name in self.not_answers:
                continue
            if not isinstance(values, list) or len(values) > self.limits.values:
                return None
            if not all(isinstance(v, str) and len(v) <= self.limits.chars for v in values):
                return None
            section[name] = [without_nul(v) for v in values]
        return section
