"""The words for a claim's kind and state in the reader's language (rules.py keeps the English
of the office's CSV export, and imports no translation)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from icv.expenses.rules import Kind, Status

KIND_NAMES = {Kind.VISIT: _l("Visit"), Kind.MEETING: _l("Meeting"), Kind.TRAINING: _l("Training")}

STATUS_NAMES = {
    Status.SUBMITTED: _l("Waiting for approval"),
    Status.QUERIED: _l("Queried: please answer"),
    Status.APPROVED: _l("Approved"),
    Status.REJECTED: _l("Rejected"),
}

#: What is wrong with a typed amount (MoneyError.code), naming the box.
MONEY_PROBLEMS = {
    "negative": _l("%(subject)s must be £0 or more"),
    "too_precise": _l(
        "%(subject)s must be in pounds and pence, like 3.50, with 2 numbers at most after the point"
    ),
    "not_money": _l("%(subject)s must be an amount in pounds, like 3.50"),
    "too_much": _l("%(subject)s must be £10,000 or less"),
}
