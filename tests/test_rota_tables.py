"""A rota's page draws its visits with rows built in Python (``icv.rota.tables``): the same HTML
as the macros that drew them a cell at a time, and no more template work for more visits."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from jinja2.runtime import Macro
from markupsafe import Markup
from sqlalchemy import select

from icv.clock import now_utc
from icv.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from icv.extensions import db
from icv.govuk_table import govuk_table
from icv.rota import coverage_figures, queries
from icv.rota.display import band_labels
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.fairness import Load
from icv.rota.models import PlannedVisit, RotaPeriod, VisitStatus
from icv.rota.services import cancel_visit
from icv.rota.tables import VisitCells, fairness_rows, tag
from icv.settings import get_settings
from tests.conftest import sign_in
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor

#: The suite view as templates/rota/period.html drew it before the rows were built in Python.
MACRO_DRAWN = (Path(__file__).parent / "templates" / "rota_suite_tables_by_macros.html").read_text()
#: The volunteer view as templates/rota/period.html drew it before.
VOLUNTEERS_BY_MACRO = (
    Path(__file__).parent / "templates" / "rota_volunteer_table_by_macros.html"
).read_text()
VOLUNTEER_TABLE = re.compile(
    r'<div class="icv-scroll" role="region" aria-label="Visits per volunteer".*?</table>\s*</div>',
    re.DOTALL,
)
#: Coverage's tables as templates/rota/coverage.html drew them before.
COVERAGE_BY_MACRO = (
    Path(__file__).parent / "templates" / "rota_coverage_tables_by_macros.html"
).read_text()
COVERAGE_TABLES = re.compile(
    r'<div class="icv-scroll" role="region".*?</table>\s*</div>', re.DOTALL
)
SUITE_TABLES = re.compile(
    r'<h2 class="govuk-heading-m">[^<]*</h2>\s*<div class="icv-scroll" role="region" '
    r'aria-label="Visits to .*?</table>\s*</div>',
    re.DOTALL,
)
#: The demo's clock (its history ends the day before).
DEMO_DAY = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)


def squashed(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def macro_drawn(app, period_id: int) -> list[str]:
    """The period's suite tables as the macros drew them, one string per suite."""
    with app.test_request_context():
        period = db.session.get(RotaPeriod, period_id)
        template = app.jinja_env.from_string(MACRO_DRAWN)
        html = template.render(
            table=queries.by_suite(period), bands=band_labels(), settings=get_settings()
        )
    return [squashed(found) for found in SUITE_TABLES.findall(html)]


def volunteers_by_macro(app, period_id: int) -> list[str]:
    with app.test_request_context():
        period = db.session.get(RotaPeriod, period_id)
        html = app.jinja_env.from_string(VOLUNTEERS_BY_MACRO).render(
            people=queries.by_volunteer(period), bands=band_labels()
        )
    return [squashed(found) for found in VOLUNTEER_TABLE.findall(html)]


def page_tables(page: str) -> list[str]:
    return [squashed(found) for found in SUITE_TABLES.findall(page)]


@pytest.fixture
def demo(app):
    with time_machine.travel(DEMO_DAY, tick=False):
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        yield
    with app.app_context():
        db.session.remove()


def every_kind_of_cell(period: RotaPeriod) -> None:
    """Give the demo's rota what its visits may show: a visit by week, one cancelled, one
    short of a visitor, a visitor on probation, outside their availability, confirmed, and a
    name that must be escaped."""
    visits = db.session.scalars(
        select(PlannedVisit).where(PlannedVisit.period_id == period.id).order_by(PlannedVisit.id)
    ).all()
    assert len(visits) >= 5
    by_week, cancelled, short, marked = visits[0], visits[1], visits[2], visits[3]
    by_week.band, by_week.visit_on = (
        WEEK_BAND,
        by_week.visit_on - timedelta(days=by_week.visit_on.weekday()),
    )
    cancel_visit(None, cancelled, "The suite asked us not to come")
    short.visitors = short.visitors[:1]
    first, second = marked.visitors[0], marked.visitors[1]
    first.volunteer.status = "probation"
    first.volunteer.user.name = "Sam <O'Brien> & Co"
    first.availability_override = "asked"
    second.confirmed_at = now_utc()
    db.session.commit()


