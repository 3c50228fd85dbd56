"""Times of day as a volunteer types them on a phone: the 24-hour clock, or am and pm."""

# ruff: noqa: F811 (the fixtures imported from tests.reporting are the tests' arguments)

from __future__ import annotations

import re
from datetime import time

import pytest
from sqlalchemy import select

from icv.extensions import db
from icv.visits.models import ReportDraft, VisitReport
from icv.visits.times import time_typed
from tests.reporting import (  # noqa: F401  (frozen and ids are fixtures)
    answers,
    field_error,
    fill_report,
    frozen,
    ids,
    post_section,
    sent_report,
    start_report,
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("19:05", time(19, 5)),
        ("19.05", time(19, 5)),
        ("1905", time(19, 5)),
        ("905", time(9, 5)),
        ("0905", time(9, 5)),
        ("9:05", time(9, 5)),
        ("19:05 ", time(19, 5)),
        ("  19 : 05  ", time(19, 5)),
        ("00:00", time(0, 0)),
        ("0000", time(0, 0)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("12:00", time(12, 0)),
        ("7:05pm", time(19, 5)),
        ("7.05pm", time(19, 5)),
        ("7:05 PM", time(19, 5)),
        ("7.05 p.m.", time(19, 5)),
        ("705pm", time(19, 5)),
        ("7pm", time(19, 0)),
        ("7 pm", time(19, 0)),
        ("7am", time(7, 0)),
        ("07:05am", time(7, 5)),
        ("11:59pm", time(23, 59)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:30am", time(0, 30)),
        ("12:30pm", time(12, 30)),
        ("12:30 a.m.", time(0, 30)),
        ("1am", time(1, 0)),
    ],
)
def test_it_reads_the_24_hour_clock_and_am_or_pm(typed, read):
    assert time_typed(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "24:00",
        "2400",
        "23:60",
        "19:5",
        "19:005",
        "19",
        "7",
        "19:05:00",
        "19h05",
        ":05",
        "19:",
        "-1:00",
        "13pm",
        "0am",
        "0:30am",
        "19:05pm",
        "12:60pm",
        "7p",
        "7 o'clock",
        "noon",
        "19:05\x00",
        "\uff11\uff19:\uff10\uff15",  # full-width digits
        "\u0661\u0669:\u0660\u0665",  # Arabic-Indic digits
    ],
)
def test_it_refuses_anything_else(typed):
    assert time_typed(typed) is None


