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

from icv.forms import radios
from icv.i18n import current_language, in_language, wtforms_messages
from icv.text import is_whole_number
from icv.visits.finding_rules import (
    MAX_ENTRIES,
    comments_problems,
    good_practice_seen,
    issues_problems,
    notes_problems,
)
from icv.visits.forms import DID_YOU, SectionForm, no_names, select, shown, text_answer
from icv.visits.rules import CONSENT


class Entry(Form):
    """A set of boxes in a list: WTForms' own words in the reader's language, as in the
    section's other fields (a plain ``Form`` would write them in English on a Welsh page)."""

    class Meta:
        def get_translations(self, form):
            return wtforms_messages(current_language())


class NoteEntry(Entry):
    custody_number = text_answer(
        "custody_number", description=no_names(_l("Never their name or date of birth."))
    )
    record_consent = radios(
        _l("Did they agree to you reading their custody record?"),
        shown(CONSENT),
        validators=[Optional()],
    )
    note = text_answer("note", description=no_names())


class IssueEntry(Entry):
    category = select(_l("What is it about?"))
    is_urgent = BooleanField(
        _l("This is urgent: the scheme coordinator should know today"), widget=GovCheckboxInput()
    )
    description = text_answer("description", description=no_names())
    raised_with = text_answer(
        "raised_with",
        description=no_names(_l("Their role or rank, for example custody sergeant.")),
    )
    immediate_response = text_answer("immediate_response", description=no_names())


def used(entry: FormField) -> bool:
    """True if anything was typed or chosen in this set of boxes."""
    return any(field.data for field in entry.form)


def entries_data(entries: FieldList) -> list[dict]:
    """Each entry's boxes as read (name -> value), for the section's rules."""
    return [entry.form.data for entry in entries.entries]


def attach_entries(form: SectionForm, entries: FieldList, problems: dict[str, str]) -> bool:
    """Show the rules' problems about the list's boxes (``issues-0-description``) next to
    them, and the section's own (``raised``) next to theirs; True if there were none."""
    for name, message in problems.items():
        list_name, place, box = [*name.split("-"), "", ""][:3]
        if list_name == entries.name and is_whole_number(place):
            field = entries.entries[int(place)].form[box]
            entry_problem(form, entries, field, in_language(message))
        else:
            form.attach({name: message})
    return not problems


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


class EntryList(FieldList):
    """A list of entries whose places (``notes-3-note``) are ASCII digits only, as the rules
    read them (``finding_rules.entry_indices``): WTForms' own ``str.isdigit`` lets a "²" a
    phone's saved draft or a crafted post may hold through to a crash in ``int``."""

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                place = key[offset:].split(self._field_separator, 1)[0]
                if is_whole_number(place):
                    yield int(place)


class NotesForm(SectionForm):
    notes = EntryList(FormField(NoteEntry), min_entries=1, max_entries=MAX_ENTRIES)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        with_empty_entry(self, self.notes)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problems = notes_problems(entries_data(self.notes))
        return attach_entries(self, self.notes, problems) and valid


class IssuesForm(SectionForm):
    raised = radios(
        _l("Did you raise any issues with custody staff?"), DID_YOU, validators=[Optional()]
    )
    issues = EntryList(FormField(IssueEntry), min_entries=1, max_entries=MAX_ENTRIES)

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
        entries = entries_data(self.issues)
        problems = issues_problems(self.raised.data, entries, self.context.categories)
        return attach_entries(self, self.issues, problems) and valid


class CommentsForm(SectionForm):
    good_practice_seen = radios(_l("Did you see good practice?"), DID_YOU, validators=[Optional()])
    good_practice = text_answer(
        "good_practice",
        description=no_names(_l("For example, staff who went out of their way to help someone.")),
    )
    comments = text_answer("comments", description=no_names())

    def seen(self) -> bool | None:
        """Good practice seen: yes with its text; None when neither is given (not recorded)."""
        return good_practice_seen(self.good_practice_seen.data, self.good_practice.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problems = comments_problems(self.good_practice_seen.data, self.good_practice.data)
        return self.attach(problems) and valid
