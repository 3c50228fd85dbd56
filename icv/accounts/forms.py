from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from icv.accounts.rules import password_problem
from icv.forms import Checkboxes, email_field, name_field, options, phone_field, submit, text
from icv.notifications.preferences import REMINDER_KINDS


class PasswordInput(GovPasswordInput):
    """GOV.UK's password input with its show and hide words (the button, what a screen reader
    hears) in the page's language; the widget would leave them to GOV.UK's English."""

    def map_gov_params(self, field, **kwargs):
        words = {
            "showPasswordText": _("Show"),
            "hidePasswordText": _("Hide"),
            "showPasswordAriaLabelText": _("Show password"),
            "hidePasswordAriaLabelText": _("Hide password"),
            "passwordShownAnnouncementText": _("Your password is visible"),
            "passwordHiddenAnnouncementText": _("Your password is hidden"),
        }
        return words | super().map_gov_params(field, **kwargs)


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        widget=PasswordInput(),
        validators=[InputRequired(message=_l("Enter your password"))],
    )
    submit = submit(_l("Sign in"))


class NewPasswordForm(FlaskForm):
    """Choose a password: accepting an invitation, resetting, or changing it."""

    password = PasswordField(
        _l("New password"),
        description=_l("Use 10 characters or more. A few words strung together work well."),
        widget=PasswordInput(),
        validators=[InputRequired(message=_l("Enter a new password"))],
    )
    confirm = PasswordField(
        _l("Confirm new password"),
        widget=PasswordInput(),
        validators=[
            InputRequired(message=_l("Enter the new password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )
    submit = submit(_l("Save password"))

    def __init__(self, *args: object, email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self.email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"),
        widget=PasswordInput(),
        validators=[InputRequired(message=_l("Enter your current password"))],
    )


class ForgotPasswordForm(FlaskForm):
    email = email_field()
    submit = submit(_l("Send reset link"))


class OwnDetailsForm(FlaskForm):
    name = name_field()
    phone = phone_field()
    submit = submit(_l("Save details"))


class RemindersForm(FlaskForm):
    """The reminders a volunteer gets by email (none is required)."""

    kinds = Checkboxes(
        _l("Which reminders do you want by email?"),
        description=_l("Select all that apply. Messages from the scheme office still reach you."),
        choices=options((kind, _l(about.label)) for kind, about in REMINDER_KINDS.items()),
    )
    submit = submit(_l("Save reminders"))


class CodeForm(FlaskForm):
    """A code from the authenticator app: signing in, setting up, or new recovery codes."""

    code = text(
        _l("Enter the 6-digit code"),
        20,
        required=_l("Enter the 6-digit code from your authenticator app"),
        description=_l("Open your authenticator app and type the code it shows for this service."),
    )
    submit = submit(_l("Continue"))


class RecoveryCodeForm(FlaskForm):
    code = text(
        _l("Recovery code"),
        30,
        required=_l("Enter one of your recovery codes"),
        description=_l(
            "One of the codes you saved when you set up your second factor, "
            "like abcde-23456. Each code works once."
        ),
    )
    submit = submit(_l("Continue"))


class SignOutEverywhereForm(FlaskForm):
    submit = submit(_l("Sign out everywhere else"))
