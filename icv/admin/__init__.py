"""Administration: accounts and roles, scheme settings, the audit log and the outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
