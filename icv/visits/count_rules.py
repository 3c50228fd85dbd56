"""The detainee counts of a visit report (pure: no Flask, no database).

A report written on the form must account for everyone in custody exactly once (spoken with,
observed only, declined, not offered). Historical records often do not, so the import checks
bounds only (``import_count_problems``), as docs/import.md says.

Each box is judged on its own (a whole number from 0 to ``MAX_COUNT``), then each rule across
boxes whose boxes were all read well: one save shows every problem that can be judged, and no
rule reads a box with its own problem as if it were 0 (a misleading "does not add up").
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from icv.text import Problem
from icv.visits.rules import NOT_OFFERED_REASONS

#: More people than any custody suite holds at once: a count above it is a typing slip.
MAX_COUNT = 999


@dataclass(frozen=True)
class Counts:
    """The people in custody at the time of a visit, each in exactly one category."""

    in_custody: int
    spoken: int = 0
    observed: int = 0
    declined: int = 0
    not_offered: int = 0
    #: reason -> people not offered a visit for it (NOT_OFFERED_REASONS)
    reasons: Mapping[str, int] = field(default_factory=dict)
    juveniles: int = 0
    vulnerable: int = 0
    #: By sex: None when not recorded (all three boxes empty).
    male: int | None = None
    female: int | None = None
    sex_not_known: int | None = None
    mental_health_powers: int = 0

    @property
    def offered(self) -> int:
        """Offered a visit: spoken with or declined. Observed only is not offered (ICVA and
        Scotland publish offered = accepted + declined, with observed apart)."""
        return self.spoken + self.declined

    @property
    def counted(self) -> int:
        return self.offered + self.observed + self.not_offered


COUNT_SUBJECTS = {
    "in_custody": Problem("The number in custody"),
    "spoken": Problem("The number you spoke with"),
    "observed": Problem("The number you observed only"),
    "declined": Problem("The number who declined"),
    "not_offered": Problem("The number not offered a visit"),
    "juveniles": Problem("The number of children"),
    "vulnerable": Problem("The number of vulnerable adults"),
    "mental_health_powers": Problem("The number held under mental-health powers"),
}
#: The counts by sex, each empty when not recorded.
SEX_SUBJECTS = {
    "male": Problem("The number of males"),
    "female": Problem("The number of females"),
    "sex_not_known": Problem("The number of another sex or not known"),
}


def people(n: int) -> Problem:
    return Problem("1 person") if n == 1 else Problem("%(n)d people", n=n)


def reasons_problem(given: int, not_offered: int) -> Problem:
    """The reasons for not offering a visit do not add up to the number not offered."""
    if given == 1:
        return Problem(
            "The reasons add up to 1 person, but you entered %(not_offered)d not offered a visit",
            not_offered=not_offered,
        )
    return Problem(
        "The reasons add up to %(given)d people, but you entered %(not_offered)d not offered "
        "a visit",
        given=given,
        not_offered=not_offered,
    )


def range_problems(counts: Counts) -> dict[str, str]:
    """Each count's own problem: below 0, or above ``MAX_COUNT``."""
    numbers = {
        **{name: (subject, getattr(counts, name)) for name, subject in COUNT_SUBJECTS.items()},
        **{f"reason_{r}": (Problem("A number of people"), n) for r, n in counts.reasons.items()},
        **{
            name: (subject, getattr(counts, name))
            for name, subject in SEX_SUBJECTS.items()
            if getattr(counts, name) is not None
        },
    }
    return {
        name: Problem("%(subject)s cannot be less than 0", subject=subject)
        if n < 0
        else Problem("%(subject)s cannot be more than %(most)d", subject=subject, most=MAX_COUNT)
        for name, (subject, n) in numbers.items()
        if not 0 <= n <= MAX_COUNT
    }


def counted_once_problems(counts: Counts) -> dict[str, str]:
    if counts.counted == counts.in_custody:
        return {}
    return {
        "in_custody": Problem(
            "Count everyone in custody once: %(spoken)d spoken with, %(observed)d observed, "
            "%(declined)d declined and %(not_offered)d not offered make %(counted)d, but you "
            "entered %(in_custody)d in custody",
            spoken=counts.spoken,
            observed=counts.observed,
            declined=counts.declined,
            not_offered=counts.not_offered,
            counted=counts.counted,
            in_custody=counts.in_custody,
        )
    }


