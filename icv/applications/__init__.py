"""Recruitment: public applications, eligibility, the pipeline to appointment."""

from flask import Blueprint

bp = Blueprint("applications", __name__)
