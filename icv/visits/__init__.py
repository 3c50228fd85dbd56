"""Visit reports: writing and sending them, reviewing them, the issues they raise."""

from flask import Blueprint

from icv.visits import (
    listeners,  # noqa: F401  (connects its signal receivers)
    probation,  # noqa: F401  (counts probation visits from filed reports)
)

bp = Blueprint("visits", __name__, url_prefix="/reports")
issues_bp = Blueprint("issues", __name__, url_prefix="/issues")
