"""Volunteers: appointed custody visitors, their status, vetting, term and panels."""

from flask import Blueprint

from icv.volunteers import listeners  # noqa: F401  (connects its signal receivers)

bp = Blueprint("volunteers", __name__, url_prefix="/volunteers")
