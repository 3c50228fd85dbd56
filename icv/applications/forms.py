"""The public application form, one short section per page, and the equality questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.applications.rules import LANGUAGES, ROLES, normalise_postcode
from icv.applications.services import Answers, RefereeAnswers
from icv.forms import (
    Checkboxes,
    DateInputField,
    add_field_error,
    email_field,
    labels,
    name_field,
    options,
    phone_field,
    submit,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
AVAILABILITY = {
    "weekday_daytime": "Weekdays, during the day",
    "weekday_evening": "Weekday evenings",
    "weekend": "Weekends",
}
NO_NAMES = "Do not name anyone held in custody."


def text(label: str, max_length: int, required: str | None = None, **kwargs) -> StringField:
    checks = [InputRequired(message=required)] if required else [Optional()]
    message = f"{label.split(' (')[0]} must be {max_length} characters or fewer"
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[*checks, Length(max=max_length, message=message)],
        filters=[lambda v: " ".join(v.split()) if isinstance(v, str) else v],
        **kwargs,
    )


def long_text(label: str, max_length: int, required: str | None = None, **kwargs) -> TextAreaField:
    checks = [InputRequired(message=required)] if required else [Optional()]
    message = f"{label.split(' (')[0]} must be {max_length} characters or fewer"
    return TextAreaField(
        label,
        widget=GovCharacterCount(),
        validators=[*checks, Length(max=max_length, message=message)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        **kwargs,
    )


def postcode_problem(value: str | None) -> str | None:
    if value and normalise_postcode(value) is None:
        return "Enter a real UK postcode, like CV34 4NB"
    return None


class AboutYouForm(FlaskForm):
    #: Extra GOV.UK parameters per field, used by the section template.
    params = {
        "name": {"autocomplete": "name", "spellcheck": False},
        "email": {"type": "email", "autocomplete": "email", "spellcheck": False},
        "phone": {"type": "tel", "autocomplete": "tel", "classes": "govuk-input--width-20"},
    }
    name = name_field()
    email = email_field(description="We will send your application reference and updates here.")
    phone = phone_field("Phone number")
    date_of_birth = DateInputField(
        "Date of birth",
        description="For example, 27 3 1980",
        required_message="Enter your date of birth",
    )
    #: Left empty by people; automated form-fillers tend to fill every box.
    website = StringField("Leave this empty")

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_date_of_birth(self, field: DateInputField) -> None:
        if field.data and field.data > self.today:
            raise ValidationError("Date of birth must be in the past")
        if field.data and field.data < self.today - timedelta(days=365 * 110):
            raise ValidationError("Check the year of your date of birth")


class WhereYouLiveForm(FlaskForm):
    params = {
        "address": {"autocomplete": "street-address", "rows": 4},
        "postcode": {"autocomplete": "postal-code", "classes": "govuk-input--width-10"},
        "work_postcode": {"classes": "govuk-input--width-10"},
    }
    address = long_text("Home address", 400, required="Enter your home address")
    postcode = text("Postcode", 10, required="Enter your postcode")
    works_in_area = RadioField(
        "Do you work in the area?",
        widget=GovRadioInput(),
        choices=options(YES_NO),
        validators=[InputRequired(message="Select yes if you work in the area")],
    )
    work_postcode = text(
        "Postcode of your workplace", 10, description="Only if you work in the area."
    )
    residence = RadioField(
        "How long have you lived in the UK without a break?",
        widget=GovRadioInput(),
        choices=options([("always", "All my life"), ("since", "Since a date")]),
        validators=[InputRequired(message="Select how long you have lived in the UK")],
    )
    uk_resident_since = DateInputField(
        "Date you started living in the UK without a break",
        subject="The date you started living in the UK",
        description="Only if you have not lived here all your life. Time spent abroad for more "
        "than 6 months in a row counts as a break. For example, 27 3 2019",
    )
    languages = Checkboxes(
        "Which of these languages can you speak, read and write well?",
        choices=options((lang, lang) for lang in LANGUAGES),
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_postcode(self, field: StringField) -> None:
        if problem := postcode_problem(field.data):
            raise ValidationError(problem)

    def validate_work_postcode(self, field: StringField) -> None:
        if problem := postcode_problem(field.data):
            raise ValidationError(problem)

    def validate(self, extra_validators=None) -> bool:
        # An empty optional field skips its own checks, so the "needed if" rule lives here.
        valid = super().validate(extra_validators)
        if self.works_in_area.data == "yes" and not self.work_postcode.data:
            add_field_error(self, self.work_postcode, "Enter the postcode of your workplace")
            return False
        return valid

    def validate_uk_resident_since(self, field: DateInputField) -> None:
        if self.residence.data != "since" or field.process_errors:
            return
        if field.data is None:
            raise ValidationError("Enter the date you started living in the UK")
        if field.data > self.today:
            raise ValidationError("The date you started living in the UK must be in the past")


class YourWorkForm(FlaskForm):
    occupation = text(
        "Your occupation", 120, required="Enter your occupation, or 'retired' or 'student'"
    )
    current_roles = Checkboxes(
        "Do you have any of these roles now?",
        description="Select all that apply. Leave blank if none do.",
        choices=options(ROLES),
    )
    past_roles = Checkboxes(
        "Have you had any of these roles in the past?",
        description="Select all that apply. Leave blank if none do.",
        choices=options(ROLES),
    )
    left_on = DateInputField(
        "When did you leave the most recent of those past roles?",
        subject="The date you left",
        description="Only if you had one of the roles above in the past. For example, 31 8 2021",
    )
    conflicts = long_text(
        "Connections that could be a conflict of interest (optional)",
        1000,
        description="For example, a close relative who works in a custody suite or for the "
        "police. " + NO_NAMES,
    )
    criminal_record = RadioField(
        "Do you have any criminal convictions or cautions, spent or unspent?",
        description="This does not stop you applying. The scheme coordinator will talk to you "
        "about it in confidence.",
        widget=GovRadioInput(),
        choices=options(YES_NO),
        validators=[InputRequired(message="Select yes if you have a conviction or caution")],
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_left_on(self, field: DateInputField) -> None:
        if not self.past_roles.data or field.process_errors:
            return
        if field.data is None:
            raise ValidationError("Enter the date you left")
        if field.data > self.today:
            raise ValidationError("The date you left must be in the past")


class AvailabilityForm(FlaskForm):
    availability = Checkboxes(
        "When could you usually make visits?",
        description="Visits take about an hour and are made in pairs. Select all that apply.",
        choices=options(AVAILABILITY),
        validators=[InputRequired(message="Select when you could usually make visits")],
    )


class RefereesForm(FlaskForm):
    params = {
        "ref1_email": {"type": "email", "spellcheck": False},
        "ref2_email": {"type": "email", "spellcheck": False},
        "ref1_phone": {"type": "tel", "classes": "govuk-input--width-20"},
        "ref2_phone": {"type": "tel", "classes": "govuk-input--width-20"},
    }
    #: (legend, first field) of each referee's group on the page
    groups = {"ref1_name": "First referee", "ref2_name": "Second referee"}
    ref1_name = text("Full name", 120, required="Enter the first referee's name")
    ref1_relationship = text(
        "How they know you", 120, required="Enter how the first referee knows you"
    )
    ref1_email = text("Email address", 254)
    ref1_phone = text("Phone number", 40)
    ref2_name = text("Full name", 120, required="Enter the second referee's name")
    ref2_relationship = text(
        "How they know you", 120, required="Enter how the second referee knows you"
    )
    ref2_email = text("Email address", 254)
    ref2_phone = text("Phone number", 40)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for n, which in ((1, "first"), (2, "second")):
            email = getattr(self, f"ref{n}_email")
            if problem := contact_problem(email.data, getattr(self, f"ref{n}_phone").data, which):
                add_field_error(self, email, problem)
                valid = False
        return valid


def contact_problem(email: str | None, phone: str | None, which: str) -> str | None:
    if not email and not phone:
        return f"Enter an email address or phone number for the {which} referee"
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1]):
        return "Enter an email address in the correct format, like name@example.com"
    return None


class ConsentForm(FlaskForm):
    consent_vetting = Checkboxes(
        "Police vetting",
        choices=options([("yes", "I agree to police vetting checks being made about me")]),
        validators=[InputRequired(message="You must agree to police vetting to apply")],
    )
    consent_data = Checkboxes(
        "Your information",
        choices=options(
            [("yes", "I agree to my information being used as the privacy notice explains")]
        ),
        validators=[
            InputRequired(message="You must agree to the use of your information to apply")
        ],
    )


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


def choice_field(label: str, choices: list[str]) -> RadioField:
    """An optional equality question: every answer, including prefer not to say."""
    return RadioField(
        label,
        widget=GovRadioInput(),
        choices=options((c, c) for c in (*choices, PREFER_NOT)),
        validators=[Optional()],
    )


PREFER_NOT = "Prefer not to say"
#: Equality questions and their answers, kept short; the answers follow ONS categories.
EQUALITY_QUESTIONS = {
    "age_band": (
        "Your age",
        ["18 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over"],
    ),
    "sex": ("Your sex", ["Female", "Male"]),
    "ethnic_group": (
        "Your ethnic group",
        [
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Another ethnic group",
        ],
    ),
    "disability": ("Do you consider yourself to have a disability?", ["Yes", "No"]),
    "religion": (
        "Your religion or belief",
        [
            "No religion",
            "Christian",
            "Buddhist",
            "Hindu",
            "Jewish",
            "Muslim",
            "Sikh",
            "Any other religion",
        ],
    ),
}


class EqualityForm(FlaskForm):
    age_band = choice_field(*EQUALITY_QUESTIONS["age_band"])
    sex = choice_field(*EQUALITY_QUESTIONS["sex"])
    ethnic_group = choice_field(*EQUALITY_QUESTIONS["ethnic_group"])
    disability = choice_field(*EQUALITY_QUESTIONS["disability"])
    religion = choice_field(*EQUALITY_QUESTIONS["religion"])
    submit = submit("Send answers")


# -- the coordinator's forms ------------------------------------------------------------

OPTIONAL_DATE = {"validators": [Optional()]}
VETTING_LEVELS = [("NPPV1", "NPPV level 1"), ("NPPV2", "NPPV level 2"), ("NPPV3", "NPPV level 3")]


def radios(label: str, choices: list[tuple[str, str]], **kwargs) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=options(choices), **kwargs)


class InterviewForm(FlaskForm):
    interview_on = DateInputField("Interview date", subject="The interview date")
    interview_panel = text(
        "Panel members", 200, description="For example, C. Coordinator, Cllr J. Smith"
    )
    interview_outcome = radios(
        "Outcome",
        [("", "Not decided yet"), ("passed", "Successful"), ("failed", "Not successful")],
        validators=[Optional()],
    )
    interview_notes = long_text("Notes", 4000, description=NO_NAMES)
    submit = submit("Save interview")

    def validate_interview_outcome(self, field: RadioField) -> None:
        if field.data and not self.interview_on.data:
            raise ValidationError("Record the interview date before its outcome")


class RefereeForm(FlaskForm):
    name = text("Referee's name", 120, required="Enter the referee's name")
    relationship_to_applicant = text("How they know the applicant", 120)
    email = text("Email address", 254)
    phone = text("Phone number", 40)
    requested_on = DateInputField("Date reference requested", subject="The date requested")
    received_on = DateInputField("Date reference received", subject="The date received")
    satisfactory = radios(
        "Is the reference satisfactory?",
        [("", "Not read yet"), ("yes", "Yes"), ("no", "No")],
        validators=[Optional()],
    )
    submit = submit("Save reference")

    def validate_received_on(self, field: DateInputField) -> None:
        if field.data and self.requested_on.data and field.data < self.requested_on.data:
            raise ValidationError("The date received must be on or after the date requested")

    def validate_satisfactory(self, field: RadioField) -> None:
        if field.data and not self.received_on.data:
            raise ValidationError("Record the date the reference was received first")


class VettingDatesForm(FlaskForm):
    """Clearance details (only the outcome is kept, never the force's vetting file)."""

    vetting_level = radios("Vetting level", VETTING_LEVELS, validators=[Optional()])
    vetting_cleared_on = DateInputField("Date cleared", subject="The date cleared")
    vetting_expires_on = DateInputField(
        "Renewal date",
        subject="The renewal date",
        description="The date the clearance runs out. Leave blank to use the scheme's period.",
    )

    def __init__(self, *args, vetting_years: int = 3, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vetting_years = vetting_years

    def clearance_required(self) -> bool:
        return True

    def validate(self, extra_validators=None) -> bool:
        # Checked here because an empty optional field skips its own validators.
        valid = super().validate(extra_validators)
        if not self.clearance_required():
            return valid
        if not self.vetting_level.data:
            add_field_error(self, self.vetting_level, "Select the vetting level")
            valid = False
        if not self.vetting_cleared_on.data and not self.vetting_cleared_on.errors:
            add_field_error(self, self.vetting_cleared_on, "Enter the date vetting was cleared")
            valid = False
        return valid

    def validate_vetting_expires_on(self, field: DateInputField) -> None:
        cleared = self.vetting_cleared_on.data
        if field.data and cleared and field.data <= cleared:
            raise ValidationError("The renewal date must be after the date cleared")

    def expires_on(self) -> date | None:
        from icv.applications.rules import anniversary

        if self.vetting_expires_on.data or not self.vetting_cleared_on.data:
            return self.vetting_expires_on.data
        return anniversary(self.vetting_cleared_on.data, self.vetting_years)


class VettingForm(VettingDatesForm):
    vetting_submitted_on = DateInputField("Date sent to the force", subject="The date sent")
    vetting_outcome = radios(
        "Outcome",
        [("", "Waiting for the force"), ("cleared", "Cleared"), ("refused", "Refused")],
        validators=[Optional()],
    )
    submit = submit("Save vetting")

    def clearance_required(self) -> bool:
        return self.vetting_outcome.data == "cleared"


class TrainingForm(FlaskForm):
    training_completed_on = DateInputField(
        "Date initial training was completed",
        subject="The date training was completed",
        required_message="Enter the date initial training was completed",
    )
    submit = submit("Save training")


class MoveForm(FlaskForm):
    target = radios("Move to", [], validators=[InputRequired(message="Select where to move it")])
    note = long_text(
        "Reason or note",
        2000,
        description="Needed to withdraw, to not take forward, or to reconsider. The applicant "
        "does not see this.",
    )
    submit = submit("Move application")

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.target.choices = targets


class AppointForm(FlaskForm):
    appointed_on = DateInputField("Appointment date", required_message="Enter the appointment date")
    suites = Checkboxes("Panels: custody suites they will visit", coerce=int, choices=[])
    note = long_text("Note", 2000)
    submit = submit("Appoint on probation")

    def __init__(self, *args, suites: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suites.choices = suites
