"""The summary knows when records begin: no comparison with a period without records, a period
still running named so, nothing before the first record offered or linked, and no equality
table with nothing in it.

The hand-made history's first visit is on 11 November 2024, so records begin in November 2024
(records are counted by the month); the clock is frozen on 24 November 2026."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.summary.models import AnnualSummary
from icv.summary.rules import Basis, Period, Records, SummaryInputError, parse_period
from icv.summary.services import summary_for
from tests.reporting import frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import history_fixture  # noqa: F401  (fixture)

TODAY = date(2026, 11, 24)
BEGIN = date(2024, 11, 11)
HISTORY = Records(BEGIN)


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- the rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("begin", "period", "today", "title"),
    [
        (BEGIN, Period(2026), date(2026, 12, 4), "2026 so far, to 4 December"),
        (BEGIN, Period(2026), date(2026, 12, 31), "2026 so far, to 31 December"),  # last day
        (BEGIN, Period(2026), date(2027, 1, 1), "2026"),  # ended
        (BEGIN, Period(2026, Basis.FINANCIAL), TODAY, "2026/27 so far, to 24 November 2026"),
        (BEGIN, Period(2026, Basis.CALENDAR, 4), TODAY, "Q4 2026 so far, to 24 November"),
        (BEGIN, Period(2024), TODAY, "2024 (records from November)"),
        (BEGIN, Period(2024, Basis.FINANCIAL), TODAY, "2024/25 (records from November 2024)"),
        (date(2025, 1, 1), Period(2025), TODAY, "2025"),  # from its first day: all of it
        (date(2026, 3, 3), Period(2026), TODAY, "2026 so far, from March to 24 November"),
        (None, Period(2026), TODAY, "2026 so far, to 24 November"),
    ],
)
def test_a_period_is_named_for_what_its_figures_cover(begin, period, today, title):
    assert Records(begin).title(period, today) == title


def test_records_begin_with_the_month_of_the_first_visit():
    assert HISTORY.begin == date(2024, 11, 1)
    assert Records(date(2025, 1, 3)).title(Period(2025), TODAY) == "2025"  # not "from 3 January"
    assert Records(None).begin is None


def test_records_cover_a_period_from_the_day_they_begin():
    assert HISTORY.cover(Period(2024, Basis.CALENDAR, 4), TODAY)  # 1 October to 31 December
    assert Records(date(2024, 12, 31)).cover(Period(2024, Basis.CALENDAR, 4), TODAY)
    assert not Records(date(2025, 1, 1)).cover(Period(2024, Basis.CALENDAR, 4), TODAY)
    assert not Records(None).cover(Period(2026), TODAY)
    # A visit planned for next month is not yet a record of this one.
    assert not Records(date(2026, 12, 1)).cover(Period(2026), TODAY)
    assert HISTORY.ended_before(Period(2024, Basis.CALENDAR, 3), TODAY)  # to 30 September
    assert not HISTORY.ended_before(Period(2024, Basis.CALENDAR, 4), TODAY)
    # The period now running is offered even before a first visit planned in it.
    assert not Records(date(2026, 12, 1)).ended_before(Period(2026), TODAY)


@pytest.mark.parametrize(
    ("begin", "basis", "first"),
    [
        (BEGIN, Basis.CALENDAR, 2024),
        (BEGIN, Basis.FINANCIAL, 2024),
        (date(2025, 3, 31), Basis.FINANCIAL, 2024),  # 2024/25 ends that day
        (date(2025, 4, 1), Basis.FINANCIAL, 2025),
        (date(1975, 6, 1), Basis.CALENDAR, 1980),  # no earlier than FIRST_YEAR
        (None, Basis.CALENDAR, 2026),  # no records yet: the year running
        (date(2027, 1, 4), Basis.CALENDAR, 2026),  # only a rota for next year
    ],
)
def test_the_first_year_offered_is_the_one_records_begin_in(begin, basis, first):
    assert Records(begin).first_year(basis, TODAY) == first


@pytest.mark.parametrize(
    ("year", "basis", "quarter", "records", "field", "message"),
    [
        (
            "2023",
            "calendar",
            "",
            HISTORY,
            "year",
            "The year must be between 2024 and 2026: records begin in November 2024",
        ),
        (
            "1979",
            "calendar",
            "",
            HISTORY,
            "year",
            "The year must be between 2024 and 2026: records begin in November 2024",
        ),
        (
            "2024",
            "calendar",
            "3",
            HISTORY,
            "quarter",
            "Q3 2024 ended before records begin in November 2024",
        ),
        (
            "2025",
            "calendar",
            "",
            Records(None),
            "year",
            "The year must be 2026: there are no records yet",
        ),
        (
            "2025",
            "calendar",
            "",
            Records(date(2026, 3, 3)),
            "basis",
            "Choose April to March for 2025: 2025 ended before records begin in March 2026",
        ),
    ],
)
def test_a_period_before_records_begin_is_refused(year, basis, quarter, records, field, message):
    with pytest.raises(SummaryInputError) as refused:
        parse_period(year, basis, quarter, TODAY, records)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_the_first_periods_with_records_are_accepted():
    assert parse_period("2024", "calendar", "4", TODAY, HISTORY) == Period(2024, quarter=4)
    assert parse_period("2024", "financial", "3", TODAY, HISTORY) == (
        Period(2024, Basis.FINANCIAL, 3)
    )
    assert parse_period("2026", "", "", TODAY, Records(None)) == Period(2026)


# -- the figures --------------------------------------------------------------------------


def test_the_period_before_records_begin_keeps_its_keys_with_no_figures(ctx, history):
    figures = summary_for(Period(2024), TODAY).figures
    assert figures["previous"] == {
        "period": {
            "label": "2023",
            "start": "2023-01-01",
            "end": "2023-12-31",
            "basis": "calendar",
            "year": 2023,
            "quarter": None,
            "months": "January to December 2023",
            "complete": True,
            "title": "2023",
            "records_begin": "2024-11-01",
            "has_records": False,
        },
        "visits": {"attempted": None, "completed": None, "no_access": None, "abandoned": None},
        "time": {"visit_hours": None, "visitor_hours": None},
        "access": {"visits_delayed": None},
        "detainees": {"in_custody": None, "spoken": None},
        "issues": {"raised": None, "serious": None},
        "volunteers": {"active_at_end": None},
    }
    # The year itself is counted as ever, named for the part with records.
    assert figures["visits"]["completed"] == 1
    assert figures["period"]["title"] == "2024 (records from November)"
    assert figures["headline"] == "1 visit to custody in 2024, with 1 serious issue identified"


def test_a_year_still_running_is_named_so_in_its_headline(ctx, history):
    figures = summary_for(Period(2026), TODAY).figures
    assert figures["headline"] == (
        "1 visit to custody in 2026 so far, to 24 November, with no serious issues identified"
    )


# -- the pages ----------------------------------------------------------------------------


def test_no_up_from_nothing_against_a_year_without_records(login, history):
    page = login("commissioner").get("/summary/2024")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Custody visiting in 2024 (records from November)" in text
    assert " from 0 in " not in text
    assert " in 2023" not in text
    assert "No comparison with 2023: records begin in November 2024." in text
    # Tables compare with nothing either: no column for 2023.
    visits = page.text.split(">Visits</caption>", 1)[1].split("</thead>", 1)[0]
    assert "2023" not in visits


def test_a_comparison_with_a_year_records_began_in_says_so(login, history):
    text = visible_text(login("commissioner").get("/summary/2025").text)
    assert "5 visits completed up 4 from 1 in 2024 (records from November)" in text
    assert "No comparison" not in text


def test_a_year_in_progress_is_labelled_so_far(login, history):
    page = login("commissioner").get("/summary/2026").text
    assert "<title>Custody visiting in 2026 so far, to 24 November" in page
    assert (
        '<h1 class="govuk-heading-l">Custody visiting in 2026 so far, to 24 November</h1>' in page
    )


def summary_links(html: str) -> set[str]:
    found = re.findall(r'href="(/summary/[^"]*)"', html)
    return {link.replace("&amp;", "&") for link in found}


@pytest.mark.parametrize(
    "url", ["/summary/2024", "/summary/2024?basis=financial", "/summary/2025", "/summary/2026"]
)
def test_no_link_leads_to_a_period_before_records_begin(login, history, url):
    client = login("commissioner")
    links = summary_links(client.get(url).text)
    pages = {link for link in links if re.fullmatch(r"/summary/\d{4}(\?.*)?", link)}
    assert pages
    assert all(client.get(link).status_code == 200 for link in pages), pages
    assert not [link for link in links if re.match(r"/summary/(19\d\d|202[0-3])", link)]


def test_the_first_year_links_on_and_only_its_quarters_with_records(login, history):
    page = login("commissioner").get("/summary/2024").text
    tabs = re.findall(r'class="moj-sub-navigation__link"[^>]*>([^<]+)<', page)
    assert tabs == ["Whole year", "Quarter 4"]
    years = re.findall(r'<li><a class="govuk-link" href="/summary/[^"]+">([^<]+)</a></li>', page)
    assert years == ["2025", "2024/25 (April to March)"]


def year_options(page: str) -> list[tuple[str, str]]:
    """The summary's year chooser: (value, words) of each option, in order."""
    chooser = page.split('name="year"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d+)"[^>]*>([^<]+)<', chooser)


