"""``icv rota solve INSTANCE.json``: the rota of a problem (docs/rota-problem.md), as JSON;
``icv rota plan FIRST LAST``: a draft rota made from the database at once."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from icv.rota.engine.problem import ProblemError, parse_problem
from icv.rota.engine.solver import solve


class RotaInputError(click.ClickException):
    """Bad input: one line on stderr, ``icv: rota instance: ...``, and exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"icv: rota instance: {self.format_message()}", err=True)


@click.group()
def rota() -> None:
    """Unannounced visit rotas."""


@rota.command("solve")
@click.argument("instance", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", type=click.IntRange(min=0), help="Use this seed instead of the file's.")
def solve_command(instance: Path, seed: int | None) -> None:
    """Print the rota for INSTANCE (a rota problem in JSON) on stdout."""
    problem = load_problem(instance)
    if seed is not None:
        problem = dataclasses.replace(problem, seed=seed)
    click.echo(json.dumps(solve(problem).to_json(), indent=2, sort_keys=True))


@rota.command("plan")
@click.argument("first_day", type=click.DateTime(["%Y-%m-%d"]))
@click.argument("last_day", type=click.DateTime(["%Y-%m-%d"]))
@with_appcontext
def plan_command(first_day: datetime, last_day: datetime) -> None:
    """Make the draft rota of FIRST_DAY to LAST_DAY (YYYY-MM-DD, a Monday and a Sunday) at
    once, here, rather than in the scheduler as "Plan a new period" does."""
    # Imported here: only this command needs the database side of the rota.
    from icv.clock import today_local
    from icv.extensions import db
    from icv.rota import services

    try:
        period = services.create_draft(None, first_day.date(), last_day.date(), today_local())
    except services.RotaError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Draft rota {period.id} for {period.label}: {len(period.visits)} visits")


def load_problem(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise RotaInputError(f"cannot read {path}: {reason}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise RotaInputError(f"{path} is not valid JSON: {error}") from None
    try:
        return parse_problem(raw)
    except ProblemError as error:
        raise RotaInputError(str(error)) from None
