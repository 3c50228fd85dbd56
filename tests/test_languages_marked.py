"""Every user-facing string of the pages and mail covered in Welsh is marked for translation.

Templates: text between tags, the words of attributes people read (aria-label, title, alt) and
the words given to GOV.UK macros ({'text': ...}) must come from ``_()`` or ``{% trans %}``.
Python: labels, descriptions and messages given to fields, validators, errors and flash must be
``_()``/``_l()`` calls, never plain or f-strings. A failure names the file and the string.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jinja2 import nodes

from icv import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"

#: The templates of the pages and mail offered in Welsh (issue 19): the public pages, the
#: applicant's journey, the error pages, and the mail to applicants and about accounts.
COVERED_TEMPLATES = [
    "base.html",
    "errors/error.html",
    "main/landing.html",
    "main/accessibility.html",
    "main/privacy.html",
    "_pagination.html",
    "main/home.html",
    "main/home_volunteer.html",
    "rota/my_visits.html",
    "rota/availability.html",
    "rota/ask_change.html",
    "expenses/mine.html",
    "expenses/claim_form.html",
    "expenses/claim.html",
    "expenses/_status.html",
    "training/mine.html",
    "training/sign.html",
    "training/_lines.html",
    *(
        f"visits/{name}.html"
        for name in (
            "_app",
            "_fields",
            "_phone",
            "_report_status",
            "_summary",
            "task_list",
            "section",
            "check",
            "reports",
            "report",
            "offline",
            "discard",
        )
    ),
    *(
        f"visits/sections/{name}.html"
        for name in (
            "visit",
            "times",
            "visitors",
            "people",
            "checks",
            "notes",
            "issues",
            "comments",
        )
    ),
    *(
        f"accounts/{name}.html"
        for name in (
            "login",
            "forgot_password",
            "reset_sent",
            "reset_password",
            "accept_invitation",
            "_new_password_fields",
            "link_problem",
            "account",
            "change_password",
            "reminders",
            "sessions",
            "second_factor_code",
            "second_factor_setup",
            "recovery_code",
            "recovery_codes",
            "new_recovery_codes",
        )
    ),
    *(
        f"applications/{name}.html"
        for name in (
            "start",
            "section",
            "check",
            "done",
            "not_eligible",
            "status",
            "equality",
            "_outcome",
        )
    ),
    *(
        f"emails/{mail}-{part}"
        for mail in (
            "application-received",
            "application-link",
            "application-update",
            "password-reset",
            "invitation",
            "rota-published",
            "report-confirm",
            "visit-reminder",
            "visit-confirm",
            "report-reminder",
            "rota-offer",
            "rota-pattern-nudge",
            "expense-queried",
            "expense-approved",
            "rota-visit-changed",
            "rota-request-decided",
            "term-ending",
            "vetting-due",
            "second-factor-reset",
        )
        for part in ("subject.txt", "body.txt", "body.html")
    ),
    # Every field's error message (its visually hidden "Error:").
    "govuk_frontend_jinja/components/error-message/macro.html",
]

COVERED_MODULES = [
    "icv/forms.py",
    "icv/main/errors.py",
    "icv/main/language_routes.py",
    "icv/accounts/forms.py",
    "icv/accounts/routes.py",
    "icv/accounts/second_factor_routes.py",
    "icv/accounts/session_routes.py",
    "icv/notifications/preferences.py",
    "icv/rota/availability_routes.py",
    "icv/rota/my_routes.py",
    "icv/rota/other_times.py",
    "icv/rota/feed.py",
    "icv/rota/mail.py",
    "icv/expenses/routes.py",
    "icv/expenses/forms.py",
    "icv/expenses/labels.py",
    "icv/training/my_routes.py",
    "icv/applications/forms.py",
    "icv/applications/equality_forms.py",
    "icv/applications/section_form.py",
    "icv/applications/sections.py",
    "icv/applications/routes.py",
    "icv/visits/forms.py",
    "icv/visits/people_form.py",
    "icv/visits/finding_forms.py",
    "icv/visits/check_forms.py",
    "icv/visits/sections.py",
    "icv/visits/choices.py",
    "icv/visits/display.py",
    "icv/visits/routes.py",
]

#: Keys of GOV.UK macro parameters whose value is read by people.
READ_KEYS = {"text", "titleText", "html", "visuallyHiddenText", "ariaLabel", "label"}
WORDS = re.compile(r"[A-Za-z]{2,}")
TAG = re.compile(r"<[^>]*>")
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"\x00]*)"')


def template_text(app, source: str) -> str:
    """The template's own text, with each Jinja tag, expression and {% trans %} block (which
    is marked) made one NUL, so tags split by an expression are whole again."""
    parts, in_trans, tag = [], False, []
    for _, kind, value in app.jinja_env.lex(source):
        if kind == "data" and not in_trans:
            parts.append(value)
        elif kind == "block_begin":
            tag = []
        elif kind == "name" and not tag:
            tag.append(value)
            in_trans = value == "trans" or (in_trans and value != "endtrans")
            parts.append("\x00")
        elif kind == "variable_begin":
            parts.append("\x00")
    return "".join(parts)


def unmarked_in_template(app, name: str) -> list[str]:
    source = (TEMPLATES / name).read_text()
    tree = app.jinja_env.parse(source)
    text = template_text(app, source)
    found = [words for words in READ_ATTRIBUTES.findall(text) if WORDS.search(words)]
    for piece in TAG.sub("\x00", text).split("\x00"):
        piece = re.sub(r"&\w+;", " ", piece)
        if WORDS.search(piece):
            found.append(" ".join(piece.split()))
    for pair in tree.find_all(nodes.Pair):
        key, value = pair.key, pair.value
        if (
            isinstance(key, nodes.Const)
            and key.value in READ_KEYS
            and isinstance(value, nodes.Const)
            and isinstance(value.value, str)
            and WORDS.search(value.value)
        ):
            found.append(value.value)
    return found


@pytest.mark.parametrize("name", COVERED_TEMPLATES)
def test_every_string_of_a_covered_template_is_marked(app, name):
    assert unmarked_in_template(app, name) == [], f"templates/{name} has unmarked text"


#: Calls whose string arguments are read by people: fields (their label), validators and
#: errors (their message), flash.
READ_CALLS = {
    "flash",
    "ValidationError",
    "StopValidation",
    "DateInvalid",
    "InputRequired",
    "Length",
    "Email",
    "NumberRange",
    "StringField",
    "RadioField",
    "BooleanField",
    "TextAreaField",
    "SubmitField",
    "DateInputField",
    "Checkboxes",
    "text",
    "long_text",
    "name_field",
    "email_field",
    "phone_field",
    "postcode_field",
    "submit",
    "add_field_error",
    # The report's own field makers.
    "radios",
    "select",
    "count_field",
    "TimeField",
    "WholeNumberField",
    "ReminderKind",
}
READ_KEYWORDS = {"label", "description", "message", "required", "required_message", "subject"}
#: Class attributes mapping fields to words people read.
READ_ATTRIBUTES_OF_FORMS = {"change_words", "groups"}


def is_plain_text(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def unmarked_in_module(path: str) -> list[str]:
    tree = ast.parse((PROJECT_ROOT / path).read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and call_name(node) in READ_CALLS:
            values = [*node.args, *(k.value for k in node.keywords if k.arg in READ_KEYWORDS)]
            found += [ast.unparse(v) for v in values if is_plain_text(v)]
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            names = {getattr(target, "id", "") for target in node.targets}
            if names & READ_ATTRIBUTES_OF_FORMS:
                found += [ast.unparse(v) for v in node.value.values if is_plain_text(v)]
    # A string a person never reads: the "flash" category, a field's name for WTForms.
    return [text for text in found if text not in {"'success'", "'error'", "'info'"}]


@pytest.mark.parametrize("path", COVERED_MODULES)
def test_every_string_of_a_covered_module_is_marked(path):
    assert unmarked_in_module(path) == [], f"{path} has unmarked text"


def test_the_check_finds_unmarked_text(app, tmp_path):
    """The checks themselves: an unmarked sentence, attribute and macro text are found."""
    (TEMPLATES / "_unmarked_probe.html").write_text(
        "<p>{{ _('Marked') }}</p><p>Not marked</p><nav aria-label=\"Menu\"></nav>"
        "{{ govukBackLink({'text': 'Back', 'href': '/'}) }}"
    )
    try:
        assert unmarked_in_template(app, "_unmarked_probe.html") == ["Menu", "Not marked", "Back"]
    finally:
        (TEMPLATES / "_unmarked_probe.html").unlink()
    module = Path("icv") / "_unmarked_probe.py"
    (PROJECT_ROOT / module).write_text(
        "x = StringField('Your name', validators=[InputRequired(message=_l('Enter it'))])\n"
        "flash(f'Saved {x}', 'success')\n"
    )
    try:
        assert unmarked_in_module(str(module)) == ["'Your name'", "f'Saved {x}'"]
    finally:
        (PROJECT_ROOT / module).unlink()


#: Modules whose messages are sentences built in code (a rule's ``Problem``, a reason's words,
#: a mail's line): a sentence written as an f-string cannot be translated, so none may be, but
#: in the functions named here, whose words only the office or the command line reads.
SENTENCE_MODULES = {
    "icv/visits/rules.py": set(),
    "icv/visits/count_rules.py": {"import_count_problems"},
    "icv/visits/times.py": set(),
    "icv/rota/mail.py": set(),
    "icv/rota/reason_text.py": set(),
    "icv/rota/engine/reason_words.py": set(),
    "icv/rota/engine/left_out_words.py": set(),
    "icv/rota/fairness.py": set(),
    "icv/accounts/second_factor_routes.py": set(),
    "icv/accounts/session_routes.py": set(),
    "icv/accounts/routes.py": set(),
}


def sentences_in_fstrings(source: str, english_only: set[str]) -> list[str]:
    """Every f-string whose own words make a sentence (two words or more), outside the
    functions named in ``english_only``."""
    tree = ast.parse(source)
    skipped = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name in english_only
        for node in ast.walk(function)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skipped:
            words = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if len(WORDS.findall(words)) >= 2:
                found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("path", sorted(SENTENCE_MODULES))
def test_no_sentence_of_a_covered_module_is_an_f_string(path):
    source = (PROJECT_ROOT / path).read_text()
    assert sentences_in_fstrings(source, SENTENCE_MODULES[path]) == [], f"{path} has unmarked text"


def test_the_check_finds_a_sentence_built_as_an_f_string():
    source = (
        "def rule(n):\n    return f'{n} cannot be more than 999'\n"
        "def key(r):\n    return f'reason_{r}'\n"
        "def office(n):\n    return f'offered ({n}) is more than in_custody'\n"
    )
    assert sentences_in_fstrings(source, {"office"}) == ["f'{n} cannot be more than 999'"]