def reasons_problems(counts: Counts) -> dict[str, str]:
    given = sum(counts.reasons.values())
    if given == counts.not_offered:
        return {}
    return {"not_offered": reasons_problem(given, counts.not_offered)}


def by_sex_problems(counts: Counts) -> dict[str, str]:
    """Male, female and another sex add up to those in custody, when any is recorded."""
    by_sex = [getattr(counts, name) for name in SEX_SUBJECTS]
    total = sum(n or 0 for n in by_sex)
    if all(n is None for n in by_sex) or total == counts.in_custody:
        return {}
    return {
        "male": Problem(
            "Male, female and another sex or not known make %(total)d, but you entered "
            "%(in_custody)d in custody",
            total=total,
            in_custody=counts.in_custody,
        )
    }


def at_most_in_custody(name: str, label: str) -> Callable[[Counts], dict[str, str]]:
    """The rule that the people counted in box ``name`` (``label``) are at most those in
    custody."""

    def problems(counts: Counts) -> dict[str, str]:
        if getattr(counts, name) <= counts.in_custody:
            return {}
        return {
            name: Problem(
                "The number of %(label)s cannot be more than the %(people)s in custody",
                label=label,
                people=people(counts.in_custody),
            )
        }

    return problems


class AcrossBoxes(NamedTuple):
    """A rule across count boxes: the boxes it reads, and its problems (each at one of them,
    so it never hides a box's own problem nor is hidden by it)."""

    reads: tuple[str, ...]
    problems: Callable[[Counts], dict[str, str]]


#: The rules across boxes, in the order their messages are given.
ACROSS_BOXES = (
    AcrossBoxes(
        ("in_custody", "spoken", "observed", "declined", "not_offered"), counted_once_problems
    ),
    AcrossBoxes(("not_offered", *(f"reason_{r}" for r in NOT_OFFERED_REASONS)), reasons_problems),
    AcrossBoxes(("in_custody", *SEX_SUBJECTS), by_sex_problems),
    AcrossBoxes(("in_custody", "juveniles"), at_most_in_custody("juveniles", Problem("children"))),
    AcrossBoxes(
        ("in_custody", "vulnerable"),
        at_most_in_custody("vulnerable", Problem("vulnerable adults")),
    ),
    AcrossBoxes(
        ("in_custody", "mental_health_powers"),
        at_most_in_custody(
            "mental_health_powers", Problem("people held under mental-health powers")
        ),
    ),
)


def count_problems(counts: Counts, unread: Collection[str] = ()) -> dict[str, str]:
    """Messages for counts out of range, at their boxes, and for counts that do not account
    for everyone in custody exactly once. A rule across boxes is judged only when it reads no
    box out of range nor in ``unread`` (boxes whose own problem is shown: not a whole number,
    or required and empty), whose number in ``counts`` is not the one meant."""
    problems = range_problems(counts)
    not_read = problems.keys() | set(unread)
    for rule in ACROSS_BOXES:
        if not_read.isdisjoint(rule.reads):
            problems |= rule.problems(counts)
    return problems


def import_count_problems(
    in_custody: int,
    offered: int,
    spoken: int,
    observed: int,
    declined: int,
    not_offered: int,
    juveniles: int,
) -> list[str]:
    """Bounds that historical counts must keep (they need not account for everyone)."""
    problems = []
    if spoken + declined > offered:
        problems.append(
            f"spoken ({spoken}) + declined ({declined}) is more than offered ({offered})"
        )
    if offered + not_offered > in_custody:
        problems.append(
            f"offered ({offered}) + not_offered ({not_offered}) is more than in_custody "
            f"({in_custody})"
        )
    if observed > in_custody:
        problems.append(f"observed ({observed}) is more than in_custody ({in_custody})")
    if juveniles > in_custody:
        problems.append(f"juveniles ({juveniles}) is more than in_custody ({in_custody})")
    return problems
