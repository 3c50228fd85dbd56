from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from icv.accounts.rules import password_problem
from icv.forms import Checkboxes, email_field, name_field, options, phone_field, submit, text
from icv.notifications.preferences import REMINDER_KINDS


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = submit("Sign in")


class NewPasswordForm(FlaskForm):
    """Choose a password: accepting an invitation, resetting, or changing it."""

    password = PasswordField(
        "New password",
        description="Use 10 characters or more. A few words strung together work well.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter the new password again"),
            EqualTo("password", message="The passwords do not match"),
        ],
    )
    submit = submit("Save password")

    def __init__(self, *args: object, email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self.email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )


class ForgotPasswordForm(FlaskForm):
    email = email_field()
    submit = submit("Send reset link")


class OwnDetailsForm(FlaskForm):
    name = name_field()
    phone = phone_field()
    submit = submit("Save details")


class RemindersForm(FlaskForm):
    """The reminders a volunteer gets by email (none is required)."""

    kinds = Checkboxes(
        "Which reminders do you want by email?",
        description="Select all that apply. Messages from the scheme office still reach you.",
        choices=options((kind, about.label) for kind, about in REMINDER_KINDS.items()),
    )
    submit = submit("Save reminders")


class CodeForm(FlaskForm):
    """A code from the authenticator app: signing in, setting up, or new recovery codes."""

    code = text(
        "Enter the 6-digit code",
        20,
        required="Enter the 6-digit code from your authenticator app",
        description="Open your authenticator app and type the code it shows for this service.",
    )
    submit = submit("Continue")


class RecoveryCodeForm(FlaskForm):
    code = text(
        "Recovery code",
        30,
        required="Enter one of your recovery codes",
        description="One of the codes you saved when you set up your second factor, "
        "like abcde-23456. Each code works once.",
    )
    submit = submit("Continue")


class SignOutEverywhereForm(FlaskForm):
    submit = submit("Sign out everywhere else")