def test_the_demo_rotas_read_as_the_macros_drew_them(app, demo):
    with time_machine.travel(DEMO_DAY, tick=False):
        with app.app_context():
            periods = db.session.scalars(select(RotaPeriod).order_by(RotaPeriod.id)).all()
            ids = [period.id for period in periods if period.visits]
            every_kind_of_cell(db.session.get(RotaPeriod, ids[-1]))
        client = app.test_client()
        sign_in(client, "coordinator@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
        for period_id in ids:
            page = client.get(f"/rota/{period_id}").text
            expected = macro_drawn(app, period_id)
            assert expected, period_id
            assert page_tables(page) == expected
            by_volunteer = client.get(f"/rota/{period_id}?view=volunteer").text
            found = [squashed(table) for table in VOLUNTEER_TABLE.findall(by_volunteer)]
            assert found == volunteers_by_macro(app, period_id)
            assert len(found) == 1
    last = page_tables(page)
    assert any("Week of " in table and ", any day and time</a>" in table for table in last)
    assert any("Cancelled" in table for table in last)
    assert any("Needs a visitor" in table for table in last)
    assert any(
        "Sam &lt;O&#39;Brien&gt; &amp; Co (probation) (outside their usual" in t for t in last
    )
    assert any('<span class="icv-confirmed">confirmed</span>' in table for table in last)


def coverage_by_macro(app, year: int) -> list[str]:
    with app.test_request_context():
        rows = coverage_figures.coverage_table(coverage_figures.coverage_counts(year))
        html = app.jinja_env.from_string(COVERAGE_BY_MACRO).render(
            table=rows, statuses=list(VisitStatus)
        )
    return [squashed(found) for found in COVERAGE_TABLES.findall(html)]


def test_the_demo_coverage_reads_as_the_macros_drew_it(app, demo):
    with time_machine.travel(DEMO_DAY, tick=False):
        with app.app_context():
            years = coverage_figures.coverage_years()
        client = app.test_client()
        sign_in(client, "coordinator@example.org", DEMO_PASSWORD, DEMO_TOTP_SECRET)
        assert years
        for year in years:
            page = client.get(f"/rota/coverage?year={year}").text
            expected = coverage_by_macro(app, year)
            assert expected, year
            assert [squashed(found) for found in COVERAGE_TABLES.findall(page)] == expected


def macro_calls(app, client, path: str, monkeypatch) -> int:
    """How many Jinja macros drawing ``path`` calls."""
    calls = []
    invoke = Macro._invoke

    def counted(self, arguments, autoescape):
        calls.append(self.name)
        return invoke(self, arguments, autoescape)

    monkeypatch.setattr(Macro, "_invoke", counted)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(Macro, "_invoke", invoke)
    return len(calls)


def test_more_visits_call_no_more_macros(app, login, monkeypatch):
    """A macro per visit (its tag, its time, its table cells) made a metropolitan rota take half
    a second: the page's template work no longer grows with its visits."""
    monday = date(2027, 1, 4)
    with app.app_context():
        suite = make_suite()
        suite.visits_per_week = 1  # both rotas fill it: no gaps table on either
        pair = [make_visitor(f"{n}@example.org", [suite]) for n in ("ann", "ben")]
        small, large = make_period(monday, weeks=1), make_period(monday, weeks=9)
        make_planned_visit(small, suite, monday, pair)
        for day in range(60):
            make_planned_visit(large, suite, monday + timedelta(days=day), pair)
        db.session.commit()
        small_id, large_id = small.id, large.id
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        client = login("coordinator")
        client.get(f"/rota/{small_id}")  # each rota's quality figures worked out and kept
        client.get(f"/rota/{large_id}")
        assert macro_calls(app, client, f"/rota/{small_id}", monkeypatch) == macro_calls(
            app, client, f"/rota/{large_id}", monkeypatch
        )


def test_a_tag_escapes_its_text_once():
    assert tag("<b>", "govuk-tag--blue") == Markup(
        '<strong class="govuk-tag govuk-tag--blue">\n  &lt;b&gt;\n</strong>\n'
    )


def test_a_visit_short_of_a_visitor_escapes_its_names_once(app):
    """The "Needs a visitor" tag before a name must not escape the name a second time (nor
    the "confirmed" mark, which is markup)."""
    volunteer = SimpleNamespace(user=SimpleNamespace(name="Siân O'Brien <b>"), status="active")
    place = SimpleNamespace(
        volunteer=volunteer, availability_override=False, confirmed_at=now_utc()
    )
    visit = SimpleNamespace(status=VisitStatus.PLANNED, visitors=[place])
    with app.test_request_context():
        cells = VisitCells({}, needed=2)
        short = cells.visitors(visit)
        cells.needed = 1
        full = cells.visitors(visit)
    name = 'Siân O&#39;Brien &lt;b&gt; <span class="icv-confirmed">confirmed</span>'
    assert full == Markup(name)
    assert short == Markup(
        '<strong class="govuk-tag govuk-tag--orange">\n  Needs a visitor\n</strong>\n ' + name
    )


#: The fairness tab's table of visits per volunteer as templates/rota/_fairness.html drew it
#: with the macros, a cell at a time.
FAIRNESS_BY_MACRO = (
    Path(__file__).parent / "templates" / "rota_fairness_table_by_macros.html"
).read_text()


def test_the_fairness_loads_read_as_the_macros_drew_them(app):
    loads = [Load("Siân <b>", 0, 0), Load("Ann", 3, 1), Load("Bo", 2, 2)]
    with app.test_request_context():
        drawn = app.jinja_env.from_string(FAIRNESS_BY_MACRO).render(loads=loads, minimum=3)
        built = govuk_table(
            {
                "caption": "Visits",
                "firstCellIsHeader": True,
                "head": [{"text": "Volunteer"}],
                "rows": fairness_rows(loads, 3),
            }
        )
    assert squashed(str(built)) == squashed(drawn)
    assert str(built).count("Below minimum") == 2  # Siân with 0 and Bo with 2, of 3
    assert "Siân &lt;b&gt;" in built
