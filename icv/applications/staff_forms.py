"""The coordinator's forms for the steps of an application, and to move or appoint it."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired, Optional, ValidationError

from icv.applications.forms import NO_NAMES
from icv.applications.rules import anniversary
from icv.forms import (
    Checkboxes,
    DateInputField,
    add_field_error,
    email_field,
    long_text,
    phone_field,
    radios,
    submit,
    text,
)

VETTING_LEVELS = [("NPPV1", "NPPV level 1"), ("NPPV2", "NPPV level 2"), ("NPPV3", "NPPV level 3")]


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

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_interview_on(self, field: DateInputField) -> None:
        # An interview may be arranged ahead, but only one that has happened has an outcome.
        if field.data and field.data > self.today and self.interview_outcome.data:
            raise ValidationError(
                "An interview in the future cannot have been held: enter the date it was held, "
                "or leave the outcome as not decided yet"
            )

    def validate_interview_outcome(self, field: RadioField) -> None:
        if field.data and not self.interview_on.data:
            raise ValidationError("Record the interview date before its outcome")


class RefereeForm(FlaskForm):
    name = text("Referee's name", 120, required="Enter the referee's name")
    relationship_to_applicant = text("How they know the applicant", 120)
    email = email_field("Email address", someone_elses=True)
    phone = phone_field("Phone number")
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
