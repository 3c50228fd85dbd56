"""Forms for planning and changing rotas (coordinator) and for a volunteer's own visits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import HiddenInput

from icv.forms import (
    Checkboxes,
    DateInputField,
    Radios,
    Select,
    long_text,
    radios,
    submit,
    whole_number,
)


def volunteer_select(label: str, message: str) -> SelectField:
    return Select(
        label,
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validate_choice=False,  # checked against the rota's rules by the service instead
        validators=[InputRequired(message=message)],
    )


class PeriodForm(FlaskForm):
    starts_on = DateInputField(
        "First day (a Monday)", subject="The first day", required_message="Enter the first day"
    )
    ends_on = DateInputField(
        "Last day (a Sunday)", subject="The last day", required_message="Enter the last day"
    )
    submit = submit("Make a draft rota")


class MoveForm(FlaskForm):
    visit_on = DateInputField("New day", subject="The new day", required_message="Enter the day")
    band = radios("Time of day", [], validators=[InputRequired(message="Select the time of day")])
    submit = submit("Move visit")

    def __init__(self, *args, bands: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.band.choices = bands


class JoinForm(FlaskForm):
    """Who joins a visit short of a visitor (prefix ``fill``), or goes instead of someone
    (prefix ``replace``, with ``leaving``). The choices are the people the rules allow, best
    first, then those outside their usual availability; the service checks every rule again."""

    leaving = IntegerField(widget=HiddenInput(), validators=[Optional()])
    joining = Radios(
        "Who joins the visit",
        coerce=int,
        choices=[],
        validate_choice=False,  # checked against the rota's rules by the service instead
        validators=[InputRequired(message="Select who joins the visit")],
    )
    why = long_text(
        "If they go outside their usual availability, why?",
        1000,
        description="Only for someone outside their usual availability, who agreed to go: "
        "for example, agreed by phone on 3 March to go this once.",
    )
    submit = submit("Save")

    def __init__(self, *args, choices: list[tuple[int, str]], replacing: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.joining.choices = choices
        if replacing:
            self.joining.label.text = "Who goes instead"
            self.joining.validators = [InputRequired(message="Select who goes instead")]


class AddVisitForm(FlaskForm):
    suite = Select(
        "Suite",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the suite")],
    )
    visit_on = DateInputField("Day", subject="The day", required_message="Enter the day")
    band = radios("Time of day", [], validators=[InputRequired(message="Select the time of day")])
    first = volunteer_select("First visitor", "Select the first visitor")
    second = volunteer_select("Second visitor", "Select the second visitor")
    submit = submit("Add visit")

    def __init__(self, *args, suites, bands, volunteers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suite.choices = suites
        self.band.choices = bands
        self.first.choices = self.second.choices = [(0, "Choose a volunteer"), *volunteers]

    def validate_second(self, field: SelectField) -> None:
        if field.data and field.data == self.first.data:
            raise ValidationError("Choose two different visitors")


class CancelForm(FlaskForm):
    reason = long_text(
        "Why is the visit cancelled?", 1000, required="Give the reason the visit is cancelled"
    )
    submit = submit("Cancel visit")


class ChangeRequestForm(FlaskForm):
    kind = radios(
        _l("What would you like to do?"),
        [
            ("swap", _l("Swap it: I could do another day instead")),
            ("drop", _l("Drop it: I cannot do this visit")),
        ],
        validators=[InputRequired(message=_l("Select swap or drop"))],
    )
    reason = long_text(
        _l("Why?"),
        1000,
        required=_l("Tell the scheme office why"),
        description=_l("Only the scheme office reads this. Do not name anyone held in custody."),
    )
    submit = submit(_l("Send to the scheme office"))


class OfferForm(FlaskForm):
    volunteers = Checkboxes(
        "Offer the visit to",
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select at least one volunteer to offer it to")],
    )
    submit = submit("Send offers")

    def __init__(self, *args, volunteers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.volunteers.choices = volunteers


class AcceptForm(FlaskForm):
    replacement = radios(
        "Who takes the visit",
        [],
        coerce=int,
        validators=[InputRequired(message="Select who takes the visit")],
    )
    note = long_text("Note to the volunteer who asked (optional)", 1000)
    submit = submit("Give them the visit")

    def __init__(self, *args, replacements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.replacement.choices = replacements


class DeclineForm(FlaskForm):
    note = long_text(
        "Why the visit stays theirs",
        1000,
        required="Tell the volunteer why the visit stays theirs",
    )
    submit = submit("Keep them on the visit")


class CancelForRequestForm(FlaskForm):
    note = long_text("Why the visit is called off", 1000, required="Give the reason")
    submit = submit("Cancel the visit instead")


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def day_field(label: str) -> Checkboxes:
    return Checkboxes(label, choices=[])


class AvailabilityForm(FlaskForm):
    """The times a volunteer can usually visit, by weekday, and the suites they can reach."""

    monday = day_field(_l("Monday"))
    tuesday = day_field(_l("Tuesday"))
    wednesday = day_field(_l("Wednesday"))
    thursday = day_field(_l("Thursday"))
    friday = day_field(_l("Friday"))
    saturday = day_field(_l("Saturday"))
    sunday = day_field(_l("Sunday"))
    reachable = Checkboxes(_l("Which of your suites can you get to?"), coerce=int, choices=[])
    submit = submit(_l("Save availability"))

    def __init__(self, *args, bands, suites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self[day].choices = bands
        self.reachable.choices = suites

    def pattern(self) -> list[tuple[int, str]]:
        return [(n, band) for n, day in enumerate(WEEKDAYS) for band in self[day].data or []]

    def validate_reachable(self, field: Checkboxes) -> None:
        if field.choices and not field.data:
            raise ValidationError(_l("Select at least one suite you can get to"))


class AwayForm(FlaskForm):
    starts_on = DateInputField(
        _l("First day away"),
        subject=_l("The first day away"),
        required_message=_l("Enter the first day away"),
    )
    ends_on = DateInputField(
        _l("Last day away"),
        subject=_l("The last day away"),
        required_message=_l("Enter the last day away"),
    )
    submit = submit(_l("Add dates away"))


#: How the rota allocates visits (the ``allocation`` setting), as the settings page puts it.
ALLOCATIONS = [
    ("day", "By day: each visit has a day and a time of day"),
    ("week", "By week: each visit has a week, and the pair choose the day and time"),
]


class RotaSettingsForm(FlaskForm):
    """How rotas are allocated, and what the rota page flags as unfair."""

    allocation = radios(
        "How visits are allocated",
        ALLOCATIONS,
        description="Applies to drafts made from now on; published rotas keep theirs.",
        validators=[InputRequired(message="Select how visits are allocated")],
    )
    minimum_visits_per_month = whole_number(
        "Visits a month each volunteer should have at least", 0, 10
    )
    pair_share_percent = whole_number(
        "Share of a suite's visits, in per cent, above which one pair is flagged", 10, 100
    )
    submit = submit("Save rota settings")


class MoveOwnForm(FlaskForm):
    """One of the other times a volunteer is offered for their visit (``other_times``)."""

    choice = Radios(
        _l("Could you go at one of these times instead?"),
        widget=GovRadioInput(),
        choices=[],
        validate_choice=False,  # the times offered are worked out again and checked then
        validators=[InputRequired(message=_l("Choose one of the other times"))],
    )
    submit = submit(_l("Move my visit to this time"))
