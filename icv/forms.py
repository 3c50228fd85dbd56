"""Field helpers shared by every area's forms."""

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput

from icv.i18n import current_language, in_language
from icv.text import (
    DATE_PARTS,
    DateInvalid,
    choice_typed,
    date_typed,
    day_typed,
    is_whole_number,
    normalise_phone,
    trimmed,
    trimmed_lower_cased,
    whole_number_typed,
)

# Labels and messages are lazy (translated when shown, in the reader's language): a form's
# fields are made once, when the module is imported.


def email_field(label: str | None = None, someone_elses: bool = False, **kwargs) -> StringField:
    """An email address, checked by the Email validator (its form only: no network look-up).
    An account's address is lower-cased, as sign-in and look-ups compare it; ``someone_elses``
    (a referee's) may be left empty and is kept as typed, so saving a form that shows one
    stored in capitals does not record a change no one made."""
    return StringField(
        label or _l("Email address"),
        widget=GovTextInput(),
        validators=[
            Optional() if someone_elses else InputRequired(message=_l("Enter an email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com"),
                check_deliverability=False,  # no network look-ups
            ),
        ],
        filters=[trimmed if someone_elses else trimmed_lower_cased],
        **kwargs,
    )


def name_field(label: str | None = None) -> StringField:
    return StringField(
        label or _l("Full name"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter a name")),
            Length(max=120, message=_l("Name must be 120 characters or fewer")),
        ],
        filters=[lambda v: " ".join(v.split()) if isinstance(v, str) else v],
    )


#: GOV.UK's message for a telephone number that is not one (Design System, telephone numbers).
PHONE_FORMAT = _l("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")


def check_phone(_form: object, field: StringField) -> None:
    """A phone number typed wrong (``icv.text.normalise_phone``) gets GOV.UK's message; an
    empty box passes (a field that needs a number says so itself)."""
    if field.errors:  # already too long: one message at a time
        return
    if field.data and normalise_phone(field.data) is None:
        raise ValidationError(PHONE_FORMAT)


def phone_field(label: str | None = None) -> StringField:
    """A phone number box, optional, checked as every phone box in the app is. What was typed
    is stored as typed (runs of spaces made one), so a number reads back as its owner wrote it."""
    return StringField(
        label or _l("Phone number (optional)"),
        widget=GovTextInput(),
        validators=[
            Length(max=40, message=_l("Phone number must be 40 characters or fewer")),
            check_phone,
        ],
        filters=[lambda v: " ".join(v.split()) if isinstance(v, str) else v],
    )


def text_checks(label: str, max_length: int, required: str | None) -> list:
    """Required (with its message) or optional, and no longer than ``max_length``."""
    presence = InputRequired(message=required) if required else Optional()
    # The label without "(optional)", worked out when the message is shown (in its language).
    subject = LazyString(lambda: str(label).split(" (")[0])
    too_long = _l(
        "%(subject)s must be %(count)d characters or fewer", subject=subject, count=max_length
    )
    return [presence, Length(max=max_length, message=too_long)]


def text(label: str, max_length: int, required: str | None = None, **kwargs) -> StringField:
    """A one-line answer; runs of spaces are collapsed."""
    return StringField(
        label,
        widget=GovTextInput(),
        validators=text_checks(label, max_length, required),
        filters=[lambda v: " ".join(v.split()) if isinstance(v, str) else v],
        **kwargs,
    )


class CharacterCount(GovCharacterCount):
    """GOV.UK's character count with its limit. Without ``maxlength`` the Design System's
    script refuses to start (a ConfigError in the console) and no count is ever shown."""

    def __init__(self, max_length: int) -> None:
        super().__init__()
        self.max_length = max_length

    def map_gov_params(self, field: object, **kwargs: object) -> dict:
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("maxlength", self.max_length)
        if current_language() == "cy":
            params.update(CHARACTER_COUNT_IN_WELSH)
        return params


