"""``icv person export EMAIL [--output FILE]`` and ``icv person erase EMAIL [--yes]``.

An address no one has prints one line on stderr and exits 2, as the other commands do for bad
input; an erasure that must wait (a serving volunteer with visits planned) exits 1.
Both are audited with no actor (the command line has no signed-in person).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from icv.clock import today_local
from icv.extensions import db


def fail(message: str, code: int = 2) -> None:
    click.echo(f"icv person: {message}", err=True)
    sys.exit(code)


def person_or_fail(email: str):
    from icv.people.services import find_person

    person = find_person(email)
    if not person.found:
        fail(f"no account, volunteer or application has the address {person.email}")
    return person


@click.group("person")
def person_command() -> None:
    """Subject access and erasure for one person, found by email address."""


@person_command.command("export")
@click.argument("email")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@with_appcontext
def export_command(email: str, output: Path | None) -> None:
    """Everything held about the person, as JSON (docs/subject-access-json.md)."""
    from icv.people.export import export_json
    from icv.people.services import record_export

    person = person_or_fail(email)
    body = export_json(person)
    record_export(None, person, "command line")
    db.session.commit()
    if output is None:
        click.echo(body, nl=False)
        return
    output.touch(mode=0o600)  # personal data: readable by its owner only
    output.write_text(body, encoding="utf-8")
    click.echo(f"icv person: wrote everything held about {person.email} to {output}", err=True)


@person_command.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask before erasing.")
@with_appcontext
def erase_command(email: str, yes: bool) -> None:
    """Anonymise the person, keeping the counts the scheme reports (cannot be undone)."""
    from icv.people.services import erase, erasure_problem

    person = person_or_fail(email)
    if problem := erasure_problem(person, today_local()):
        fail(problem, 1)
    if not yes:
        question = f"Erase the personal data of {person.email}? This cannot be undone"
        click.confirm(question, abort=True)
    counts = erase(None, person, today_local())
    db.session.commit()
    done = ", ".join(f"{name.replace('_', ' ')}: {n}" for name, n in counts.items())
    click.echo(f"icv person: erased {email.strip().lower()} ({done})")
