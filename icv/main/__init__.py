"""Public pages, the home page of each role, and error pages."""

from flask import Blueprint

bp = Blueprint("main", __name__)
