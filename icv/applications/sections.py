"""The public application's sections in order, and reading their answers: into one record,
into the eligibility rules as each section is answered, and back on "check your answers"."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectMultipleField

from icv.applications.forms import (
    AboutYouForm,
    AvailabilityForm,
    ConsentForm,
    RefereesForm,
    WhereYouLiveForm,
    YourWorkForm,
)
from icv.applications.rules import (
    Assessment,
    EligibilityRules,
    Finding,
    Outcome,
    assess,
    normalise_postcode,
)
from icv.applications.section_form import PostcodeField, SectionForm
from icv.applications.services import Answers, RefereeAnswers, applicant_from, eligibility_rules
from icv.forms import DateInputField, labels
from icv.i18n import format_date
from icv.wizard import Answers as Saved
from icv.wizard import Section as WizardSection
from icv.wizard import Wizard, filled_form

#: A section's answers as ``Answers`` fields by name.
Values = dict[str, Any]


@dataclass(frozen=True)
class Section(WizardSection):
    """A section of the application: what its answers mean, and the rules they feed."""

    #: The section's validated form -> its ``Answers`` fields.
    answers: Callable[[Any], Values] = dataclasses.field(kw_only=True)
    #: rule name (``rules.RULES``) -> the question to change if it fails; the rule runs once
    #: this section is answered.
    checks: Mapping[str, str] = dataclasses.field(default_factory=dict, kw_only=True)

    @property
    def decides(self) -> bool:
        """A section the eligibility rules read can rule the person out."""
        return bool(self.checks)


def _about_you(form: AboutYouForm) -> Values:
    return {
        "name": form.name.data,
        "email": form.email.data,
        "phone": form.phone.data or None,
        "date_of_birth": form.date_of_birth.data,
    }


def _where_you_live(form: WhereYouLiveForm) -> Values:
    asked = form.asks
    return {
        "address": form.address.data,
        "postcode": normalise_postcode(form.postcode.data),
        "work_postcode": (
            normalise_postcode(form.work_postcode.data) if asked("work_postcode") else None
        ),
        "uk_resident_since": form.uk_resident_since.data if asked("uk_resident_since") else None,
        "months_abroad": form.months_abroad.data if asked("months_abroad") else 0,
        "languages": form.languages.data or [],
    }


def _your_work(form: YourWorkForm) -> Values:
    past = form.past_roles.data or []
    return {
        "occupation": form.occupation.data,
        "current_roles": form.current_roles.data or [],
        "past_roles": dict.fromkeys(past, form.left_on.data) if past else {},
        "conflicts": form.conflicts.data or None,
        "has_criminal_record": form.criminal_record.data == "yes",
    }


def _referees(form: RefereesForm) -> Values:
    return {
        "referees": [
            RefereeAnswers(
                name=form[f"ref{n}_name"].data,
                relationship=form[f"ref{n}_relationship"].data,
                email=form[f"ref{n}_email"].data or None,
                phone=form[f"ref{n}_phone"].data or None,
            )
            for n in (1, 2)
        ]
    }


def _consent(form: ConsentForm) -> Values:
    return {
        "consent_vetting": bool(form.consent_vetting.data),
        "consent_data": bool(form.consent_data.data),
    }


#: The application's sections, in the order the applicant sees them.
SECTIONS = [
    Section(
        "about-you",
        _l("About you"),
        AboutYouForm,
        answers=_about_you,
        checks={"age": "date_of_birth"},
    ),
    Section(
        "where-you-live",
        _l("Where you live"),
        WhereYouLiveForm,
        _l("Custody visitors live or work in the area they visit."),
        answers=_where_you_live,
        checks={"area": "postcode", "residence": "residence", "language": "languages"},
    ),
    Section(
        "your-work",
        _l("Your work and connections"),
        YourWorkForm,
        _l(
            "Custody visitors must be independent of the police. Some jobs mean you cannot be one; "
            "others mean the scheme coordinator will talk to you first."
        ),
        answers=_your_work,
        checks={"roles": "current_roles", "conflicts": "conflicts", "record": "criminal_record"},
    ),
    Section(
        "availability",
        _l("When you could visit"),
        AvailabilityForm,
        answers=lambda form: {"availability": form.availability.data},
    ),
    Section(
        "referees",
        _l("Referees"),
        RefereesForm,
        _l(
            "Give two people who have known you for at least 2 years and are not related to you, "
            "such as an employer, teacher or someone you volunteer with. For each, give an email "
            "address, a phone number or both. We will only contact them if you are offered an "
            "interview."
        ),
        answers=_referees,
    ),
    Section("consent", _l("Declarations"), ConsentForm, answers=_consent),
]
#: Fields that are not answers.
NOT_ANSWERS = frozenset({"csrf_token", "website"})
APPLICATION = Wizard(tuple(SECTIONS), NOT_ANSWERS)
SECTION_BY_SLUG = APPLICATION.by_slug
#: The sections the eligibility rules read; the only ones kept for someone who cannot apply.
ASSESSED = APPLICATION.deciding


def answers_from(forms: dict[str, SectionForm]) -> Answers:
    """Turn the validated sections into the answers the service stores."""
    values: Values = {}
    for section in SECTIONS:
        values.update(section.answers(forms[section.slug]))
    return Answers(**values)


# -- eligibility as each section is answered ----------------------------------------------


def assess_so_far(saved: Saved, rules: EligibilityRules, today: date) -> Assessment:
    """The eligibility rules whose answers are in, run on the sections answered so far."""
    values: Values = {}
    ready: set[str] = set()
    for section in SECTIONS:
        if section.checks and section.slug in saved:
            form = filled_form(section, saved[section.slug], today=today)
            if form.validate():
                values.update(section.answers(form))
                ready.update(section.checks)
    return assess(applicant_from(values), rules, today, only=ready)


def ruled_out(saved: Saved, today: date) -> Assessment | None:
    """The rules the answers so far fail, or None while nothing stops the person applying.
    (A "refer" is not a failure: the coordinator talks to them after they apply.)"""
    assessment = assess_so_far(saved, eligibility_rules(), today)
    return assessment if assessment.outcome is Outcome.FAIL else None


@dataclass(frozen=True)
class Change:
    """An answer that makes the applicant ineligible: where to change it, and in what words."""

    slug: str
    field: str
    words: str


def answer_to_change(finding: Finding) -> Change | None:
    """The answer behind a failed rule ("role:police_officer" is the "roles" rule's)."""
    rule = finding.rule.partition(":")[0]
    rule = "roles" if rule in ("role", "past") else rule
    for section in SECTIONS:
        if name := section.checks.get(rule):
            return Change(section.slug, name, section.form.change_words[name])
    return None


def answers_to_change(assessment: Assessment) -> list[Change]:
    """Each answer to change, once, in the order of the form."""
    changes = [answer_to_change(finding) for finding in assessment.failures]
    return list(dict.fromkeys(change for change in changes if change is not None))


# -- "check your answers" -----------------------------------------------------------------


def shown(field: Field) -> str:
    """An answer as the applicant reads it back on "check your answers"."""
    if isinstance(field, DateInputField):
        return format_date(field.data)
    if isinstance(field, PostcodeField):
        return normalise_postcode(field.data or "") or ""
    if isinstance(field, SelectMultipleField):
        names = labels(field)
        return _(", ").join(str(names.get(v, v)) for v in field.data or []) or _("None")
    if isinstance(field, RadioField):
        return str(labels(field).get(field.data, "")) if field.data else ""
    return field.data or ""


@dataclass(frozen=True)
class Row:
    field_id: str
    question: str
    answer: str
    #: The visually hidden end of the "Change" link, unique on the page.
    change: str


def summary_groups(form: SectionForm) -> list[tuple[str | None, list[Row]]]:
    """(heading or None, rows) for a section: one group, or one per referee. Questions the
    earlier answers did not ask are left out."""
    groups: list[tuple[str | None, list[Row]]] = [(None, [])]
    for item in form:
        if item.name in NOT_ANSWERS or not form.asks(item.name):
            continue
        if item.name in form.groups:
            groups.append((form.groups[item.name], []))
        question = item.label.text.replace(_(" (optional)"), "")
        answer = shown(item) or _("Not given")
        groups[-1][1].append(Row(item.id, question, answer, form.change_text(item.name)))
    return [(heading, rows) for heading, rows in groups if rows]
