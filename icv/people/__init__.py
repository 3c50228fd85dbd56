"""Subject access and erasure: everything held about one person, and erasing it on request."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/admin/people")
