"""What a visit report says, as plain values: built from the form's sections, from a CSV line or
by the demo, and stored by the services. Field names are the report's column names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, time
from typing import Any

from icv.visits.count_rules import Counts
from icv.visits.rules import NOT_OFFERED_REASONS

#: Count columns of a report, in the order they are shown.
COUNT_COLUMNS = (
    "in_custody",
    "offered",
    "spoken",
    "observed",
    "declined",
    "not_offered",
    "juveniles",
    "vulnerable_adults",
    "male",
    "female",
    "sex_not_known",
    "mental_health_powers",
)
REASON_COLUMNS = {reason: f"not_offered_{reason}" for reason in NOT_OFFERED_REASONS}


@dataclass
class IssueValues:
    category: str
    description: str
    #: The visitors' flag: the coordinator should know today.
    is_urgent: bool = False
    raised_with: str | None = None
    immediate_response: str | None = None


@dataclass
class NoteValues:
    note: str
    custody_number: str | None = None
    #: Did the person agree to the visitors reading their custody record (CONSENT)?
    record_consent: str | None = None


@dataclass
class ReportValues:
    suite_id: int
    visit_date: date
    arrived_at: time
    left_at: time
    mode: str = "in_person"
    outcome: str = "completed"
    outcome_reason: str | None = None
    tact_visited: bool = False
    staff_on_duty: str | None = None
    admitted_at: time | None = None
    delay_reason: str | None = None
    delay_authorised_by: str | None = None
    visitor_1_id: int | None = None
    visitor_2_id: int | None = None
    visitor_1_name: str | None = None
    visitor_2_name: str | None = None
    #: Column -> number (COUNT_COLUMNS and REASON_COLUMNS); empty when nobody was counted.
    counts: dict[str, int | None] = field(default_factory=dict)
    rights_finding: str | None = None
    rights_notes: str | None = None
    welfare_finding: str | None = None
    welfare_notes: str | None = None
    conditions_finding: str | None = None
    conditions_notes: str | None = None
    dignity_notes: str | None = None
    support_notes: str | None = None
    #: The overall rating (check_rules.Rating); None: not recorded.
    rating: str | None = None
    good_practice: str | None = None
    #: Good practice seen, yes or no; None: not recorded.
    good_practice_seen: bool | None = None
    comments: str | None = None
    #: The check set the answers belong to (None: a report without structured checks).
    check_set_id: int | None = None
    #: check key -> "yes", "no" or a count; a check not answered is not checked.
    checks: dict[str, str | int] = field(default_factory=dict)
    notes: list[NoteValues] = field(default_factory=list)
    issues: list[IssueValues] = field(default_factory=list)

    def columns(self) -> dict[str, Any]:
        """The report's own columns (not its notes or issues), counts spread out."""
        # Field by field, not asdict(): its deep copies cost most of an import of 100,000.
        values = {name: getattr(self, name) for name in OWN_COLUMNS}
        return {**values, **EMPTY_COUNTS, **self.counts}


#: Each kind of values' field names, in order.
FIELD_NAMES = {
    kind: tuple(f.name for f in fields(kind)) for kind in (ReportValues, NoteValues, IssueValues)
}
#: ReportValues' fields that are not columns of the report itself.
NOT_OWN = ("counts", "checks", "notes", "issues")
#: The report's own columns among ReportValues' fields (counts are spread out by ``columns``).
OWN_COLUMNS = tuple(f.name for f in fields(ReportValues) if f.name not in NOT_OWN)
EMPTY_COUNTS = dict.fromkeys([*COUNT_COLUMNS, *REASON_COLUMNS.values()])


def count_columns(counts: Counts | None) -> dict[str, int | None]:
    """The columns a report stores for counts from the form (offered is worked out)."""
    if counts is None:
        return {}
    return {
        "in_custody": counts.in_custody,
        "offered": counts.offered,
        "spoken": counts.spoken,
        "observed": counts.observed,
        "declined": counts.declined,
        "not_offered": counts.not_offered,
        "juveniles": counts.juveniles,
        "vulnerable_adults": counts.vulnerable,
        "male": counts.male,
        "female": counts.female,
        "sex_not_known": counts.sex_not_known,
        "mental_health_powers": counts.mental_health_powers,
        **{column: counts.reasons.get(reason, 0) for reason, column in REASON_COLUMNS.items()},
    }


def values_of(report: Any) -> ReportValues:
    """A stored report's content as values (``report`` is a VisitReport)."""
    names = OWN_COLUMNS
    counted = [*COUNT_COLUMNS, *REASON_COLUMNS.values()]
    return ReportValues(
        **{name: getattr(report, name) for name in names},
        counts=(
            {c: getattr(report, c) for c in counted}
            if any(getattr(report, c) is not None for c in counted)
            else {}
        ),
        checks={
            a.check_key: a.answer if a.count is None else a.count for a in report.check_answers
        },
        notes=[NoteValues(n.note, n.custody_number, n.record_consent) for n in report.notes],
        issues=[
            IssueValues(i.category, i.description, i.is_urgent, i.raised_with, i.immediate_response)
            for i in report.issues
        ],
    )


def snapshot(values: ReportValues) -> dict[str, Any]:
    """Values as JSON (dates and times as ISO text), to keep a version of a report: what
    ``json_ready(asdict(values))`` gives, field by field (asdict deep-copies every value
    first, a twelfth of a send's Python calls)."""
    content = plain(values)
    content["notes"] = [plain(note) for note in values.notes]
    content["issues"] = [plain(issue) for issue in values.issues]
    return json_ready(content)


def plain(values: ReportValues | NoteValues | IssueValues) -> dict[str, Any]:
    """Values' fields as a dict, as they are (``asdict`` without its deep copies)."""
    return {name: getattr(values, name) for name in FIELD_NAMES[type(values)]}


def json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    return value
