"""Field helpers shared by every area's forms."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length


def email_field(label: str = "Email address", **kwargs: object) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter an email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                message="Enter an email address in the correct format, like name@example.com",
                check_deliverability=False,  # no network look-ups
            ),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        **kwargs,
    )


def name_field(label: str = "Full name") -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
        filters=[lambda v: " ".join(v.split()) if isinstance(v, str) else v],
    )


def phone_field(label: str = "Phone number (optional)") -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[Length(max=40, message="Phone number must be 40 characters or fewer")],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )


def submit(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


def add_field_error(form: object, field: object, message: str) -> None:
    """Attach an error found after validation (e.g. by a service) so the summary shows it."""
    field.errors = [*field.errors, message]  # type: ignore[attr-defined]
    form._errors = None  # type: ignore[attr-defined]  # WTForms caches form.errors
