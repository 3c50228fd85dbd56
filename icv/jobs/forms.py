"""When the jobs about visits remind, chase and warn: the scheme's timings, set by an admin."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import InputRequired, ValidationError

from icv.forms import check_day_list, submit, whole_number

#: Settings stored as they are on the form (``visit_reminder_days`` is a list of numbers).
TIMING_KEYS = (
    "confirm_reminder_days",
    "confirm_alert_days",
    "report_chase_days",
    "report_deadline_days",
    "next_rota_notice_days",
)


class VisitTimingsForm(FlaskForm):
    visit_reminder_days = StringField(
        "Days before a visit to remind each of its visitors",
        description="Separate with spaces, for example: 3 or 7 1. Use 0 for the morning of the "
        "visit. Each reminder is sent once.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter at least one number of days, like 3")],
    )
    confirm_reminder_days = whole_number(
        "Days before a visit to ask a visitor who has not confirmed it", 1, 60
    )
    confirm_alert_days = whole_number(
        "Days before a visit to tell the coordinator that a visitor has still not confirmed it",
        0,
        30,
    )
    report_chase_days = whole_number(
        "Days after a visit with no report to tell the coordinator",
        1,
        30,
        description="The visitors are reminded the day after the visit.",
    )
    report_deadline_days = whole_number(
        "Days after a visit that its report can be filed before the visit counts as missed",
        1,
        90,
    )
    next_rota_notice_days = whole_number(
        "Days before the next rota period starts to tell the coordinator it is not published",
        7,
        120,
    )
    submit = submit("Save timings")

    def validate_visit_reminder_days(self, field: StringField) -> None:
        check_day_list(field.data, 0, 60, "3")

    def validate_confirm_alert_days(self, field) -> None:
        asked = self.confirm_reminder_days.data
        if not field.errors and asked is not None and field.data >= asked:
            raise ValidationError(
                "Tell the coordinator fewer days before the visit than the visitor is asked"
            )

    def validate_report_deadline_days(self, field) -> None:
        told = self.report_chase_days.data
        if not field.errors and told is not None and field.data < told:
            raise ValidationError(
                "The deadline must be on or after the day the coordinator is told"
            )
