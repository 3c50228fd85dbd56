"""A sent report's rows: the report, its issues with their first events, its notes, its
check answers and its first version, inserted as plain rows (the unit of work would build
and flush a mapped object for each), the report then put in the session as stored.

On SQLite the report goes in one statement, then each table's rows in one (the issues' ids
come back for their events). On PostgreSQL they all go in one statement, each table's
insert a data-modifying CTE: a send's round trips to the server are much of what it costs
there (bench/README.md, "Sending reports under load")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import ARRAY, Insert, String, Table, bindparam, event, func, insert, select, true
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached
from sqlalchemy.types import TypeEngine

from icv.accounts.models import User
from icv.extensions import db
from icv.visits import issue_services
from icv.visits.issue_rules import IssueStatus
from icv.visits.models import (
    CheckAnswer,
    DetaineeNote,
    IssueEvent,
    ReportVersion,
    VisitIssue,
    VisitReport,
)
from icv.visits.values import ReportValues, plain, snapshot


def issue_columns(raised_on: date, position: int, issue: Any) -> dict[str, Any]:
    """A new report's issue as its columns: a case opened on the day the visit counts on."""
    return {"position": position, "raised_on": raised_on, "status": IssueStatus.NEW, **plain(issue)}


def answer_columns(checks: dict[str, str | int]) -> list[dict[str, Any]]:
    """A report's answers as rows' columns: a count, or yes or no (not checked is no row)."""
    return [
        {"check_key": key, "answer": None, "count": answer}
        if isinstance(answer, int)
        else {"check_key": key, "answer": answer, "count": None}
        for key, answer in sorted(checks.items())
    ]


@dataclass(frozen=True)
class SentRows:
    """A sent report's rows, each a dict of its columns, every column with a Python-side
    default given: the report's, and those below it without their ``report_id``; ``event``
    is what the issues' first events share (their ``issue_id`` comes from the issues')."""

    report: dict[str, Any]
    issues: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    answers: list[dict[str, Any]]
    event: dict[str, Any]
    version: dict[str, Any]


def sent_rows(columns: dict[str, Any], values: ReportValues, actor: User, why: str) -> SentRows:
    """The rows of a report of these ``columns`` (its values' and the send's); ``why``: who
    sent it."""
    called: dict[Any, Any] = {}
    report = with_defaults(VisitReport.__table__, columns, called, every_column=True)
    issues = [issue_columns(report["counted_on"], n, i) for n, i in enumerate(values.issues, 1)]
    notes = [{"position": n, **plain(note)} for n, note in enumerate(values.notes, 1)]
    action = issue_services.opening_action(report["source"])
    event = {"actor_id": actor.id, "action": action, "status": IssueStatus.NEW}
    version = {"number": 1, "actor_id": actor.id, "reason": why, "snapshot": snapshot(values)}
    return SentRows(
        report,
        [with_defaults(VisitIssue.__table__, row, called) for row in issues],
        [with_defaults(DetaineeNote.__table__, row, called) for row in notes],
        answer_columns(values.checks),
        with_defaults(IssueEvent.__table__, event, called),
        with_defaults(ReportVersion.__table__, version, called),
    )


#: The columns of a sent report's rows given when they are inserted: the ids of the report
#: and of the issues are not known before.
LINKS = frozenset({"report_id", "issue_id"})


def with_defaults(
    table: Table, row: dict[str, Any], called: dict[Any, Any], every_column: bool = False
) -> dict[str, Any]:
    """A row with the default of each column it leaves out (``now_utc``, ``False``...); with
    ``every_column``, None for a column with none (but one the server gives a default), so
    that the row's object has every column. A callable default is called once for all the
    rows of a column (``called``), as one flush would have."""
    given = dict(row)
    for column in table.columns:
        default = column.default
        if column.name in given or column.primary_key or column.name in LINKS:
            continue
        if default is None and (column.server_default is not None or not every_column):
            continue
        if default is not None and default.is_callable:
            if default.arg not in called:
                called[default.arg] = default.arg(None)
            given[column.name] = called[default.arg]
        else:
            given[column.name] = default.arg if default is not None else None
    return given


