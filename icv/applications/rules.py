"""Who may become a custody visitor: the scheme's eligibility rules as pure functions.

Each rule gives pass, fail or refer with a reason written for the applicant. A fail makes the
application ineligible; a refer sends it to the coordinator for a decision (never an automatic
rejection). The rules take plain values and the application date, so they can be tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    REFER = "refer"


@dataclass(frozen=True)
class Finding:
    #: The rule's name ("age"), or for a role "role:<key>" (held now) or "past:<key>" (left).
    rule: str
    outcome: Outcome
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "outcome": self.outcome.value, "reason": self.reason}


@dataclass(frozen=True)
class Assessment:
    outcome: Outcome
    findings: tuple[Finding, ...]

    @property
    def reasons(self) -> list[str]:
        """Why the application failed or was referred, in the order the rules ran."""
        return [f.reason for f in self.findings if f.outcome is not Outcome.PASS]

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome is Outcome.FAIL]


#: Roles in policing and criminal justice the application form asks about.
ROLES = {
    "police_officer": "Police officer",
    "special_constable": "Special constable",
    "police_staff": "Police staff or police volunteer",
    "magistrate": "Magistrate",
    "commissioner": "Police and Crime Commissioner or deputy",
    "commissioner_staff": "Staff of the Police and Crime Commissioner",
    "criminal_solicitor": "Solicitor or legal adviser in criminal practice",
    "probation": "Probation officer or probation staff",
    "prison_staff": "Prison officer or prison staff",
    "custody_contractor": "Custody or escort contractor staff",
}
#: Independence from the police and the Commissioner (Police Reform Act 2002 s.51(2)).
DEFAULT_EXCLUDED_ROLES = (
    "police_officer",
    "special_constable",
    "police_staff",
    "magistrate",
    "commissioner",
    "commissioner_staff",
)
#: Other criminal justice work is weighed case by case.
DEFAULT_REVIEW_ROLES = ("criminal_solicitor", "probation", "prison_staff", "custody_contractor")
#: Languages a scheme may accept; forms and guidance exist in these.
LANGUAGES = ("English", "Welsh")


@dataclass(frozen=True)
class EligibilityRules:
    """One scheme's settings for the rules; an admin changes them on the settings page."""

    minimum_age: int = 18
    area_name: str = "the force area"
    #: Postcode areas ("CV") or districts ("B46"); empty means the area is not checked.
    area_postcodes: tuple[str, ...] = ()
    residence_years: int = 3
    languages: tuple[str, ...] = ("English",)
    excluded_roles: frozenset[str] = frozenset(DEFAULT_EXCLUDED_ROLES)
    review_roles: frozenset[str] = frozenset(DEFAULT_REVIEW_ROLES)
    #: Leaving an excluded or review role less than this many years ago is referred.
    recent_service_years: int = 5

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> EligibilityRules:
        return cls(
            minimum_age=int(settings["minimum_age"]),
            area_name=settings["area_name"],
            area_postcodes=tuple(settings["area_postcodes"]),
            residence_years=int(settings["residence_years"]),
            languages=tuple(settings["languages"]),
            excluded_roles=frozenset(settings["excluded_roles"]),
            review_roles=frozenset(settings["review_roles"]),
            recent_service_years=int(settings["recent_service_years"]),
        )


@dataclass(frozen=True)
class Applicant:
    """What an applicant told us that the rules look at.

    While the form is being filled in some answers are not given yet (None): only the rules
    whose answers are in are run on it (``assess(..., only=...)``).
    """

    date_of_birth: date | None = None
    home_postcode: str | None = None
    work_postcode: str | None = None
    #: Start of the unbroken spell of UK residence up to today; None means all their life.
    uk_resident_since: date | None = None
    languages: tuple[str, ...] = ("English",)
    current_roles: frozenset[str] = frozenset()
    #: role key -> date they left it
    past_roles: Mapping[str, date] = field(default_factory=dict)
    has_criminal_record: bool = False


def anniversary(start: date, years: int) -> date:
    """The date ``years`` after ``start``; 29 February falls on 1 March in other years."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on ``on`` (someone born on 29 February ages on 1 March)."""
    years = on.year - date_of_birth.year
    return years if anniversary(date_of_birth, years) <= on else years - 1


