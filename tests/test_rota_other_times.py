"""Before a swap becomes a drop, the volunteer is offered other times for the same visit that
every rule allows for the pair; choosing one moves it, and the partner is told."""

from __future__ import annotations

import re
from datetime import date

from icv.extensions import db
from icv.rota.models import PlannedVisit
from tests.mail import outbox
from tests.test_rota_my_visits import frozen, rota  # noqa: F401  (fixtures)


def test_the_asker_is_offered_other_days_the_rules_allow(login, rota):  # noqa: F811
    page = login("volunteer").get(f"/my-visits/{rota['ours']}/change").text
    assert "Could you go at one of these times instead?" in page
    offered = re.findall(r'govuk-radios__label" for="choice[^"]*">\s*([^<]+?)\s*<', page)
    # Not the week of 30 November: the suite had its one visit of that week on the 30th.
    assert offered == [
        f"{day}, Evening (18:00 to 22:00)"
        for day in (
            "Monday 7 December",
            "Tuesday 8 December",
            "Thursday 10 December",
            "Friday 11 December",
            "Saturday 12 December",
            "Sunday 13 December",
        )
    ]


def test_choosing_another_time_moves_the_visit_and_tells_the_partner(app, login, rota):  # noqa: F811
    client = login("volunteer")
    response = client.post(f"/my-visits/{rota['ours']}/move", data={"choice": "2026-12-10/evening"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/my-visits"
    with app.app_context():
        visit = db.session.get(PlannedVisit, rota["ours"])
        assert (visit.visit_on, visit.band) == (date(2026, 12, 10), "evening")
        told = sorted(m.to_address for m in outbox("rota-visit-changed"))
        assert told == sorted({m.to_address for m in outbox("rota-visit-changed")})
        assert len(told) == 2


def test_a_time_no_longer_free_is_refused_next_to_the_choice(app, login, rota):  # noqa: F811
    client = login("volunteer")
    response = client.post(f"/my-visits/{rota['ours']}/move", data={"choice": "2026-12-16/evening"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "That time is no longer free" in response.text
    with app.app_context():
        assert db.session.get(PlannedVisit, rota["ours"]).visit_on == date(2026, 12, 9)
