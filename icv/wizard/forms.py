"""A wizard's sections as forms: refilled from the answers as typed, and checked."""

from __future__ import annotations

from typing import Any, NamedTuple

from werkzeug.datastructures import MultiDict

from icv.wizard.rules import Answers, Section, State, Typed, Wizard, finished, state_of


def filled_form(section: Section, saved: Typed | None, **context: Any) -> Any:
    """The section's form holding the saved answers exactly as typed (no CSRF: not a post).
    ``context`` is what the area's forms take besides (``today=``, ``context=``)."""
    formdata = MultiDict([(k, v) for k, values in (saved or {}).items() for v in values])
    return section.form(formdata=formdata if saved else None, meta={"csrf": False}, **context)


class Checked(NamedTuple):
    """A section, its form refilled from the answers, and where it stands."""

    section: Section
    form: Any
    state: State


def checked_sections(wizard: Wizard, answers: Answers, **context: Any) -> list[Checked]:
    """Each section's form refilled from the answers and, once answered, checked."""
    result = []
    for section in wizard.sections:
        saved = answers.get(section.slug)
        form = filled_form(section, saved, **context)
        answered = saved is not None
        valid = answered and form.validate()  # a form not yet answered is not checked
        result.append(Checked(section, form, state_of(section, answered, valid)))
    return result


def ready(sections: list[Checked]) -> bool:
    """Whether the wizard can be finished: every section done but those left optional."""
    return finished(checked.state for checked in sections)
