"""The words of every eligibility finding, in one table.

A finding is stored as a code and its parameters (``{"code": "age.too_young", "params":
{"minimum_age": 18, "from_on": "2026-11-23"}}``), never as a sentence, so the same finding can
be shown in another language later by adding a table, and a change of wording reaches findings
stored before it. Findings stored before codes existed keep their sentence as ``reason``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

#: Role keys the form asks about -> their names (the form's choices and these sentences).
ROLES = {
    "police_officer": "Police officer",
    "special_constable": "Special constable",
    "police_staff": "Police staff or police volunteer",
    "magistrate": "Magistrate",
    "commissioner": "Police and Crime Commissioner or deputy",
    "commissioner_staff": "Staff of the Police and Crime Commissioner",
    "appropriate_adult": "Appropriate adult (volunteer or paid)",
    "custody_contractor": "Custody or escort contractor staff",
    "criminal_solicitor": "Solicitor or legal adviser in criminal practice",
    "cps": "Crown Prosecution Service staff",
    "probation": "Probation officer or probation staff",
    "prison_staff": "Prison officer or prison staff",
}

#: code -> the sentence, with ``{name}`` for each parameter. Parameters ending in ``_on`` are
#: ISO dates shown as "23 November 2026"; ``role`` is a key of ``ROLES``; ``languages`` a list.
MESSAGES: dict[str, str] = {
    "age.ok": "You are {minimum_age} or over.",
    "age.too_young": "You must be {minimum_age} or over on the day you apply. "
    "You can apply from {from_on}.",
    "area.unchecked": "The scheme does not check where you live.",
    "area.lives_in": "You live in {area}.",
    "area.works_in": "You work in {area}.",
    "area.ask": "Your postcode district {district} is partly in {area}, so the scheme "
    "coordinator will check your address with you.",
    "area.outside": "You must live or work in {area}. The postcodes you gave are outside it.",
    "residence.ok": "You have lived in the UK for {years} years.",
    "residence.too_short": "Police vetting needs {years} years of living in the UK, up to the day "
    "you apply. You can apply from {from_on}.",
    # The wording of the rule before breaks abroad were referred (findings stored then).
    "residence.too_short_unbroken": "Police vetting needs {years} years of living in the UK "
    "without a break, up to the day you apply. You can apply from {from_on}.",
    "residence.abroad": "You have lived outside the UK in the last {years} years, so the scheme "
    "coordinator will check with the police vetting unit that it can vet you.",
    "residence.abroad_too_long": "Police vetting needs you to have lived in the UK for the last "
    "{years} years, with no more than {limit} months abroad. You told us you lived abroad for "
    "{months} months.",
    "language.ok": "You have a good command of {language}.",
    "language.missing": "Custody visitors need a good command of {languages} to read the "
    "guidance and write visit reports.",
    "role.excluded": "Custody visitors must be independent of the police and the Commissioner, "
    "so a serving {role} cannot be one. You can apply once you have left.",
    "role.review": "Because you work as a {role}, the scheme coordinator will check with you "
    "that there is no conflict of interest.",
    "role.recent": "You left your role as a {role} less than {years} years ago, so the scheme "
    "coordinator will check with you that there is no conflict of interest.",
    "conflicts.declared": "You told us about a connection that could be a conflict of interest, "
    "so the scheme coordinator will talk to you about it.",
    "record.none": "You have not declared a criminal record.",
    "record.declared": "You declared a conviction or caution. This does not stop you applying: "
    "the scheme coordinator will talk to you about it in confidence.",
}


def _shown(name: str, value: Any) -> str:
    if name.endswith("_on"):
        return f"{date.fromisoformat(value):%-d %B %Y}"
    if name == "role":
        return ROLES.get(value, value).lower()
    if name == "languages":
        return " or ".join(value)
    return str(value)


def message(code: str, params: Mapping[str, Any]) -> str:
    """The sentence for a finding's code and parameters."""
    return MESSAGES[code].format(**{name: _shown(name, v) for name, v in params.items()})


def finding_text(stored: Mapping[str, Any]) -> str:
    """The sentence for a stored finding: from its code, or the sentence it was stored with
    (before codes, or a code this version does not know); "" once minimised."""
    code = stored.get("code")
    if code in MESSAGES:
        return message(code, stored.get("params") or {})
    return stored.get("reason") or ""
