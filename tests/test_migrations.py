"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

CI runs the whole suite twice, once on each engine, so these run on both.
"""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from icv.extensions import db

TABLES = {
    "alembic_version",
    "annual_summaries",
    "api_tokens",
    "annual_reviews",
    "apscheduler_jobs",
    "application_drafts",
    "application_events",
    "applications",
    "audit_events",
    "avoid_pairs",
    "custody_throughput",
    "away_periods",
    "check_sets",
    "checks",
    "diversity_responses",
    "expense_claims",
    "job_runs",
    "meeting_attendances",
    "meetings",
    "memoranda",
    "memorandum_signatures",
    "outbox",
    "pattern_nudges",
    "planned_visitors",
    "planned_visits",
    "scheme_settings",
    "suite_liaisons",
    "summary_changes",
    "summary_stored_figures",
    "suites",
    "training_kinds",
    "training_records",
    "training_sessions",
    "user_roles",
    "user_sessions",
    "referees",
    "rota_periods",
    "rota_requirements",
    "suite_closures",
    "swap_requests",
    "visit_offers",
    "volunteer_avoided_suites",
    "volunteer_unreachable_suites",
    "reminder_opt_outs",
    "recovery_codes",
    "second_factors",
    "scheduled_notices",
    "scheduler_processes",
    "users",
    "visit_check_answers",
    "visit_detainee_notes",
    "visit_issue_events",
    "visit_issues",
    "visit_report_drafts",
    "visit_report_versions",
    "visit_reports",
    "volunteer_suites",
    "volunteers",
}


def schema_differences() -> list:
    with db.engine.connect() as connection, warnings.catch_warnings():
        # The one index only PostgreSQL has (NULLS FIRST, which SQLite takes in no index) is
        # an expression to Alembic, which says on SQLite that it leaves it out.
        warnings.filterwarnings(
            "ignore", message=".*expression-based index 'ix_visit_issues_closed_newest'"
        )
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_the_models_and_migrations_agree(ctx):
    assert schema_differences() == []


def test_migrations_go_down_to_empty_and_back_up(ctx):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
    upgrade()
    assert set(inspect(db.engine).get_table_names()) == TABLES
    assert schema_differences() == []


def test_audit_rows_written_as_localproxy_are_about_accounts(ctx):
    """A data migration: the proxy's name in rows written before the fix becomes "user"."""
    from sqlalchemy import text

    downgrade(revision="39f464603455")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (at, action, object_type, object_id, summary, details) "
                "VALUES (CURRENT_TIMESTAMP, 'account.updated', 'localproxy', '7', 'x', '{}'), "
                "(CURRENT_TIMESTAMP, 'suite.created', 'suite', '2', 'y', '{}')"
            )
        )
    upgrade()
    with db.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT object_type, object_id FROM audit_events ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [("user", "7"), ("suite", "2")]


def test_links_and_keys_from_before_the_upgrade_keep_working_hashed_and_encrypted(app, client):
    """Links already mailed (or in a calendar app) keep working once only their hashes are
    kept; the second factor keys are encrypted; the way back refuses while links exist."""
    import hashlib

    import pytest
    from cryptography.fernet import Fernet
    from sqlalchemy import MetaData, Table, select, text

    from icv.downgrades import DataWouldBeLost
    from tests.conftest import TEST_ENCRYPTION_KEY
    from tests.factories import TOTP_SECRET, make_application, make_user, make_volunteer

    with app.app_context():
        make_volunteer(make_user(email="val@example.org"))
        make_user(email="chris@example.org", roles={"coordinator"})
        make_application()
        db.session.commit()
        with db.engine.begin() as connection:  # set aside: its link is put back old-style
            applications = Table("applications", MetaData(), autoload_with=connection)
            row = dict(connection.execute(select(applications)).mappings().one())
            connection.execute(text("DELETE FROM referees"))
            connection.execute(text("DELETE FROM applications"))
        downgrade(revision="a7c3e51d9b20")
        with db.engine.begin() as connection:
            assert connection.scalar(text("SELECT secret FROM second_factors")) == TOTP_SECRET
            applications = Table("applications", MetaData(), autoload_with=connection)
            row["status_token"] = "status-link-token"
            del row["status_token_hash"]
            row.pop("months_abroad", None)  # a column of a later revision
            row.pop("language", None)  # a column of a later revision
            connection.execute(applications.insert().values(row))
            connection.execute(text("UPDATE volunteers SET calendar_token = 'feed-link-token'"))
        upgrade()
        with db.engine.begin() as connection:
            hashes = (
                connection.execute(
                    text(
                        "SELECT calendar_token_hash FROM volunteers UNION ALL "
                        "SELECT status_token_hash FROM applications"
                    )
                )
                .scalars()
                .all()
            )
            secret = connection.scalar(text("SELECT secret FROM second_factors"))
        assert hashes == [
            hashlib.sha256(b"feed-link-token").hexdigest(),
            hashlib.sha256(b"status-link-token").hexdigest(),
        ]
        assert Fernet(TEST_ENCRYPTION_KEY).decrypt(secret.encode()).decode() == TOTP_SECRET
    assert client.get("/calendar/feed-link-token.ics").status_code == 200
    assert client.get("/apply/status/status-link-token").status_code == 200
    with app.app_context():
        # Refused before the first step (icv/downgrades.py), naming the hashes; with
        # -x discard-data=yes the migration itself would refuse while links exist.
        with pytest.raises(DataWouldBeLost) as refused:
            downgrade(revision="a7c3e51d9b20")
        # (in the order of the steps down, which differs between the engines)
        assert sorted(refused.value.lost) == [
            "column applications.language: 1 values would be deleted",
            "column applications.status_token_hash: 1 values would be deleted",
            "column volunteers.calendar_token_hash: 1 values would be deleted",
            # The check set the upgrade seeded (issue 16) goes down with it.
            "table check_sets: 1 rows would be deleted",
            "table checks: 25 rows would be deleted",
        ]
        assert "calendar_token_hash" in {
            c["name"] for c in inspect(db.engine).get_columns("volunteers")
        }
        assert schema_differences() == []