def test_times_typed_on_a_12_hour_clock_are_kept_on_the_24_hour_clock(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    sections = answers(ids["suite"], ids["sam"], ids["val"])
    sections["times"] |= {"arrived_at": "11:30pm", "admitted_at": "11.50 p.m.", "left_at": "1250am"}
    fill_report(client, key, sections)
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    report = db.session.scalars(select(VisitReport)).one()
    assert (report.arrived_at, report.admitted_at, report.left_at) == (
        time(23, 30),
        time(23, 50),
        time(0, 50),
    )
    assert report.delay_minutes == 20


def test_a_time_that_cannot_be_read_is_refused_next_to_its_box_as_typed(login, ids, ctx):
    client = login("volunteer")
    key = start_report(client)
    fill_report(client, key, {"visit": answers(ids["suite"], None, ids["val"])["visit"]})
    typed = {"arrived_at": "7", "admitted_at": "19:5", "left_at": "24:00", "delay_reason": ""}
    page = post_section(client, key, "times", typed).text
    assert field_error(page, "arrived_at") == "Enter the time you arrived as, for example, 19:05"
    assert field_error(page, "admitted_at") == (
        "Enter the time you were let in as, for example, 19:05"
    )
    assert field_error(page, "left_at") == "Enter the time you left as, for example, 19:05"
    for name in ("arrived_at", "admitted_at", "left_at"):
        assert f'name="{name}" type="text" spellcheck="false" value="{typed[name]}"' in page
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data["times"]["left_at"] == ["24:00"]


def test_the_time_boxes_are_text_with_a_number_keypad_and_an_example(login, ids):
    client = login("volunteer")
    key = start_report(client)
    page = client.get(f"/reports/draft/{key}/times").text
    boxes = re.findall(r"<input[^>]*name=\"(?:arrived|admitted|left)_at\"[^>]*>", page)
    assert len(boxes) == 3
    assert all('type="text"' in box and 'inputmode="numeric"' in box for box in boxes)
    assert 'type="time"' not in page
    assert page.count("For example, 19:05") == 1
    assert "For example, 19:20. Leave empty if you were not let in." in page


def test_a_draft_that_kept_times_from_the_time_picker_still_reads_them(login, ids, ctx):
    # The browser's time picker sent "23:30"; drafts saved then are read as before.
    client, key = sent_report(login, ids)
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data["times"]["arrived_at"] == ["23:30"]
    assert "Completed" in client.get(f"/reports/draft/{key}").text
    assert "23:30" in client.get(f"/reports/draft/{key}/check").text


def test_a_time_the_clocks_skipped_is_refused_next_to_its_field(login, ids):
    # The clocks went forward from 01:00 to 02:00 on Sunday 29 March 2026: no 01:30 that night.
    client = login("volunteer")
    key = start_report(client)
    day = {"visit_date": ["29", "3", "2026"]}
    spring = answers(ids["suite"], ids["sam"], ids["val"], visit=day)
    fill_report(client, key, {"visit": spring["visit"]})
    times = {**spring["times"], "arrived_at": "01:30", "admitted_at": "02:35", "left_at": "03:30"}
    refused = post_section(client, key, "times", times)
    assert refused.status_code == 200
    assert field_error(refused.text, "arrived_at") == (
        "There was no 01:30 on 29 March 2026: the clocks went forward an hour at 01:00. Enter "
        "the time the clocks showed, such as 02:30"
    )
    assert 'href="#arrived_at"' in refused.text  # from the error summary
    # The typed times are kept, and the time the clocks showed is taken.
    assert 'value="01:30"' in refused.text
    times["arrived_at"] = "02:30"
    assert post_section(client, key, "times", times).status_code == 302


def test_the_wait_across_the_spring_clock_change_is_the_time_that_passed(login, ids, app):
    # Arrived 00:50, let in at 02:05 once the clocks had gone forward: a 15-minute wait, which
    # needs no reason (the threshold), where the clocks would say 75 minutes.
    spring = {
        "visit": {"visit_date": ["29", "3", "2026"]},
        "times": {"arrived_at": "00:50", "admitted_at": "02:05", "left_at": "03:00"}
        | {"delay_reason": "", "delay_authorised_by": ""},
    }
    client, key = sent_report(login, ids, **spring)
    assert client.post(f"/reports/draft/{key}/check").status_code == 302
    with app.app_context():
        report = db.session.scalars(select(VisitReport)).one()
        assert (report.delay_minutes, report.minutes) == (15, 70)


@pytest.mark.parametrize(
    ("typed", "problems"),
    [
        ({"arrived_at": "10:00", "admitted_at": "10:10", "left_at": "11:30"}, {}),
        (
            {"arrived_at": "11:00", "admitted_at": "11:10", "left_at": "12:30"},
            {"left_at": "The time you left must be in the past"},
        ),
        (
            {"arrived_at": "13:00", "admitted_at": "", "left_at": "14:00"},
            {
                "arrived_at": "The time you arrived must be in the past",
                "admitted_at": "Enter the time you were let into the custody area",
            },
        ),
    ],
)
def test_times_still_to_come_today_are_refused_and_kept(login, ids, ctx, typed, problems):
    """The clock says noon on Tuesday 24 November: a visit that day may not have ended later."""
    client = login("volunteer")
    key = start_report(client)
    visit = answers(ids["suite"], ids["sam"], ids["val"])["visit"]
    fill_report(client, key, {"visit": {**visit, "visit_date": ["24", "11", "2026"]}})
    response = post_section(client, key, "times", {**typed, "delay_reason": ""})
    if not problems:
        assert response.status_code == 302
        return
    assert response.status_code == 200  # the section again, its problems next to the fields
    for name, message in problems.items():
        assert field_error(response.text, name) == message
    for name, value in typed.items():
        assert f'name="{name}" type="text" spellcheck="false" value="{value}"' in response.text
    draft = db.session.scalars(select(ReportDraft)).one()
    assert draft.data["times"]["arrived_at"] == [typed["arrived_at"]]