#: GOV.UK Frontend's character count writes its own words (in the browser, by plural form of
#: the page's language); in Welsh it is given all six forms. A noun after a number stays
#: singular in Welsh, so the forms are alike.
CHARACTER_COUNT_IN_WELSH = {
    "textareaDescriptionText": "Gallwch roi hyd at %{count} nod",
    "charactersUnderLimitText": dict.fromkeys(
        ("zero", "one", "two", "few", "many", "other"), "Mae gennych %{count} nod ar ôl"
    ),
    "charactersAtLimitText": "Mae gennych 0 nod ar ôl",
    "charactersOverLimitText": dict.fromkeys(
        ("zero", "one", "two", "few", "many", "other"), "Mae gennych %{count} nod yn ormod"
    ),
}


def long_text(label: str, max_length: int, required: str | None = None, **kwargs) -> TextAreaField:
    """A paragraph with a character count; line breaks are kept."""
    return TextAreaField(
        label,
        widget=CharacterCount(max_length),
        validators=text_checks(label, max_length, required),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        **kwargs,
    )


def submit(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


def add_field_error(form: object, field: object, message: str) -> None:
    """Attach an error found after validation (e.g. by a service) so the summary shows it."""
    field.errors = [*field.errors, message]  # type: ignore[attr-defined]
    form._errors = None  # type: ignore[attr-defined]  # WTForms caches form.errors


#: Their labels above the boxes.
BOX_NAMES = {"day": _l("Day"), "month": _l("Month"), "year": _l("Year")}


class DateInput(GovDateInput):
    """The GOV.UK date input, marking only the boxes that are wrong when the field says which
    (a missing month, a short year); otherwise the whole date."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        wrong = (getattr(field, "error_parts", ()) or DATE_PARTS) if field.errors else ()
        for item, part in zip(params.get("items", []), DATE_PARTS, strict=False):
            item["label"] = str(BOX_NAMES[part])
            width = "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
            item["classes"] = f"{width} govuk-input--error" if part in wrong else width
        return params


class DateInputField(DateField):
    """A GOV.UK date input (day, month, year boxes) with the Design System's error messages.

    The month may be a number or a name ("6", "June", "jun"). What was typed is kept as typed,
    so the boxes redraw it.
    """

    widget = DateInput()

    def __init__(
        self,
        label: str,
        subject: str | None = None,
        required_message: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(label, format="%d %m %Y", **kwargs)
        # Not ``subject or label``: the truth of a lazy string translates it (as below).
        self.subject = label if subject is None else subject
        self.required_message = required_message
        #: The boxes the error is about ("month"); empty means the whole date.
        self.error_parts: tuple[str, ...] = ()

    def pre_validate(self, form: object) -> None:
        if self.data is None and not self.process_errors and self.required_message:
            raise StopValidation(self.required_message)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            self.raw_data = ["", "", ""]
            return
        parts = [v.strip() for v in valuelist][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts  # the widget redraws exactly what was typed
        self.data = None
        if not any(parts):
            return
        try:
            self.data = self.read(*parts)
        except DateInvalid as problem:
            self.error_parts = problem.parts
            raise ValueError(str(problem)) from None

    def read(self, day: str, month: str, year: str) -> date:
        """The date typed in the three boxes, or DateInvalid with GOV.UK's message for it in
        the reader's language (the rule: ``icv.text.date_typed``)."""
        try:
            return date_typed(day, month, year, self.subject)
        except DateInvalid as problem:
            raise DateInvalid(in_language(problem.message), problem.parts) from None


class DayField(DateField):
    """A date typed in one box as year-month-day, as the office's list filters take it. Empty
    is no date; anything else that is not a date gets a message naming the date and the
    format (``icv.text.day_typed``), where WTForms would say "Not a valid date value.". What
    was typed is kept, so the box redraws it."""

    widget = GovTextInput()

    def __init__(self, label: str, subject: str, **kwargs: object) -> None:
        super().__init__(label, format="%Y-%m-%d", **kwargs)
        #: The date in a message: "from date".
        self.subject = subject

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        if not valuelist:
            return
        try:
            self.data = day_typed(valuelist[0].strip(), self.subject)
        except DateInvalid as problem:
            raise ValueError(in_language(problem.message)) from None


class DayRangeFilter(FlaskForm):
    """The from and to dates of an office list's filter (a GET: no CSRF token), the end not
    before the start. The reports to review and the audit log add their own fields."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    start = DayField("From (YYYY-MM-DD)", subject="from date")
    end = DayField("To (YYYY-MM-DD)", subject="to date")

    def validate_end(self, field: DayField) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_("The end date must be the same as or after the start date"))


def options(pairs) -> list[SelectChoice]:
    """Choices for a radio or checkbox field from (value, label) pairs or a {value: label} dict."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


def labels(field: SelectFieldBase) -> dict:
    """value -> label of a choice field, whichever form its choices were given in."""
    return {choice.value: choice.label for choice in field.iter_choices()}


class Checkboxes(SelectMultipleField):
    """GOV.UK checkboxes for choosing several options; refuses values that were not offered."""

    widget = GovCheckboxesInput()
    option_widget = CheckboxInput()

    def pre_validate(self, form: object) -> None:
        allowed = set(labels(self))
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_("Choose only from the options shown"))


