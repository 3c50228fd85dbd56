"""Fill in the public application form through the test client."""

from __future__ import annotations

from flask.testing import FlaskClient

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