def test_the_year_chooser_offers_only_years_with_records(login, history):
    page = login("commissioner").get("/summary/2025").text
    assert year_options(page) == [
        ("2026", "2026"),
        ("2025", "2025"),
        ("2024", "2024"),
    ]
    assert "Records begin in November 2024." in page


def test_a_year_typed_before_records_begin_gets_a_clear_page(login, history):
    client = login("commissioner")
    for url in ("/summary/1979", "/summary/2023", "/summary/2023/sign-off"):
        page = client.get(url)
        assert page.status_code in (400, 404), url
    page = client.get("/summary/1979")
    assert page.status_code == 400
    assert '<h1 class="govuk-heading-l">Choose a period</h1>' in page.text
    assert "The year must be between 2024 and 2026: records begin in November 2024" in page.text


def test_without_any_record_the_year_running_is_shown(login, personas):
    client = login("commissioner")
    assert client.get("/summary").headers["Location"] == "/summary/2026"
    text = visible_text(client.get("/summary/2026").text)
    assert "0 visits to custody in 2026 so far, to 24 November" in text
    assert "No comparison with 2025: there are no records yet." in text
    assert client.get("/summary/2025").status_code == 400


def test_an_empty_equality_table_is_not_shown_nor_downloaded(login, history):
    client = login("commissioner")
    page = client.get("/summary/2025").text
    assert "answered the optional equality questions" in visible_text(page)
    assert "<caption" not in page.split('id="equality"', 1)[1].split("</section>", 1)[0]
    rows = list(csv.reader(io.StringIO(client.get("/summary/2025/summary.csv").text)))
    assert not [row for row in rows if row[0].startswith(("Applicants in", "Volunteers at"))]


