"""Visit reports, their drafts and versions, and the issues they raise.

Detainees are never named: a report holds counts and, at most, custody record numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import ColumnElement

from icv.accounts.models import User
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.suites.models import Suite
from icv.types import UTCDateTime

# The structured checks' models (check_models.py), named here for their importers and so that
# importing the report's models maps them too (VisitReport.check_answers).
from icv.visits.check_models import Check, CheckAnswer, CheckSet  # noqa: F401
from icv.visits.issue_rules import IssueStatus
from icv.visits.rules import Mode, Outcome
from icv.volunteers.models import Volunteer


class VisitReport(db.Model):
    """One visit to a custody suite, as the visitors reported it."""

    __tablename__ = "visit_reports"
    #: A visit is identified by its suite, date and arrival time (imports rely on it).
    __table_args__ = (
        UniqueConstraint("suite_id", "visit_date", "arrived_at"),
        # TACT copies still to send, counted on the coordinator's home page.
        Index("ix_visit_reports_tact_due", "tact_visited", "tact_copy_sent_on"),
        # The few reports whose mails the scheduler has still to queue, found every minute
        # among all the reports: only those rows are in the index (partial on both engines).
        Index(
            "ix_visit_reports_notices_waiting",
            "id",
            postgresql_where=text("notices_queued_at IS NULL"),
            sqlite_where=text("notices_queued_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    suite_id: Mapped[int] = mapped_column(ForeignKey("suites.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    #: The scheme's time band of the arrival time when the report was stored.
    band: Mapped[str | None] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(12), default=Mode.IN_PERSON)
    outcome: Mapped[str] = mapped_column(String(12), default=Outcome.COMPLETED)
    #: Why there was no access or the visit was abandoned.
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    arrived_at: Mapped[time] = mapped_column(Time)
    #: Let into the custody area; empty when there was no access.
    admitted_at: Mapped[time | None] = mapped_column(Time)
    #: Earlier than arrived_at when the visit went past midnight.
    left_at: Mapped[time] = mapped_column(Time)
    #: Minutes from arrival to being let in (None without access), real time (UK).
    delay_minutes: Mapped[int | None] = mapped_column(Integer)
    #: Real minutes from arrival to leaving in UK time (times.elapsed_minutes): across a
    #: clock change, not what the clocks say. The summary adds them up.
    minutes: Mapped[int | None] = mapped_column(Integer)
    #: The day the visit counts on (suites.rules.day_started): its date, or the day before for
    #: a late visit that arrived after midnight. The summary and the rota count it then.
    counted_on: Mapped[date] = mapped_column(Date, index=True)
    delay_reason: Mapped[str | None] = mapped_column(Text)
    #: Rank that authorised a delay (rules.AUTHORISING_RANKS).
    delay_authorised_by: Mapped[str | None] = mapped_column(String(20))
    visitor_1_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), index=True
    )
    visitor_2_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="SET NULL"), index=True
    )
    #: A visitor who is not a volunteer in the system (historical records), by name.
    visitor_1_name: Mapped[str | None] = mapped_column(String(120))
    visitor_2_name: Mapped[str | None] = mapped_column(String(120))
    #: Someone held under the Terrorism Act was visited (s.51(1A): copy to the Reviewer).
    tact_visited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Role or rank of the custody officer on duty (not a name).
    staff_on_duty: Mapped[str | None] = mapped_column(String(120))
    in_custody: Mapped[int | None] = mapped_column(Integer)
    #: spoken + declined on the form (observed only is not offered); as given in imports.
    offered: Mapped[int | None] = mapped_column(Integer)
    spoken: Mapped[int | None] = mapped_column(Integer)
    observed: Mapped[int | None] = mapped_column(Integer)
    declined: Mapped[int | None] = mapped_column(Integer)
    not_offered: Mapped[int | None] = mapped_column(Integer)
    juveniles: Mapped[int | None] = mapped_column(Integer)
    vulnerable_adults: Mapped[int | None] = mapped_column(Integer)
    not_offered_asleep: Mapped[int | None] = mapped_column(Integer)
    not_offered_interview: Mapped[int | None] = mapped_column(Integer)
    not_offered_legal_medical: Mapped[int | None] = mapped_column(Integer)
    not_offered_unsafe: Mapped[int | None] = mapped_column(Integer)
    not_offered_release: Mapped[int | None] = mapped_column(Integer)
    not_offered_other: Mapped[int | None] = mapped_column(Integer)
    #: Findings per area checked (rules.FINDINGS) with notes.
    rights_finding: Mapped[str | None] = mapped_column(String(12))
    rights_notes: Mapped[str | None] = mapped_column(Text)
    welfare_finding: Mapped[str | None] = mapped_column(String(12))
    welfare_notes: Mapped[str | None] = mapped_column(Text)
    conditions_finding: Mapped[str | None] = mapped_column(String(12))
    conditions_notes: Mapped[str | None] = mapped_column(Text)
    #: The free text of the themes added with the structured checks (check_rules.THEMES).
    dignity_notes: Mapped[str | None] = mapped_column(Text)
    support_notes: Mapped[str | None] = mapped_column(Text)
    good_practice: Mapped[str | None] = mapped_column(Text)
    #: Good practice seen (a counted yes, with its text); None: not recorded.
    good_practice_seen: Mapped[bool | None] = mapped_column(Boolean)
    #: The overall rating of the visit (check_rules.Rating); None: not recorded.
    rating: Mapped[str | None] = mapped_column(String(16))
    #: The people in custody by sex; all None: not recorded.
    male: Mapped[int | None] = mapped_column(Integer)
    female: Mapped[int | None] = mapped_column(Integer)
    sex_not_known: Mapped[int | None] = mapped_column(Integer)
    #: Held under mental-health powers (a place of safety, Mental Health Act s.135/136).
    mental_health_powers: Mapped[int | None] = mapped_column(Integer)
    #: The check set the report was filed under; None for a report from before the checks
    #: (its checks count as "not recorded", never as "no").
    check_set_id: Mapped[int | None] = mapped_column(ForeignKey("check_sets.id"), index=True)
    comments: Mapped[str | None] = mapped_column(Text)
    #: "form" or "import".
    source: Mapped[str] = mapped_column(String(10), default="form")
    #: Generated with the draft; a second submission with the same key finds this report.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Filed by the office for the visitors rather than by one of them.
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    cosigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cosigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cosign_comments: Mapped[str | None] = mapped_column(Text)
    #: Indexed: the home page and the review queue look for reports not yet reviewed.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When a copy of a TACT report went to the Independent Reviewer of Terrorism Legislation.
    tact_copy_sent_on: Mapped[date | None] = mapped_column(Date)
    tact_copy_sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The number of the latest version (1 as submitted, +1 per correction).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)
    #: When the scheduler queued the mails a sent report causes (the partner asked to confirm,
    #: the coordinators told of an urgent issue: ``icv.jobs.report_notices``). Only a form's
    #: send leaves it None, for the scheduler's next minute; a report stored any other way
    #: (an import, the demo) causes no mail and is done when stored.
    notices_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=now_utc)
    #: The visit on the rota this report is of; None for an unplanned or historical visit.
    planned_visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_visits.id", ondelete="SET NULL"), unique=True
    )

    suite: Mapped[Suite] = relationship(lazy="joined")
    planned_visit: Mapped[PlannedVisit | None] = relationship()
    visitor_1: Mapped[Volunteer | None] = relationship(foreign_keys=[visitor_1_id])
    visitor_2: Mapped[Volunteer | None] = relationship(foreign_keys=[visitor_2_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    cosigned_by: Mapped[User | None] = relationship(foreign_keys=[cosigned_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    tact_copy_sent_by: Mapped[User | None] = relationship(foreign_keys=[tact_copy_sent_by_id])
    notes: Mapped[list[DetaineeNote]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="DetaineeNote.position"
    )
    issues: Mapped[list[VisitIssue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="VisitIssue.position"
    )
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportVersion.number"
    )
    check_answers: Mapped[list[CheckAnswer]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="CheckAnswer.check_key"
    )

    def __repr__(self) -> str:
        return f"<VisitReport {self.id} {self.visit_date}>"

    def visitor_names(self) -> list[str]:
        """Names of the visitors (volunteers in the system, or as recorded)."""
        pairs = ((self.visitor_1, self.visitor_1_name), (self.visitor_2, self.visitor_2_name))
        return [v.user.name if v else name for v, name in pairs if v or name]

    def visitor_ids(self) -> set[int]:
        return {i for i in (self.visitor_1_id, self.visitor_2_id) if i is not None}

    @property
    def partner_to_confirm(self) -> Volunteer | None:
        """The visitor (in the system) who did not submit the report, if it awaits them."""
        if self.cosigned_at is not None or self.source != "form" or self.on_behalf:
            return None
        return other_visitor((self.visitor_1, self.visitor_2), self.submitted_by_id)

    @property
    def tact_copy_due(self) -> bool:
        return self.tact_visited and self.tact_copy_sent_on is None


def other_visitor(visitors: Iterable[Volunteer | None], filer_id: int | None) -> Volunteer | None:
    """Of a report's visitors, the one (in the system) who did not file it: the partner who is
    asked to confirm it."""
    return next((v for v in visitors if v is not None and v.user_id != filer_id), None)


class DetaineeNote(db.Model):
    """A note about one person seen, identified by custody record number at most."""

    __tablename__ = "visit_detainee_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("visit_reports.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    custody_number: Mapped[str | None] = mapped_column(String(30))
    #: Did they agree to the visitors reading their custody record (rules.CONSENT)?
    record_consent: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text)

    report: Mapped[VisitReport] = relationship(back_populates="notes")


class NullsFirst(ColumnElement[Any]):
    """An index column whose NULLs come first, written out for PostgreSQL (whose default is
    last). An expression to Alembic, so SQLite (which takes no NULLS in an index and does not
    have this one) leaves it out of the comparison of models and migrations."""

    inherit_cache = True

    def __init__(self, name: str) -> None:
        self.name = name


@compiles(NullsFirst)
def nulls_first_as_is(element: NullsFirst, _compiler: Any, **_: Any) -> str:
    return element.name


@compiles(NullsFirst, "postgresql")
def nulls_first_written(element: NullsFirst, _compiler: Any, **_: Any) -> str:
    return f"{element.name} NULLS FIRST"


class VisitIssue(db.Model):
    """An issue raised at a visit, followed up with the force until closed."""

    __tablename__ = "visit_issues"
    #: The lists by state; closed issues newest closed first.
    __table_args__ = (
        Index("ix_visit_issues_status_resolved", "status", "resolved_on"),
        # The lists' orders, read backwards: all and open issues serious first, then newest;
        # closed ones most recently closed first, one with no date last (PostgreSQL only:
        # see the migration eb48d23c3cec).
        Index("ix_visit_issues_serious_newest", "is_serious", "raised_on", "id"),
        Index(
            "ix_visit_issues_closed_newest",
            NullsFirst("resolved_on"),
            "raised_on",
            "id",
            postgresql_where=text("status = 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("visit_reports.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    #: An id from the setting issue_categories (or a historical name kept as given).
    category: Mapped[str] = mapped_column(String(60), index=True)
    #: The visitors' flag: the coordinator should know today (drives the alert at once).
    is_urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: The Panel's "serious issue": a finding of significance the coordinator set or confirmed
    #: (the summary's headline counts these, not the visitors' urgent flag).
    is_serious: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Who set or cleared "serious" last, and when (empty for issues from before this was kept).
    serious_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    serious_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "You said, we did": the coordinator chose this issue and the force's response for the
    #: Panel's report, with a short account of what changed.
    for_panel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    panel_text: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text)
    #: Role or rank of the member of custody staff it was raised with.
    raised_with: Mapped[str | None] = mapped_column(String(120))
    immediate_response: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=IssueStatus.NEW, index=True)
    #: The date of the visit (ageing counts from it; the summary counts by it).
    raised_on: Mapped[date] = mapped_column(Date, index=True)
    #: When it was last sent to the force (or recorded as sent outside icv); a custody liaison
    #: sees an issue from then on.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The force's latest response, as the custody liaison recorded it.
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    #: The escalation ladder's step it waits at (issue_rules.LADDER; 0 before it is sent).
    ladder_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The day it reached that step: the step's response target counts from it.
    step_started_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    report: Mapped[VisitReport] = relationship(back_populates="issues", lazy="joined")
    serious_set_by: Mapped[User | None] = relationship()
    events: Mapped[list[IssueEvent]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="IssueEvent.id"
    )

    @property
    def status_enum(self) -> IssueStatus:
        return IssueStatus(self.status)


class IssueEvent(db.Model):
    """One step of an issue's case: raised, sent, response, escalation, closure."""

    __tablename__ = "visit_issue_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("visit_issues.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: raised, triage, send, respond, escalate, close, imported
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    #: How a send (or escalation) reached the force: an issue_rules.Route value.
    route: Mapped[str | None] = mapped_column(String(12))
    #: The day it was sent outside icv, as the coordinator recorded it.
    sent_on: Mapped[date | None] = mapped_column(Date)
    #: The addresses it was mailed to, or how it was sent outside icv (as typed).
    sent_via: Mapped[str | None] = mapped_column(String(300))

    issue: Mapped[VisitIssue] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ReportVersion(db.Model):
    """A report as it stood after submission or a correction, with who, when and why."""

    __tablename__ = "visit_report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("visit_reports.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    #: field -> [before, after] for a correction; empty for the first version.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The report's content in this version.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)

    report: Mapped[VisitReport] = relationship(back_populates="versions")
    actor: Mapped[User | None] = relationship()


class ReportDraft(db.Model):
    """A report being written: each section's answers exactly as typed, kept on the server."""

    __tablename__ = "visit_report_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: In the draft's address; also the report's submission key, so sending twice finds it.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: section slug -> field name -> values, as typed
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    #: Started from a visit on the rota ("write report"): its suite, day and pair prefill it.
    planned_visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_visits.id", ondelete="SET NULL")
    )

    owner: Mapped[User] = relationship()
    planned_visit: Mapped[PlannedVisit | None] = relationship()
