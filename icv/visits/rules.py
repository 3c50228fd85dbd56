"""The rules of a visit report: times in order, access delays and the date (pure: no Flask,
no database; times of day across the clock changes are in icv/visits/times.py, the detainee
counts in icv/visits/count_rules.py). Each check returns plain-English messages keyed by the
field they belong to, so the form can show them next to that field.
"""

from __future__ import annotations

from collections.abc import Mapping
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