_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str | None:
    """``"cv344nb "`` -> ``"CV34 4NB"``; None if it is not shaped like a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = _POSTCODE.match(compact)
    return f"{match[1]} {match[2]}" if match else None


def postcode_in_area(postcode: str | None, areas: Iterable[str]) -> bool:
    """True if the postcode lies in one of the areas ("CV") or districts ("B46")."""
    normal = normalise_postcode(postcode or "")
    if normal is None:
        return False
    district = normal.split(" ")[0]
    area = re.match(r"[A-Z]+", district)[0]  # type: ignore[index]
    wanted = {a.strip().upper() for a in areas}
    return area in wanted or district in wanted


def _age(applicant: Applicant, rules: EligibilityRules, on: date) -> Finding:
    born = applicant.date_of_birth
    if born is None:
        raise ValueError("the age rule needs the date of birth")
    if age_on(born, on) >= rules.minimum_age:
        return Finding("age", Outcome.PASS, f"You are {rules.minimum_age} or over.")
    turns = anniversary(born, rules.minimum_age)
    return Finding(
        "age",
        Outcome.FAIL,
        f"You must be {rules.minimum_age} or over on the day you apply. "
        f"You can apply from {turns:%-d %B %Y}.",
    )


def _area(applicant: Applicant, rules: EligibilityRules, _on: date) -> Finding:
    if not rules.area_postcodes:
        return Finding("area", Outcome.PASS, "The scheme does not check where you live.")
    if postcode_in_area(applicant.home_postcode, rules.area_postcodes):
        return Finding("area", Outcome.PASS, f"You live in {rules.area_name}.")
    if postcode_in_area(applicant.work_postcode, rules.area_postcodes):
        return Finding("area", Outcome.PASS, f"You work in {rules.area_name}.")
    return Finding(
        "area",
        Outcome.FAIL,
        f"You must live or work in {rules.area_name}. The postcodes you gave are outside it.",
    )


def _residence(applicant: Applicant, rules: EligibilityRules, on: date) -> Finding:
    since = applicant.uk_resident_since
    needed = rules.residence_years
    if since is None or anniversary(since, needed) <= on:
        return Finding("residence", Outcome.PASS, f"You have lived in the UK for {needed} years.")
    return Finding(
        "residence",
        Outcome.FAIL,
        f"Police vetting needs {needed} years of living in the UK without a break, up to the day "
        f"you apply. You can apply from {anniversary(since, needed):%-d %B %Y}.",
    )


def _language(applicant: Applicant, rules: EligibilityRules, _on: date) -> Finding:
    accepted = [lang for lang in rules.languages if lang in applicant.languages]
    words = " or ".join(rules.languages)
    if accepted:
        return Finding("language", Outcome.PASS, f"You have a good command of {accepted[0]}.")
    return Finding(
        "language",
        Outcome.FAIL,
        f"Custody visitors need a good command of {words} to read the guidance and write "
        "visit reports.",
    )


def _roles(applicant: Applicant, rules: EligibilityRules, on: date) -> list[Finding]:
    findings = []
    for role in sorted(applicant.current_roles):
        name = ROLES.get(role, role).lower()
        if role in rules.excluded_roles:
            findings.append(
                Finding(
                    f"role:{role}",
                    Outcome.FAIL,
                    f"Custody visitors must be independent of the police and the Commissioner, "
                    f"so a serving {name} cannot be one. You can apply once you have left.",
                )
            )
        elif role in rules.review_roles:
            findings.append(
                Finding(
                    f"role:{role}",
                    Outcome.REFER,
                    f"Because you work as a {name}, the scheme coordinator will check with you "
                    "that there is no conflict of interest.",
                )
            )
    for role, left_on in sorted(applicant.past_roles.items()):
        listed = role in rules.excluded_roles or role in rules.review_roles
        if listed and on < anniversary(left_on, rules.recent_service_years):
            name = ROLES.get(role, role).lower()
            findings.append(
                Finding(
                    f"past:{role}",
                    Outcome.REFER,
                    f"You left your role as a {name} less than {rules.recent_service_years} "
                    "years ago, so the scheme coordinator will check with you that there is no "
                    "conflict of interest.",
                )
            )
    return findings


def _record(applicant: Applicant, _rules: EligibilityRules, _on: date) -> Finding:
    if not applicant.has_criminal_record:
        return Finding("record", Outcome.PASS, "You have not declared a criminal record.")
    return Finding(
        "record",
        Outcome.REFER,
        "You declared a conviction or caution. This does not stop you applying: the scheme "
        "coordinator will talk to you about it in confidence.",
    )


Rule = Callable[[Applicant, EligibilityRules, date], Finding | list[Finding]]
#: Every rule by name, in the order they run. "roles" gives one finding per role named.
RULES: dict[str, Rule] = {
    "age": _age,
    "area": _area,
    "residence": _residence,
    "language": _language,
    "roles": _roles,
    "record": _record,
}


def assess(
    applicant: Applicant,
    rules: EligibilityRules,
    on: date,
    only: Collection[str] | None = None,
) -> Assessment:
    """Apply every rule (or those named in ``only``, whose answers are in) on the application
    date ``on``; fail beats refer beats pass, and no rule run at all is a pass."""
    findings: list[Finding] = []
    for name, rule in RULES.items():
        if only is None or name in only:
            found = rule(applicant, rules, on)
            findings.extend(found if isinstance(found, list) else [found])
    outcomes = {f.outcome for f in findings}
    overall = next((o for o in (Outcome.FAIL, Outcome.REFER) if o in outcomes), Outcome.PASS)
    return Assessment(overall, tuple(findings))


#: Counts below this are never shown, so no one can be picked out of a small group.
SMALL_NUMBER = 5


def shown_count(count: int) -> str:
    """A count for a published table: "fewer than 5" for 1 to 4."""
    return FEWER_THAN_5 if 0 < count < SMALL_NUMBER else str(count)


FEWER_THAN_5 = "fewer than 5"
#: A second count held back so a small one cannot be worked out from the total.
NOT_SHOWN = "not shown"


def publishable(counts: dict[str, int]) -> dict[str, int | str]:
    """A table of counts (every answer to one question, so they add up to the total published
    beside it) fit to publish: 1 to 4 become "fewer than 5", and further counts are held back
    ("not shown"), the smallest first, until no held-back count can be worked out from the
    total and the counts shown. A table whose total is itself fewer than 5 is held back whole.

    >>> publishable({"A": 3, "B": 12, "C": 40, "D": 0})
    {'A': 'fewer than 5', 'B': 'not shown', 'C': 40, 'D': 0}
    """
    total = sum(counts.values())
    if 0 < total < SMALL_NUMBER:
        return dict.fromkeys(counts, NOT_SHOWN)
    small = {k for k, v in counts.items() if 0 < v < SMALL_NUMBER}
    if not small:
        return dict(counts)
    held = dict.fromkeys(small, FEWER_THAN_5)
    # Larger counts before zeros: a zero held back hides less (it only adds doubt).
    candidates = sorted(
        (k for k in counts if k not in small), key=lambda k: (counts[k] == 0, counts[k])
    )
    while not cannot_be_worked_out({k: counts[k] for k in held}, held) and candidates:
        held[candidates.pop(0)] = NOT_SHOWN
    if not cannot_be_worked_out({k: counts[k] for k in held}, held):
        return dict.fromkeys(counts, NOT_SHOWN)
    return {k: held.get(k, v) for k, v in counts.items()}


# What a reader knows of a held-back count from its label: "fewer than 5" is 1 to 4; "not
# shown" is 0 or at least 5 (a count of 1 to 4 would have said so). None is "no upper limit".
Interval = tuple[int, int | None]
LABEL_RANGES: dict[str, tuple[Interval, ...]] = {
    FEWER_THAN_5: ((1, SMALL_NUMBER - 1),),
    NOT_SHOWN: ((0, 0), (SMALL_NUMBER, None)),
}


def cannot_be_worked_out(held: dict[str, int], labels: dict[str, str]) -> bool:
    """Whether every held-back count has at least two values that fit what a reader knows:
    the labels and the sum of the held-back counts (the total less the counts shown)."""
    whole = sum(held.values())
    for key in held:
        others: tuple[Interval, ...] = ((0, 0),)
        for other in held:
            if other != key:
                others = interval_sum(others, LABEL_RANGES[labels[other]])
        if count_fitting(LABEL_RANGES[labels[key]], others, whole) < 2:
            return False
    return True


def interval_sum(a: tuple[Interval, ...], b: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """Every sum of a value from ``a`` and one from ``b``, as merged intervals."""
    sums = sorted(
        (lo1 + lo2, None if hi1 is None or hi2 is None else hi1 + hi2)
        for lo1, hi1 in a
        for lo2, hi2 in b
    )
    merged: list[Interval] = []
    for lo, hi in sums:
        if merged and (merged[-1][1] is None or lo <= merged[-1][1] + 1):
            last_hi = merged[-1][1]
            merged[-1] = (
                merged[-1][0],
                None if last_hi is None or hi is None else max(last_hi, hi),
            )
        else:
            merged.append((lo, hi))
    return tuple(merged)


def count_fitting(own: tuple[Interval, ...], others: tuple[Interval, ...], whole: int) -> int:
    """How many values ``v`` in ``own`` leave ``whole - v`` reachable by ``others``."""
    fitting = 0
    for lo, hi in own:
        for olo, ohi in others:
            # whole - v in [olo, ohi]  <=>  v in [whole - ohi, whole - olo]
            low = max(lo, 0 if ohi is None else whole - ohi)
            high = min(whole if hi is None else hi, whole - olo)
            fitting += max(0, high - low + 1)
    return fitting
