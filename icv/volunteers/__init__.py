"""Volunteers: appointed custody visitors, their status, vetting, term and panels."""

from flask import Blueprint

bp = Blueprint("volunteers", __name__, url_prefix="/volunteers")
