"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

CI runs the whole suite twice, once on each engine, so these run on both.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from icv.extensions import db

TABLES = {
    "alembic_version",
    "annual_summaries",
    "api_tokens",
    "apscheduler_jobs",
    "application_drafts",
    "application_events",
    "applications",
    "audit_events",
    "avoid_pairs",
    "away_periods",
    "diversity_responses",
    "job_runs",
    "outbox",
    "planned_visitors",
    "planned_visits",
    "scheme_settings",
    "suite_liaisons",
    "suites",
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
    with db.engine.connect() as connection:
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
