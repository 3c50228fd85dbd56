"""Who may become a custody visitor: the scheme's eligibility rules as pure functions.

Each rule gives pass, fail or refer with a reason written for the applicant. A fail makes the
application ineligible; a refer sends it to the coordinator for a decision (never an automatic
rejection). The rules take plain values and the application date, so they can be tested alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

# The form's roles are worded with the findings; other modules read them from here.
from icv.applications.messages import ROLES, message  # noqa: F401


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    REFER = "refer"


@dataclass(frozen=True)
class Finding:
    """What one rule found, as a code and its parameters (``messages.MESSAGES`` words it)."""

    #: The rule's name ("age"), or for a role "role:<key>" (held now) or "past:<key>" (left).
    rule: str
    outcome: Outcome
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return message(self.code, self.params)

    def as_dict(self) -> dict[str, Any]:
        """The finding as stored: codes, never sentences."""
        return {
            "rule": self.rule,
            "outcome": self.outcome.value,
            "code": self.code,
            "params": dict(self.params),
        }


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


#: Independence from the police and the Commissioner (Police Reform Act 2002 s.51(2)); an
#: appropriate adult or custody contractor works inside the suites visitors inspect.
DEFAULT_EXCLUDED_ROLES = (
    "police_officer",
    "special_constable",
    "police_staff",
    "magistrate",
    "commissioner",
    "commissioner_staff",
    "appropriate_adult",
    "custody_contractor",
)
#: Other criminal justice work is weighed case by case.
DEFAULT_REVIEW_ROLES = ("criminal_solicitor", "cps", "probation", "prison_staff")
#: Languages a scheme may accept; forms and guidance exist in these.
LANGUAGES = ("English", "Welsh")


class District(StrEnum):
    """The office's answer for a postcode district (or a whole postcode area)."""

    IN = "in"
    OUT = "out"
    ASK = "ask"


@dataclass(frozen=True)
class EligibilityRules:
    """One scheme's settings for the rules; an admin changes them on the settings page."""

    minimum_age: int = 18
    area_name: str = "the force area"
    #: Postcode districts ("CV31", "B76") in the area, outside it, and partly in it (referred).
    #: A whole postcode area ("CV") may be listed too; a district listed beats its area. All
    #: three empty means the area is not checked.
    area_in: tuple[str, ...] = ()
    area_out: tuple[str, ...] = ()
    area_ask: tuple[str, ...] = ()
    residence_years: int = 3
    #: Months abroad within the residence years beyond which an applicant fails; 0 means any
    #: time abroad is referred to the vetting unit, never failed.
    abroad_months_limit: int = 0
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
            area_in=tuple(settings["area_in"]),
            area_out=tuple(settings["area_out"]),
            area_ask=tuple(settings["area_ask"]),
            residence_years=int(settings["residence_years"]),
            abroad_months_limit=int(settings["abroad_months_limit"]),
            languages=tuple(settings["languages"]),
            excluded_roles=frozenset(settings["excluded_roles"]),
            review_roles=frozenset(settings["review_roles"]),
            recent_service_years=int(settings["recent_service_years"]),
        )

    @property
    def checks_area(self) -> bool:
        return bool(self.area_in or self.area_out or self.area_ask)


@dataclass(frozen=True)
class Applicant:
    """What an applicant told us that the rules look at.

    While the form is being filled in some answers are not given yet (None): only the rules
    whose answers are in are run on it (``assess(..., only=...)``).
    """

    date_of_birth: date | None = None
    home_postcode: str | None = None
    work_postcode: str | None = None
    #: When they started living in the UK; None means all their life.
    uk_resident_since: date | None = None
    #: Months lived abroad (holidays aside) within the residence years; None if not asked.
    months_abroad: int | None = None
    languages: tuple[str, ...] = ("English",)
    current_roles: frozenset[str] = frozenset()
    #: role key -> date they left it
    past_roles: Mapping[str, date] = field(default_factory=dict)
    #: Connections that could be a conflict of interest, in their words.
    conflicts: str | None = None
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


def district_of(postcode: str | None) -> str | None:
    """``"cv311aa"`` -> ``"CV31"``: the outward code, read from the end of the postcode (the
    inward code is always a digit and two letters), so "CV3" and "CV31" never meet."""
    normal = normalise_postcode(postcode or "")
    return normal.split(" ")[0] if normal else None


def district_answer(postcode: str | None, rules: EligibilityRules) -> District | None:
    """The office's answer for the postcode's district: its own entry, else its postcode
    area's ("CV"), else None (not listed: outside the area)."""
    district = district_of(postcode)
    if district is None:
        return None
    lists = {District.IN: rules.area_in, District.OUT: rules.area_out, District.ASK: rules.area_ask}
    area = re.match(r"[A-Z]+", district)[0]  # type: ignore[index]
    for key in (district, area):
        for answer, listed in lists.items():
            if key in {entry.strip().upper() for entry in listed}:
                return answer
    return None


#: A postcode district ("CV31", "B76", "EC1A") or a whole postcode area ("CV").
DISTRICT_ENTRY = re.compile(r"[A-Z]{1,2}([0-9][A-Z0-9]?)?")


