"""One form wizard behind the public application and the visit report.

The wizard owns what both share: the ordered sections (``Wizard``), moving on and back, where an
unfinished wizard resumes, each section's state and the "check your answers" readiness, the
outcome of posting a step (``Outcome``), turning a posted form or a phone's JSON into answers as
typed, and saving them in a draft. Each area declares its sections (subclassing ``Section`` for
what is particular to it), its forms, its draft model and what finishing does.

``rules`` is pure (no Flask, no database); ``forms`` refills and checks the sections' forms;
``drafts`` saves and loads an area's draft. The wizard is core: it imports no area.
"""

from icv.wizard.drafts import find_draft, keep_only, new_key, save_section, save_sections
from icv.wizard.forms import Checked, checked_sections, filled_form, ready
from icv.wizard.rules import (
    AnswerLimits,
    Answers,
    Outcome,
    Section,
    State,
    Typed,
    Wizard,
    outcome_of,
    posted_answers,
)

__all__ = [
    "AnswerLimits",
    "Answers",
    "Checked",
    "Outcome",
    "Section",
    "State",
    "Typed",
    "Wizard",
    "checked_sections",
    "filled_form",
    "find_draft",
    "keep_only",
    "new_key",
    "outcome_of",
    "posted_answers",
    "ready",
    "save_section",
    "save_sections",
]