def insert_sent(
    columns: dict[str, Any], values: ReportValues, actor: User, why: str
) -> VisitReport:
    """Insert a sent report of these columns with its rows below it, and put it in the
    session as a stored row (no flush inserts it again; what it links to is read from the
    session's identity map when asked for). Nothing in the request reads the rows below it
    back."""
    rows = sent_rows(columns, values, actor, why)
    if db.session.get_bind().dialect.name == "postgresql":
        statement = all_at_once(columns_of(rows))
        report_id = db.session.scalar(statement, parameters_at_once(rows))
    else:
        report_id = one_table_at_a_time(rows)
    report = VisitReport(**rows.report, id=report_id)
    make_transient_to_detached(report)  # as if just read: nothing pending
    db.session.add(report)
    session = db.session()  # the request's own (the scoped proxy has no nested getter)
    inserted_in = session.get_nested_transaction() or session.get_transaction()
    db.session.info.setdefault(SENT_NOW, []).append((inserted_in, report))
    return report


#: ``session.info``: the reports ``insert_sent`` put in the session in this transaction,
#: each with the (nested) transaction it was inserted in.
SENT_NOW = "icv.sent_now"


@event.listens_for(Session, "after_soft_rollback")
def forget_reports_not_sent(session: Session, previous: SessionTransaction) -> None:
    """A transaction, or a savepoint, that sent reports was rolled back: their rows are
    gone, so their objects leave the session, as the unit of work's own inserts do (a send
    again in the same session, say, would otherwise find an object of that id still
    there). Those sent before the savepoint stay."""
    kept = []
    for inserted_in, report in session.info.pop(SENT_NOW, ()):
        if not _within(inserted_in, previous):
            kept.append((inserted_in, report))
        elif report in session:
            session.expunge(report)
    if kept:
        session.info[SENT_NOW] = kept


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    """Whether ``transaction`` is ``outer`` or one begun inside it."""
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_commit")
def reports_sent(session: Session) -> None:
    session.info.pop(SENT_NOW, None)


#: The tables inserted one statement each on SQLite after the issues, in this order.
BELOW_THE_REPORT = (DetaineeNote, CheckAnswer, IssueEvent, ReportVersion)


@cache
def one_at_a_time_inserts() -> tuple[Insert, Insert, tuple[Insert, ...]]:
    """The report's insert (its id returned), its issues' (their ids returned in their
    order: their first events need them) and each other table's, built once, at first use:
    the tables', not the models' (the ORM's bulk insert builds more per row)."""
    reports, issues = VisitReport.__table__, VisitIssue.__table__
    return (
        insert(reports).returning(reports.c.id),
        insert(issues).returning(issues.c.id, sort_by_parameter_order=True),
        tuple(insert(model.__table__) for model in BELOW_THE_REPORT),
    )


def one_table_at_a_time(rows: SentRows) -> int:
    """Insert the report, then each table's rows in one statement whatever their number
    (but the issues on SQLite: each returns its id). The report's id."""
    report_insert, issues_insert, below = one_at_a_time_inserts()
    report_id = db.session.scalar(report_insert, rows.report)
    of_it = {"report_id": report_id}
    issues = [{**of_it, **row} for row in rows.issues]
    issue_ids = db.session.scalars(issues_insert, issues).all() if issues else []
    events = [{"issue_id": i, **rows.event} for i in issue_ids]
    notes = [{**of_it, **row} for row in rows.notes]
    answers = [{**of_it, **row} for row in rows.answers]
    for statement, table_rows in zip(
        below, (notes, answers, events, [{**of_it, **rows.version}]), strict=True
    ):
        if table_rows:
            db.session.execute(statement, table_rows)
    return report_id


