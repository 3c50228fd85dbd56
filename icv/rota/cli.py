"""``icv rota solve INSTANCE.json``: the rota of a problem (docs/rota-problem.md), as JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

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