class WholeNumberField(IntegerField):
    """A number box that says, in plain words, what it wants when given something else."""

    widget = GovTextInput()

    def __init__(self, label: str, subject: str | None = None, **kwargs: object) -> None:
        super().__init__(label, **kwargs)
        # Not ``subject or label``: the truth of a lazy string translates it, on every
        # form built (a send builds some 37 of these boxes only to check the draft).
        self.subject = label if subject is None else subject

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        try:
            self.data = whole_number_typed(raw, self.subject)
        except ValueError as problem:
            raise ValueError(in_language(problem.args[0])) from None


def whole_number(label: str, low: int, high: int, **kwargs) -> WholeNumberField:
    what = LazyString(lambda: str(label)[:1].lower() + str(label)[1:])
    out_of_range = _l("%(label)s must be from %(low)d to %(high)d", label=label, low=low, high=high)
    return WholeNumberField(
        label,
        validators=[
            InputRequired(message=_l("Enter %(what)s", what=what)),
            NumberRange(min=low, max=high, message=out_of_range),
        ],
        **kwargs,
    )


def check_day_list(text: str | None, low: int, high: int, example: str) -> None:
    """Raise the error to show next to a field of numbers of days, like ``90 30 7``."""
    parts = re.split(r"[\s,;]+", (text or "").strip())
    if not all(is_whole_number(part) and low <= int(part) <= high for part in parts):
        raise ValidationError(
            _(
                "Enter whole numbers of days from %(low)d to %(high)d, like %(example)s",
                low=low,
                high=high,
                example=example,
            )
        )
    if len(set(parts)) > 5:
        raise ValidationError(_("Enter at most 5 numbers of days"))


def warning_day_list(text: str) -> list[int]:
    """``"30 90, 7 30"`` -> ``[90, 30, 7]``: largest first, each once."""
    return sorted({int(part) for part in re.split(r"[\s,;]+", text.strip()) if part}, reverse=True)


class SpacesAreNoChoice:
    """A choice field that reads a posted value of only spaces as no choice
    (``icv.text.choice_typed``), as the report's rules do: a required one asks for a choice,
    an optional one stores none."""

    def process_formdata(self, valuelist: list[str]) -> None:
        # raw_data too: InputRequired and Optional look at what was posted, not at the data.
        self.raw_data = [choice_typed(value) for value in valuelist]
        super().process_formdata(self.raw_data)  # type: ignore[misc]


class Radios(SpacesAreNoChoice, RadioField):
    """Radios (``radios`` gives them the GOV.UK widget)."""


class Select(SpacesAreNoChoice, SelectField):
    """A drop-down list."""


def radios(label: str, choices: list[tuple[str, str]], **kwargs) -> Radios:
    return Radios(label, widget=GovRadioInput(), choices=options(choices), **kwargs)
