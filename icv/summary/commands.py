"""``icv summary --year YYYY [--basis calendar|financial] [--quarter N]
[--format text|json|csv|icva]``; ``icva`` prints ICVA's quarterly return as CSV (the quarter,
or each quarter of the year and the year's total).

Options are read as plain text and checked by ``rules.parse_period``, so a bad year or basis
prints one line on stderr (click's own checks would print a usage block) and exits 2.
"""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from icv.clock import today_local
from icv.summary.rules import Records, SummaryInputError, parse_period

FORMATS = ("text", "json", "csv", "icva")


def fail(message: str) -> None:
    click.echo(f"icv summary: {message}", err=True)
    sys.exit(2)


@click.command("summary")
@click.option("--year", help="The year the period starts in, e.g. 2016 (2016/17 if financial).")
@click.option("--basis", default="calendar", help="calendar (Jan-Dec) or financial (Apr-Mar).")
@click.option("--quarter", help="1 to 4 for one quarter of the year.")
@click.option("--format", "output", default="text", help="text, json, csv or icva.")
@with_appcontext
def summary_command(year: str | None, basis: str, quarter: str | None, output: str) -> None:
    """The summary of a year (or quarter): the same figures as the dashboard and the API."""
    from icv.summary.api import dumps
    from icv.summary.exports import summary_csv
    from icv.summary.queries import records_begin
    from icv.summary.services import summary_for

    if output not in FORMATS:
        fail(f"the format must be text, json, csv or icva, not {output!r}")
    if year is None:
        fail("give the year with --year, like --year 2025")
    records = Records(records_begin())
    try:
        period = parse_period(year, basis, quarter, today_local(), records)
    except SummaryInputError as error:
        fail(error.message)
        return
    if output == "icva":
        from icv.summary.icva import icva_csv, return_rows

        click.echo(icva_csv(return_rows(period, today_local(), records)), nl=False)
        return
    summary = summary_for(period, today_local(), records)
    if output == "json":
        click.echo(dumps(summary.as_json()), nl=False)
    elif output == "csv":
        click.echo(summary_csv(summary), nl=False)
    else:
        click.echo(as_text(summary), nl=False)


def as_text(summary) -> str:
    """The summary's tables as plain text for a terminal or an email."""
    from icv.summary.tables import summary_tables

    f = summary.figures
    title = f["period"].get("title", f["period"]["label"])
    lines = [f"{title} ({f['period']['months']})", f["headline"]]
    if summary.is_signed_off:
        lines.append(f"Signed off on {summary.record.signed_off_at:%-d %B %Y}; as published.")
    if summary.narrative:
        lines += ["", summary.narrative]
    lines.append("")
    for table in summary_tables(summary):
        if table.key.startswith("diversity"):
            continue
        lines.append(table.title)
        width = max((len(row.label) for row in table.rows), default=0)
        for row in table.rows:
            value = "-" if row.value is None else row.value
            note = f"  (now {row.corrected})" if row.is_corrected else ""
            lines.append(f"  {row.label:<{width}}  {value:>6}{note}")
        lines.append("")
    for item in summary.corrections:
        lines.append(f"Corrected since sign-off: {item.key}: {item.published} -> {item.current}")
    return "\n".join(lines) + "\n"