def test_reports_from_before_the_checks_keep_their_figures(ctx):
    """Upgrading from c5d1f8a3b2e7 with reports in it: a report written on the form stored
    offered = spoken + observed + declined and now stores spoken + declined; an imported one
    keeps offered as its file gave it; good practice written is good practice seen; the
    checks are not recorded; version 1 of the checks is there. Down again, offered is put back."""
    from sqlalchemy import text

    from tests.factories import make_suite

    suite = make_suite("Rugby")
    db.session.commit()
    suite_id = suite.id
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    # The version of the checks the schema's upgrade seeded goes: nothing else is lost.
    downgrade(revision="abf97a87f9ef", x_arg=["discard-data=yes"])
    report = (
        "INSERT INTO visit_reports (suite_id, visit_date, mode, outcome, arrived_at, left_at, "
        "counted_on, tact_visited, source, submitted_at, on_behalf, version, updated_at, "
        "in_custody, offered, spoken, observed, declined, not_offered, good_practice) VALUES "
        "(:suite, '2025-03-10', 'in_person', 'completed', :arrived, '15:00:00', '2025-03-10', "
        "FALSE, :source, CURRENT_TIMESTAMP, FALSE, 1, CURRENT_TIMESTAMP, 6, :offered, 3, 1, 1, "
        "1, :good_practice)"
    )
    with db.engine.begin() as connection:
        for hour, (source, offered, good_practice) in enumerate(
            (("form", 5, "Staff were kind"), ("import", 5, None), ("form", 5, "  ")), 10
        ):
            connection.execute(
                text(report),
                {
                    "suite": suite_id,
                    "arrived": f"{hour}:00:00",
                    "source": source,
                    "offered": offered,
                    "good_practice": good_practice,
                },
            )
    upgrade()
    with db.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT source, offered, spoken, observed, declined, good_practice_seen, "
                 "check_set_id, rating FROM visit_reports ORDER BY id")
        ).all()  # fmt: skip
        checks = connection.execute(
            text("SELECT COUNT(*), MIN(s.version) FROM checks c JOIN check_sets s "
                 "ON s.id = c.check_set_id WHERE c.label_cy <> ''")
        ).one()  # fmt: skip
    assert [tuple(row) for row in rows] == [
        ("form", 4, 3, 1, 1, True, None, None),
        ("import", 5, 3, 1, 1, None, None, None),
        ("form", 4, 3, 1, 1, None, None, None),
    ]
    assert tuple(checks) == (25, 1)
    # The admin's next version is stored after the seeded one (on PostgreSQL, its sequence).
    from icv.visits.check_rules import CheckDef
    from icv.visits.check_services import add_check

    added = add_check(None, CheckDef("held_overnight", "welfare", "count", "Held overnight"))
    version, checks_asked = added.version, len(added.checks)
    db.session.commit()
    db.session.remove()  # holds no lock while the schema goes down below
    assert (version, checks_asked) == (2, 26)
    # The version seeded and good practice seen cannot go down without being lost: asked.
    downgrade(revision="abf97a87f9ef", x_arg=["discard-data=yes"])
    with db.engine.begin() as connection:
        offered = connection.execute(text("SELECT offered FROM visit_reports ORDER BY id"))
        assert offered.scalars().all() == [5, 5, 5]
    upgrade()


