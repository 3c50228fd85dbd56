from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSelect, GovTextInput
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.accounts.roles import ROLE_LABELS, Role
from icv.forms import Checkboxes, email_field, name_field, phone_field, submit


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
        description="Only used for the custody liaison role.",
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
        return {Role(value) for value in self.roles.data or []}


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    action = SelectField("Action", widget=GovSelect(), validators=[Optional()])
    who = StringField(
        "Changed by (email contains)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254, message="Enter 254 characters or fewer")],
    )
    object_type = SelectField("Record type", widget=GovSelect(), validators=[Optional()])
    start = DateField(
        "From (YYYY-MM-DD)",
        widget=GovTextInput(),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    end = DateField(
        "To (YYYY-MM-DD)", widget=GovTextInput(), validators=[Optional()], format="%Y-%m-%d"
    )

    def validate_end(self, field: DateField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date must be the same as or after the start date")


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
    submit = submit("Save settings")
