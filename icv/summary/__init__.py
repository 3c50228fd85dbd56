"""The Commissioner's annual summary: figures, charts, sign-off, exports, the CLI and the API."""

from flask import Blueprint

from icv.summary import listeners  # noqa: F401  (connects its signal receivers)

bp = Blueprint("summary", __name__, url_prefix="/summary")
api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
