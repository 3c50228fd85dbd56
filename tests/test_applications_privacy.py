"""Who may see applicants, and equality answers only ever as totals with small numbers hidden."""

from __future__ import annotations

from datetime import date

import pytest

from icv.applications.models import DiversityResponse
from icv.applications.small_numbers import shown_count
from icv.extensions import db
from tests.factories import make_application


@pytest.fixture
def application(app):
    with app.app_context():
        application = make_application(name="Jo Applicant")
        db.session.commit()
        return application.id


@pytest.mark.parametrize("persona", ["commissioner", "liaison", "volunteer"])
def test_only_the_office_can_see_an_applicant(login, application, persona):
    client = login(persona)
    assert client.get("/applications").status_code == 403
    assert client.get(f"/applications/{application}").status_code == 403
    assert client.post(f"/applications/{application}/move", data={}).status_code == 403
    assert "Jo Applicant" not in client.get("/").text


def test_the_commissioner_sees_equality_totals_without_names(login, application, app):
    with app.app_context():
        for n in range(6):
            db.session.add(
                DiversityResponse(
                    application_id=application if n == 0 else None,
                    submitted_on=date(2026, 11, 1),
                    ethnic_group="White" if n < 3 else "Asian or Asian British",
                    disability="No",
                )
            )
        db.session.commit()
    page = login("commissioner").get("/applications/equality").text
    assert "Jo Applicant" not in page
    assert "All applicants who answered: 6" in page
    white = page[page.index(">White<") :].split("</tr>")[0]
    asian = page[page.index(">Asian or Asian British<") :].split("</tr>")[0]
    assert "fewer than 5" in white  # 3 people
    assert "fewer than 5" in asian
    no = page[page.index("Do you consider yourself") :]
    assert ">6<" in no.split("</table>")[0]
    assert "Applicants appointed as volunteers: 0" in page


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5")]
)
def test_small_numbers_are_suppressed(count, shown):
    assert shown_count(count) == shown
