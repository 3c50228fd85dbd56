"""Custody suites the scheme visits."""

from flask import Blueprint

bp = Blueprint("suites", __name__, url_prefix="/suites")