#: Sentences the solver stored before codes, and the code and parameters each becomes.
OLD_REASONS = [
    (
        "only one volunteer is on the panel for Rugby",
        {"code": "small_panel", "params": {"suite": "Rugby", "count": 1}},
    ),
    (
        "a group of 3 is available for St Aldates, Oxford on only 2 days in the week of 4 "
        "January 2027",
        {
            "code": "few_days",
            "params": {"suite": "St Aldates, Oxford", "week": "2027-W01", "visitors": 3, "days": 2},
        },
    ),
    (
        "only 1 of the 5 volunteers available for Rugby in the week of 28 December 2026 is "
        "free: 3 have reached their monthly limit and 1 has another visit less than 3 days away",
        {
            "code": "some_free",
            "params": {
                **{"suite": "Rugby", "week": "2026-W53", "free": 1, "total": 5, "full": 3},
                **{"near": 1, "close": "days", "gap": 3},
            },
        },
    ),
    (
        "everyone available for Rugby in the week of 4 January 2027 already has another visit "
        "that week",
        {
            "code": "all_near",
            "params": {"suite": "Rugby", "week": "2027-W01", "close": "week"},
        },
    ),
    ("Closed for a refit", {"code": "other", "params": {"text": "Closed for a refit"}}),
]


def test_unfilled_reasons_stored_as_sentences_become_codes_and_back(app):
    """Upgrading from dce50e062ad4: each stored sentence becomes its code and parameters (an
    unknown one is kept as ``other`` with its words), the pages word it as it was, the kept
    figures are forgotten; down again, the same sentences."""
    import json

    from flask_babel import force_locale
    from sqlalchemy import text

    from icv.rota.reason_text import reason_text

    with app.app_context():
        downgrade(revision="dce50e062ad4")
        old = [{"suite_id": 7, "week": "2027-W01", "reason": words} for words, _ in OLD_REASONS]
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO rota_periods (starts_on, ends_on, status, seed, created_at, "
                    "unfilled, quality) VALUES ('2026-12-28', '2027-01-10', 'draft', 1, "
                    "CURRENT_TIMESTAMP, :unfilled, :quality)"
                ),
                {"unfilled": json.dumps(old), "quality": json.dumps({"gaps": []})},
            )
        upgrade()
        with db.engine.begin() as connection:
            unfilled, quality = connection.execute(
                text("SELECT unfilled, quality FROM rota_periods")
            ).one()
        stored = json.loads(unfilled) if isinstance(unfilled, str) else unfilled
        assert stored == [{"suite_id": 7, "week": "2027-W01", **code} for _, code in OLD_REASONS]
        assert quality is None
        with app.test_request_context(), force_locale("en"):
            assert [reason_text(gap) for gap in stored] == [words for words, _ in OLD_REASONS]
        downgrade(revision="dce50e062ad4")
        with db.engine.begin() as connection:
            unfilled = connection.execute(text("SELECT unfilled FROM rota_periods")).scalar_one()
        assert (json.loads(unfilled) if isinstance(unfilled, str) else unfilled) == old
        upgrade()


def test_issues_keep_every_row_through_the_list_indexes_and_the_kept_figures(ctx):
    """Down to dce50e062ad4 and up again with issues in the database (one closed with no
    date): the issue lists' indexes and the summary's kept figures come and go, the issues
    stay as they were."""

    from sqlalchemy import text

    from tests.factories import make_suite
    from tests.reporting import make_report

    report = make_report(make_suite("Rugby"))
    report.issues[0].status, report.issues[0].resolved_on = "closed", None
    db.session.commit()
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    issues = "SELECT id, status, resolved_on, raised_on FROM visit_issues ORDER BY id"
    with db.engine.begin() as connection:
        before = connection.execute(text(issues)).all()
    downgrade(revision="dce50e062ad4")
    schema = inspect(db.engine)
    assert "summary_stored_figures" not in schema.get_table_names()
    assert {"ix_visit_issues_serious_newest", "ix_visit_issues_closed_newest"}.isdisjoint(
        index["name"] for index in schema.get_indexes("visit_issues")
    )
    upgrade()
    schema = inspect(db.engine)
    assert "summary_stored_figures" in schema.get_table_names()
    assert "ix_visit_issues_serious_newest" in {
        index["name"] for index in schema.get_indexes("visit_issues")
    }
    with db.engine.begin() as connection:
        assert connection.execute(text(issues)).all() == before
    assert before[0][1:3] == ("closed", None)


