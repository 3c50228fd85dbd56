"""The rules of a visit report: times in order, access delays and detainee counts (pure: no
Flask, no database; times of day across the clock changes are in icv/visits/times.py). Each
check returns plain-English messages keyed by the field they belong to, so the form can show
them next to that field.

A report written on the form must account for everyone in custody exactly once (spoken with,
observed only, declined, not offered). Historical records often do not, so the import checks
bounds only (``import_count_problems``), as docs/import.md says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from icv.clock import SCHEME_TZ
from icv.text import N_, Problem
from icv.visits.times import (
    clocks_change,
    day_of,
    elapsed_minutes,
    hhmm,
    minutes_between,
    skipped_problem,
)

#: A time up to this far ahead of the server's clock is taken for a watch a little fast or a
#: minute rounded up, not for a visit still to come.
CLOCK_GRACE = timedelta(minutes=5)
#: A visit longer than this is taken for times typed in the wrong order.
MAX_VISIT_MINUTES = 8 * 60
#: More people than any custody suite holds at once: a count above it is a typing slip.
MAX_COUNT = 999


class Mode(StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    TELEPHONE = "telephone"

    @property
    def label(self) -> str:
        return {
            "in_person": N_("In person"),
            "virtual": N_("Virtual (video)"),
            "telephone": N_("Telephone"),
        }[self.value]


class Outcome(StrEnum):
    COMPLETED = "completed"
    NO_ACCESS = "no_access"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return {
            "completed": N_("Completed"),
            "no_access": N_("No access: we were not let in"),
            "abandoned": N_("Abandoned: we had to stop the visit"),
        }[self.value]


#: Why someone in custody was not offered a visit.
NOT_OFFERED_REASONS = {
    "asleep": N_("Asleep"),
    "interview": N_("In interview"),
    "legal_medical": N_("With a solicitor or doctor"),
    "unsafe": N_("Unsafe to visit"),
    "release": N_("Being released"),
    "other": N_("Another reason"),
}
#: Who authorised a delay in letting the visitors in (the Code requires an inspector or above).
AUTHORISING_RANKS = {
    "inspector": N_("Inspector"),
    "chief_inspector": N_("Chief inspector"),
    "superintendent": N_("Superintendent or above"),
    "below_inspector": N_("A sergeant or other officer below inspector"),
}
#: The three areas visitors check (the Code of Practice: rights, welfare and conditions).
CHECK_AREAS = {
    "rights": N_("Rights and entitlements"),
    "welfare": N_("Health and welfare"),
    "conditions": N_("Cells and facilities"),
}
FINDINGS = {
    "no_concerns": N_("No concerns"),
    "concerns": N_("Concerns found"),
    "not_checked": N_("Not checked"),
}
CONSENT = {"yes": N_("Yes"), "no": N_("No"), "not_asked": N_("Not asked")}


def admission_problems(admitted: time | None, outcome: str | None) -> dict[str, str]:
    """The time let in belongs to a visit that got in, and a completed visit has one."""
    if outcome == Outcome.NO_ACCESS and admitted is not None:
        return {"admitted": Problem("Leave the time you were let in empty: you were not let in")}
    if outcome == Outcome.COMPLETED and admitted is None:
        return {"admitted": Problem("Enter the time you were let into the custody area")}
    return {}


def skipped_problems(
    visit_date: date | None, arrived: time | None, times: Mapping[str, time | None]
) -> dict[str, str]:
    """Messages for times the clocks skipped that night: ``arrived`` on the visit's date, each
    of ``times`` (name -> time) that day or, when earlier than the arrival, the next."""
    if visit_date is None or arrived is None:
        return {}
    if not (clocks_change(visit_date) or clocks_change(visit_date + timedelta(days=1))):
        return {}
    days = {"arrived": visit_date} | {
        name: day_of(visit_date, arrived, at) for name, at in times.items() if at is not None
    }
    found = {
        name: skipped_problem(day, arrived if name == "arrived" else times[name])
        for name, day in days.items()
    }
    return {name: problem for name, problem in found.items() if problem}


def time_problems(
    arrived: time | None,
    admitted: time | None,
    left: time | None,
    outcome: str | None,
    historical: bool = False,
    visit_date: date | None = None,
) -> dict[str, str]:
    """Messages for times that cannot be right. A departure earlier than the arrival means the
    visit went past midnight; one more than 8 hours after it means the times are out of order.
    Leaving the minute they arrived is right only for a visit without access (refused at the
    door). ``historical`` records (an import) need not say when the visitors were let in.
    Given the visit's date, a time the clocks skipped that night is refused, and the visit's
    length is real time (``elapsed_minutes``).
    """
    problems: dict[str, str] = {} if historical else admission_problems(admitted, outcome)
    problems |= skipped_problems(visit_date, arrived, {"admitted": admitted, "left": left})
    if arrived is None or left is None or problems.keys() & {"arrived", "left"}:
        return problems
    length = (
        minutes_between(arrived, left)
        if visit_date is None
        else elapsed_minutes(visit_date, arrived, left)
    )
    if length == 0 and outcome != Outcome.NO_ACCESS:
        problems["left"] = Problem("The time you left must be after the time you arrived")
    elif length > MAX_VISIT_MINUTES:
        problems["left"] = Problem(
            "Times out of order: arriving at %(arrived)s and leaving at %(left)s would be a "
            "visit of over %(hours)d hours. Check both times",
            arrived=hhmm(arrived),
            left=hhmm(left),
            hours=MAX_VISIT_MINUTES // 60,
        )
    elif (
        admitted is not None
        and "admitted" not in problems
        and minutes_between(arrived, admitted) > minutes_between(arrived, left)
    ):
        problems["admitted"] = Problem(
            "The time you were let in must be between the time you arrived (%(arrived)s) and "
            "the time you left (%(left)s)",
            arrived=hhmm(arrived),
            left=hhmm(left),
        )
    return problems


def future_problems(
    visit_date: date | None, arrived: time | None, left: time | None, now: datetime
) -> dict[str, str]:
    """A time that has not come yet (``now``, aware) is refused, like a date in the future:
    the arrival on the visit's date, else the departure (the next day when earlier than the
    arrival). Allowed :data:`CLOCK_GRACE` ahead, for watches that differ from the server's."""
    if visit_date is None or arrived is None:
        return {}
    latest = now + CLOCK_GRACE
    if datetime.combine(visit_date, arrived, tzinfo=SCHEME_TZ) > latest:
        return {"arrived": Problem("The time you arrived must be in the past")}
    if left is None:
        return {}
    left_on = day_of(visit_date, arrived, left)
    if datetime.combine(left_on, left, tzinfo=SCHEME_TZ) > latest:
        return {"left": Problem("The time you left must be in the past")}
    return {}


