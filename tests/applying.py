"""Fill in the public application form through the test client."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from icv.applications.models import Application, ApplicationDraft
from icv.extensions import db

#: A complete, eligible application, section by section, as a browser would post it.
ANSWERS: dict[str, dict[str, object]] = {
    "about-you": {
        "name": "Jo Applicant",
        "email": "jo@example.net",
        "phone": "07700 900123",
        "date_of_birth": ["27", "3", "1980"],
        "website": "",
    },
    "where-you-live": {
        "address": "1 High Street\nWarwick",
        "postcode": "cv34 4nb",
        "works_in_area": "no",
        "work_postcode": "",
        "residence": "always",
        "uk_resident_since": ["", "", ""],
        "lived_abroad": "no",
        "months_abroad": "",
        "languages": ["English"],
    },
    "your-work": {
        "occupation": "Teacher",
        "left_on": ["", "", ""],
        "conflicts": "",
        "criminal_record": "no",
    },
    "availability": {"availability": ["weekday_evening", "weekend"]},
    "referees": {
        "ref1_name": "Ann Referee",
        "ref1_relationship": "Head teacher at my school",
        "ref1_email": "ann@example.net",
        "ref1_phone": "",
        "ref2_name": "Bob Referee",
        "ref2_relationship": "Chair of the youth club",
        "ref2_email": "",
        "ref2_phone": "01926 400000",
    },
    "consent": {"consent_vetting": ["yes"], "consent_data": ["yes"]},
}


def answer(client: FlaskClient, slug: str, **changes: object):
    return client.post(f"/apply/{slug}", data={**ANSWERS[slug], **changes})


def fill_in(client: FlaskClient, **changes_by_section: dict[str, object]) -> None:
    """Answer every section, with changes per section, e.g. ``about_you={"email": ...}``."""
    for slug in ANSWERS:
        response = answer(client, slug, **changes_by_section.get(slug.replace("-", "_"), {}))
        assert response.status_code == 302, response.text


def apply(client: FlaskClient, **changes_by_section: dict[str, object]):
    fill_in(client, **changes_by_section)
    return client.post("/apply/check")


def asked_again(app, client: FlaskClient, slug: str, title: str, name: str, typed: str) -> None:
    """A complete draft whose ``slug`` section holds ``typed`` at ``name``, as saved before
    that box was checked: "Check your answers" asks for the section again ("Complete
    ``title``"), shows what was typed there, and sends nothing."""
    fill_in(client)
    with app.app_context():
        draft = db.session.scalars(select(ApplicationDraft)).one()
        draft.data[slug][name] = [typed]
        flag_modified(draft, "data")
        db.session.commit()
    page = client.get("/apply/check").text
    assert f"Complete {title}" in page
    assert "Accept and send" not in page
    assert f'value="{typed}"' in client.get(f"/apply/{slug}?return=check").text
    assert client.post("/apply/check").status_code == 200  # not sent
    with app.app_context():
        assert db.session.scalar(select(func.count(Application.id))) == 0
