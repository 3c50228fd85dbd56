"""Eligibility as written (issue 17, item 3): months abroad, district lists, findings as codes.

Reviewed by hand. Batch operations, so the same revision runs on SQLite and PostgreSQL.

- ``applications.months_abroad``: months lived abroad within the residence years (a break
  abroad is referred, not failed). Old applications were never asked: NULL.
- Settings: the postcode prefixes (``area_postcodes``) become the "in the area" list
  (``area_in``) unchanged, so a scheme's answers stay the same until an admin splits them into
  districts; the "ask" and "not in the area" lists start empty.
- ``applications.eligibility_findings``: each finding stored as a sentence (``reason``) whose
  sentence matches a known message becomes its code and parameters; any other keeps its
  sentence. The downgrade writes the sentence back from the code.

The messages are copied here as they are at this revision (``icv/applications/messages.py``
will change; a migration must keep meaning what it meant).

Revision ID: 114b64ab6403
Revises: c5d1f8a3b2e7
Create Date: 2026-12-05 03:30:00.000000

"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "114b64ab6403"
down_revision = "c5d1f8a3b2e7"
branch_labels = None
depends_on = None

applications = sa.table(
    "applications",
    sa.column("id", sa.Integer),
    sa.column("eligibility_findings", sa.JSON),
)
settings = sa.table("scheme_settings", sa.column("key", sa.String), sa.column("value", sa.JSON))

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
MESSAGES = {
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
NUMBERS = {"minimum_age", "years", "limit", "months"}
ROLE_KEYS = {name.lower(): key for key, name in ROLES.items()}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+?)" for n, part in enumerate(parts)
    )
    return re.compile(regex)


PATTERNS = {code: _pattern(template) for code, template in MESSAGES.items()}


def _param(name: str, shown: str) -> Any:
    """A parameter from its words; ValueError when the words cannot be one."""
    if name.endswith("_on"):
        return datetime.strptime(shown, "%d %B %Y").date().isoformat()
    if name == "role":
        return ROLE_KEYS[shown]  # KeyError for a role this revision does not know
    if name == "languages":
        return shown.split(" or ")
    return int(shown) if name in NUMBERS else shown


def coded(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding stored as a sentence, as its code and parameters if the sentence is known."""
    if "code" in finding or not finding.get("reason"):
        return finding
    for code, pattern in PATTERNS.items():
        if match := pattern.fullmatch(finding["reason"]):
            try:
                params = {name: _param(name, v) for name, v in match.groupdict().items()}
            except (KeyError, ValueError):
                continue
            return {
                "rule": finding["rule"],
                "outcome": finding["outcome"],
                "code": code,
                "params": params,
            }
    return finding


def _shown(name: str, value: Any) -> str:
    if name.endswith("_on"):
        day = date.fromisoformat(value)
        return f"{day.day} {day:%B %Y}"
    if name == "role":
        return ROLES.get(value, value).lower()
    if name == "languages":
        return " or ".join(value)
    return str(value)


def worded(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding stored as a code, as the sentence the older code reads."""
    if finding.get("code") not in MESSAGES:
        return {k: v for k, v in finding.items() if k in ("rule", "outcome", "reason")}
    params = {name: _shown(name, v) for name, v in (finding.get("params") or {}).items()}
    reason = MESSAGES[finding["code"]].format(**params)
    return {"rule": finding["rule"], "outcome": finding["outcome"], "reason": reason}


def _rewrite_findings(change) -> None:
    connection = op.get_bind()
    for row in connection.execute(
        sa.select(applications.c.id, applications.c.eligibility_findings)
    ):
        findings = [change(f) for f in row.eligibility_findings or []]
        if findings != (row.eligibility_findings or []):
            connection.execute(
                applications.update()
                .where(applications.c.id == row.id)
                .values(eligibility_findings=findings)
            )


def _rename_setting(old: str, new: str, drop: tuple[str, ...]) -> None:
    connection = op.get_bind()
    connection.execute(settings.delete().where(settings.c.key.in_((new, *drop))))
    connection.execute(settings.update().where(settings.c.key == old).values(key=new))


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("months_abroad", sa.Integer(), nullable=True))
    _rename_setting("area_postcodes", "area_in", ())
    _rewrite_findings(coded)


def downgrade() -> None:
    _rewrite_findings(worded)
    # The older code knows one list of postcodes in the area; "ask" and "out" have no place.
    _rename_setting("area_in", "area_postcodes", ("area_out", "area_ask", "abroad_months_limit"))
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("months_abroad")