def access_delay(
    arrived: time | None, admitted: time | None, visit_date: date | None = None
) -> int | None:
    """Minutes the visitors waited to be let in (None when they were not let in): real
    minutes when the visit's date is known (``elapsed_minutes``)."""
    if arrived is None or admitted is None:
        return None
    if visit_date is None:
        return minutes_between(arrived, admitted)
    return elapsed_minutes(visit_date, arrived, admitted)


def delay_needs_explaining(delay: int | None, threshold: int) -> bool:
    """A wait longer than the scheme's threshold needs a reason and who authorised it.

    >>> delay_needs_explaining(15, 15), delay_needs_explaining(16, 15)
    (False, True)
    """
    return delay is not None and delay > threshold


def delay_problems(
    delay: int | None, threshold: int, reason: str | None, rank: str | None
) -> dict[str, str]:
    if not delay_needs_explaining(delay, threshold):
        return {}
    problems = {}
    if not reason:
        problems["delay_reason"] = Problem(
            "You waited %(delay)d minutes to be let in, longer than %(threshold)d: say what "
            "custody staff told you about why",
            delay=delay,
            threshold=threshold,
        )
    if not rank:
        problems["delay_authorised_by"] = Problem(
            "Select the rank of the officer who authorised the delay"
        )
    return problems


def visit_date_problem(visit_date: date | None, today: date) -> str | None:
    if visit_date is not None and visit_date > today:
        return Problem("The date of the visit must be today or in the past")
    return None


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


def count_problems(counts: Counts) -> dict[str, str]:
    """Messages for counts that do not account for everyone in custody exactly once."""
    numbers = {
        **{name: (subject, getattr(counts, name)) for name, subject in COUNT_SUBJECTS.items()},
        **{f"reason_{r}": (Problem("A number of people"), n) for r, n in counts.reasons.items()},
        **{
            name: (subject, getattr(counts, name))
            for name, subject in SEX_SUBJECTS.items()
            if getattr(counts, name) is not None
        },
    }
    problems = {
        name: Problem("%(subject)s cannot be less than 0", subject=subject)
        if n < 0
        else Problem("%(subject)s cannot be more than %(most)d", subject=subject, most=MAX_COUNT)
        for name, (subject, n) in numbers.items()
        if not 0 <= n <= MAX_COUNT
    }
    if problems:
        return problems
    if counts.counted != counts.in_custody:
        problems["in_custody"] = Problem(
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
    given = sum(counts.reasons.values())
    if given != counts.not_offered:
        problems["not_offered"] = reasons_problem(given, counts.not_offered)
    by_sex = [getattr(counts, name) for name in SEX_SUBJECTS]
    if any(n is not None for n in by_sex) and sum(n or 0 for n in by_sex) != counts.in_custody:
        problems["male"] = Problem(
            "Male, female and another sex or not known make %(total)d, but you entered "
            "%(in_custody)d in custody",
            total=sum(n or 0 for n in by_sex),
            in_custody=counts.in_custody,
        )
    labelled = (
        ("juveniles", Problem("children")),
        ("vulnerable", Problem("vulnerable adults")),
        ("mental_health_powers", Problem("people held under mental-health powers")),
    )
    for name, label in labelled:
        if getattr(counts, name) > counts.in_custody:
            problems[name] = Problem(
                "The number of %(label)s cannot be more than the %(people)s in custody",
                label=label,
                people=people(counts.in_custody),
            )
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
