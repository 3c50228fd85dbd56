"""The public application's sections in order, and turning their answers into one record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, RadioField, SelectMultipleField

from icv.applications.forms import (
    AboutYouForm,
    AvailabilityForm,
    ConsentForm,
    RefereesForm,
    WhereYouLiveForm,
    YourWorkForm,
)
from icv.applications.rules import normalise_postcode
from icv.applications.services import Answers, RefereeAnswers
from icv.forms import DateInputField, labels


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: type[FlaskForm]
    intro: str = ""


#: The application's sections, in the order the applicant sees them.
SECTIONS = [
    Section("about-you", "About you", AboutYouForm),
    Section(
        "where-you-live",
        "Where you live",
        WhereYouLiveForm,
        "Custody visitors live or work in the area they visit.",
    ),
    Section(
        "your-work",
        "Your work and connections",
        YourWorkForm,
        "Custody visitors must be independent of the police. Some jobs mean you cannot be one; "
        "others mean the scheme coordinator will talk to you first.",
    ),
    Section("availability", "When you could visit", AvailabilityForm),
    Section(
        "referees",
        "Referees",
        RefereesForm,
        "Give two people who have known you for at least 2 years and are not related to you, "
        "such as an employer, teacher or someone you volunteer with. We will only contact them "
        "if you are offered an interview.",
    ),
    Section("consent", "Declarations", ConsentForm),
]
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}
#: Fields that are not answers.
NOT_ANSWERS = frozenset({"csrf_token", "website"})


def filled_form(section: Section, saved: dict[str, list[str]] | None, today: date) -> FlaskForm:
    """The section's form holding the saved answers exactly as typed (no CSRF: not a post)."""
    formdata = MultiDict([(k, v) for k, values in (saved or {}).items() for v in values])
    return section.form(formdata=formdata if saved else None, today=today, meta={"csrf": False})


def answers_from(forms: dict[str, FlaskForm]) -> Answers:
    """Turn the validated sections into the answers the service stores."""
    about, home, work = forms["about-you"], forms["where-you-live"], forms["your-work"]
    referees, consent = forms["referees"], forms["consent"]
    past = work.past_roles.data or []
    return Answers(
        name=about.name.data,
        email=about.email.data,
        phone=about.phone.data or None,
        date_of_birth=about.date_of_birth.data,
        address=home.address.data,
        postcode=normalise_postcode(home.postcode.data),
        work_postcode=(
            normalise_postcode(home.work_postcode.data)
            if home.works_in_area.data == "yes" and home.work_postcode.data
            else None
        ),
        uk_resident_since=(home.uk_resident_since.data if home.residence.data == "since" else None),
        languages=home.languages.data or [],
        occupation=work.occupation.data,
        current_roles=work.current_roles.data or [],
        past_roles=dict.fromkeys(past, work.left_on.data) if past else {},
        conflicts=work.conflicts.data or None,
        has_criminal_record=work.criminal_record.data == "yes",
        availability=forms["availability"].availability.data,
        referees=[
            RefereeAnswers(
                name=getattr(referees, f"ref{n}_name").data,
                relationship=getattr(referees, f"ref{n}_relationship").data,
                email=getattr(referees, f"ref{n}_email").data or None,
                phone=getattr(referees, f"ref{n}_phone").data or None,
            )
            for n in (1, 2)
        ],
        consent_vetting=bool(consent.consent_vetting.data),
        consent_data=bool(consent.consent_data.data),
    )


def shown(field: Field) -> str:
    """An answer as the applicant reads it back on "check your answers"."""
    if isinstance(field, DateInputField):
        return f"{field.data:%-d %B %Y}" if field.data else ""
    if isinstance(field, SelectMultipleField):
        names = labels(field)
        return ", ".join(names.get(v, v) for v in field.data or [])
    if isinstance(field, RadioField):
        return labels(field).get(field.data, "") if field.data else ""
    return field.data or ""


def summary_rows(form: FlaskForm) -> list[tuple[str, str, str]]:
    """(field id, question, answer) for every answer field of a section."""
    return [
        (field.id, field.label.text.replace(" (optional)", ""), shown(field) or "Not given")
        for field in form
        if field.name not in NOT_ANSWERS
    ]
