"""``icv import visits FILE.csv`` and ``icv import issues FILE.csv``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from icv.clock import today_local
from icv.extensions import db


@click.group("import")
def import_group() -> None:
    """Load historical records from CSV files (all or nothing)."""


def run(kind: str, path: str) -> None:
    from icv.visits import importing

    load = importing.import_visits if kind == "visits" else importing.import_issues

    def progress(message: str) -> None:
        click.echo(f"icv import {kind}: {message}", err=True)

    try:
        result = load(Path(path), today_local(), progress)
    except importing.ImportFailed as failure:
        db.session.rollback()
        click.echo(
            f"icv import {kind}: {Path(path).name} was not imported ({len(failure.lines)} "
            f"problem{'s' if len(failure.lines) != 1 else ''}); nothing was stored:",
            err=True,
        )
        for line in failure.lines:
            click.echo(f"  {line}", err=True)
        sys.exit(1)
    db.session.commit()
    for name in result.suites_created:
        click.echo(f"Created the custody suite {name}.")
    click.echo(f"Imported {result.added} {kind} ({result.already} already there).")


@import_group.command("visits")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_visits(file: str) -> None:
    """Visits: date, suite, arrived, admitted, left, mode, outcome, visitors, counts, notes."""
    run("visits", file)


@import_group.command("issues")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_issues(file: str) -> None:
    """Issues: date, suite, arrived (the visit), category, serious, description, resolved."""
    run("issues", file)
