"""Sections about what the visitors found: notes on people seen, issues raised, comments (the
checks are in check_forms.py).

Notes and issues are lists: the page shows those already written and one empty set of boxes;
"Save and add another" keeps the page for one more. Boxes left empty are ignored.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput
from wtforms import BooleanField, FieldList, Form, FormField
from wtforms.validators import Optional

from icv.forms import long_text, radios, text
from icv.i18n import current_language, wtforms_messages
from icv.visits.forms import DID_YOU, SectionForm, no_names, select, shown
from icv.visits.rules import CONSENT

#: At most this many notes or issues in one report.
MAX_ENTRIES = 20


class Entry(Form):
    """A set of boxes in a list: WTForms' own words in the reader's language, as in the
    section's other fields (a plain ``Form`` would write them in English on a Welsh page)."""

    class Meta:
        def get_translations(self, form):
            return wtforms_messages(current_language())


class NoteEntry(Entry):
    custody_number = text(
        _l("Custody record number (optional)"),
        30,
        description=no_names(_l("Never their name or date of birth.")),
    )
    record_consent = radios(
        _l("Did they agree to you reading their custody record?"),
        shown(CONSENT),
        validators=[Optional()],
    )
    note = long_text(_l("Your note"), 2000, description=no_names())


class IssueEntry(Entry):
    category = select(_l("What is it about?"))
    is_urgent = BooleanField(
        _l("This is urgent: the scheme coordinator should know today"), widget=GovCheckboxInput()
    )
    description = long_text(_l("What is the issue?"), 2000, description=no_names())
    raised_with = text(
        _l("Who did you raise it with?"),
        120,
        description=no_names(_l("Their role or rank, for example custody sergeant.")),
    )
    immediate_response = long_text(
        _l("What did they say or do about it?"), 2000, description=no_names()
    )


def used(entry: FormField) -> bool:
    """True if anything was typed or chosen in this set of boxes."""
    return any(field.data for field in entry.form)


def entry_problem(form: SectionForm, entries: FieldList, field, message: str) -> None:
    """Show ``message`` on a box inside a list entry, and in the page's error summary."""
    field.errors = [*field.errors, message]
    for entry in entries.entries:
        entry.form._errors = None  # WTForms caches errors at each level
    entries.errors = [entry.errors for entry in entries.entries]
    form._errors = None


def with_empty_entry(form: SectionForm, entries: FieldList) -> None:
    """Offer one empty set of boxes after those already filled in (on a page, not to a form
    that only checks the answers)."""
    if form.context.checking_only:
        return
    if len(entries) < MAX_ENTRIES and (not entries.entries or used(entries.entries[-1])):
        entries.append_entry()


class NotesForm(SectionForm):
    notes = FieldList(FormField(NoteEntry), min_entries=1, max_entries=MAX_ENTRIES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        with_empty_entry(self, self.notes)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for entry in self.notes:
            if used(entry) and not entry.form.note.data:
                message = _("Write your note, or clear this person's details")
                entry_problem(self, self.notes, entry.form.note, message)
                valid = False
        return valid


class IssuesForm(SectionForm):
    raised = radios(
        _l("Did you raise any issues with custody staff?"), DID_YOU, validators=[Optional()]
    )
    issues = FieldList(FormField(IssueEntry), min_entries=1, max_entries=MAX_ENTRIES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        with_empty_entry(self, self.issues)
        for entry in self.issues:
            entry.form.category.choices = [
                ("", _("Choose a category")),
                *self.context.categories.items(),
            ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        entries = [entry for entry in self.issues if used(entry)]
        if not self.raised.data:
            return self.attach({"raised": _("Select yes if you raised any issues")}) and valid
        if self.raised.data == "no" and entries:
            return self.attach({"raised": _("You described an issue below: select yes")}) and valid
        if self.raised.data == "yes" and not entries:
            first = self.issues.entries[0].form
            entry_problem(self, self.issues, first.description, _("Describe the issue you raised"))
            return False
        for entry in entries:
            if entry.form.category.data not in self.context.categories:
                entry_problem(
                    self, self.issues, entry.form.category, _("Choose what the issue is about")
                )
                valid = False
            if not entry.form.description.data:
                entry_problem(self, self.issues, entry.form.description, _("Describe the issue"))
                valid = False
        return valid


class CommentsForm(SectionForm):
    good_practice_seen = radios(_l("Did you see good practice?"), DID_YOU, validators=[Optional()])
    good_practice = long_text(
        _l("The good practice you saw"),
        2000,
        description=no_names(_l("For example, staff who went out of their way to help someone.")),
    )
    comments = long_text(_l("Anything else (optional)"), 4000, description=no_names())

    def seen(self) -> bool | None:
        """Good practice seen: yes with its text; None when neither is given (not recorded)."""
        if self.good_practice.data:
            return True
        return {"yes": True, "no": False}.get(self.good_practice_seen.data or "")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        seen, written = self.good_practice_seen.data, self.good_practice.data
        if seen == "yes" and not written:
            return self.attach({"good_practice": _("Describe the good practice you saw")}) and valid
        if seen == "no" and written:
            return self.attach({"good_practice_seen": _("You described good practice: select yes")})
        return valid