def test_reports_stored_before_the_mails_moved_to_the_scheduler_mail_nobody(ctx):
    """Up from eb48d23c3cec: every report stored is marked as mailed, at the time it was sent
    (its send queued its mails); down again refuses while a report's mails are still to
    queue, and goes with discard-data."""
    import pytest
    from click import ClickException
    from sqlalchemy import text

    from tests.factories import make_suite
    from tests.reporting import make_report

    report = make_report(make_suite("Rugby"))
    db.session.commit()
    report_id = report.id
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    downgrade(revision="eb48d23c3cec")
    columns = {c["name"] for c in inspect(db.engine).get_columns("visit_reports")}
    assert "notices_queued_at" not in columns
    upgrade()
    marks = "SELECT id FROM visit_reports WHERE notices_queued_at = submitted_at"
    with db.engine.begin() as connection:
        assert connection.execute(text(marks)).all() == [(report_id,)]
        indexes = {i["name"] for i in inspect(connection).get_indexes("visit_reports")}
        assert "ix_visit_reports_notices_waiting" in indexes
        connection.execute(text("UPDATE visit_reports SET notices_queued_at = NULL"))
    with pytest.raises(ClickException, match="the mails of 1 sent reports are still to be queued"):
        downgrade(revision="eb48d23c3cec")
    assert "notices_queued_at" in {
        c["name"] for c in inspect(db.engine).get_columns("visit_reports")
    }
    downgrade(revision="eb48d23c3cec", x_arg=["discard-data=yes"])
    upgrade()
    with db.engine.begin() as connection:
        assert connection.execute(text(marks)).all() == [(report_id,)]


def test_the_reports_waiting_for_their_mails_are_found_by_their_own_index(ctx):
    """SQLite's plan (PostgreSQL's depends on the table's size): the scheduler's look every
    minute reads the partial index, which holds only the reports waiting, not every report."""
    from sqlalchemy import text

    from icv.visits.sent_mail import WAITING

    if db.engine.dialect.name != "sqlite":
        return
    query = str(WAITING.compile(db.engine))
    with db.engine.begin() as connection:
        plan = [row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + query))]
    assert plan == ["SCAN visit_reports USING INDEX ix_visit_reports_notices_waiting"]


def test_figures_stale_are_marked_then_go_on_the_way_down_and_good_ones_stay(ctx):
    """Down to 3f1c9a7d2b64: a row of an older generation is marked forgotten, a good one not.
    Down to 514b2ec012aa: the code before it reads every kept row as good, so the forgotten
    row (stale figures) is deleted, not left to be shown; the good one stays. Up again: good."""
    from datetime import date

    from sqlalchemy import text

    from icv.summary.models import StoredFigures, SummaryChanges

    def kept(year: int, generation: int) -> StoredFigures:
        row = StoredFigures(year=year, basis="calendar", quarter=0, as_of=date(2026, 11, 24))
        row.figures, row.generation = {"year": year}, generation
        return row

    db.session.get(SummaryChanges, 1).generation = 3
    db.session.add_all([kept(2024, generation=2), kept(2025, generation=3)])
    db.session.commit()
    db.session.remove()  # no connection of the test's holds a lock while the schema changes
    rows = "SELECT year, forgotten_at IS NULL FROM summary_stored_figures ORDER BY year"
    downgrade(revision="3f1c9a7d2b64")  # refuses nothing: generations are bookkeeping
    columns = {c["name"] for c in inspect(db.engine).get_columns("summary_stored_figures")}
    assert ("generation" in columns, "forgotten_at" in columns) == (False, True)
    assert "summary_changes" not in inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        assert connection.execute(text(rows)).all() == [(2024, False), (2025, True)]
    downgrade(revision="514b2ec012aa")
    with db.engine.begin() as connection:
        years = connection.execute(text("SELECT year FROM summary_stored_figures")).all()
        assert years == [(2025,)]
    upgrade()
    good = (
        "SELECT year FROM summary_stored_figures WHERE generation = "
        "(SELECT generation FROM summary_changes WHERE id = 1)"
    )
    with db.engine.begin() as connection:
        assert connection.execute(text(good)).all() == [(2025,)]


def test_rows_forgotten_before_the_counter_stay_stale_on_the_way_up(ctx):
    """Up from 3f1c9a7d2b64: a row marked forgotten gets a generation that is never current;
    a good one the counter's first."""
    from sqlalchemy import text

    downgrade(revision="3f1c9a7d2b64")
    insert = text(
        "INSERT INTO summary_stored_figures (year, basis, quarter, as_of, figures, computed_at, "
        "forgotten_at) VALUES (:year, 'calendar', 0, '2026-11-24', '{}', CURRENT_TIMESTAMP, "
        "CASE WHEN :forgotten = 1 THEN CURRENT_TIMESTAMP END)"
    )
    with db.engine.begin() as connection:
        connection.execute(insert, [{"year": 2024, "forgotten": 1}, {"year": 2025, "forgotten": 0}])
    upgrade()
    rows = "SELECT year, generation FROM summary_stored_figures ORDER BY year"
    with db.engine.begin() as connection:
        assert connection.execute(text(rows)).all() == [(2024, -1), (2025, 0)]
        counter = connection.execute(text("SELECT id, generation FROM summary_changes")).all()
        assert counter == [(1, 0)]