def test_an_equality_table_with_answers_is_shown(login, history, app):
    from icv.applications.models import DiversityResponse
    from tests.factories import make_application

    with app.app_context():
        application = make_application(applied_on=date(2025, 6, 1))
        db.session.add(
            DiversityResponse(
                application_id=application.id, submitted_on=date(2025, 6, 1), sex="Female"
            )
        )
        db.session.commit()
    client = login("commissioner")
    section = client.get("/summary/2025").text.split('id="equality"', 1)[1].split("</section>")[0]
    # Everyone who answered appears under each question ("Not answered" if they skipped it).
    assert len(re.findall("<caption", section)) == 5
    rows = list(csv.reader(io.StringIO(client.get("/summary/2025/summary.csv").text)))
    # One person answered: the table would say what they answered, so no count is shown.
    assert ["Applicants in the period: your sex", "Female", "not shown", "", ""] in rows


def test_the_quarterly_return_leaves_out_quarters_before_records(login, history):
    text = login("coordinator").get("/summary/2024/quarterly-return.csv?basis=financial").text
    quarters = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    # 2024/25: April to September 2024 ended before November; October on has records.
    assert quarters == ["Q3 2024/25", "Q4 2024/25"]


# -- a year signed off comparing with a year without records --------------------------------


def test_a_published_comparison_with_no_records_is_not_shown_nor_a_correction(
    login, history, app, ctx
):
    login("commissioner").post("/summary/2024/sign-off")
    published = db.session.scalars(select(AnnualSummary)).one()
    # As signed off before the summary knew when records begin: 2023 counted as zeros.
    figures = dict(published.published)
    figures["previous"] = {
        **figures["previous"],
        "period": {k: v for k, v in figures["previous"]["period"].items() if k in ("label",)},
        "visits": {"attempted": 0, "completed": 0, "no_access": 0, "abandoned": 0},
    }
    figures["period"] = {k: v for k, v in figures["period"].items() if k != "title"}
    published.published = figures
    db.session.commit()
    summary = summary_for(Period(2024), TODAY)
    assert summary.corrections == []
    assert summary.figures["previous"]["visits"]["completed"] is None
    assert summary.figures["previous"]["period"]["has_records"] is False
    text = visible_text(login("commissioner").get("/summary/2024").text)
    assert " from 0 in 2023" not in text
    assert "No comparison with 2023: records begin in November 2024." in text


def test_a_year_only_one_basis_has_says_so_in_the_chooser():
    # Records from February 2025: 2024/25 has some, calendar 2024 none.
    records = Records(date(2025, 2, 14))
    assert [records.year_label(year, TODAY) for year in (2024, 2025, 2026)] == [
        "2024 (2024/25, April to March only)",
        "2025",
        "2026",
    ]
    # In February 2026, 2026/27 has not started: 2026 is January to December only.
    assert records.year_label(2026, date(2026, 2, 1)) == "2026 (January to December only)"


def test_the_downloads_and_the_cli_name_a_year_in_progress_so(login, history, app):
    rows = list(csv.reader(io.StringIO(login("coordinator").get("/summary/2026/summary.csv").text)))
    assert ["About", "Figures of", "2026 so far, to 24 November", "", ""] in rows
    text = app.test_cli_runner().invoke(args=["summary", "--year", "2026"]).stdout
    assert text.splitlines()[0] == "2026 so far, to 24 November (January to December 2026)"
    # The period before 2024 has no records: no previous value in the CSV's column.
    before = list(
        csv.reader(io.StringIO(login("coordinator").get("/summary/2024/summary.csv").text))
    )
    assert ["Visits", "Visits completed", "1", "", ""] in before
