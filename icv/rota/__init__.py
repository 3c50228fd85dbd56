"""Unannounced visit rotas: the problem, its checker and the solver (pure Python, in engine/);
planning, publishing and changing rotas; each volunteer's own visits, requests to swap and
feed."""

from flask import Blueprint

from icv.rota import (
    listeners,  # noqa: F401  (connects its signal receivers)
    quality_store,  # noqa: F401  (forgets kept figures when visits change)
)

bp = Blueprint("rota", __name__, url_prefix="/rota")
my_visits_bp = Blueprint("my_visits", __name__, url_prefix="/my-visits")
feed_bp = Blueprint("calendar_feed", __name__)
