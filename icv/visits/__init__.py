"""Visit reports: writing and sending them, reviewing them, the issues they raise."""

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/reports")
issues_bp = Blueprint("issues", __name__, url_prefix="/issues")