#: The columns given of each table's rows, in the order of ``SentRows``' fields.
Columns = tuple[tuple[str, ...], ...]


def columns_of(rows: SentRows) -> Columns:
    """The columns given of each table's rows: the same for every send, but that a table
    with no rows gives none (it is then left out of the statement)."""
    return tuple(
        tuple(table_rows[0]) if table_rows else ()
        for table_rows in (
            [rows.report],
            rows.issues,
            rows.notes,
            rows.answers,
            [rows.event],
            [rows.version],
        )
    )


@lru_cache(maxsize=16)
def all_at_once(columns: Columns) -> Insert:
    """One statement for a sent report and all its rows below it, whatever their number: the
    version's insert, returning the report's id, with the report's insert and each other
    table's a CTE (PostgreSQL runs every data-modifying CTE, read or not). The tables of many
    rows insert them from arrays, one a column (``unnest``); the first events take the
    issues' ids from their insert. Built once for each set of columns (a few: a table with
    no rows gives none), its SQL compiled once."""
    report, issues, notes, answers, event, version = columns
    reports = VisitReport.__table__
    new_report = (
        insert(reports)
        .values({c: bindparam(f"report_{c}", type_=reports.c[c].type) for c in report})
        .returning(reports.c.id)
        .cte("new_report")
    )
    ctes = [new_report]
    if issues:
        table = VisitIssue.__table__
        new_issues = from_arrays(table, "issue", issues, new_report).returning(table.c.id)
        new_issues = new_issues.cte("new_issues")
        events = IssueEvent.__table__
        shared = [bindparam(f"event_{c}", type_=events.c[c].type) for c in event]
        first_events = insert(events).from_select(
            ("issue_id", *event), select(new_issues.c.id, *shared)
        )
        ctes += [new_issues, first_events.cte("new_events")]
    for model, kind, given in ((DetaineeNote, "note", notes), (CheckAnswer, "answer", answers)):
        if given:
            ctes.append(from_arrays(model.__table__, kind, given, new_report).cte(f"new_{kind}s"))
    versions = ReportVersion.__table__
    shared = [bindparam(f"version_{c}", type_=versions.c[c].type) for c in version]
    first_version = insert(versions).from_select(
        ("report_id", *version), select(new_report.c.id, *shared)
    )
    return first_version.returning(versions.c.report_id).add_cte(*ctes)


def from_arrays(table: Table, kind: str, columns: tuple[str, ...], report) -> Insert:
    """An insert of rows of ``table`` of the new report, from one array a column
    (``issue_category``...)."""
    arrays = [bindparam(f"{kind}_{c}", type_=ARRAY(unbounded(table.c[c].type))) for c in columns]
    rows = func.unnest(*arrays).table_valued(*columns).render_derived(name=f"{kind}_rows")
    of_report = select(report.c.id, *rows.c).select_from(report).join(rows, true())
    return insert(table).from_select(("report_id", *columns), of_report)


def unbounded(column_type: TypeEngine) -> TypeEngine:
    """A column's type for an array of its values: a string without its length. A cast to
    ``varchar(120)[]`` would cut a longer value short without a word; the column's own
    length then refuses it at the insert, as a plain insert does."""
    return String() if isinstance(column_type, String) else column_type


def parameters_at_once(rows: SentRows) -> dict[str, Any]:
    """The parameters of ``all_at_once`` for these rows: a list of a column's values for the
    tables of many rows, the value itself for the report, the event and the version."""
    parameters: dict[str, Any] = {}
    many = (("issue", rows.issues), ("note", rows.notes), ("answer", rows.answers))
    for kind, table_rows in many:
        for column in table_rows[0] if table_rows else ():
            parameters[f"{kind}_{column}"] = [row[column] for row in table_rows]
    for kind, row in (("report", rows.report), ("event", rows.event), ("version", rows.version)):
        parameters.update({f"{kind}_{column}": value for column, value in row.items()})
    return parameters
