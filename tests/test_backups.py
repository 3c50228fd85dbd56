"""`icv backup PATH` and `icv restore PATH` on the configured engine (SQLite, or PostgreSQL
with ICV_TEST_DATABASE_URL): a restore into an empty database finds the same rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest
from sqlalchemy import inspect, select, text

from icv.extensions import db
from icv.suites.models import Suite
from tests.conftest import reset_schema
from tests.factories import make_suite, make_user
from tests.faults import write_lock


@pytest.fixture
def cli(app, ctx) -> Iterator:
    """Run an `icv` command on the test database; its schema is put back if a test broke it."""
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(args=[str(arg) for arg in args])
    db.session.remove()
    if "alembic_version" not in inspect(db.engine).get_table_names():
        reset_schema(app)


def stored() -> dict[str, list[tuple]]:
    db.session.remove()
    return {
        "suites": [tuple(r) for r in db.session.execute(text("SELECT id, name FROM suites"))],
        "users": [tuple(r) for r in db.session.execute(text("SELECT id, email FROM users"))],
    }


def empty_the_database() -> None:
    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        return
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))


def test_a_restore_into_an_empty_database_finds_the_same_rows(cli, tmp_path):
    make_suite("Leamington Spa")
    make_suite("Nuneaton")
    make_user("ann@example.org")
    db.session.commit()
    before = stored()
    path = tmp_path / "icv.backup"

    result = cli("backup", path)
    assert result.exit_code == 0, result.output
    assert result.output == f"icv backup: {db.engine.dialect.name} database written to {path}\n"
    assert not (tmp_path / "icv.backup.partial").exists()
    assert path.stat().st_mode & 0o777 == 0o600
    empty_the_database()
    assert inspect(db.engine).get_table_names() == []

    result = cli("restore", path)
    assert result.exit_code == 0, result.output
    assert "loaded (schema revision " in result.output
    assert stored() == before
    assert len(before["suites"]) == 2
    assert before["users"][0][1] == "ann@example.org"


def test_a_database_with_tables_is_replaced_only_with_force(cli, tmp_path):
    make_suite("Leamington Spa")
    db.session.commit()
    path = tmp_path / "icv.backup"
    assert cli("backup", path).exit_code == 0
    make_suite("Nuneaton")
    db.session.commit()

    result = cli("restore", path)
    assert result.exit_code == 1
    assert "Error: the database is not empty (" in result.output
    assert "add --force to delete everything in this one first" in result.output
    assert sorted(db.session.scalars(select(Suite.name))) == ["Leamington Spa", "Nuneaton"]

    result = cli("restore", "--force", path)
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert db.session.scalars(select(Suite.name)).all() == ["Leamington Spa"]


def test_a_file_that_is_not_a_backup_is_refused(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    empty_the_database()
    result = cli("restore", path)
    assert result.exit_code == 1
    engine = db.engine.dialect.name
    assert f"Error: {path} is not an icv backup of a {engine} database" in result.output
    assert inspect(db.engine).get_table_names() == []


def test_a_sqlite_backup_is_taken_while_a_save_is_under_way(cli, tmp_path, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's online backup")
    make_suite("Leamington Spa")
    db.session.commit()
    path = tmp_path / "icv.backup"
    with write_lock(database_url) as held:
        held.execute(
            "INSERT INTO suites (name, address, visits_per_week, is_active, created_at) "
            "VALUES ('Rugby', 'x', 1, 1, CURRENT_TIMESTAMP)"
        )
        result = cli("backup", path)
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(path)) as copy:
        assert copy.execute("SELECT name FROM suites").fetchall() == [("Leamington Spa",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
