"""The office's lists filtered by typed dates (reports to review, the audit log): a date that
cannot be read names its field and the format, and no list claims that nothing matched."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

from datetime import date

import pytest

from icv.extensions import db
from icv.suites.models import Suite
from icv.text import DateInvalid, day_typed
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    field_error,
    frozen,
    ids,
    make_report,
)

FORMAT = "Enter the from date as year-month-day, like 2026-11-01"
REAL = "The from date must be a real date, like 2026-11-01"


@pytest.mark.parametrize(
    ("typed", "day"),
    [("", None), ("2026-11-01", date(2026, 11, 1)), ("2024-02-29", date(2024, 2, 29))],
)
def test_it_reads_a_year_month_day(typed, day):
    assert day_typed(typed, "from date") == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("01/11/2026", FORMAT),
        ("2026-1-5", FORMAT),
        ("20261101", FORMAT),
        ("2026-11-01x", FORMAT),
        ("٢٠٢٦-١١-٠١", FORMAT),  # Arabic-Indic digits: not what the format shows
        ("2026-13-45", REAL),
        ("2027-02-29", REAL),
        ("0000-01-01", REAL),
    ],
)
def test_it_says_what_is_wrong_with_a_date_it_cannot_read(typed, message):
    with pytest.raises(DateInvalid) as problem:
        day_typed(typed, "from date")
    assert problem.value.message == message


def reports(ids):
    suite = db.session.get(Suite, ids["suite"])
    november = make_report(suite, visit_date=date(2026, 11, 2), issues=[])
    october = make_report(suite, visit_date=date(2026, 10, 1), issues=[])
    db.session.commit()
    return november, october


@pytest.mark.parametrize(("typed", "message"), [("01/11/2026", FORMAT), ("2026-13-45", REAL)])
def test_it_refuses_a_review_filter_date_it_cannot_read_and_lists_nothing(
    login, frozen, ids, ctx, typed, message
):
    november, october = reports(ids)
    response = login("coordinator").get(f"/reports/review?start={typed}&filtered=1")
    assert response.status_code == 400
    page = response.text
    assert field_error(page, "start") == message
    assert f'<a href="#start">{message}</a>' in page  # the error summary points at the field
    assert f'value="{typed}"' in page  # kept as typed
    assert "No reports match" not in page
    assert " reports" not in page.split("Filter</button>")[1]  # no count, no table
    assert all(f'/reports/{report.id}"' not in page for report in (november, october))


def test_it_names_the_to_date_of_the_review_filter(login, frozen, ids, ctx):
    reports(ids)
    page = login("coordinator").get("/reports/review?end=2026-02-30&filtered=1").text
    assert field_error(page, "end") == "The to date must be a real date, like 2026-11-01"
    assert field_error(page, "start") is None


@pytest.mark.parametrize(("start", "shown"), [("2026-11-01", 1), ("2026-10-01", 2), ("", 2)])
def test_it_filters_the_review_list_by_a_date_it_can_read(login, frozen, ids, ctx, start, shown):
    november, october = reports(ids)
    response = login("coordinator").get(f"/reports/review?start={start}&filtered=1")
    assert response.status_code == 200
    assert field_error(response.text, "start") is None
    assert f"{shown} report{'s' if shown != 1 else ''}</caption>" in response.text
    assert f'/reports/{november.id}"' in response.text
    assert (f'/reports/{october.id}"' in response.text) is (shown == 2)


@pytest.mark.parametrize(("typed", "message"), [("01/11/2026", FORMAT), ("2026-13-45", REAL)])
def test_it_refuses_an_audit_filter_date_it_cannot_read_and_lists_nothing(
    app, login, personas, typed, message
):
    client = login("admin")
    response = client.get(f"/admin/audit?start={typed}")
    assert response.status_code == 400
    page = response.text
    assert field_error(page, "start") == message
    assert f'<a href="#start">{message}</a>' in page
    assert f'value="{typed}"' in page
    assert "No events match" not in page
    assert "0 events" not in page
    assert "<table" not in page


def test_it_filters_the_audit_log_by_a_date_it_can_read(app, login, personas):
    client = login("admin")
    client.post(f"/admin/accounts/{personas['volunteer']}/deactivate")
    page = client.get("/admin/audit?action=account.deactivated").text
    assert "1 event</caption>" in page
    response = client.get("/admin/audit?action=account.deactivated&start=2000-01-01")
    assert response.status_code == 200
    assert "1 event</caption>" in response.text
    assert field_error(response.text, "start") is None
