from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.accounts.roles import ROLE_LABELS, Role
from icv.accounts.rules import independence_problem, liaison_suites_problem
from icv.applications.rules import LANGUAGES, ROLES, district_entries, district_list_problem
from icv.forms import (
    Checkboxes,
    DayRangeFilter,
    Select,
    add_field_error,
    check_day_list,
    email_field,
    name_field,
    options,
    phone_field,
    submit,
    whole_number,
)


class AccountForm(FlaskForm):
    """Invite a person, or change an existing account's details and roles."""

    name = name_field()
    email = email_field()
    phone = phone_field()
    roles = Checkboxes(
        "Roles",
        description="Select all that apply.",
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message="Select at least one role")],
    )
    suites = Checkboxes(
        "Custody suites this liaison answers for",
        description="A custody liaison answers for at least one; other roles answer for none.",
        widget=GovCheckboxesInput(),
        coerce=int,
    )
    submit = submit("Save")

    def __init__(self, *args: object, grantable: frozenset[Role], suites: list, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.roles.choices = [(r.value, ROLE_LABELS[r]) for r in Role if r in grantable]
        self.suites.choices = [(s.id, s.name) for s in suites]

    @property
    def selected_roles(self) -> set[Role]:
        allowed = {value for value, _ in self.roles.choices}
        return {Role(value) for value in self.roles.data or [] if value in allowed}

    def validate_roles(self, field: Checkboxes) -> None:
        if problem := independence_problem(self.selected_roles):
            raise ValidationError(problem)
        if not self.suites.choices and (
            problem := liaison_suites_problem(self.selected_roles, 0, suites_exist=False)
        ):
            raise ValidationError(problem)

    def validate_suites(self, field: Checkboxes) -> None:
        if self.suites.choices and (
            problem := liaison_suites_problem(self.selected_roles, len(field.data or []))
        ):
            raise ValidationError(problem)


class AuditFilterForm(DayRangeFilter):
    action = Select("Action", widget=GovSelect(), validators=[Optional()])
    who = StringField(
        "Changed by (email contains)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254, message="Enter 254 characters or fewer")],
    )
    object_type = Select("Record type", widget=GovSelect(), validators=[Optional()])


class SettingsForm(FlaskForm):
    scheme_name = StringField(
        "Scheme name",
        description="Shown in the header of every page and in emails.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the scheme name"), Length(max=120)],
    )
    office_name = StringField(
        "Office running the scheme",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the office name"), Length(max=160)],
    )
    contact_email = email_field("Scheme contact email")
    pence_per_mile = whole_number(
        "Mileage rate for expenses, in pence a mile",
        0,
        200,
        description="HMRC's approved rate is 45p. A new rate applies to claims made from now on.",
    )
    welsh_offered = BooleanField(
        "Offer every page and email in Welsh too",
        description="Schemes in Wales must (Welsh Language Standards). Each page then has a "
        "Cymraeg / English switch, and browsers set to Welsh are answered in Welsh.",
        widget=GovCheckboxInput(),
    )
    submit = submit("Save settings")


class RecruitmentSettingsForm(FlaskForm):
    """The eligibility rules and recruitment timings of this scheme."""

    area_name = StringField(
        "Name of the area",
        description='Used in sentences such as "You must live or work in Warwickshire".',
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the name of the area"), Length(max=80)],
    )
    minimum_age = whole_number("Minimum age", 16, 99)
    residence_years = whole_number("Years living in the UK before applying", 0, 10)
    abroad_months_limit = whole_number(
        "Months abroad allowed in those years before an applicant is turned down",
        0,
        120,
        description="0 turns this rule off: an applicant who has lived abroad is referred to "
        "the coordinator and the vetting unit, never turned down for it.",
    )
    languages = Checkboxes(
        "Languages accepted",
        choices=options((lang, lang) for lang in LANGUAGES),
        validators=[InputRequired(message="Select at least one language")],
    )
    excluded_roles = Checkboxes(
        "Roles that make an applicant ineligible while they hold them",
        choices=options(ROLES),
    )
    review_roles = Checkboxes(
        "Roles that send an application to the coordinator for a decision",
        choices=options(ROLES),
    )
    recent_service_years = whole_number(
        "Years after leaving one of those roles that the coordinator still decides", 0, 20
    )
    probation_visits = whole_number("Accompanied visits needed to complete probation", 0, 20)
    term_years = whole_number("Length of a term of appointment, in years", 1, 10)
    vetting_years = whole_number("Years police vetting lasts", 1, 10)
    expiry_warning_days = StringField(
        "Days before vetting or a term runs out to warn the volunteer and the coordinator",
        description="Separate with spaces, for example: 90 30 7. Each warning is sent once.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter at least one number of days, like 30")],
    )
    submit = submit("Save recruitment settings")

    def validate_review_roles(self, field: Checkboxes) -> None:
        both = set(field.data or []) & set(self.excluded_roles.data or [])
        if both:
            raise ValidationError(
                f"{ROLES[sorted(both)[0]]} cannot both make an applicant ineligible and be "
                "sent for a decision"
            )

    def validate_expiry_warning_days(self, field: StringField) -> None:
        check_day_list(field.data, 1, 365, "90 30 7")


STAGE_TARGET_LABELS = {
    "received": "Received",
    "screened": "Screened",
    "shortlisted": "Shortlisted",
    "interview": "Interview",
    "references": "References",
    "vetting": "Vetting",
    "training": "Initial training",
    "probation": "Probation",
}
for _stage, _label in STAGE_TARGET_LABELS.items():
    setattr(
        RecruitmentSettingsForm,
        f"target_{_stage}",
        whole_number(f"{_label}: target days", 1, 730),
    )


def district_field(label: str, description: str) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000)],
    )


class AreaDistrictsForm(FlaskForm):
    """The postcode districts that decide whether an applicant lives or works in the area."""

    area_in = district_field(
        "In the area",
        "Districts wholly or mostly in the area, for example CV31 B76 GL56. An applicant who "
        "lives or works in one of these passes.",
    )
    area_ask = district_field(
        "Ask: partly in the area",
        "Districts that straddle the boundary. An applicant from one is referred to the "
        "coordinator to check the address.",
    )
    area_out = district_field(
        "Not in the area",
        "Districts next to the area but outside it, for example CV1 for Coventry. A district "
        "in no list is outside the area too; listing it here says so on purpose.",
    )
    submit = submit("Save postcode districts")

    #: Each list is checked against those above it on the page, so a clash shows on the later.
    ORDER = ("area_in", "area_ask", "area_out")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        earlier: dict[str, list[str]] = {}
        for name in self.ORDER:
            field = self[name]
            entries = district_entries(field.data)
            if problem := district_list_problem(entries, earlier):
                add_field_error(self, field, problem)
                valid = False
            earlier[f'"{field.label.text}"'] = entries
        return valid

    def lists(self) -> dict[str, list[str]]:
        return {name: district_entries(self[name].data) for name in self.ORDER}
