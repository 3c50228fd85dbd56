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