def district_entries(text: str | None) -> list[str]:
    """``"cv31, B76\ngl56"`` -> ``["CV31", "B76", "GL56"]``, in the order typed."""
    return [part.upper() for part in re.split(r"[\s,;]+", text or "") if part]


def district_list_problem(entries: list[str], earlier: Mapping[str, list[str]]) -> str | None:
    """Why a list of districts cannot be saved: an entry that is not a district, one typed
    twice, or one already in an ``earlier`` list (list name -> its entries)."""
    for entry in entries:
        if not DISTRICT_ENTRY.fullmatch(entry):
            return f"{entry} is not a postcode district: enter districts like CV31 or B76"
    for n, entry in enumerate(entries):
        if entry in entries[:n]:
            return f"{entry} is listed twice: enter each district once"
    for name, others in earlier.items():
        if both := [entry for entry in entries if entry in others]:
            return f"{both[0]} is already in the list {name}: a district can be in one list only"
    return None


def _age(applicant: Applicant, rules: EligibilityRules, on: date) -> Finding:
    born = applicant.date_of_birth
    if born is None:
        raise ValueError("the age rule needs the date of birth")
    minimum = {"minimum_age": rules.minimum_age}
    if age_on(born, on) >= rules.minimum_age:
        return Finding("age", Outcome.PASS, "age.ok", minimum)
    turns = anniversary(born, rules.minimum_age)
    return Finding("age", Outcome.FAIL, "age.too_young", {**minimum, "from_on": turns.isoformat()})


def _area(applicant: Applicant, rules: EligibilityRules, _on: date) -> Finding:
    if not rules.checks_area:
        return Finding("area", Outcome.PASS, "area.unchecked")
    area = {"area": rules.area_name}
    home = district_answer(applicant.home_postcode, rules)
    work = district_answer(applicant.work_postcode, rules)
    if home is District.IN:
        return Finding("area", Outcome.PASS, "area.lives_in", area)
    if work is District.IN:
        return Finding("area", Outcome.PASS, "area.works_in", area)
    for postcode, answer in ((applicant.home_postcode, home), (applicant.work_postcode, work)):
        if answer is District.ASK:
            district = {"district": district_of(postcode)}
            return Finding("area", Outcome.REFER, "area.ask", {**area, **district})
    return Finding("area", Outcome.FAIL, "area.outside", area)


def _residence(applicant: Applicant, rules: EligibilityRules, on: date) -> Finding:
    since = applicant.uk_resident_since
    years = {"years": rules.residence_years}
    if since is not None and on < anniversary(since, rules.residence_years):
        from_on = anniversary(since, rules.residence_years).isoformat()
        return Finding(
            "residence", Outcome.FAIL, "residence.too_short", {**years, "from_on": from_on}
        )
    months = applicant.months_abroad or 0
    limit = rules.abroad_months_limit
    if limit and months > limit:
        params = {**years, "limit": limit, "months": months}
        return Finding("residence", Outcome.FAIL, "residence.abroad_too_long", params)
    if months:
        # A break abroad is for the vetting unit to weigh, not a reason to turn someone away.
        return Finding("residence", Outcome.REFER, "residence.abroad", years)
    return Finding("residence", Outcome.PASS, "residence.ok", years)


def _language(applicant: Applicant, rules: EligibilityRules, _on: date) -> Finding:
    accepted = [lang for lang in rules.languages if lang in applicant.languages]
    if accepted:
        return Finding("language", Outcome.PASS, "language.ok", {"language": accepted[0]})
    wanted = {"languages": list(rules.languages)}
    return Finding("language", Outcome.FAIL, "language.missing", wanted)


def _roles(applicant: Applicant, rules: EligibilityRules, on: date) -> list[Finding]:
    findings = []
    for role in sorted(applicant.current_roles):
        if role in rules.excluded_roles:
            findings.append(Finding(f"role:{role}", Outcome.FAIL, "role.excluded", {"role": role}))
        elif role in rules.review_roles:
            findings.append(Finding(f"role:{role}", Outcome.REFER, "role.review", {"role": role}))
    for role, left_on in sorted(applicant.past_roles.items()):
        listed = role in rules.excluded_roles or role in rules.review_roles
        if listed and on < anniversary(left_on, rules.recent_service_years):
            params = {"role": role, "years": rules.recent_service_years}
            findings.append(Finding(f"past:{role}", Outcome.REFER, "role.recent", params))
    return findings


def _conflicts(applicant: Applicant, _rules: EligibilityRules, _on: date) -> list[Finding]:
    # Whatever is written is for the coordinator to weigh: any text refers, none is a pass
    # with nothing to say.
    if applicant.conflicts and applicant.conflicts.strip():
        return [Finding("conflicts", Outcome.REFER, "conflicts.declared")]
    return []


def _record(applicant: Applicant, _rules: EligibilityRules, _on: date) -> Finding:
    if not applicant.has_criminal_record:
        return Finding("record", Outcome.PASS, "record.none")
    return Finding("record", Outcome.REFER, "record.declared")


Rule = Callable[[Applicant, EligibilityRules, date], Finding | list[Finding]]
#: Every rule by name, in the order they run. "roles" gives one finding per role named.
RULES: dict[str, Rule] = {
    "age": _age,
    "area": _area,
    "residence": _residence,
    "language": _language,
    "roles": _roles,
    "conflicts": _conflicts,
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
