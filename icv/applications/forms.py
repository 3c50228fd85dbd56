"""The public application form, one short section per page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import StringField
from wtforms.validators import InputRequired, NumberRange, ValidationError

# The equality questions have a module of their own; other areas import them from here.
from icv.applications.equality_forms import (  # noqa: F401
    EQUALITY_QUESTIONS,
    PREFER_NOT,
    EqualityForm,
)
from icv.applications.rules import LANGUAGES, ROLES
from icv.applications.section_form import SectionForm, postcode_field, postcode_problem
from icv.forms import (
    Checkboxes,
    DateInputField,
    Radios,
    WholeNumberField,
    add_field_error,
    email_field,
    long_text,
    name_field,
    options,
    phone_field,
    text,
)
from icv.settings import get_settings

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
AVAILABILITY = {
    "weekday_daytime": _l("Weekdays, during the day"),
    "weekday_evening": _l("Weekday evenings"),
    "weekend": _l("Weekends"),
}
NO_NAMES = _l("Do not name anyone held in custody.")


class AboutYouForm(SectionForm):
    change_words = {
        "name": _l("your full name"),
        "email": _l("your email address"),
        "phone": _l("your phone number"),
        "date_of_birth": _l("your date of birth"),
    }
    params = {
        "name": {"autocomplete": "name", "spellcheck": False},
        "email": {"type": "email", "autocomplete": "email", "spellcheck": False},
        "phone": {"type": "tel", "autocomplete": "tel", "classes": "govuk-input--width-20"},
    }
    name = name_field()
    email = email_field(description=_l("We will send your application reference and updates here."))
    phone = phone_field()
    date_of_birth = DateInputField(
        _l("Date of birth"),
        description=_l("For example, 27 3 1980"),
        required_message=_l("Enter your date of birth"),
    )
    #: Left empty by people; automated form-fillers tend to fill every box.
    website = StringField(_l("Leave this empty"))

    def validate_date_of_birth(self, field: DateInputField) -> None:
        if field.data and field.data > self.today:
            raise ValidationError(_l("Date of birth must be in the past"))
        if field.data and field.data < self.today - timedelta(days=365 * 110):
            raise ValidationError(_l("Check the year of your date of birth"))


class WhereYouLiveForm(SectionForm):
    follow_ups = {
        "work_postcode": lambda form: form.works_in_area.data == "yes",
        "uk_resident_since": lambda form: form.residence.data == "since",
        "months_abroad": lambda form: form.lived_abroad.data == "yes",
    }
    change_words = {
        "address": _l("your home address"),
        "postcode": _l("your postcode"),
        "works_in_area": _l("whether you work in the area"),
        "work_postcode": _l("the postcode of your workplace"),
        "residence": _l("how long you have lived in the UK"),
        "uk_resident_since": _l("the date you started living in the UK"),
        "lived_abroad": _l("whether you have lived outside the UK recently"),
        "months_abroad": _l("how many months you lived outside the UK"),
        "languages": _l("the languages you speak, read and write well"),
    }
    params = {
        "address": {"autocomplete": "street-address", "rows": 4},
        "postcode": {"autocomplete": "postal-code", "classes": "govuk-input--width-10"},
        "work_postcode": {"classes": "govuk-input--width-10"},
    }
    address = long_text(_l("Home address"), 400, required=_l("Enter your home address"))
    postcode = postcode_field(_l("Postcode"), required=_l("Enter your postcode"))
    works_in_area = Radios(
        _l("Do you work in the area?"),
        widget=GovRadioInput(),
        choices=options(YES_NO),
        validators=[InputRequired(message=_l("Select yes if you work in the area"))],
    )
    work_postcode = postcode_field(
        _l("Postcode of your workplace"), description=_l("Only if you work in the area.")
    )
    residence = Radios(
        _l("How long have you lived in the UK?"),
        widget=GovRadioInput(),
        choices=options([("always", _l("All my life")), ("since", _l("Since a date"))]),
        validators=[InputRequired(message=_l("Select how long you have lived in the UK"))],
    )
    uk_resident_since = DateInputField(
        _l("Date you started living in the UK"),
        subject=_l("The date you started living in the UK"),
        description=_l("Only if you have not lived here all your life. For example, 27 3 2019"),
    )
    lived_abroad = Radios(
        _l("Apart from holidays, have you lived outside the UK in the last 3 years?"),
        description=_l(
            "Living abroad does not stop you applying: the police vetting unit may "
            "need to check it."
        ),
        widget=GovRadioInput(),
        choices=options(YES_NO),
        validators=[InputRequired(message=_l("Select yes if you have lived outside the UK"))],
    )
    months_abroad = WholeNumberField(
        _l("How many months in all?"),
        subject=_l("The number of months"),
        description=_l("Only if you have lived outside the UK. Round up to whole months."),
        validators=[
            InputRequired(message=_l("Enter how many months you lived outside the UK")),
            NumberRange(min=1, max=600, message=_l("Enter a number of months from 1 to 600")),
        ],
    )
    languages = Checkboxes(
        _l("Which of these languages can you speak, read and write well?"),
        choices=options((lang, lang) for lang in LANGUAGES),
    )

    def validate_postcode(self, field: StringField) -> None:
        if problem := postcode_problem(field.data):
            raise ValidationError(problem)

    def validate_work_postcode(self, field: StringField) -> None:
        if problem := postcode_problem(field.data):
            raise ValidationError(problem)

    def validate(self, extra_validators=None) -> bool:
        # An empty optional field skips its own checks, so the "needed if" rule lives here.
        valid = super().validate(extra_validators)
        if self.asks("work_postcode") and not self.work_postcode.data:
            add_field_error(self, self.work_postcode, _l("Enter the postcode of your workplace"))
            return False
        return valid

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The question counts back over the scheme's own residence period.
        years = get_settings()["residence_years"]
        self.lived_abroad.label.text = _l(
            "Apart from holidays, have you lived outside the UK in the last %(years)s years?",
            years=years,
        )

    def validate_uk_resident_since(self, field: DateInputField) -> None:
        if field.process_errors:
            return
        if field.data is None:
            raise ValidationError(_l("Enter the date you started living in the UK"))
        if field.data > self.today:
            raise ValidationError(_l("The date you started living in the UK must be in the past"))


class YourWorkForm(SectionForm):
    follow_ups = {"left_on": lambda form: bool(form.past_roles.data)}
    change_words = {
        "occupation": _l("your occupation"),
        "current_roles": _l("the roles you have now"),
        "past_roles": _l("the roles you had in the past"),
        "left_on": _l("when you left the most recent of those roles"),
        "criminal_record": _l("whether you have a conviction or caution"),
    }
    occupation = text(
        _l("Your occupation"), 120, required=_l("Enter your occupation, or 'retired' or 'student'")
    )
    current_roles = Checkboxes(
        _l("Do you have any of these roles now?"),
        description=_l("Select all that apply. Leave blank if none do."),
        choices=options(ROLES),
    )
    past_roles = Checkboxes(
        _l("Have you had any of these roles in the past?"),
        description=_l("Select all that apply. Leave blank if none do."),
        choices=options(ROLES),
    )
    left_on = DateInputField(
        _l("When did you leave the most recent of those past roles?"),
        subject=_l("The date you left"),
        description=_l(
            "Only if you had one of the roles above in the past. For example, 31 8 2021"
        ),
    )
    conflicts = long_text(
        _l("Connections that could be a conflict of interest (optional)"),
        1000,
        description=_l(
            "For example, a close relative who works in a custody suite or for the police. "
            "Do not name anyone held in custody."
        ),
    )
    criminal_record = Radios(
        _l("Do you have any criminal convictions or cautions, spent or unspent?"),
        description=_l(
            "This does not stop you applying. The scheme coordinator will talk to you "
            "about it in confidence."
        ),
        widget=GovRadioInput(),
        choices=options(YES_NO),
        validators=[InputRequired(message=_l("Select yes if you have a conviction or caution"))],
    )

    def validate_left_on(self, field: DateInputField) -> None:
        if field.process_errors:
            return
        if field.data is None:
            raise ValidationError(_l("Enter the date you left"))
        if field.data > self.today:
            raise ValidationError(_l("The date you left must be in the past"))


class AvailabilityForm(SectionForm):
    change_words = {"availability": _l("when you could usually make visits")}
    availability = Checkboxes(
        _l("When could you usually make visits?"),
        description=_l("Visits take about an hour and are made in pairs. Select all that apply."),
        choices=options(AVAILABILITY),
        validators=[InputRequired(message=_l("Select when you could usually make visits"))],
    )


class RefereesForm(SectionForm):
    params = {
        "ref1_email": {"type": "email", "spellcheck": False},
        "ref2_email": {"type": "email", "spellcheck": False},
        "ref1_phone": {"type": "tel", "classes": "govuk-input--width-20"},
        "ref2_phone": {"type": "tel", "classes": "govuk-input--width-20"},
    }
    groups = {"ref1_name": _l("Referee 1"), "ref2_name": _l("Referee 2")}
    ref1_name = text(_l("Full name"), 120, required=_l("Enter the first referee's name"))
    ref1_relationship = text(
        _l("How they know you"), 120, required=_l("Enter how the first referee knows you")
    )
    ref1_email = email_field(_l("Email address"), someone_elses=True)
    ref1_phone = phone_field(_l("Phone number"))
    ref2_name = text(_l("Full name"), 120, required=_l("Enter the second referee's name"))
    ref2_relationship = text(
        _l("How they know you"), 120, required=_l("Enter how the second referee knows you")
    )
    ref2_email = email_field(_l("Email address"), someone_elses=True)
    ref2_phone = phone_field(_l("Phone number"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for n, which in ((1, "first"), (2, "second")):
            email = getattr(self, f"ref{n}_email")
            if problem := contact_problem(email.data, getattr(self, f"ref{n}_phone").data, which):
                add_field_error(self, email, problem)
                valid = False
        return valid


def contact_problem(email: str | None, phone: str | None, which: str) -> str | None:
    """What to say at a referee's email box when no way to reach them was given. An address or
    a phone number typed wrong has its own message at its box (``email_field``,
    ``phone_field``) and fails the form too, so only a real address or number meets the rule."""
    if not email and not phone:
        if which == "first":
            return _("Enter an email address or phone number for the first referee")
        return _("Enter an email address or phone number for the second referee")
    return None


class ConsentForm(SectionForm):
    change_words = {
        "consent_vetting": _l("your agreement to police vetting"),
        "consent_data": _l("your agreement to the use of your information"),
    }
    consent_vetting = Checkboxes(
        _l("Police vetting"),
        choices=options([("yes", _l("I agree to police vetting checks being made about me"))]),
        validators=[InputRequired(message=_l("You must agree to police vetting to apply"))],
    )
    consent_data = Checkboxes(
        _l("Your information"),
        choices=options(
            [("yes", _l("I agree to my information being used as the privacy notice explains"))]
        ),
        validators=[
            InputRequired(message=_l("You must agree to the use of your information to apply"))
        ],
    )
