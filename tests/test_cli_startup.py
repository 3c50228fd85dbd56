"""``icv --help`` and the commands that need no database start without building the app, and
the app starts without the libraries only some pages use (issue 15, item 5)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.utils import import_string

from icv import create_app
from icv.cli import COMMANDS, ELSEWHERE, IcvGroup
from tests import conftest
from tests.rota_examples import tiny_raw

#: Loaded only by building the app (icv.web), or only by the pages that need them.
HEAVY = ("icv.web", "sqlalchemy", "openpyxl", "pydantic", "icalendar", "segno")

#: Runs ``icv`` (or ``create_app()``), then prints on stderr which of HEAVY were imported.
WRAPPER = """
import json, sys
try:
    {body}
finally:
    print("IMPORTED " + json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)
"""

EVERY_COMMAND = [
    "accounts",
    "applications",
    "backup",
    "db",
    "demo",
    "import",
    "limiter",
    "outbox",
    "person",
    "restore",
    "retention",
    "rota",
    "scheduler",
    "secrets",
    "serve",
    "summary",
]


def run(tmp_path: Path, body: str, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """A fresh process with an instance folder that does not exist yet (building the app makes
    it); returns the process and which of HEAVY it imported."""
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER.format(body=body, heavy=HEAVY), *args],
        env={"ICV_INSTANCE_PATH": str(tmp_path / "instance"), "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    head, _, imported = result.stderr.rpartition("IMPORTED ")
    result.stderr = head
    return result, json.loads(imported)


def icv(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    return run(tmp_path, "from icv.cli import main; main()", *args)


def listed_commands(help_text: str) -> list[str]:
    section = help_text.split("\nCommands:\n", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def test_icv_help_lists_every_command_without_building_the_app(tmp_path):
    result, imported = icv(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert listed_commands(result.stdout) == EVERY_COMMAND
    assert "  rota          Unannounced visit rotas.\n" in result.stdout
    assert imported == []
    assert not (tmp_path / "instance").exists()


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["rota", "--help"], "Usage: icv rota [OPTIONS] COMMAND [ARGS]..."),
        (["rota", "solve", "--help"], "Usage: icv rota solve [OPTIONS] INSTANCE"),
        (["db", "--help"], "Usage: icv db [OPTIONS] COMMAND [ARGS]..."),
        (["demo", "code", "--help"], "Usage: icv demo code [OPTIONS]"),
    ],
)
def test_a_commands_help_does_not_build_the_app(tmp_path, args, first_line):
    result, imported = icv(tmp_path, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == first_line
    assert "icv.web" not in imported
    assert not (tmp_path / "instance").exists()


def test_rota_solve_does_not_build_the_app(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(tiny_raw()))
    result, imported = icv(tmp_path, "rota", "solve", str(path))
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(result.stdout)) == ["unfilled", "visits"]
    assert imported == []  # neither the app nor the rota area's models (SQLAlchemy)
    assert not (tmp_path / "instance").exists()


def test_rota_solve_help_imports_the_engine_not_the_rota_models(tmp_path):
    result, imported = icv(tmp_path, "rota", "solve", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Usage: icv rota solve [OPTIONS] INSTANCE"
    assert imported == []


def test_an_unknown_command_is_refused_without_building_the_app(tmp_path):
    result, imported = icv(tmp_path, "nosuch")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "Error: No such command 'nosuch'."
    assert imported == []
    assert not (tmp_path / "instance").exists()


def test_a_command_that_needs_the_database_builds_the_app(tmp_path):
    result, imported = icv(tmp_path, "demo", "code")
    assert result.returncode == 1
    assert result.stderr == (
        "icv: the database is not ready; run `icv db upgrade` and `icv demo` first\n"
    )
    assert "icv.web" in imported
    assert (tmp_path / "instance").is_dir()


def test_the_app_starts_without_the_libraries_of_a_few_pages(tmp_path):
    result, imported = run(tmp_path, "from icv import create_app; create_app()")
    assert result.returncode == 0, result.stderr
    assert imported == ["icv.web", "sqlalchemy"]  # not openpyxl, pydantic, icalendar, segno


@pytest.mark.parametrize("name", sorted(ELSEWHERE))
@pytest.mark.parametrize("limit", [45, 200])
def test_each_summary_in_the_list_is_the_commands_own(name, limit):
    command = import_string(ELSEWHERE[name].where)
    listed = IcvGroup(add_default_commands=False).summary_of(name, limit)
    assert listed == command.get_short_help_str(limit)


def test_icv_lists_every_command_the_app_has(app):
    """A command added to the app's group (``register``) is in ``icv --help`` too."""
    group = IcvGroup(add_default_commands=False)
    for command in COMMANDS:
        group.add_command(command)
    with app.app_context():
        context = click.Context(app.cli)
        on_the_app = set(app.cli.list_commands(context))
    assert on_the_app | {"limiter"} == set(group.list_commands(click.Context(group)))
    assert sorted(on_the_app | {"limiter"}) == EVERY_COMMAND


def test_building_the_app_opens_no_database_connection(database_url):
    """gunicorn --preload builds the app in its master, then forks the workers: a connection
    opened while building it would be shared by every worker."""
    opened = []

    def count(_connection, _record) -> None:
        opened.append(1)

    event.listen(Engine, "connect", count)
    try:
        create_app(conftest.app_config(database_url))
    finally:
        event.remove(Engine, "connect", count)
    assert opened == []
