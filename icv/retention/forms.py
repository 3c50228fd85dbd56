"""The retention settings page: one whole number per kind, within the kind's bounds."""

from __future__ import annotations

from flask_wtf import FlaskForm

from icv.forms import submit, whole_number
from icv.retention.rules import SETTABLE


class RetentionForm(FlaskForm):
    submit = submit("Save retention periods")


# One field per kind that has a period, named after its setting.
for _kind in SETTABLE:
    setattr(
        RetentionForm,
        _kind.setting,
        whole_number(_kind.label, _kind.low, _kind.high, description=_kind.hint),
    )
