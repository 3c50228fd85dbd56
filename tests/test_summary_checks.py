"""The structured checks in the summary: exact figures of a fixture year (``check_figures``),
reports filed under an older version of the checks, and reports from before them."""

from __future__ import annotations

from datetime import date

import pytest

from icv.extensions import db
from icv.summary.checks import check_figures
from icv.summary.figures import summary_figures
from icv.summary.rules import Basis, Period
from icv.visits.check_rules import CheckDef
from icv.visits.check_services import add_check, ensure_check_set, retire_check
from icv.visits.count_rules import Counts
from icv.visits.values import count_columns
from tests.factories import make_suite
from tests.reporting import frozen, make_report

__all__ = ["frozen"]

TODAY = date(2026, 11, 24)


@pytest.fixture
def year(ctx):
    """2025: two reports under version 1 of the checks, one under version 3 (a check added,
    "reading" retired), one from before the checks; a visit without access; one of 2024."""
    leam, nun = make_suite("Leamington Spa"), make_suite("Nuneaton")
    first = ensure_check_set(None)
    make_report(
        leam, visit_date=date(2025, 3, 10), check_set_id=first.id, rating="satisfactory",
        good_practice="Kind staff", good_practice_seen=True,
        counts=count_columns(Counts(4, spoken=3, observed=1, male=3, female=1, sex_not_known=0,
                                    mental_health_powers=1)),
        checks={"told_rights": 3, "cctv_working": "yes", "reading": 1},
    )  # fmt: skip
    make_report(
        nun, visit_date=date(2025, 6, 10), check_set_id=first.id, rating="concerns",
        good_practice_seen=False,
        counts=count_columns(Counts(2, spoken=1, declined=1)),
        checks={"told_rights": 1, "cctv_working": "no"},
    )  # fmt: skip
    add_check(None, CheckDef("held_overnight", "welfare", "count", "Held overnight"))
    third = retire_check(None, "reading")
    make_report(
        leam, visit_date=date(2025, 9, 10), check_set_id=third.id, rating="unsatisfactory",
        counts=count_columns(Counts(3, spoken=2, observed=1)),
        checks={"told_rights": 2, "held_overnight": 2},
    )  # fmt: skip
    before_checks = {"in_custody": 2, "offered": 2, "spoken": 2, "observed": 0, "declined": 0}
    make_report(leam, visit_date=date(2025, 10, 10), counts=before_checks | {"not_offered": 0})
    make_report(
        leam, visit_date=date(2025, 11, 1), outcome="no_access", admitted_at=None,
        check_set_id=first.id, rating="concerns", counts={},
    )  # fmt: skip
    make_report(leam, visit_date=date(2024, 12, 1), check_set_id=first.id, rating="concerns")
    db.session.commit()
    return {"nuneaton": nun.id}


def test_each_check_counts_the_reports_asked_it_and_old_ones_are_not_recorded(year):
    f = check_figures(db.session, date(2025, 1, 1), date(2025, 12, 31))
    assert (f["reports"], f["recorded"], f["not_recorded"]) == (4, 3, 1)
    rights, welfare = f["themes"]["rights"], f["themes"]["welfare"]
    assert rights["told_rights"] == {
        "label": "Told of their rights", "kind": "count",
        "asked": 3, "answered": 3, "not_checked": 0, "total": 6,
    }  # fmt: skip
    # Asked by version 1 only: "reading" was retired before the September visit.
    assert welfare["reading"] == {
        "label": "Offered something to read", "kind": "count",
        "asked": 2, "answered": 1, "not_checked": 1, "total": 1,
    }  # fmt: skip
    # Added in version 2: asked of the September visit alone.
    assert welfare["held_overnight"] == {
        "label": "Held overnight", "kind": "count",
        "asked": 1, "answered": 1, "not_checked": 0, "total": 2,
    }  # fmt: skip
    assert f["themes"]["conditions"]["cctv_working"] == {
        "label": "CCTV working", "kind": "yes_no",
        "asked": 3, "answered": 2, "not_checked": 1, "yes": 1, "no": 1,
    }  # fmt: skip
    assert f["themes"]["dignity"]["same_sex_staff"] == {
        "label": "Staff of the same sex available", "kind": "yes_no",
        "asked": 3, "answered": 0, "not_checked": 3, "yes": 0, "no": 0,
    }  # fmt: skip
    assert f["ratings"] == {
        "satisfactory": 1, "concerns": 1, "unsatisfactory": 1, "not_recorded": 1,
    }  # fmt: skip
    # The report from before the checks is not recorded, never a no.
    assert f["good_practice"] == {"yes": 1, "no": 1, "not_recorded": 2}
    assert f["detainees"] == {
        "male": 3, "female": 1, "sex_not_known": 0, "sex_not_recorded": 3,
        "mental_health_powers": 1, "mental_health_not_recorded": 1,
    }  # fmt: skip


def test_the_figures_of_some_suites_only(year):
    f = check_figures(
        db.session, date(2025, 1, 1), date(2025, 12, 31), suite_ids=[year["nuneaton"]]
    )
    assert (f["reports"], f["recorded"]) == (1, 1)
    assert f["themes"]["rights"]["told_rights"]["total"] == 1
    assert f["themes"]["conditions"]["cctv_working"]["no"] == 1
    assert f["ratings"]["concerns"] == 1


def test_offered_is_spoken_and_declined_with_observed_apart(year):
    f = summary_figures(Period(2025, Basis.CALENDAR), TODAY)
    detainees = {
        k: f["detainees"][k]
        for k in (
            "in_custody",
            "offered",
            "spoken",
            "observed",
            "declined",
            "not_offered",
            "unaccounted",
        )
    }
    assert detainees == {
        "in_custody": 11, "offered": 9, "spoken": 8, "observed": 2, "declined": 1,
        "not_offered": 0, "unaccounted": 0,
    }  # fmt: skip
    assert f["checks"]["ratings"]["not_recorded"] == 1


def test_the_page_and_the_csv_show_each_theme(year, login):
    client = login("commissioner")
    page = client.get("/summary/2025").text
    assert 'id="checks">What visitors checked</h2>' in page
    rights = page.split(">Rights and entitlements</caption>", 1)[1].split("</table>", 1)[0]
    assert "Told of their rights (people)" in rights
    csv = client.get("/summary/2025/summary.csv").text
    assert "Told of their rights (people),6" in csv
    assert "CCTV working: not checked (reports),1" in csv
    assert '"Not recorded (filed before the checks, or imported without)",1' in csv
