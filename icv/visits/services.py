"""Writes to visit reports: sending, confirming, reviewing, correcting. The caller commits.

``store_report`` is how a report is created by the import and the demo; a report sent from
the form is inserted as plain rows (``submit_report``, ``icv.visits.sent_rows``).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Delete, bindparam, delete, select

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.settings import time_bands
from icv.suites.models import Suite
from icv.suites.rules import Band, band_for, day_started
from icv.text import Problem
from icv.visits import force_copy, issue_services, probation
from icv.visits.check_services import ensure_check_set
from icv.visits.duplicates import naming, reports_near, why_sent_already
from icv.visits.models import (
    CheckAnswer,
    DetaineeNote,
    ReportDraft,
    ReportVersion,
    VisitIssue,
    VisitReport,
)
from icv.visits.queries import own_volunteer_id
from icv.visits.rota_link import RotaLook, relink_to_rota, rota_visit_of, say_filed
from icv.visits.rules import access_delay
from icv.visits.sent_audit import record_sent, sent_by_whom
from icv.visits.sent_mail import waits_for_after_send_job
from icv.visits.sent_rows import answer_columns, insert_sent, issue_columns
from icv.visits.times import elapsed_minutes
from icv.visits.values import ReportValues, json_ready, snapshot, values_of


class ReportError(Exception):
    """A change to a report was refused; the message says why, and ``report`` is the report
    already sent of the same visit, when that is why."""

    def __init__(self, message: str, report: VisitReport | None = None) -> None:
        super().__init__(message)
        self.report = report


class DraftGone(ReportError):
    """The draft went while its send waited for the suite: sent by another tap (the route
    answers with that report) or deleted in another tab or window."""


class AlreadyConfirmed(ReportError):
    """The partner confirmed the report already (a second tap, a page kept open)."""


def visitors_to_prefill(
    filer: User, on_behalf: bool, planned: PlannedVisit | None = None
) -> tuple[int | None, int | None]:
    """The visitors a new report starts with: the pair on the rota for a planned visit (the
    filer first), else the filer when they file as a visitor."""
    mine = own_volunteer_id(filer)
    if planned is not None:
        first, second, *_ = [
            *sorted((pv.volunteer_id for pv in planned.visitors), key=lambda i: i != mine),
            None,
            None,
        ]
        return first, second
    if on_behalf:
        return None, None
    return mine, None


def derived(values: ReportValues, bands: tuple[Band, ...] | None = None) -> dict[str, Any]:
    """Columns worked out from the answers: the time band, the wait to be let in, the visit's
    real length and the day it counts on (``bands``: the scheme's, read once by an import)."""
    bands = time_bands() if bands is None else bands
    day, arrived = values.visit_date, values.arrived_at
    return {
        "band": band_for(arrived, bands),
        "delay_minutes": access_delay(arrived, values.admitted_at, day),
        "minutes": elapsed_minutes(day, arrived, values.left_at),
        "counted_on": day_started(day, arrived, bands),
    }


def store_report(values: ReportValues, *, source: str, actor: User | None, **fields) -> VisitReport:
    """Add a report with its notes and issues (each issue opened as a case). Not flushed:
    many are added at once by an import; flush for its id."""
    report = VisitReport(**values.columns(), **derived(values), source=source, **fields)
    report.notes = notes_of(values)
    report.check_answers = check_answers(values.checks)
    report.issues = [
        VisitIssue(**issue_columns(report.counted_on, n, issue))
        for n, issue in enumerate(values.issues, 1)
    ]
    for issue in report.issues:
        issue_services.opened(issue, actor, source)
    db.session.add(report)
    return report


def notes_of(values: ReportValues) -> list[DetaineeNote]:
    return [DetaineeNote(position=n, **asdict(note)) for n, note in enumerate(values.notes, 1)]


def answer_row(report_id: int, answer: CheckAnswer) -> dict[str, Any]:
    """A check answer as the row inserted (an import's)."""
    return {
        "report_id": report_id,
        "check_key": answer.check_key,
        "answer": answer.answer,
        "count": answer.count,
    }


def check_answers(checks: dict[str, str | int]) -> list[CheckAnswer]:
    """A report's answers as mapped rows (``answer_columns``)."""
    return [CheckAnswer(**columns) for columns in answer_columns(checks)]


@cache
def hold_statement(on_postgresql: bool) -> Delete:
    """The statement that holds a suite while a report of it is sent, and deletes the draft
    sent, built once, at first use (every send runs one). PostgreSQL locks the suite's row
    (not its key, so other rows may still refer to it) in the same statement; SQLite takes
    its one write lock, which any write takes, the draft's delete as well as another."""
    drafts = ReportDraft.__table__
    delete_draft = delete(drafts).where(drafts.c.id == bindparam("draft_id"))
    if not on_postgresql:
        return delete_draft
    held = (
        select(Suite.id)
        .where(Suite.id == bindparam("suite_id"))
        .with_for_update(key_share=True)
        .cte("held_suite")
    )
    # The draft goes only with its suite held. Suites are closed, never deleted; were one
    # gone, no draft would go and the send would stop as ``DraftGone``.
    return delete_draft.where(select(held.c.id).exists())


#: Why a send stops when its draft went while it waited for the suite: the usual case is a
#: second tap whose first was stored a moment before (the route then answers with its report).
DRAFT_GONE = Problem(
    "This report has already been sent, or its draft deleted, from another tab or window"
)


def hold_reports_of(suite_id: int, draft: ReportDraft) -> bool:
    """Wait until no other report of this suite is being sent, and keep the next one waiting
    until this transaction ends: the check for a report already sent then sees any report of
    the suite sent a moment before (two phones sending as the signal returns), and a visit
    gets one report on either engine. The same statement deletes the draft: whether it was
    still there."""
    on_postgresql = db.session.get_bind().dialect.name == "postgresql"
    held = {"suite_id": suite_id, "draft_id": draft.id}
    return db.session.execute(hold_statement(on_postgresql), held).rowcount == 1


def refuse_a_second_report(
    actor: User, on_behalf: bool, values: ReportValues, rota_visit: PlannedVisit | None = None
) -> PlannedVisit | None:
    """One visit, one report: raise ReportError, naming the report already sent, if there is
    one of this visit. Run with the suite held (``hold_reports_of``). The visit on the rota
    it is of (``rota_visit``) unless another report has it already, looked for in the same
    statement."""
    visitors = {i for i in (values.visitor_1_id, values.visitor_2_id) if i}
    day, arrived = values.visit_date, values.arrived_at
    rota_visit_id = rota_visit.id if rota_visit is not None else None
    near = reports_near(values.suite_id, day, visitors, arrived, rota_visit_id)
    existing = naming(near.reports, day, arrived, visitors)
    if existing is not None:
        raise ReportError(why_sent_already(actor, on_behalf, existing), existing)
    same_time = (r for r in near.reports if (r.visit_date, r.arrived_at) == (day, arrived))
    existing = next(same_time, None)
    if existing is not None:
        raise ReportError(
            Problem(
                "A report for this suite, date and arrival time has already been sent, perhaps "
                "by your visiting partner"
            ),
            existing,
        )
    return None if near.rota_visit_taken else rota_visit


def submit_report(
    actor: User, draft: ReportDraft, values: ReportValues, looked: RotaLook | None = None
) -> VisitReport:
    """Send a draft as a report: stored once (the draft's key), the draft deleted. Its
    mails (the partner asked to confirm, the coordinators told of an urgent issue) are left
    to the scheduler's next minute (``icv.visits.sent_mail``): ``notices_queued_at`` NULL;
    so are its audit rows (``record_sent``: the report's, and its rota visit's completion),
    its visitors' probation visits counted again, and the summary's kept figures forgotten,
    stale meanwhile (``icv.summary.stored``).

    What needs no lock is read first (the visit on the rota): SQLite holds its one write
    lock from the first write, the suite held, to the commit, and every other sender waits
    for it. The report and its rows are inserted as plain rows (``icv.visits.sent_rows``),
    not by the unit of work, as the other ways of storing a report do (``store_report``).
    ``looked``: the visits on the rota it may be of, if read already (``rota_visit_of``)."""
    on_the_rota = rota_visit_of(values, draft.planned_visit_id, looked)
    if not hold_reports_of(values.suite_id, draft):  # the draft deleted by the same statement
        # Gone while this request waited: sent by another tap (or deleted). Nothing more to
        # read; the route answers with the report sent, if it was.
        raise DraftGone(DRAFT_GONE)
    linked = refuse_a_second_report(actor, draft.on_behalf, values, on_the_rota)
    if values.check_set_id is None:  # answered under the checks shipped, not yet stored
        values.check_set_id = ensure_check_set(actor).id
    columns = {
        **values.columns(),
        **derived(values),
        "source": "form",
        "submission_key": draft.key,
        "submitted_by_id": actor.id,
        "on_behalf": draft.on_behalf,
        "notices_queued_at": None,  # not the column's default: its mails are to queue
        "planned_visit_id": linked.id if linked is not None else None,
    }
    waits_for_after_send_job()
    report = insert_sent(columns, values, actor, sent_by_whom(draft.on_behalf))
    # The rota completes the visit linked; its audit row waits for the job, as the report's.
    say_filed(actor, report, audited_later=True)
    # The draft's row went with the hold: its object leaves the session as the unit of work's
    # delete left it at the commit (detached, what was loaded still readable), so nothing
    # reads it back after the commit and finds it gone.
    db.session.expunge(draft)
    return report


def describe(report: VisitReport) -> str:
    return f"visit to {report.suite.name} on {report.visit_date:%-d %b %Y}"


def confirm_report(actor: User, report: VisitReport, comments: str | None) -> None:
    """The visiting partner confirms the report, with comments of their own if any."""
    if report.cosigned_at is not None:
        raise AlreadyConfirmed(Problem("This report has already been confirmed."))
    partner = report.partner_to_confirm
    if partner is None or partner.user_id != actor.id:
        raise ReportError("Only the other visitor can confirm this report")
    report.cosigned_at = now_utc()
    report.cosigned_by_id = actor.id
    report.cosign_comments = comments or None
    record(actor, "report.confirmed", report, f"Confirmed the report of the {describe(report)}")


def acknowledge(actor: User, report: VisitReport) -> None:
    if report.reviewed_at is not None:
        raise ReportError("This report has already been reviewed")
    report.reviewed_at = now_utc()
    report.reviewed_by_id = actor.id
    sent = force_copy.send_force_copy(report)
    details = {"force_copy_to": sent} if sent else None
    record(
        actor, "report.reviewed", report, f"Reviewed the report of the {describe(report)}", details
    )


def mark_tact_copy_sent(actor: User, report: VisitReport, sent_on: date) -> None:
    if not report.tact_visited:
        raise ReportError("This report is not about a visit under the Terrorism Act")
    report.tact_copy_sent_on = sent_on
    report.tact_copy_sent_by_id = actor.id
    record(
        actor,
        "report.tact_copy_sent",
        report,
        f"Copy sent to the Independent Reviewer on {sent_on:%-d %b %Y}",
    )


def comparable(values: ReportValues) -> dict[str, Any]:
    """What a correction can change, field by field, as JSON."""
    notes = [asdict(note) for note in values.notes]
    return json_ready({**values.columns(), "checks": dict(values.checks), "notes": notes})


#: What decides which visit on the rota a report is of.
FITTING_THE_ROTA = {"suite_id", "visit_date", "arrived_at", "visitor_1_id", "visitor_2_id"}


def redate_issues(actor: User | None, report: VisitReport) -> None:
    """Issues are dated by the day their visit counts on (the summary counts them by it): a
    corrected date or arrival is theirs too."""
    day = report.counted_on
    for issue in report.issues:
        if issue.raised_on != day:
            record(
                actor,
                "issue.redated",
                issue,
                f"Raised on {issue.raised_on:%-d %b %Y} corrected to {day:%-d %b %Y}"
                " with the date of its report",
                {"raised_on": [issue.raised_on.isoformat(), day.isoformat()]},
            )
            issue.raised_on = day


def correct_report(
    actor: User, report: VisitReport, values: ReportValues, reason: str
) -> dict[str, list[Any]]:
    """Change a sent report, keeping the earlier version: who, when, why and what changed.

    Issues are not corrected here: each is a case of its own (see issue_services); they
    take a corrected date, and the link to the rota follows a corrected suite, day, arrival or
    visitors (rota_link).
    """
    old, new = comparable(values_of(report)), comparable(values)
    changed = {k: [old[k], new[k]] for k in new if old[k] != new[k]}
    if not changed:
        return {}
    if report.notices_queued_at is None:  # its after-send job has not run: its rows come first
        # read again with the row held, as the job holds it: a job that ran meanwhile wrote them
        db.session.refresh(report, ["notices_queued_at"], with_for_update=True)
        if report.notices_queued_at is None:
            record_sent(report)
    named_before = {report.visitor_1_id, report.visitor_2_id}
    for name, value in {**values.columns(), **derived(values)}.items():
        setattr(report, name, value)
    probation.recount(named_before | {report.visitor_1_id, report.visitor_2_id})
    if changed.keys() & {"visit_date", "arrived_at"}:
        redate_issues(actor, report)
    if changed.keys() & FITTING_THE_ROTA:
        relink_to_rota(actor, report, values)
    if "checks" in changed:
        report.check_answers = check_answers(values.checks)
        db.session.flush()  # the old rows go before the new ones of the same keys come
    if "notes" in changed:
        report.notes = [
            DetaineeNote(position=n, **asdict(note)) for n, note in enumerate(values.notes, 1)
        ]
    report.version += 1
    report.versions.append(
        ReportVersion(
            number=report.version,
            actor=actor,
            reason=reason,
            changes=changed,
            snapshot=snapshot(values),
        )
    )
    db.session.flush()
    fields = ", ".join(name.replace("_", " ") for name in changed)
    record(actor, "report.corrected", report, f"Corrected {fields}: {reason}", changed)
    return changed
